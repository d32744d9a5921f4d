import { disposeState as disposeAny } from "./internal/tree.js";

/**
 * Dispose every tensor held in an optimiser state (of any transformation, chain or ask/tell tensor state).
 * @example
 * ```ts
 * const opt = adam(1e-3);
 * const state = opt.init(params);
 * disposeState(state); // moments freed
 * ```
 */
export function disposeState(state: unknown): void {
  disposeAny(state);
}
