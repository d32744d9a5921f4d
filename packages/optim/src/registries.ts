import { createRegistry } from "@continuum/core-tensor";
import type { AskTellFactory } from "./gradient-free/types.js";
import type { MinimaxStep } from "./minimax/types.js";
import type { Minimizer } from "./minimize/types.js";
import type { GradientTransformation, Schedule } from "./types.js";

/**
 * Named optimiser factories `(learningRate, options) => GradientTransformation` (sgd, adam, lion…); plugins
 * register theirs here and run the contract suite of `@continuum/optim/testing`.
 * @example
 * ```ts
 * const opt = optimizers.get("adamw")(1e-3, { weightDecay: 1e-4 });
 * optimizers.names(); // ['sgd', 'momentum', 'adam', …]
 * ```
 */
export const optimizers =
  createRegistry<
    (learningRate: number, options?: Record<string, unknown>) => GradientTransformation<unknown>
  >("optimizer");

/**
 * Named schedule factories `(options) => Schedule`.
 * @example
 * ```ts
 * const s = schedules.get("cosine")({ init: 1e-3, decaySteps: 1000 });
 * ```
 */
export const schedules = createRegistry<(options: any) => Schedule>("schedule");

/**
 * Methods of {@link minimize} on float64 vectors (L-BFGS, BFGS, CG, Nelder-Mead, CMA-ES, …).
 * @example
 * ```ts
 * minimizers.names(); // ['L-BFGS', 'L-BFGS-B', 'BFGS', 'CG', 'Nelder-Mead', 'CMA-ES', …]
 * ```
 */
export const minimizers = createRegistry<Minimizer>("minimize method");

/**
 * Ask/tell population optimisers by name (factories of `{ ask, tell, best, stop }`).
 * @example
 * ```ts
 * const es = askTellOptimizers.get("CMA-ES")({ x0: [1, 2], sigma0: 0.5, seed: 0 });
 * ```
 */
export const askTellOptimizers = createRegistry<AskTellFactory>("ask/tell optimizer");

/**
 * Minimax methods (one step each) for {@link solveMinimax}: gda, gda-alternating, extragradient, ogda, halpern.
 * @example
 * ```ts
 * minimaxMethods.names(); // ['gda', 'gda-alternating', 'extragradient', 'ogda', 'halpern']
 * ```
 */
export const minimaxMethods = createRegistry<MinimaxStep>("minimax method");
