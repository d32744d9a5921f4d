import { Counted, checkX0, dot, normInf } from "./common.js";
import { moreThuente } from "./line-search.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/**
 * Nonlinear conjugate gradient, Polak–Ribière+ (Polak & Ribière, 1969; Gilbert & Nocedal, 1992, for the `max(β, 0)`
 * restart), strong-Wolfe search with `c2 = 0.4` and SciPy's initial step rule; stops when `‖g‖∞ ≤ tol`.
 * @example
 * ```ts
 * const r = conjugateGradient((x) => x[0]! ** 2 + 5 * x[1]! ** 2, Float64Array.of(3, 1), {});
 * r.x; // ≈ [0, 0]
 * ```
 */
export function conjugateGradient(
  fun: Objective,
  x0In: Float64Array,
  options: MinimizeOptions,
): MinimizeResult {
  const where = "minimize(CG)";
  let x = checkX0(x0In, where);
  const n = x.length;
  const gtol = options.tol ?? 1e-5;
  const maxIter = options.maxIter ?? 200 * n;
  const c = new Counted(fun, options.jac, where);
  let f = c.f(x);
  if (!Number.isFinite(f)) throw new Error(`${where}: the objective is ${f} at x0`);
  let g = c.g(x, f);
  let fPrev = f + Math.sqrt(dot(g, g)) / 2;
  let p = Float64Array.from(g, (v) => -v);
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
  while (normInf(g) > gtol) {
    if (nit >= maxIter) return done(1, "Maximum number of iterations has been exceeded.");
    let gp = dot(g, p);
    if (!(gp < 0)) {
      p = Float64Array.from(g, (v) => -v);
      gp = dot(g, p);
    }
    let a1 = Math.min(1, (1.01 * 2 * (f - fPrev)) / gp);
    if (!(a1 > 0)) a1 = 1;
    let xt = x;
    let ft = f;
    let gt = g;
    const dir = p;
    const ls = moreThuente(
      (a) => {
        xt = new Float64Array(n);
        for (let i = 0; i < n; i++) xt[i] = x[i]! + a * dir[i]!;
        ft = c.f(xt);
        gt = Number.isFinite(ft) ? c.g(xt, ft) : new Float64Array(n).fill(Number.NaN);
        return [ft, dot(gt, dir)];
      },
      f,
      gp,
      a1,
      { ftol: 1e-4, gtol: 0.4, xtol: 1e-14, stpmin: 1e-100, stpmax: 1e100, maxEval: 100 },
    );
    if (ls.task !== "CONVERGENCE")
      return done(
        2,
        `Desired error not necessarily achieved due to precision loss (line search: ${ls.task}).`,
      );
    let yg = 0;
    for (let i = 0; i < n; i++) yg += (gt[i]! - g[i]!) * gt[i]!;
    const beta = Math.max(0, yg / dot(g, g));
    fPrev = f;
    x = xt;
    f = ft;
    g = gt;
    p = Float64Array.from(p, (v, i) => -g[i]! + beta * v);
    nit++;
    if (options.callback?.(x, f) === true) return done(0, "Stopped by the callback.");
  }
  return done(0, "Optimization terminated successfully.");
}
