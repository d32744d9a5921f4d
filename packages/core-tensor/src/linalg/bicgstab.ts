import { normInf } from "./blas.js";
import type { IterativeOptions, IterativeResult, LinearOperator } from "./operator.js";
import { finish, prepare } from "./operator.js";
import type { CsrMatrix } from "./sparse.js";

/**
 * BiCGSTAB for general (non-symmetric) square systems (van der Vorst 1992, *SIAM J. Sci. Stat. Comput.* 13:631),
 * right-preconditioned so the stopping test uses the true residual: `‖b − A·x‖₂ ≤ max(rtol·‖b‖₂, atol)`.
 * Two matrix–vector products per iteration. `ρ = 0` or `ω = 0` ends with `status: "breakdown"`.
 *
 * @example
 * ```ts
 * const A = csrFromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [4, 1, 2, 3]);
 * bicgstab(A, new Float64Array([5, 5])).x; // ≈ [1, 1]
 * ```
 */
export function bicgstab(
  a: CsrMatrix | LinearOperator,
  b: Float64Array,
  options: IterativeOptions = {},
): IterativeResult {
  const p0 = prepare("bicgstab", a, b, options);
  const { n, apply, x, threshold, maxIterations, m } = p0;
  const r = new Float64Array(n);
  const rhat = new Float64Array(n);
  const p = new Float64Array(n);
  const v = new Float64Array(n);
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  const ph = new Float64Array(n);
  const sh = new Float64Array(n);
  apply(x, v);
  let rr = 0;
  for (let i = 0; i < n; i++) {
    r[i] = p0.b[i] - v[i];
    rr += r[i] * r[i];
  }
  if (Math.sqrt(rr) <= threshold) return finish("bicgstab", p0, options, 0, true, undefined);
  rhat.set(r);
  v.fill(0);
  let rho = 1;
  let alpha = 1;
  let omega = 1;
  let it = 0;
  while (it < maxIterations) {
    let rhoNew = 0;
    for (let i = 0; i < n; i++) rhoNew += rhat[i] * r[i];
    if (rhoNew === 0)
      return finish("bicgstab", p0, options, it, false, "ρ = r̂·r = 0; restart with another x0 or use gmres");
    const beta = (rhoNew / rho) * (alpha / omega);
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * (p[i] - omega * v[i]);
    if (m) m.apply(p, ph);
    else ph.set(p);
    apply(ph, v);
    let rv = 0;
    for (let i = 0; i < n; i++) rv += rhat[i] * v[i];
    if (rv === 0)
      return finish("bicgstab", p0, options, it, false, "r̂·A·p = 0; restart with another x0 or use gmres");
    alpha = rhoNew / rv;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      s[i] = r[i] - alpha * v[i];
      ss += s[i] * s[i];
    }
    it++;
    if (Math.sqrt(ss) <= threshold) {
      for (let i = 0; i < n; i++) x[i] += alpha * ph[i];
      options.callback?.(it, Math.sqrt(ss) * p0.scale);
      return finish("bicgstab", p0, options, it, true, undefined);
    }
    if (m) m.apply(s, sh);
    else sh.set(s);
    apply(sh, t);
    // ω = t·s / t·t computed with t scaled by ‖t‖∞: for A ≈ 1e±200, t·t overflowed or underflowed, which gave
    // ω = 0 and a spurious "stagnation" breakdown.
    const tau = normInf(t);
    let ts = 0;
    let tt = 0;
    if (tau > 0 && Number.isFinite(tau)) {
      for (let i = 0; i < n; i++) {
        const ti = t[i] / tau;
        ts += ti * s[i];
        tt += ti * ti;
      }
    }
    omega = tt > 0 ? ts / tt / tau : 0;
    rr = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * ph[i] + omega * sh[i];
      r[i] = s[i] - omega * t[i];
      rr += r[i] * r[i];
    }
    const rn = Math.sqrt(rr);
    options.callback?.(it, rn * p0.scale);
    if (rn <= threshold) return finish("bicgstab", p0, options, it, true, undefined);
    if (omega === 0) return finish("bicgstab", p0, options, it, false, "ω = 0 (stagnation); use gmres");
    rho = rhoNew;
  }
  return finish("bicgstab", p0, options, it, false, undefined);
}
