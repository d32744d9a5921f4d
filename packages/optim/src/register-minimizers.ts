import { cbo, cem, differentialEvolution, randomSearch } from "./gradient-free/population.js";
import { cmaes } from "./gradient-free/cmaes.js";
import { askTellFromMinimizeOptions } from "./gradient-free/from-minimize-options.js";
import { openaiEs, snes } from "./gradient-free/nes.js";
import { runAskTell } from "./gradient-free/run.js";
import { spsa } from "./gradient-free/spsa.js";
import type { AskTellFactory } from "./gradient-free/types.js";
import { alternatingGdaStep, gdaStep } from "./minimax/gda.js";
import { extragradientStep } from "./minimax/extragradient.js";
import { halpernStep, optimisticGdaStep } from "./minimax/optimistic.js";
import { bfgs } from "./minimize/bfgs.js";
import { conjugateGradient } from "./minimize/cg.js";
import { lbfgs } from "./minimize/lbfgs.js";
import { nelderMead } from "./minimize/nelder-mead.js";
import { powell } from "./minimize/powell.js";
import { askTellOptimizers, minimaxMethods, minimizers } from "./registries.js";

// Registration of the deterministic, population and minimax methods (side-effect module).
minimizers.register("L-BFGS", lbfgs);
minimizers.register("L-BFGS-B", lbfgs);
minimizers.register("BFGS", bfgs);
minimizers.register("CG", conjugateGradient);
minimizers.register("Nelder-Mead", nelderMead);
minimizers.register("Powell", powell);

const askTell: Record<string, AskTellFactory> = {
  "CMA-ES": cmaes as AskTellFactory,
  SPSA: spsa as AskTellFactory,
  "OpenAI-ES": openaiEs as AskTellFactory,
  SNES: snes as AskTellFactory,
  CEM: cem as AskTellFactory,
  CBO: cbo as AskTellFactory,
  DE: differentialEvolution as AskTellFactory,
  "random-search": randomSearch as AskTellFactory,
};
for (const [name, factory] of Object.entries(askTell)) {
  askTellOptimizers.register(name, factory);
  minimizers.register(name, (fun, x0, o) => runAskTell(fun, askTellFromMinimizeOptions(factory, x0, o), o));
}

minimaxMethods.register("gda", gdaStep);
minimaxMethods.register("gda-alternating", alternatingGdaStep);
minimaxMethods.register("extragradient", extragradientStep);
minimaxMethods.register("ogda", optimisticGdaStep);
minimaxMethods.register("halpern", halpernStep);
