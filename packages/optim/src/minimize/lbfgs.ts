import {
  Counted,
  EPS,
  checkBounds,
  checkX0,
  dot,
  firstNonFinite,
  nonFiniteGradientMessage,
} from "./common.js";
import { moreThuente } from "./line-search.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

function projectedGradientNorm(x: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    let gi = g[i]!;
    if (gi < 0) gi = Math.max(x[i]! - hi[i]!, gi);
    else gi = Math.min(x[i]! - lo[i]!, gi);
    m = Math.max(m, Math.abs(gi));
  }
  return m;
}

/**
 * Limited-memory BFGS (Nocedal, 1980; Liu & Nocedal, 1989) with the Moré–Thuente strong-Wolfe line search and
 * the step/stopping rules of SciPy's L-BFGS-B (first step `1/‖d‖`, `ftol = 2.22e-9` relative decrease,
 * `gtol = 1e-5` on the projected gradient, history `m = 10`; `tol` sets both `gtol` and `ftol` as SciPy's
 * `minimize(tol=…)` does, an explicit `ftol` taking precedence). With `bounds`, a projected active-set variant:
 * coordinates at a bound whose gradient (or two-loop direction) points outward are fixed, the two-loop direction
 * is restricted to the free ones and the line search runs along the projected path `P(x + a·d)` (Bertsekas,
 * 1982), not Byrd et al.'s generalised Cauchy point, so iterates differ from SciPy's on bound-constrained
 * problems; the solutions agree (`test/fixtures/gen_scipy_lbfgsb.py`).
 * @example
 * ```ts
 * const rosen = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
 * const r = lbfgs(rosen, Float64Array.of(-1.2, 1), {});
 * r.x; // ≈ [1, 1]
 * ```
 */
export function lbfgs(fun: Objective, x0In: Float64Array, options: MinimizeOptions): MinimizeResult {
  const where = "minimize(L-BFGS)";
  const n = x0In.length;
  let x = checkX0(x0In, where);
  const { lo, hi } = options.bounds
    ? checkBounds(options.bounds, x, where)
    : {
        lo: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
        hi: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
      };
  const constrained = lo.some(Number.isFinite) || hi.some(Number.isFinite);
  const boxed = lo.every(Number.isFinite) && hi.every(Number.isFinite);
  const m = options.m ?? 10;
  // SciPy's minimize(tol=…) sets both gtol and ftol of L-BFGS-B; ftol used to stay at 2.2e-9, so tol = 1e-12 stopped
  // at f ≈ 3e-12 on 2-D Rosenbrock where SciPy reaches 3e-22. An explicit ftol still wins.
  const gtol = options.tol ?? 1e-5;
  const ftol = options.ftol ?? options.tol ?? 2.220446049250313e-9;
  const maxIter = options.maxIter ?? 15000;
  const maxFev = options.maxFev ?? 15000;
  const c = new Counted(fun, options.jac, where, constrained ? { lo, hi } : undefined);
  let f = c.f(x);
  if (!Number.isFinite(f))
    throw new Error(`${where}: the objective is ${f} at x0; start from a point where it is finite`);
  let g = c.g(x, f);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const R: number[] = [];
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
  const bad = firstNonFinite(g);
  if (bad >= 0) return done(3, `ABNORMAL_TERMINATION: ${nonFiniteGradientMessage(g, bad)}`);
  if (projectedGradientNorm(x, g, lo, hi) <= gtol)
    return done(0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  const alpha = new Float64Array(m);
  /** d = −H·g restricted to the free coordinates, H the L-BFGS inverse Hessian with H0 = (s·y)/(y·y). */
  const twoLoop = (d: Float64Array, g: Float64Array, free: Uint8Array): void => {
    for (let i = 0; i < n; i++) d[i] = free[i] ? g[i]! : 0;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = R[k]! * dot(S[k]!, d);
      const y = Y[k]!;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! - alpha[k]! * y[i]!;
    }
    if (S.length) {
      const k = S.length - 1;
      const gamma = 1 / (R[k]! * dot(Y[k]!, Y[k]!));
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = R[k]! * dot(Y[k]!, d);
      const s = S[k]!;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! + s[i]! * (alpha[k]! - beta);
    }
    for (let i = 0; i < n; i++) d[i] = free[i] ? -d[i]! : 0;
  };
  while (true) {
    if (nit >= maxIter) return done(1, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
    for (let i = 0; i < n; i++)
      free[i] = (x[i]! <= lo[i]! && g[i]! > 0) || (x[i]! >= hi[i]! && g[i]! < 0) ? 0 : 1;
    // Two-loop recursion on the free coordinates. A free coordinate that sits on its bound while the direction
    // points out of the box would cap the step at 0 (a zero step then passes the f-decrease test and stops the
    // run early), so such coordinates are fixed too and the direction is recomputed (at most n rounds).
    for (let round = 0; round <= n; round++) {
      twoLoop(d, g, free);
      if (!constrained) break;
      let changed = false;
      for (let i = 0; i < n; i++) {
        if (free[i] && ((x[i]! <= lo[i]! && d[i]! < 0) || (x[i]! >= hi[i]! && d[i]! > 0))) {
          free[i] = 0;
          d[i] = 0;
          changed = true;
        }
      }
      if (!changed) break;
    }
    let gd = dot(g, d);
    if (!(gd < 0)) {
      // not a descent direction (stale curvature pairs): restart from steepest descent
      S.length = 0;
      Y.length = 0;
      R.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
      gd = dot(g, d);
      if (!(gd < 0)) return done(0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
    }
    // With bounds the line search runs along the projected path P(x + a·d) (Bertsekas, 1982, "Projected Newton
    // methods"): capping the step at the first bound hit would let a coordinate lying 1e-12 inside its bound
    // shrink every step to ~0 and trip the f-decrease stop far from the solution. The path is linear up to the
    // first breakpoint and constant after the last one (the cap); its slope counts only unclipped coordinates.
    let stpmx = 1e10;
    if (constrained) {
      let last = 0;
      for (let i = 0; i < n; i++) {
        let t = Number.POSITIVE_INFINITY;
        if (d[i]! < 0) t = (lo[i]! - x[i]!) / d[i]!;
        else if (d[i]! > 0) t = (hi[i]! - x[i]!) / d[i]!;
        else continue;
        last = Math.max(last, t);
      }
      stpmx = Math.min(stpmx, last);
    }
    const dnorm = Math.sqrt(dot(d, d));
    const stp0 = nit === 0 && !boxed ? Math.min(1 / dnorm, stpmx) : Math.min(1, stpmx);
    let xt = x;
    let ft = f;
    let gt = g;
    const phi = (a: number): [number, number] => {
      xt = new Float64Array(n);
      for (let i = 0; i < n; i++) xt[i] = Math.min(Math.max(x[i]! + a * d[i]!, lo[i]!), hi[i]!);
      ft = c.f(xt);
      gt = Number.isFinite(ft) ? c.g(xt, ft) : new Float64Array(n).fill(Number.NaN);
      // a point without a finite gradient is unusable: report it as non-finite so the search backs off
      if (firstNonFinite(gt) >= 0) return [Number.NaN, Number.NaN];
      if (!constrained) return [ft, dot(gt, d)];
      let slope = 0;
      for (let i = 0; i < n; i++) if (xt[i]! !== lo[i]! && xt[i]! !== hi[i]!) slope += gt[i]! * d[i]!;
      return [ft, slope];
    };
    const ls = moreThuente(phi, f, gd, stp0, { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: stpmx });
    if (ls.task === "MAXEVAL" || !Number.isFinite(ft) || ft > f || firstNonFinite(gt) >= 0) {
      if (S.length) {
        S.length = 0;
        Y.length = 0;
        R.length = 0;
        continue;
      }
      return done(
        2,
        "ABNORMAL_TERMINATION_IN_LNSRCH: the line search found no acceptable step; check the gradient (options.jac) or rescale the problem",
      );
    }
    nit++;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xt[i]! - x[i]!;
      y[i] = gt[i]! - g[i]!;
    }
    const fold = f;
    x = xt;
    f = ft;
    g = gt;
    if (options.callback?.(x, f) === true) return done(0, "STOP: the callback asked to stop");
    if (projectedGradientNorm(x, g, lo, hi) <= gtol)
      return done(0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
    if (fold - f <= ftol * Math.max(Math.abs(fold), Math.abs(f), 1))
      return done(0, "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH");
    if (c.nfev >= maxFev) return done(1, "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
    const sy = dot(s, y);
    if (sy > EPS * (-gd * ls.stp)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        R.shift();
      }
      S.push(s);
      Y.push(y);
      R.push(1 / sy);
    }
  }
}
