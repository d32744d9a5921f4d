import { eigh } from "@continuum/core-tensor/linalg";

/**
 * Eigen-decomposition of a dense symmetric matrix (row-major n×n) with eigenvalues in descending order (the
 * POD convention), through core-tensor's `eigh` (ascending), reversed.
 */
export function jacobiEigh(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const r = eigh(a, n);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n); // column k = eigenvector k
  for (let k = 0; k < n; k++) {
    const src = n - 1 - k;
    values[k] = r.values[src]!;
    for (let i = 0; i < n; i++) vectors[i * n + k] = r.vectors[i * n + src]!;
  }
  return { values, vectors };
}
