import type { Rhs } from "./types.js";

/**
 * Initial step size by Hairer's algorithm (Solving ODEs I, §II.4; the rule SciPy uses): compare the scaled
 * norms of y₀, f(t₀, y₀) and a difference quotient of f after one Euler step, costing one f evaluation.
 *
 * @example
 * ```ts
 * import { selectInitialStep } from "@continuum/ode";
 * const f = (_t: number, y: Float64Array, o: Float64Array) => { o[0] = -y[0]!; };
 * selectInitialStep(f, 0, new Float64Array([1]), new Float64Array([-1]), 1, 5, 1e-3, new Float64Array([1e-6])); // ≈ 0.1468, as SciPy's select_initial_step
 * ```
 */
export function selectInitialStep(
  f: Rhs,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  direction: number,
  order: number,
  rtol: number,
  atol: Float64Array,
  tSpan = Number.POSITIVE_INFINITY,
): number {
  const n = y0.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i]! + Math.abs(y0[i]!) * rtol;
    d0 += (y0[i]! / sc) ** 2;
    d1 += (f0[i]! / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, tSpan);
  const y1 = new Float64Array(n);
  for (let i = 0; i < n; i++) y1[i] = y0[i]! + h0 * direction * f0[i]!;
  const f1 = new Float64Array(n);
  f(t0 + h0 * direction, y1, f1);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i]! + Math.abs(y0[i]!) * rtol;
    d2 += ((f1[i]! - f0[i]!) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const h1 =
    d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (order + 1));
  const h = Math.min(100 * h0, h1, tSpan);
  return Number.isFinite(h) && h > 0 ? h : 1e-6;
}
