/**
 * RMS norm of the scaled error: sqrt(mean((errᵢ / (atolᵢ + rtol·max(|yᵢ|, |ŷᵢ|)))²)), as in SciPy and
 * Hairer–Nørsett–Wanner (II.4.11).
 *
 * @example
 * ```ts
 * import { scaledRmsNorm } from "@continuum/ode";
 * scaledRmsNorm(new Float64Array([1e-6]), new Float64Array([1]), new Float64Array([1]), 1e-3, new Float64Array([1e-6])); // ≈ 0.000999 (= 1e-6 / 1.001e-3)
 * ```
 */
export function scaledRmsNorm(
  err: Float64Array,
  y: Float64Array,
  yNew: Float64Array,
  rtol: number,
  atol: Float64Array,
): number {
  const n = err.length;
  if (n === 0) return 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(y[i]!);
    const b = Math.abs(yNew[i]!);
    const sc = atol[i]! + rtol * Math.max(a, b);
    // A component that is exactly 0 with atol 0 has scale 0: no error there counts as none (not 0/0 = NaN).
    if (sc === 0 && err[i] === 0) continue;
    const e = err[i]! / sc;
    acc += e * e;
  }
  return Math.sqrt(acc / n);
}

/**
 * Whether every entry is finite.
 *
 * @example
 * ```ts
 * import { allFinite } from "@continuum/ode";
 * allFinite(new Float64Array([1, NaN])); // false
 * ```
 */
export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}
