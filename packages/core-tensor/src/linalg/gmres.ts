import { norm2 } from "./blas.js";
import type { IterativeOptions, IterativeResult, LinearOperator } from "./operator.js";
import { finish, prepare } from "./operator.js";
import type { CsrMatrix } from "./sparse.js";

/**
 * Options of {@link gmres}: the shared iterative options plus the restart length.
 *
 * @example
 * ```ts
 * const opts: GmresOptions = { restart: 30, rtol: 1e-10, preconditioner: ilu0(A) };
 * gmres(A, b, opts);
 * ```
 */
export interface GmresOptions extends IterativeOptions {
  /** Krylov subspace dimension before a restart, the `m` of GMRES(m). Default 20 (SciPy's default). */
  readonly restart?: number;
}

/**
 * Restarted GMRES(m) (Saad & Schultz 1986, *SIAM J. Sci. Stat. Comput.* 7:856) for general square systems:
 * Arnoldi with modified Gram–Schmidt, Givens rotations for the least-squares problem, right preconditioning
 * (so the monitored residual is the true one). `iterations` counts inner steps (= matrix–vector products, not
 * counting the one per restart). Stops when `‖b − A·x‖₂ ≤ max(rtol·‖b‖₂, atol)`.
 *
 * @example
 * ```ts
 * const A = csrFromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [4, 1, 2, 3]);
 * gmres(A, new Float64Array([5, 5]), { restart: 2 }).x; // ≈ [1, 1]
 * ```
 */
export function gmres(
  a: CsrMatrix | LinearOperator,
  b: Float64Array,
  options: GmresOptions = {},
): IterativeResult {
  const p0 = prepare("gmres", a, b, options);
  const { n, apply, x, threshold, maxIterations, m: precond } = p0;
  const restart = options.restart ?? 20;
  if (!Number.isInteger(restart) || restart < 1) {
    throw new Error(`gmres: restart must be an integer >= 1, received ${String(options.restart)}`);
  }
  const mm = Math.min(restart, n);
  const V = new Float64Array((mm + 1) * n);
  const H = new Float64Array((mm + 1) * mm); // H[i*mm + j]
  const cs = new Float64Array(mm);
  const sn = new Float64Array(mm);
  const g = new Float64Array(mm + 1);
  const y = new Float64Array(mm);
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  const views = Array.from({ length: mm + 1 }, (_, i) => V.subarray(i * n, (i + 1) * n));
  let total = 0;
  while (true) {
    apply(x, w);
    for (let i = 0; i < n; i++) w[i] = p0.b[i] - w[i];
    // Overflow/underflow-safe norms: with A ≈ 1e-200 the plain sum of squares of A·v underflowed to 0, which
    // looked like a lucky breakdown and returned a wrong x as "converged".
    const beta = norm2(w);
    if (beta <= threshold) return finish("gmres", p0, options, total, true, undefined);
    if (total >= maxIterations) return finish("gmres", p0, options, total, false, undefined);
    for (let i = 0; i < n; i++) V[i] = w[i] / beta;
    g.fill(0);
    g[0] = beta;
    let k = 0;
    let converged = false;
    for (let j = 0; j < mm && total < maxIterations; j++) {
      const vj = views[j];
      if (precond) {
        precond.apply(vj, z);
        apply(z, w);
      } else {
        apply(vj, w);
      }
      for (let i = 0; i <= j; i++) {
        const v = views[i];
        let h = 0;
        for (let t = 0; t < n; t++) h += w[t] * v[t];
        H[i * mm + j] = h;
        for (let t = 0; t < n; t++) w[t] -= h * v[t];
      }
      const hn = norm2(w);
      H[(j + 1) * mm + j] = hn;
      if (hn > 0) {
        const vn = views[j + 1];
        for (let t = 0; t < n; t++) vn[t] = w[t] / hn;
      }
      for (let i = 0; i < j; i++) {
        const h0 = H[i * mm + j];
        const h1 = H[(i + 1) * mm + j];
        H[i * mm + j] = cs[i] * h0 + sn[i] * h1;
        H[(i + 1) * mm + j] = -sn[i] * h0 + cs[i] * h1;
      }
      const h0 = H[j * mm + j];
      const h1 = H[(j + 1) * mm + j];
      const rho = Math.hypot(h0, h1);
      if (rho === 0) {
        k = j;
        break;
      }
      cs[j] = h0 / rho;
      sn[j] = h1 / rho;
      H[j * mm + j] = rho;
      H[(j + 1) * mm + j] = 0;
      g[j + 1] = -sn[j] * g[j];
      g[j] = cs[j] * g[j];
      total++;
      k = j + 1;
      const res = Math.abs(g[j + 1]);
      options.callback?.(total, res * p0.scale);
      if (res <= threshold || hn === 0) {
        converged = true;
        break;
      }
    }
    if (k === 0) {
      return finish(
        "gmres",
        p0,
        options,
        total,
        false,
        "the Hessenberg matrix is singular (A·v = 0 for a Krylov vector); A may be singular",
      );
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = g[i];
      for (let j = i + 1; j < k; j++) s -= H[i * mm + j] * y[j];
      y[i] = s / H[i * mm + i];
    }
    w.fill(0);
    for (let j = 0; j < k; j++) {
      const v = views[j];
      const yj = y[j];
      for (let t = 0; t < n; t++) w[t] += yj * v[t];
    }
    if (precond) {
      precond.apply(w, z);
      for (let t = 0; t < n; t++) x[t] += z[t];
    } else {
      for (let t = 0; t < n; t++) x[t] += w[t];
    }
    if (converged) return finish("gmres", p0, options, total, true, undefined);
  }
}
