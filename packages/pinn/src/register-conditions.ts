import { boundaryResidual, dirichlet, neumann, periodic, robin } from "./conditions/boundary.js";
import { initial } from "./conditions/initial.js";
import { integral } from "./conditions/integral.js";
import { observations } from "./conditions/observations.js";
import { conditions } from "./registries.js";

conditions.register("dirichlet", dirichlet);
conditions.register("neumann", neumann);
conditions.register("robin", robin);
conditions.register("periodic", periodic);
conditions.register("boundaryResidual", boundaryResidual);
conditions.register("initial", initial);
conditions.register("observations", observations);
conditions.register("integral", integral);
