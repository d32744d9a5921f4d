import { Counted, checkX0, dot, firstNonFinite, nonFiniteGradientMessage, normInf } from "./common.js";
import { moreThuente } from "./line-search.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/** The part of a line-search descent method that varies: how it picks directions and learns from steps. */
export interface DescentDirection {
  /** Search direction at the current iterate with gradient `g` (the driver checks that it descends). */
  direction(g: Float64Array): Float64Array;
  /** Learn from the accepted step `x → xNew` with gradients `g → gNew`. */
  update(x: Float64Array, g: Float64Array, xNew: Float64Array, gNew: Float64Array): void;
}

/**
 * The driver shared by BFGS and CG (SciPy's `_minimize_bfgs` / `_minimize_cg` loop): evaluate f and g at x0,
 * then until `‖g‖∞ ≤ tol` (default 1e-5) or `maxIter` (default 200·n): ask `method` for a direction, take
 * SciPy's initial step `min(1, 2.02·(f − f_prev)/φ'(0))`, run the strong-Wolfe Moré–Thuente search
 * (`c1 = 1e-4`, `c2` given), accept the step, let `method` update, call the callback. Failures of the search
 * or an ascent direction end with status 2 and SciPy's "precision loss" message.
 */
export function lineSearchDescent(
  fun: Objective,
  x0In: Float64Array,
  options: MinimizeOptions,
  where: string,
  c2: number,
  makeMethod: (n: number) => DescentDirection,
): MinimizeResult {
  let x = checkX0(x0In, where);
  const n = x.length;
  const gtol = options.tol ?? 1e-5;
  const maxIter = options.maxIter ?? 200 * n;
  const c = new Counted(fun, options.jac, where);
  let f = c.f(x);
  if (!Number.isFinite(f)) throw new Error(`${where}: the objective is ${f} at x0`);
  let g = c.g(x, f);
  let fPrev = f + Math.sqrt(dot(g, g)) / 2;
  let nit = 0;
  const method = makeMethod(n);
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
  const bad = firstNonFinite(g);
  if (bad >= 0) return done(3, `NaN result encountered: ${nonFiniteGradientMessage(g, bad)}`);
  while (normInf(g) > gtol) {
    if (nit >= maxIter) return done(1, "Maximum number of iterations has been exceeded.");
    const p = method.direction(g);
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
        // a point without a finite gradient is unusable: report it as non-finite so the search backs off
        if (firstNonFinite(gt) >= 0) return [Number.NaN, Number.NaN];
        return [ft, dot(gt, p)];
      },
      f,
      gp,
      a1,
      { ftol: 1e-4, gtol: c2, xtol: 1e-14, stpmin: 1e-100, stpmax: 1e100, maxEval: 100 },
    );
    if (ls.task !== "CONVERGENCE")
      return done(
        2,
        `Desired error not necessarily achieved due to precision loss (line search: ${ls.task}).`,
      );
    method.update(x, g, xt, gt);
    fPrev = f;
    x = xt;
    f = ft;
    g = gt;
    nit++;
    if (options.callback?.(x, f) === true) return done(0, "Stopped by the callback.");
  }
  return done(0, "Optimization terminated successfully.");
}
