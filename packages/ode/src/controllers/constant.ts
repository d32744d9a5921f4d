import type { StepSizeController } from "../types.js";

/**
 * Constant step size: every step has size `dt0` (the last one is shortened to land on t1); no error
 * estimate is used. The controller for fixed-step methods (Euler, Midpoint, RK4, symplectic, SDE).
 *
 * @example
 * ```ts
 * import { constantStepSize, odeSolvers, solve, odeTerm } from "@continuum/ode";
 * solve({ term: odeTerm((_t, y) => [-y[0]!]), solver: odeSolvers.get("RK4"), t0: 0, t1: 1, y0: [1],
 *   dt0: 0.1, controller: constantStepSize() }); // 10 steps, ys[0][0] ≈ 0.367879
 * ```
 */
export function constantStepSize(): StepSizeController<null> {
  return Object.freeze({
    name: "constant",
    adaptive: false,
    init: () => null,
    adapt: () => ({ accept: true, factor: 1, state: null }),
  });
}
