import { eigh } from "@continuum/core-tensor/linalg";

/**
 * Eigen-decomposition of a small symmetric matrix, `A = U diag(w) U^T`, through core-tensor's `eigh`.
 * `a` is row-major `d x d`; returns eigenvalues `w` (ascending) and row-major eigenvectors `u` (columns are vectors).
 */
export function symEig(a: ArrayLike<number>, d: number): { w: Float64Array; u: Float64Array } {
  const { values, vectors } = eigh(Float64Array.from(a), d);
  return { w: values, u: vectors };
}

/** Symmetric PSD matrix square root `U diag(sqrt(max(w,0))) U^T` (row-major). */
export function sqrtPsd(a: ArrayLike<number>, d: number): Float64Array {
  const { w, u } = symEig(a, d);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[i * d + k]! * Math.sqrt(Math.max(w[k]!, 0)) * u[j * d + k]!;
      out[i * d + j] = s;
    }
  return out;
}
