/**
 * The ODE package's registries use core-tensor's `createRegistry`, imported from its TensorFlow.js-free
 * `/registry` subpath so the float64 solvers never load tfjs. Re-exported here for plugin authors.
 *
 * @example
 * ```ts
 * import { createRegistry } from "@continuum/ode";
 * const r = createRegistry<{ order: number }>("ODE solver");
 * r.register("euler", { order: 1 });
 * ```
 */
export { createRegistry, type Registry } from "@continuum/core-tensor/registry";
