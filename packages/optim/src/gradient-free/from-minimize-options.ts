import type { MinimizeOptions } from "../minimize/types.js";
import type { AskTell, AskTellFactory, AskTellOptions } from "./types.js";

/**
 * Build an ask/tell optimiser from {@link minimize} options: `options.options` (method-specific) plus
 * `x0`, `bounds`, `seed`, `sigma0`, `tol` (the target value `ftarget`) and `maxFev` (the budget `maxEvals`); each
 * of these top-level options, when given, takes precedence over the same name in `options.options`.
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
  const inner = (o.options ?? {}) as Record<string, unknown>;
  // The top-level options win when given; otherwise the method-specific ones stand (they used to be overwritten by
  // undefined, so `options: { ftarget, maxEvals, seed, sigma0 }` were silently ignored).
  const either = (top: unknown, name: string) => (top !== undefined ? top : inner[name]);
  return factory({
    ...inner,
    x0,
    bounds: either(o.bounds, "bounds") as AskTellOptions["bounds"],
    seed: either(o.seed, "seed") as number | undefined,
    sigma0: either(o.sigma0, "sigma0") as number | undefined,
    ftarget: either(o.tol, "ftarget") as number | undefined,
    maxEvals: either(o.maxFev, "maxEvals") as number | undefined,
  });
}
