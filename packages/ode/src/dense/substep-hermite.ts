import { luFactor, luSolve } from "../linear/lu.js";
import type { DenseSegment } from "../types.js";
import { PolynomialSegment } from "./polynomial.js";

/** Interior nodes θ of the interpolant; with θ = 0 and θ = 1 they give 4 nodes × (value, slope) = degree 7. */
const NODES = [1 / 3, 2 / 3, 1] as const;
const DEGREE = 7;

/**
 * The 6×6 inverse that maps the node data (values at θ = ⅓, ⅔, 1, then slopes there) to the coefficients
 * q₂…q₇ of y(θ) = y₀ + q₁θ + q₂θ² + … + q₇θ⁷ (q₁ = h·f₀ is known). Built once, column by column.
 */
let inverse: Float64Array | null = null;
function nodeInverse(): Float64Array {
  if (inverse) return inverse;
  const m = 6;
  const a = new Float64Array(m * m);
  NODES.forEach((th, k) => {
    for (let j = 2; j <= DEGREE; j++) {
      a[k * m + (j - 2)] = th ** j; // value rows
      a[(k + 3) * m + (j - 2)] = j * th ** (j - 1); // slope rows (d/dθ)
    }
  });
  const lu = luFactor(a, m);
  const inv = new Float64Array(m * m);
  for (let col = 0; col < m; col++) {
    const e = new Float64Array(m);
    e[col] = 1;
    const x = luSolve(lu, e);
    for (let row = 0; row < m; row++) inv[row * m + col] = x[row]!;
  }
  inverse = inv;
  return inv;
}

/**
 * Computes the state and slope at t₀ + θh by a sub-step of the method itself from (t₀, y₀).
 * Writes y(θ) into `y` and f(t₀ + θh, y(θ)) into `f`.
 */
export type SubstepFunction = (theta: number, y: Float64Array, f: Float64Array) => void;

/**
 * Dense output for a high-order one-step method without a continuous extension of its own (Vern9): the
 * degree-7 Hermite polynomial through the values and slopes at θ = 0, ⅓, ⅔, 1 of the step, where the two
 * interior states come from sub-steps of the method itself (step-size θh from y₀, so their local error is
 * below the step's). Interpolation error O(h⁸), as SciPy's DOP853 dense output, instead of the cubic
 * Hermite's O(h⁴). The sub-steps run lazily, on the first `evaluate`, so a step whose dense output is never
 * read costs nothing; they call f (2 sub-steps = 2·s evaluations for an s-stage method, counted in `nfev`).
 *
 * @example
 * ```ts
 * // inside a stepper's dense(): new SubstepHermiteSegment(tOld, t, yOld, y, fOld, fNew, substep)
 * ```
 */
export class SubstepHermiteSegment implements DenseSegment {
  readonly t0: number;
  readonly t1: number;
  private readonly y0: Float64Array;
  private readonly y1: Float64Array;
  private readonly f0: Float64Array;
  private readonly f1: Float64Array;
  private substep: SubstepFunction | null;
  private poly: PolynomialSegment | null = null;
  /** Arguments are kept (not copied): pass arrays the caller no longer mutates. */
  constructor(
    t0: number,
    t1: number,
    y0: Float64Array,
    y1: Float64Array,
    f0: Float64Array,
    f1: Float64Array,
    substep: SubstepFunction,
  ) {
    this.t0 = t0;
    this.t1 = t1;
    this.y0 = y0;
    this.y1 = y1;
    this.f0 = f0;
    this.f1 = f1;
    this.substep = substep;
  }

  private build(): PolynomialSegment {
    const n = this.y0.length;
    const h = this.t1 - this.t0;
    const ys = [new Float64Array(n), new Float64Array(n), this.y1];
    const fs = [new Float64Array(n), new Float64Array(n), this.f1];
    this.substep!(NODES[0], ys[0]!, fs[0]!);
    this.substep!(NODES[1], ys[1]!, fs[1]!);
    this.substep = null;
    const inv = nodeInverse();
    const q = new Float64Array(DEGREE * n);
    const r = new Float64Array(6);
    for (let i = 0; i < n; i++) {
      const q1 = h * this.f0[i]!;
      q[i] = q1;
      for (let k = 0; k < 3; k++) {
        r[k] = ys[k]![i]! - this.y0[i]! - NODES[k] * q1;
        r[k + 3] = h * fs[k]![i]! - q1;
      }
      for (let row = 0; row < 6; row++) {
        let acc = 0;
        for (let col = 0; col < 6; col++) acc += inv[row * 6 + col]! * r[col]!;
        q[(row + 1) * n + i] = acc;
      }
    }
    return new PolynomialSegment(this.t0, this.t1, this.y0, q, DEGREE);
  }

  evaluate(t: number, out?: Float64Array): Float64Array {
    if (t === this.t1) {
      const res = out ?? new Float64Array(this.y1.length);
      res.set(this.y1);
      return res;
    }
    this.poly ??= this.build();
    return this.poly.evaluate(t, out);
  }
}
