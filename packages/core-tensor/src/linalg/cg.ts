import { type CgWorkspace, cgWorkspace } from "./kernels/cg-kernel.js";
import type { IterativeOptions, IterativeResult, LinearOperator, Prepared } from "./operator.js";
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
  // Without a preconditioner z = r: no z array and no copy per iteration.
  const z = m ? new Float64Array(n) : r;
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  apply(x, q);
  let rr = 0;
  for (let i = 0; i < n; i++) {
    r[i] = p0.b[i] - q[i];
    rr += r[i] * r[i];
  }
  if (Math.sqrt(rr) <= threshold) return finish("cg", p0, options, 0, true, undefined);
  let rz = rr;
  if (m) {
    m.apply(r, z);
    rz = 0;
    for (let i = 0; i < n; i++) rz += r[i] * z[i];
  }
  p.set(z);
  if (csr && !m) {
    const ws = cgWorkspace(csr);
    if (ws) return cgCsrWasm(p0, options, ws, r, p, rz);
  }
  let it = 0;
  while (it < maxIterations) {
    let pq = 0;
    if (csr) {
      pq = csrMatvecDot(csr.rowPtr, csr.colIndices, csr.values, p, q, n);
    } else {
      apply(p, q);
      pq = dotN(p, q, n);
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
    rr = updateSolution(x, r, p, q, alpha, n);
    it++;
    const rn = Math.sqrt(rr);
    options.callback?.(it, rn * p0.scale);
    if (rn <= threshold) return finish("cg", p0, options, it, true, undefined);
    let rzNew = rr;
    if (m) {
      m.apply(r, z);
      rzNew = dotN(r, z, n);
    }
    const beta = rzNew / rz;
    rz = rzNew;
    updateDirection(p, z, beta, n);
  }
  return finish("cg", p0, options, it, false, undefined);
}

/**
 * The unpreconditioned CSR iteration of {@link cg} with its three loops in WebAssembly (`cg-kernel.wat`): the
 * same operations in the same order as the JavaScript loops below, so the iterates are bitwise identical.
 */
function cgCsrWasm(
  p0: Prepared,
  options: IterativeOptions,
  ws: CgWorkspace,
  r: Float64Array,
  p: Float64Array,
  rz0: number,
): IterativeResult {
  const { x, threshold, maxIterations } = p0;
  ws.x.set(x);
  ws.r.set(r);
  ws.p.set(p);
  let rz = rz0;
  let it = 0;
  let done: IterativeResult | undefined;
  while (it < maxIterations) {
    const pq = ws.matvecDot();
    if (!(pq > 0)) {
      x.set(ws.x);
      done = finish(
        "cg",
        p0,
        options,
        it,
        false,
        `pᵀ·A·p = ${pq} <= 0: A is not symmetric positive definite; use bicgstab or gmres`,
      );
      break;
    }
    const rr = ws.updateSolution(rz / pq);
    it++;
    const rn = Math.sqrt(rr);
    options.callback?.(it, rn * p0.scale);
    if (rn <= threshold) {
      x.set(ws.x);
      done = finish("cg", p0, options, it, true, undefined);
      break;
    }
    const beta = rr / rz;
    rz = rr;
    ws.updateDirection(beta);
  }
  if (done) return done;
  x.set(ws.x);
  return finish("cg", p0, options, it, false, undefined);
}

// The loops below are small functions on purpose: V8 optimises them fully after a few calls, whereas the
// same loops inlined in the long-running `cg` body only get on-stack-replacement code (measured ~25% slower).

/** `q = A·p` for CSR `A`, returning `pᵀq` (one pass; same summation order as `csrMatvec` then a dot). */
function csrMatvecDot(
  rowPtr: Int32Array,
  colIndices: Int32Array,
  values: Float64Array,
  p: Float64Array,
  q: Float64Array,
  n: number,
): number {
  let pq = 0;
  for (let i = 0; i < n; i++) {
    const k0 = rowPtr[i];
    const k1 = rowPtr[i + 1];
    let s = 0;
    for (let k = k0; k < k1; k++) s += values[k] * p[colIndices[k]];
    q[i] = s;
    pq += p[i] * s;
  }
  return pq;
}

function dotN(x: Float64Array, y: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

/** `x += α·p`, `r −= α·q`, returning `rᵀr`. */
function updateSolution(
  x: Float64Array,
  r: Float64Array,
  p: Float64Array,
  q: Float64Array,
  alpha: number,
  n: number,
): number {
  let rr = 0;
  for (let i = 0; i < n; i++) {
    x[i] += alpha * p[i];
    const ri = r[i] - alpha * q[i];
    r[i] = ri;
    rr += ri * ri;
  }
  return rr;
}

/** `p = z + β·p`. */
function updateDirection(p: Float64Array, z: Float64Array, beta: number, n: number): void {
  for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
}
