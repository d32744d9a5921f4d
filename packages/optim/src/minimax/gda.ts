import { type MinimaxStep, axpy } from "./types.js";

/**
 * Simultaneous gradient descent–ascent: `x ← x − η∇ₓf(x, y)`, `y ← y + η∇ᵧf(x, y)`. Cycles outward on
 * bilinear games (the spectral radius of its iteration is √(1 + η²σ²) > 1).
 * @example
 * ```ts
 * const r = solveMinimax(problem, { x0: [1], y0: [1], method: "gda", stepSize: 0.1 });
 * ```
 */
export const gdaStep: MinimaxStep = (p, z, eta) => {
  const { gx, gy } = p.grad(z.x, z.y);
  return { next: { x: axpy(z.x, -eta, gx), y: axpy(z.y, eta, gy), k: z.k + 1 }, gradCalls: 1 };
};

/**
 * Alternating GDA (Gauss–Seidel): `x ← x − η∇ₓf(x, y)`, then `y ← y + η∇ᵧf(x_new, y)`. Stays bounded (but does not
 * converge) on bilinear games for small η (Gidel et al., 2019).
 * @example
 * ```ts
 * const r = solveMinimax(problem, { x0: [1], y0: [1], method: "gda-alternating", stepSize: 0.1 });
 * ```
 */
export const alternatingGdaStep: MinimaxStep = (p, z, eta) => {
  const x = axpy(z.x, -eta, p.grad(z.x, z.y).gx);
  const y = axpy(z.y, eta, p.grad(x, z.y).gy);
  return { next: { x, y, k: z.k + 1 }, gradCalls: 2 };
};
