/**
 * Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4): a root of g in
 * [a, b] given g(a)·g(b) ≤ 0, combining bisection, secant and inverse quadratic interpolation; converges to
 * |x − root| ≤ 2·eps·|x| + xtol. The root finder SciPy uses for events (`brentq`).
 *
 * @example
 * ```ts
 * import { brentRoot } from "@continuum/ode";
 * brentRoot((x) => x * x - 2, 0, 2); // 1.4142135623730951
 * ```
 */
export function brentRoot(
  g: (x: number) => number,
  a: number,
  b: number,
  xtol = 4 * Number.EPSILON,
  maxIter = 100,
) {
  let fa = g(a);
  let fb = g(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0)
    throw new Error(`brentRoot: g(a) and g(b) must have opposite signs, received ${fa} and ${fb}`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = g(b);
  }
  return b;
}
