import type { DenseSegment } from "../types.js";

/**
 * A polynomial interpolant on one step: y(t₀ + θh) = y₀ + Σⱼ Qⱼ θ^(j+1), with Q stored flat
 * (`Q[j*n + i]`, degree d rows). Runge–Kutta continuous extensions, Hermite cubics and Radau collocation
 * polynomials all take this form.
 *
 * @example
 * ```ts
 * import { PolynomialSegment } from "@continuum/ode";
 * const seg = new PolynomialSegment(0, 2, new Float64Array([1]), new Float64Array([2]), 1); // y = 1 + 2θ
 * seg.evaluate(1)[0]; // 2
 * ```
 */
export class PolynomialSegment implements DenseSegment {
  readonly t0: number;
  readonly t1: number;
  private readonly y0: Float64Array;
  private readonly q: Float64Array;
  private readonly degree: number;
  constructor(t0: number, t1: number, y0: Float64Array, q: Float64Array, degree: number) {
    this.t0 = t0;
    this.t1 = t1;
    this.y0 = y0;
    this.q = q;
    this.degree = degree;
  }
  evaluate(t: number, out?: Float64Array): Float64Array {
    const n = this.y0.length;
    const res = out ?? new Float64Array(n);
    const h = this.t1 - this.t0;
    const x = h === 0 ? 0 : (t - this.t0) / h;
    const q = this.q;
    const d = this.degree;
    for (let i = 0; i < n; i++) {
      // Horner in θ, highest power first.
      let acc = 0;
      for (let j = d - 1; j >= 0; j--) acc = (acc + q[j * n + i]!) * x;
      res[i] = this.y0[i]! + acc;
    }
    return res;
  }
}

/**
 * Cubic Hermite interpolant through (t₀, y₀, f₀) and (t₁, y₁, f₁): third-order dense output for any
 * one-step method (the fallback when a method has no continuous extension of its own).
 *
 * @example
 * ```ts
 * import { hermiteSegment } from "@continuum/ode";
 * const one = new Float64Array([1]);
 * hermiteSegment(0, 1, new Float64Array([0]), one, one, one).evaluate(0.5)[0]; // 0.5
 * ```
 */
export function hermiteSegment(
  t0: number,
  t1: number,
  y0: Float64Array,
  y1: Float64Array,
  f0: Float64Array,
  f1: Float64Array,
): PolynomialSegment {
  const n = y0.length;
  const h = t1 - t0;
  const q = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const dy = y1[i]! - y0[i]!;
    const a = h * f0[i]!;
    const b = h * f1[i]!;
    q[i] = a;
    q[n + i] = 3 * dy - 2 * a - b;
    q[2 * n + i] = a + b - 2 * dy;
  }
  return new PolynomialSegment(t0, t1, y0.slice(), q, 3);
}
