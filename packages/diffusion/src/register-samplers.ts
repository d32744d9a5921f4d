import { samplers } from "./registries.js";
import { ddim } from "./samplers/ddim.js";
import { ddpm } from "./samplers/ddpm.js";
import { dpmSolver1, dpmSolver2, dpmSolver3, dpmSolverPp2m, dpmSolverPp3m } from "./samplers/dpm-solver.js";
import { edmHeun, edmStochastic } from "./samplers/edm.js";
import { eulerMaruyama } from "./samplers/euler-maruyama.js";
import { eulerOde, heunOde, rk4Ode, rk45Ode } from "./samplers/pf-ode.js";
import { predictorCorrector } from "./samplers/predictor-corrector.js";
import { unipc } from "./samplers/unipc.js";

for (const s of [
  ddpm,
  ddim,
  eulerMaruyama,
  predictorCorrector,
  eulerOde,
  heunOde,
  rk4Ode,
  rk45Ode,
  edmHeun,
  edmStochastic,
  dpmSolver1,
  dpmSolver2,
  dpmSolver3,
  dpmSolverPp2m,
  dpmSolverPp3m,
  unipc,
])
  samplers.register(s.name, s);
