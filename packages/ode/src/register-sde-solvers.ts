import { sdeSolvers } from "./registries.js";
import { eulerMaruyama } from "./sde/solvers/euler-maruyama.js";
import { stochasticHeun } from "./sde/solvers/heun.js";
import { milstein } from "./sde/solvers/milstein.js";
import { sra1 } from "./sde/solvers/sra1.js";

for (const s of [eulerMaruyama(), milstein(), stochasticHeun(), sra1()]) sdeSolvers.register(s.name, s);
