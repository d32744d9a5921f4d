import { type MinimaxStep, axpy } from "./types.js";

/**
 * Extragradient (Korpelevich, 1976): a look-ahead half step `z̃ = z − ηF(z)` then `z ← z − ηF(z̃)`, with
 * `F = (∇ₓf, −∇ᵧf)`. Converges linearly on bilinear games with full-rank coupling for `η < 1/L`.
 * @example
 * ```ts
 * const r = solveMinimax(problem, { x0: [1], y0: [1], method: "extragradient", stepSize: 0.3 });
 * ```
 */
export const extragradientStep: MinimaxStep = (p, z, eta) => {
  const g0 = p.grad(z.x, z.y);
  const xh = axpy(z.x, -eta, g0.gx);
  const yh = axpy(z.y, eta, g0.gy);
  const g1 = p.grad(xh, yh);
  return { next: { x: axpy(z.x, -eta, g1.gx), y: axpy(z.y, eta, g1.gy), k: z.k + 1 }, gradCalls: 2 };
};
