import { type MinimaxStep, axpy } from "./types.js";

/**
 * Optimistic GDA (Popov, 1980; Daskalakis et al., 2018): `z ← z − 2ηF(z_k) + ηF(z_{k−1})`, one gradient call per
 * step; converges linearly on bilinear games.
 * @example
 * ```ts
 * const r = solveMinimax(problem, { x0: [1], y0: [1], method: "ogda", stepSize: 0.2 });
 * ```
 */
export const optimisticGdaStep: MinimaxStep = (p, z, eta) => {
  const g = p.grad(z.x, z.y);
  const px = z.memory?.gx ?? g.gx;
  const py = z.memory?.gy ?? g.gy;
  const x = Float64Array.from(z.x, (v, i) => v - 2 * eta * g.gx[i]! + eta * px[i]!);
  const y = Float64Array.from(z.y, (v, i) => v + 2 * eta * g.gy[i]! - eta * py[i]!);
  return { next: { x, y, k: z.k + 1, memory: { gx: g.gx, gy: g.gy } }, gradCalls: 1 };
};

/**
 * Halpern's anchored iteration (Halpern, 1967) on the extragradient map T: `z_{k+1} = β_k z₀ + (1 − β_k) T(z_k)`,
 * `β_k = 1/(k + 2)`; its fixed-point residual decays as O(1/k) on monotone problems (Yoon & Ryu, 2021).
 * @example
 * ```ts
 * const r = solveMinimax(problem, { x0: [1], y0: [1], method: "halpern", stepSize: 0.3 });
 * ```
 */
export const halpernStep: MinimaxStep = (p, z, eta) => {
  const ax = z.memory?.ax ?? z.x;
  const ay = z.memory?.ay ?? z.y;
  const g0 = p.grad(z.x, z.y);
  const g1 = p.grad(axpy(z.x, -eta, g0.gx), axpy(z.y, eta, g0.gy));
  const tx = axpy(z.x, -eta, g1.gx);
  const ty = axpy(z.y, eta, g1.gy);
  const b = 1 / (z.k + 2);
  return {
    next: {
      x: Float64Array.from(tx, (v, i) => b * ax[i]! + (1 - b) * v),
      y: Float64Array.from(ty, (v, i) => b * ay[i]! + (1 - b) * v),
      k: z.k + 1,
      memory: { ax, ay },
    },
    gradCalls: 2,
  };
};
