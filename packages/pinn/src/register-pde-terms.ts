import { advection, allenCahn, burgers, heat, helmholtz, poisson, wave } from "./pde-terms.js";
import { pdeTerms } from "./registries.js";

pdeTerms.register("poisson", poisson);
pdeTerms.register("helmholtz", helmholtz);
pdeTerms.register("heat", heat);
pdeTerms.register("advection", advection);
pdeTerms.register("wave", wave);
pdeTerms.register("burgers", burgers);
pdeTerms.register("allenCahn", allenCahn);
