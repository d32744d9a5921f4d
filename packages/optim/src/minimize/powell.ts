import { checkBounds, checkX0 } from "./common.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

const GOLD = 1.618034;
const CGOLD = 0.381966;
const MINTOL = 1e-11;

class MaxFevReached extends Error {}

/** Bracket a minimum of `f` along a line starting from [0, 1] (SciPy's `optimize.bracket`). */
function bracket(f: (a: number) => number): [number, number, number, number, number, number] {
  const growLimit = 110;
  let xa = 0;
  let xb = 1;
  let fa = f(xa);
  let fb = f(xb);
  if (fa < fb) {
    [xa, xb] = [xb, xa];
    [fa, fb] = [fb, fa];
  }
  let xc = xb + GOLD * (xb - xa);
  let fc = f(xc);
  let iter = 0;
  while (fc < fb) {
    const t1 = (xb - xa) * (fb - fc);
    const t2 = (xb - xc) * (fb - fa);
    const val = t2 - t1;
    const denom = Math.abs(val) < 1e-21 ? 2e-21 : 2 * val;
    let w = xb - ((xb - xc) * t2 - (xb - xa) * t1) / denom;
    const wlim = xb + growLimit * (xc - xb);
    if (++iter > 1000) break;
    let fw: number;
    if ((w - xc) * (xb - w) > 0) {
      fw = f(w);
      if (fw < fc) return [xb, w, xc, fb, fw, fc];
      if (fw > fb) return [xa, xb, w, fa, fb, fw];
      w = xc + GOLD * (xc - xb);
      fw = f(w);
    } else if ((w - wlim) * (wlim - xc) >= 0) {
      w = wlim;
      fw = f(w);
    } else if ((w - wlim) * (xc - w) > 0) {
      fw = f(w);
      if (fw < fc) {
        xb = xc;
        xc = w;
        w = xc + GOLD * (xc - xb);
        fb = fc;
        fc = fw;
        fw = f(w);
      }
    } else {
      w = xc + GOLD * (xc - xb);
      fw = f(w);
    }
    xa = xb;
    xb = xc;
    xc = w;
    fa = fb;
    fb = fc;
    fc = fw;
  }
  return [xa, xb, xc, fa, fb, fc];
}

/**
 * Brent's method (Brent, 1973, ch. 5; SciPy's `optimize.brent`): golden-section steps safeguarding parabolic
 * interpolation, relative tolerance `tol`, at most 500 iterations. Returns the minimiser and its value.
 */
function brent(f: (a: number) => number, tol: number): { x: number; fx: number } {
  const [xa, xb, xc, , fb] = bracket(f);
  let x = xb;
  let w = xb;
  let v = xb;
  let fx = fb;
  let fw = fb;
  let fv = fb;
  let [a, b] = xa < xc ? [xa, xc] : [xc, xa];
  let deltax = 0;
  let rat = 0;
  for (let iter = 0; iter < 500; iter++) {
    const tol1 = tol * Math.abs(x) + MINTOL;
    const tol2 = 2 * tol1;
    const xmid = 0.5 * (a + b);
    if (Math.abs(x - xmid) < tol2 - 0.5 * (b - a)) break;
    if (Math.abs(deltax) <= tol1) {
      deltax = x >= xmid ? a - x : b - x;
      rat = CGOLD * deltax;
    } else {
      const t1 = (x - w) * (fx - fv);
      let t2 = (x - v) * (fx - fw);
      let p = (x - v) * t2 - (x - w) * t1;
      t2 = 2 * (t2 - t1);
      if (t2 > 0) p = -p;
      t2 = Math.abs(t2);
      const dxTemp = deltax;
      deltax = rat;
      if (p > t2 * (a - x) && p < t2 * (b - x) && Math.abs(p) < Math.abs(0.5 * t2 * dxTemp)) {
        rat = p / t2;
        const u = x + rat;
        if (u - a < tol2 || b - u < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
      } else {
        deltax = x >= xmid ? a - x : b - x;
        rat = CGOLD * deltax;
      }
    }
    const u = Math.abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
    const fu = f(u);
    if (fu > fx) {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        w = u;
        fv = fw;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    } else {
      if (u >= x) a = x;
      else b = x;
      v = w;
      w = x;
      x = u;
      fv = fw;
      fw = fx;
      fx = fu;
    }
  }
  return { x, fx };
}

/**
 * Bounded scalar minimisation on [x1, x2] (Brent's method without bracketing; SciPy's
 * `minimize_scalar(method='bounded')`, i.e. `fminbound`): absolute tolerance `xatol`, at most 500 evaluations.
 */
function fminbound(
  f: (a: number) => number,
  x1: number,
  x2: number,
  xatol: number,
): { x: number; fx: number } {
  const sqrtEps = Math.sqrt(2.2e-16);
  const goldenMean = 0.5 * (3 - Math.sqrt(5));
  let a = x1;
  let b = x2;
  let fulc = a + goldenMean * (b - a);
  let nfc = fulc;
  let xf = fulc;
  let rat = 0;
  let e = 0;
  let x = xf;
  let fx = f(x);
  let num = 1;
  let ffulc = fx;
  let fnfc = fx;
  let xm = 0.5 * (a + b);
  let tol1 = sqrtEps * Math.abs(xf) + xatol / 3;
  let tol2 = 2 * tol1;
  const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);
  while (Math.abs(xf - xm) > tol2 - 0.5 * (b - a)) {
    let golden = true;
    if (Math.abs(e) > tol1) {
      golden = false;
      let r = (xf - nfc) * (fx - ffulc);
      let q = (xf - fulc) * (fx - fnfc);
      let p = (xf - fulc) * q - (xf - nfc) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = rat;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        rat = p / q;
        x = xf + rat;
        if (x - a < tol2 || b - x < tol2) rat = tol1 * (sign(xm - xf) + (xm - xf === 0 ? 1 : 0));
      } else golden = true;
    }
    if (golden) {
      e = xf >= xm ? a - xf : b - xf;
      rat = goldenMean * e;
    }
    const si = sign(rat) + (rat === 0 ? 1 : 0);
    x = xf + si * Math.max(Math.abs(rat), tol1);
    const fu = f(x);
    num++;
    if (fu <= fx) {
      if (x >= xf) a = xf;
      else b = xf;
      fulc = nfc;
      ffulc = fnfc;
      nfc = xf;
      fnfc = fx;
      xf = x;
      fx = fu;
    } else {
      if (x < xf) a = x;
      else b = x;
      if (fu <= fnfc || nfc === xf) {
        fulc = nfc;
        ffulc = fnfc;
        nfc = x;
        fnfc = fu;
      } else if (fu <= ffulc || fulc === xf || fulc === nfc) {
        fulc = x;
        ffulc = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = sqrtEps * Math.abs(xf) + xatol / 3;
    tol2 = 2 * tol1;
    if (num >= 500) break;
  }
  return { x: xf, fx };
}

/**
 * The interval of steps `a` with `lo <= p + a·xi <= hi` over the coordinates where `xi` is non-zero
 * (SciPy's `_line_for_search`); `[0, 0]` when `p` is outside the box and `xi` cannot bring it back.
 */
function lineForSearch(
  p: Float64Array,
  xi: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
): [number, number] {
  let lmin = Number.NEGATIVE_INFINITY;
  let lmax = Number.POSITIVE_INFINITY;
  for (let i = 0; i < p.length; i++) {
    const d = xi[i]!;
    if (d === 0) continue;
    const low = (lo[i]! - p[i]!) / d;
    const high = (hi[i]! - p[i]!) / d;
    lmin = Math.max(lmin, d > 0 ? low : high);
    lmax = Math.min(lmax, d > 0 ? high : low);
  }
  return lmax >= lmin ? [lmin, lmax] : [0, 0];
}

/**
 * Powell's conjugate-direction method (Powell, 1964) as in SciPy's `minimize(method='Powell')`: each iteration
 * does a line search along every direction of the set, then along the total displacement, which replaces the
 * direction of largest decrease when Powell's test accepts it. Derivative free. Stops when
 * `2(f_start − f_end) <= ftol·(|f_start| + |f_end|) + 1e-20` (`ftol = tol`, default 1e-4), or after `maxIter` /
 * `maxFev` (both default 1000·n). `nfev` counts every evaluation, as SciPy does.
 *
 * Without bounds each line search is Brent's method with a bracket (relative tolerance `100·xtol`,
 * `xtol = tol`, default 1e-4). With `bounds` (SciPy >= 1.5 semantics) the line search is clipped to the box:
 * the admissible step interval along the direction is computed and searched with the bounded Brent method
 * (`fminbound`, absolute tolerance `xtol`); an interval open on one side is mapped to a finite one by
 * `a = tan(θ)`, and the extrapolation point is shortened to stay inside the box. If `x0` lies outside the
 * bounds, SciPy's behaviour is kept: a warning is printed with `console.warn` (no clipping), evaluations of
 * the first iteration may lie outside the box and every later one lies inside; if the result is still outside,
 * `status` is 4 ("The result is outside of the provided bounds.").
 * @example
 * ```ts
 * const r = powell((x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2, Float64Array.of(0, 0), {});
 * r.x; // ≈ [1, -2]
 * const b = powell((x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2, Float64Array.of(0, 0), {
 *   bounds: [[-1, 0.5], [-1, 1]],
 * });
 * b.x; // ≈ [0.5, -1] (the box corner nearest the unconstrained minimum)
 * ```
 */
export function powell(fun: Objective, x0In: Float64Array, options: MinimizeOptions): MinimizeResult {
  const where = "minimize(Powell)";
  let x = checkX0(x0In, where);
  const n = x.length;
  const box = options.bounds ? checkBounds(options.bounds, x, where, { x0Outside: "allow" }) : null;
  if (box && x.some((v, i) => v < box.lo[i]! || v > box.hi[i]!))
    console.warn(`${where}: Initial guess is not within the specified bounds (as SciPy, x0 is not clipped)`);
  const xtol = options.tol ?? 1e-4;
  const ftol = options.tol ?? 1e-4;
  const maxIter = options.maxIter ?? 1000 * n;
  const maxFev = options.maxFev ?? 1000 * n;
  let nfev = 0;
  const F = (y: Float64Array) => {
    if (nfev >= maxFev) throw new MaxFevReached();
    nfev++;
    const v = fun(y);
    if (typeof v !== "number") throw new Error(`${where}: fun must return a number, received ${typeof v}`);
    return v;
  };
  const direc: Float64Array[] = Array.from({ length: n }, (_, i) => {
    const d = new Float64Array(n);
    d[i] = 1;
    return d;
  });
  // Brent line search from p along xi; returns the new value, point and the step actually taken.
  const lineSearch = (p: Float64Array, xi: Float64Array, fval: number) => {
    if (xi.every((v) => v === 0)) return { fval, x: p, step: xi };
    const along = (a: number) => F(Float64Array.from(p, (v, i) => v + a * xi[i]!));
    const [amin, amax] = box ? lineForSearch(p, xi, box.lo, box.hi) : [-Infinity, Infinity];
    let a: number;
    let fx: number;
    if (amin === Number.NEGATIVE_INFINITY && amax === Number.POSITIVE_INFINITY) {
      ({ x: a, fx } = brent(along, xtol * 100));
    } else if (Number.isFinite(amin) && Number.isFinite(amax)) {
      ({ x: a, fx } = fminbound(along, amin, amax, xtol));
    } else {
      // one-sided interval: search θ in (atan(amin), atan(amax)) with a = tan(θ)
      const r = fminbound((t) => along(Math.tan(t)), Math.atan(amin), Math.atan(amax), xtol);
      a = Math.tan(r.x);
      fx = r.fx;
    }
    const step = Float64Array.from(xi, (v) => a * v);
    return { fval: fx, x: Float64Array.from(p, (v, i) => v + step[i]!), step };
  };
  let fval = Number.NaN;
  let iter = 0;
  let status = 0;
  let stopped = false;
  try {
    fval = F(x);
    let x1 = Float64Array.from(x);
    for (;;) {
      const fx = fval;
      let bigind = 0;
      let delta = 0;
      for (let i = 0; i < n; i++) {
        const fx2 = fval;
        const r = lineSearch(x, direc[i]!, fval);
        fval = r.fval;
        x = r.x;
        if (fx2 - fval > delta) {
          delta = fx2 - fval;
          bigind = i;
        }
      }
      iter++;
      if (options.callback?.(x, fval) === true) {
        stopped = true;
        break;
      }
      if (2 * (fx - fval) <= ftol * (Math.abs(fx) + Math.abs(fval)) + 1e-20) break;
      if (nfev >= maxFev || iter >= maxIter) break;
      if (Number.isNaN(fx) && Number.isNaN(fval)) break;
      const d = Float64Array.from(x, (v, i) => v - x1[i]!);
      x1 = Float64Array.from(x);
      // stay inside the box when extrapolating
      const lmax = box ? Math.min(lineForSearch(x, d, box.lo, box.hi)[1], 1) : 1;
      const fx2 = F(Float64Array.from(x, (v, i) => v + lmax * d[i]!));
      if (fx > fx2) {
        let t = 2 * (fx + fx2 - 2 * fval);
        let tmp = fx - fval - delta;
        t *= tmp * tmp;
        tmp = fx - fx2;
        t -= delta * tmp * tmp;
        if (t < 0) {
          const r = lineSearch(x, d, fval);
          fval = r.fval;
          x = r.x;
          if (r.step.some((v) => v !== 0)) {
            direc[bigind] = direc[n - 1]!;
            direc[n - 1] = r.step;
          }
        }
      }
    }
  } catch (e) {
    if (!(e instanceof MaxFevReached)) throw e;
  }
  let message = "Optimization terminated successfully.";
  if (box && x.some((v, i) => v < box.lo[i]! || v > box.hi[i]!)) {
    status = 4;
    message = "The result is outside of the provided bounds; start from a feasible x0.";
  } else if (Number.isNaN(fval)) {
    status = 3;
    message = "NaN result encountered; check the objective near the returned point.";
  } else if (nfev >= maxFev) {
    status = 1;
    message = "Maximum number of function evaluations has been exceeded; raise maxFev or loosen tol.";
  } else if (iter >= maxIter) {
    status = 1;
    message = "Maximum number of iterations has been exceeded; raise maxIter or loosen tol.";
  } else if (stopped) message = "Stopped by the callback.";
  return { x, fun: fval, nit: iter, nfev, njev: 0, success: status === 0, status, message };
}
