import { defineTableau } from "./butcher.js";

/**
 * Forward Euler, order 1 (Euler 1768). Fixed step only; linear interpolation for dense output.
 *
 * @example
 * ```ts
 * import { EULER, explicitRungeKutta } from "@continuum/ode";
 * const euler = explicitRungeKutta(EULER);
 * ```
 */
export const EULER = defineTableau({ name: "Euler", c: [0], a: [[]], b: [1], order: 1, fsal: false });

/**
 * Explicit midpoint rule, order 2 (Runge 1895). Fixed step only; cubic Hermite dense output.
 *
 * @example
 * ```ts
 * import { MIDPOINT, explicitRungeKutta } from "@continuum/ode";
 * const midpoint = explicitRungeKutta(MIDPOINT);
 * ```
 */
export const MIDPOINT = defineTableau({
  name: "Midpoint",
  c: [0, 0.5],
  a: [[], [0.5]],
  b: [0, 1],
  order: 2,
  fsal: false,
});

/**
 * Heun's method (explicit trapezoid), order 2, with the embedded Euler solution for error control
 * (Heun 1900; diffrax `Heun`).
 *
 * @example
 * ```ts
 * import { HEUN, explicitRungeKutta } from "@continuum/ode";
 * const heun = explicitRungeKutta(HEUN);
 * ```
 */
export const HEUN = defineTableau({
  name: "Heun",
  c: [0, 1],
  a: [[], [1]],
  b: [0.5, 0.5],
  bErr: [-0.5, 0.5],
  order: 2,
  errorOrder: 1,
  fsal: false,
});

/**
 * Ralston's second-order method, minimal truncation-error bound among 2-stage methods (Ralston 1962),
 * with an embedded Euler solution.
 *
 * @example
 * ```ts
 * import { RALSTON, explicitRungeKutta } from "@continuum/ode";
 * const ralston = explicitRungeKutta(RALSTON);
 * ```
 */
export const RALSTON = defineTableau({
  name: "Ralston",
  c: [0, 2 / 3],
  a: [[], [2 / 3]],
  b: [0.25, 0.75],
  bErr: [-0.75, 0.75],
  order: 2,
  errorOrder: 1,
  fsal: false,
});

/**
 * The classical fourth-order Runge–Kutta method (Kutta 1901). Fixed step only; cubic Hermite dense output.
 *
 * @example
 * ```ts
 * import { RK4, explicitRungeKutta } from "@continuum/ode";
 * const rk4 = explicitRungeKutta(RK4);
 * ```
 */
export const RK4 = defineTableau({
  name: "RK4",
  c: [0, 0.5, 0.5, 1],
  a: [[], [0.5], [0, 0.5], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
  order: 4,
  fsal: false,
});
