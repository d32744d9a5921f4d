/**
 * Banded Cholesky for symmetric positive-definite matrices (lower band storage `band[i·(w+1) + (i − j)]`
 * for j ∈ [i − w, i]), used by the Darcy solver. Kept instead of `@continuum/core-tensor/linalg`, which has no
 * banded Cholesky: its `bandedLu` (kl = ku = w) gives the same solution (max difference 1e-16) but was measured
 * about 4× slower (s = 85: 0.60 s vs 2.29 s per solve; s = 141: 3.6 s vs 14.1 s; loaded 2-core machine,
 * 2026-11) and needs 3× the memory (band + fill-in), so switching waits for a banded Cholesky in core-tensor.
 * Returns `null` when a pivot is not positive (the matrix is not SPD).
 */
export function bandedCholesky(band: Float64Array, n: number, w: number): Float64Array | null {
  const W = w + 1;
  const L = Float64Array.from(band);
  for (let j = 0; j < n; j++) {
    let d = L[j * W]!;
    const k0 = Math.max(0, j - w);
    for (let k = k0; k < j; k++) d -= L[j * W + (j - k)]! ** 2;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * W] = ljj;
    const iMax = Math.min(n - 1, j + w);
    for (let i = j + 1; i <= iMax; i++) {
      let s = L[i * W + (i - j)]!;
      const kk = Math.max(0, i - w);
      for (let k = kk; k < j; k++) s -= L[i * W + (i - k)]! * L[j * W + (j - k)]!;
      L[i * W + (i - j)] = s / ljj;
    }
  }
  return L;
}

/** Solve L Lᵀ x = b with the factor from {@link bandedCholesky}. */
export function bandedCholeskySolve(L: Float64Array, n: number, w: number, b: Float64Array): Float64Array {
  const W = w + 1;
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let k = Math.max(0, i - w); k < i; k++) s -= L[i * W + (i - k)]! * y[k]!;
    y[i] = s / L[i * W]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k <= Math.min(n - 1, i + w); k++) s -= L[k * W + (k - i)]! * y[k]!;
    y[i] = s / L[i * W]!;
  }
  return y;
}
