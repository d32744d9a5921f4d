import type { Bounds, MinimizeOptions, Objective } from "./types.js";

/** Counting wrapper of an objective and its gradient (finite differences when no jac is given). */
export class Counted {
  nfev = 0;
  njev = 0;
  constructor(
    private readonly fun: Objective,
    private readonly jac: MinimizeOptions["jac"],
    private readonly where: string,
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
    if (this.jac === "central") {
      for (let i = 0; i < n; i++) {
        const h = 6.055454e-6 * Math.max(1, Math.abs(x[i]!)); // eps^(1/3)
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
        const h = 1.4901161193847656e-8 * (x[i]! >= 0 ? 1 : -1) * Math.max(1, Math.abs(x[i]!)); // SciPy '2-point'
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

export function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export const EPS = 2.220446049250313e-16;
