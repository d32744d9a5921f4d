import type { Bounds, MinimizeOptions, Objective } from "./types.js";

/** Counting wrapper of an objective and its gradient (finite differences when no jac is given). */
export class Counted {
  nfev = 0;
  njev = 0;
  constructor(
    private readonly fun: Objective,
    private readonly jac: MinimizeOptions["jac"],
    private readonly where: string,
    /** Box bounds that finite differences must respect (they step inwards at a bound, as SciPy's
     * `approx_derivative` does), so f is never evaluated outside the box. */
    private readonly bounds?: { lo: Float64Array; hi: Float64Array },
  ) {}

  f(x: Float64Array): number {
    this.nfev++;
    const v = this.fun(x);
    if (typeof v !== "number")
      throw new Error(`${this.where}: fun must return a number, received ${typeof v}`);
    return v;
  }

  g(x: Float64Array, fx?: number): Float64Array {
    if (typeof this.jac === "function") {
      this.njev++;
      const g = this.jac(x);
      if (!(g instanceof Float64Array || Array.isArray(g)) || g.length !== x.length)
        throw new Error(
          `${this.where}: jac must return ${x.length} numbers, received ${g?.length ?? typeof g}`,
        );
      return g instanceof Float64Array ? g : Float64Array.from(g);
    }
    const n = x.length;
    const out = new Float64Array(n);
    const xx = Float64Array.from(x);
    const lo = this.bounds?.lo;
    const hi = this.bounds?.hi;
    const inside = (i: number, v: number) => !lo || (v >= lo[i]! && v <= hi![i]!);
    if (this.jac === "central") {
      let f0 = fx;
      for (let i = 0; i < n; i++) {
        const h = 6.055454e-6 * Math.max(1, Math.abs(x[i]!)); // eps^(1/3)
        if (!inside(i, x[i]! + h) || !inside(i, x[i]! - h)) {
          // at a bound: SciPy's one-sided 3-point formula (−3f₀ + 4f(x + sh) − f(x + 2sh))/(2sh), s inwards
          const sh = inside(i, x[i]! + 2 * h) ? h : -h;
          f0 ??= this.f(x);
          xx[i] = x[i]! + sh;
          const f1 = this.f(xx);
          xx[i] = x[i]! + 2 * sh;
          const f2 = this.f(xx);
          xx[i] = x[i]!;
          out[i] = (-3 * f0 + 4 * f1 - f2) / (2 * sh);
          continue;
        }
        xx[i] = x[i]! + h;
        const fp = this.f(xx);
        xx[i] = x[i]! - h;
        const fm = this.f(xx);
        xx[i] = x[i]!;
        out[i] = (fp - fm) / (2 * h);
      }
    } else {
      const f0 = fx ?? this.f(x);
      for (let i = 0; i < n; i++) {
        let h = 1.4901161193847656e-8 * (x[i]! >= 0 ? 1 : -1) * Math.max(1, Math.abs(x[i]!)); // SciPy '2-point'
        if (!inside(i, x[i]! + h) && inside(i, x[i]! - h)) h = -h; // step inwards at a bound
        xx[i] = x[i]! + h;
        const dh = xx[i]! - x[i]!;
        out[i] = (this.f(xx) - f0) / dh;
        xx[i] = x[i]!;
      }
    }
    this.njev++;
    return out;
  }
}

/** Validate x0 (non-empty, finite) and return a float64 copy. */
export function checkX0(x0: ArrayLike<number>, where: string): Float64Array {
  if (x0 == null || typeof (x0 as ArrayLike<number>).length !== "number" || x0.length === 0)
    throw new Error(
      `${where}: x0 must be a non-empty array of numbers, received ${x0 == null ? String(x0) : `length ${x0.length}`}`,
    );
  const x = Float64Array.from(x0);
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${where}: x0[${bad}] must be finite, received ${x[bad]}`);
  return x;
}

/**
 * Validate bounds against x0: length, lower ≤ upper, x0 inside (throws, naming the coordinate; with
 * `x0Outside: 'allow'` an x0 outside the box is accepted and left to the caller).
 */
export function checkBounds(
  bounds: Bounds,
  x0: Float64Array,
  where: string,
  { x0Outside = "throw" }: { x0Outside?: "throw" | "allow" } = {},
): { lo: Float64Array; hi: Float64Array } {
  if (!Array.isArray(bounds) || bounds.length !== x0.length)
    throw new Error(
      `${where}: bounds must hold ${x0.length} [lower, upper] pairs, received ${Array.isArray(bounds) ? bounds.length : typeof bounds}`,
    );
  const lo = new Float64Array(x0.length);
  const hi = new Float64Array(x0.length);
  bounds.forEach((b, i) => {
    const l = b?.[0] ?? Number.NEGATIVE_INFINITY;
    const u = b?.[1] ?? Number.POSITIVE_INFINITY;
    if (Number.isNaN(l) || Number.isNaN(u) || l > u)
      throw new Error(`${where}: bounds[${i}] must satisfy lower <= upper, received [${l}, ${u}]`);
    if (x0Outside === "throw" && (x0[i]! < l || x0[i]! > u))
      throw new Error(
        `${where}: x0[${i}] = ${x0[i]} lies outside bounds[${i}] = [${l}, ${u}]; project it first (x0 must be feasible)`,
      );
    lo[i] = l;
    hi[i] = u;
  });
  return { lo, hi };
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Index of the first non-finite entry of `a`, or −1. */
export function firstNonFinite(a: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return i;
  return -1;
}

/** Status-3 message for a non-finite gradient entry (a NaN gradient used to pass as convergence). */
export function nonFiniteGradientMessage(g: Float64Array, i: number): string {
  return `the gradient is ${g[i]} in component ${i} at the current point; check options.jac (with finite differences: f must be finite within ~1e-8 of x, inside the bounds)`;
}

export function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export const EPS = 2.220446049250313e-16;
