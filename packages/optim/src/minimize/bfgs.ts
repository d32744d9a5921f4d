import { Counted, checkX0, dot, normInf } from "./common.js";
import { moreThuente } from "./line-search.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/**
 * BFGS with a dense inverse-Hessian approximation (Nocedal & Wright, 2006, Alg. 6.1), following SciPy's
 * `_minimize_bfgs`: `H₀ = I`, initial step `min(1, 2.02·(f − f_prev)/φ'(0))`, strong-Wolfe search with
 * `c1 = 1e-4`, `c2 = 0.9`, stop when `‖g‖∞ ≤ tol` (default 1e-5).
 * @example
 * ```ts
 * const r = bfgs((x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2, Float64Array.of(0, 0), {});
 * r.x; // ≈ [1, -2]
 * ```
 */
export function bfgs(fun: Objective, x0In: Float64Array, options: MinimizeOptions): MinimizeResult {
  const where = "minimize(BFGS)";
  let x = checkX0(x0In, where);
  const n = x.length;
  const gtol = options.tol ?? 1e-5;
  const maxIter = options.maxIter ?? 200 * n;
  const c = new Counted(fun, options.jac, where);
  let f = c.f(x);
  if (!Number.isFinite(f)) throw new Error(`${where}: the objective is ${f} at x0`);
  let g = c.g(x, f);
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let fPrev = f + Math.sqrt(dot(g, g)) / 2;
  let nit = 0;
  const done = (status: number, message: string): MinimizeResult => ({
    x,
    fun: f,
    jac: g,
    nit,
    nfev: c.nfev,
    njev: c.njev,
    success: status === 0,
    status,
    message,
  });
  const p = new Float64Array(n);
  while (normInf(g) > gtol) {
    if (nit >= maxIter) return done(1, "Maximum number of iterations has been exceeded.");
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += H[i * n + j]! * g[j]!;
      p[i] = -s;
    }
    const gp = dot(g, p);
    if (!(gp < 0))
      return done(
        2,
        "Desired error not necessarily achieved due to precision loss (not a descent direction).",
      );
    let a1 = Math.min(1, (1.01 * 2 * (f - fPrev)) / gp);
    if (!(a1 > 0)) a1 = 1;
    let xt = x;
    let ft = f;
    let gt = g;
    const ls = moreThuente(
      (a) => {
        xt = new Float64Array(n);
        for (let i = 0; i < n; i++) xt[i] = x[i]! + a * p[i]!;
        ft = c.f(xt);
        gt = Number.isFinite(ft) ? c.g(xt, ft) : new Float64Array(n).fill(Number.NaN);
        return [ft, dot(gt, p)];
      },
      f,
      gp,
      a1,
      { ftol: 1e-4, gtol: 0.9, xtol: 1e-14, stpmin: 1e-100, stpmax: 1e100, maxEval: 100 },
    );
    if (ls.task !== "CONVERGENCE")
      return done(
        2,
        `Desired error not necessarily achieved due to precision loss (line search: ${ls.task}).`,
      );
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xt[i]! - x[i]!;
      y[i] = gt[i]! - g[i]!;
    }
    fPrev = f;
    x = xt;
    f = ft;
    g = gt;
    nit++;
    if (options.callback?.(x, f) === true) return done(0, "Stopped by the callback.");
    if (normInf(g) <= gtol) break;
    const sy = dot(s, y);
    const rho = sy === 0 ? 1000 : 1 / sy;
    // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
    const Hy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += H[i * n + j]! * y[j]!;
      Hy[i] = acc;
    }
    const yHy = dot(y, Hy);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        H[i * n + j] =
          H[i * n + j]! - rho * (s[i]! * Hy[j]! + Hy[i]! * s[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
  }
  return done(0, "Optimization terminated successfully.");
}
