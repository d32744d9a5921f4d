import { defineTableau, explicitRungeKutta } from "@continuum/ode";

/**
 * Ralston's third-order Runge–Kutta method (A. Ralston, "Runge–Kutta methods with minimum error bounds",
 * Math. Comp. 16, 1962): the third-order, three-stage method with the smallest truncation-error bound.
 * `defineTableau` checks its order conditions when the module loads.
 */
export const RALSTON3 = defineTableau({
  name: "Ralston3",
  c: [0, 1 / 2, 3 / 4],
  a: [[], [1 / 2], [0, 3 / 4]],
  b: [2 / 9, 1 / 3, 4 / 9],
  order: 3,
  fsal: false,
});

/** The solver object the registry holds. */
export const ralston3 = explicitRungeKutta(RALSTON3);
