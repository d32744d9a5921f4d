/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (float64): `A = U diag(w) U^T`.
 * `a` is row-major `d x d`; returns eigenvalues `w` and row-major eigenvectors `u` (columns are vectors).
 */
export function symEig(a: ArrayLike<number>, d: number): { w: Float64Array; u: Float64Array } {
  const m = Float64Array.from(a);
  const u = new Float64Array(d * d);
  for (let i = 0; i < d; i++) u[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = m[k * d + p]!;
          const akq = m[k * d + q]!;
          m[k * d + p] = c * akp - s * akq;
          m[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = m[p * d + k]!;
          const aqk = m[q * d + k]!;
          m[p * d + k] = c * apk - s * aqk;
          m[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const ukp = u[k * d + p]!;
          const ukq = u[k * d + q]!;
          u[k * d + p] = c * ukp - s * ukq;
          u[k * d + q] = s * ukp + c * ukq;
        }
      }
    }
  }
  const w = new Float64Array(d);
  for (let i = 0; i < d; i++) w[i] = m[i * d + i]!;
  return { w, u };
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
