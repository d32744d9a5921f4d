/**
 * `@continuum/core-tensor/registry`: the registry every extension point uses, without loading TensorFlow.js,
 * so float64-only code (ODE solvers, optimisers on Float64Array) can share it.
 *
 * @example
 * ```ts
 * import { createRegistry } from "@continuum/core-tensor/registry";
 * const solvers = createRegistry<{ order: number }>("ODE solver");
 * ```
 */

export type { Registry } from "../registry.js";
export { createRegistry } from "../registry.js";
