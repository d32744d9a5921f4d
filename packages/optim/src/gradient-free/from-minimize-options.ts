import type { MinimizeOptions } from "../minimize/types.js";
import type { AskTell, AskTellFactory } from "./types.js";

/**
 * Build an ask/tell optimiser from {@link minimize} options: `options.options` (method-specific) plus
 * `x0`, `bounds`, `seed`, `sigma0`, `tol` (the target value `ftarget`) and `maxFev` (the budget `maxEvals`).
 * Shared by the sequential (`minimize`) and the worker-thread (`minimize(module, x0, { workers })`) paths so
 * that both build exactly the same optimiser.
 * @example
 * ```ts
 * const es = askTellFromMinimizeOptions(askTellOptimizers.get("CMA-ES"), Float64Array.of(1, 2), { seed: 3 });
 * es.ask().length; // 6 (the default CMA-ES population in 2-D)
 * ```
 */
export function askTellFromMinimizeOptions(
  factory: AskTellFactory,
  x0: Float64Array,
  o: MinimizeOptions,
): AskTell {
  return factory({
    ...(o.options ?? {}),
    x0,
    bounds: o.bounds,
    seed: o.seed,
    sigma0: o.sigma0,
    ftarget: o.tol,
    maxEvals: o.maxFev,
  });
}
