import type { IterativeOptions, IterativeResult, LinearOperator } from "./operator.js";
import { finish, prepare } from "./operator.js";
import type { CsrMatrix } from "./sparse.js";

/**
 * Preconditioned conjugate gradients for symmetric positive-definite `A` (Hestenes & Stiefel 1952; Saad,
 * *Iterative Methods for Sparse Linear Systems*, Alg. 9.1). Stops when `‖b − A·x‖₂ ≤ max(rtol·‖b‖₂, atol)`,
 * SciPy's rule. Non-convergence is a status (`converged: false` with a hint), an exception with `throw: true`.
 * A non-positive curvature `pᵀA·p ≤ 0` (A not SPD) ends with `status: "breakdown"`.
 *
 * @example
 * ```ts
 * const A = csrFromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [4, 1, 1, 3]);
 * const { x, converged } = cg(A, new Float64Array([1, 2]));
 * // x ≈ [1/11, 7/11], converged === true
 * ```
 */
export function cg(
  a: CsrMatrix | LinearOperator,
  b: Float64Array,
  options: IterativeOptions = {},
): IterativeResult {
  const p0 = prepare("cg", a, b, options);
  const { n, apply, x, threshold, maxIterations, m, csr } = p0;
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  apply(x, q);
  let rr = 0;
  for (let i = 0; i < n; i++) {
    r[i] = b[i] - q[i];
    rr += r[i] * r[i];
  }
  if (Math.sqrt(rr) <= threshold) return finish("cg", p0, options, 0, true, undefined);
  if (m) m.apply(r, z);
  else z.set(r);
  let rz = 0;
  for (let i = 0; i < n; i++) rz += r[i] * z[i];
  p.set(z);
  let it = 0;
  while (it < maxIterations) {
    let pq = 0;
    if (csr) {
      // q = A·p fused with pᵀq (one pass instead of two; same summation order as the unfused code)
      const { rowPtr, colIndices, values } = csr;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += values[k] * p[colIndices[k]];
        q[i] = s;
        pq += p[i] * s;
      }
    } else {
      apply(p, q);
      for (let i = 0; i < n; i++) pq += p[i] * q[i];
    }
    if (!(pq > 0)) {
      return finish(
        "cg",
        p0,
        options,
        it,
        false,
        `pᵀ·A·p = ${pq} <= 0: A is not symmetric positive definite; use bicgstab or gmres`,
      );
    }
    const alpha = rz / pq;
    rr = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      rr += r[i] * r[i];
    }
    it++;
    const rn = Math.sqrt(rr);
    options.callback?.(it, rn);
    if (rn <= threshold) return finish("cg", p0, options, it, true, undefined);
    let rzNew: number;
    if (m) {
      m.apply(r, z);
      rzNew = 0;
      for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
    } else {
      z.set(r);
      rzNew = rr;
    }
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
  return finish("cg", p0, options, it, false, undefined);
}
