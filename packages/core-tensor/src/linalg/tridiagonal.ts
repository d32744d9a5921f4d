import { checkDim, checkFinite, checkVector } from "./validate.js";

/**
 * Solve a tridiagonal system by the Thomas algorithm (Gaussian elimination without pivoting, `8n` flops):
 * `lower[i-1]·x[i-1] + diag[i]·x[i] + upper[i]·x[i+1] = rhs[i]`. Stable for diagonally dominant or symmetric
 * positive-definite matrices (the usual implicit finite-difference case). Throws, naming the row, when a zero
 * pivot appears; use {@link solveBanded} (partial pivoting) with `kl = ku = 1` for general tridiagonal matrices.
 *
 * @param lower - sub-diagonal, length `n − 1`
 * @param diag - main diagonal, length `n`
 * @param upper - super-diagonal, length `n − 1`
 * @param rhs - right-hand side, length `n`
 * @example
 * ```ts
 * // [2 -1 0; -1 2 -1; 0 -1 2] x = [1, 0, 1]
 * solveTridiagonal(new Float64Array([-1, -1]), new Float64Array([2, 2, 2]), new Float64Array([-1, -1]),
 *   new Float64Array([1, 0, 1])); // [1, 1, 1]
 * ```
 */
export function solveTridiagonal(
  lower: Float64Array,
  diag: Float64Array,
  upper: Float64Array,
  rhs: Float64Array,
  out?: Float64Array,
): Float64Array {
  checkVector("solveTridiagonal", "diag", diag);
  const n = checkDim("solveTridiagonal", "diag.length", diag.length);
  checkVector("solveTridiagonal", "lower", lower, n - 1);
  checkVector("solveTridiagonal", "upper", upper, n - 1);
  checkVector("solveTridiagonal", "rhs", rhs, n);
  checkFinite("solveTridiagonal", "lower", lower);
  checkFinite("solveTridiagonal", "diag", diag);
  checkFinite("solveTridiagonal", "upper", upper);
  checkFinite("solveTridiagonal", "rhs", rhs);
  const x = out ?? new Float64Array(n);
  if (out) checkVector("solveTridiagonal", "out", out, n);
  const c = new Float64Array(n);
  let denom = diag[0];
  const zeroPivot = (i: number) =>
    new Error(
      `solveTridiagonal: zero pivot at row ${i} (the Thomas algorithm does not pivot); the matrix is singular or not diagonally dominant, use solveBanded(band, n, 1, 1, rhs) which pivots`,
    );
  if (denom === 0) throw zeroPivot(0);
  c[0] = n > 1 ? upper[0] / denom : 0;
  x[0] = rhs[0] / denom;
  for (let i = 1; i < n; i++) {
    denom = diag[i] - lower[i - 1] * c[i - 1];
    if (denom === 0) throw zeroPivot(i);
    c[i] = i < n - 1 ? upper[i] / denom : 0;
    x[i] = (rhs[i] - lower[i - 1] * x[i - 1]) / denom;
  }
  for (let i = n - 2; i >= 0; i--) x[i] -= c[i] * x[i + 1];
  return x;
}
