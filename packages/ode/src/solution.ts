import type { DenseSegment } from "./types.js";

/**
 * Continuous solution over the whole integration: the per-step interpolants joined end to end
 * (SciPy's `OdeSolution`). At a step boundary the earlier segment is used.
 *
 * @example
 * ```ts
 * import { solveIvp } from "@continuum/ode";
 * const res = solveIvp((_t, y) => [-y[0]!], [0, 2], [1], { denseOutput: true, rtol: 1e-8 });
 * res.sol!.evaluate(1)[0]; // ≈ 0.3678796 (e⁻¹ = 0.36787944; the default atol is 1e-6)
 * ```
 */
export class OdeSolution {
  /** Breakpoints t₀ < t₁ < … (or decreasing for backward integration). */
  readonly ts: Float64Array;
  private readonly segments: readonly DenseSegment[];
  private readonly dir: number;
  constructor(segments: readonly DenseSegment[]) {
    if (segments.length === 0) throw new Error("OdeSolution: needs at least one segment");
    this.segments = segments;
    this.ts = Float64Array.from([segments[0]!.t0, ...segments.map((s) => s.t1)]);
    this.dir = segments[0]!.t1 >= segments[0]!.t0 ? 1 : -1;
  }
  /** y(t), extrapolating with the first/last segment outside the covered interval. */
  evaluate(t: number, out?: Float64Array): Float64Array {
    if (!Number.isFinite(t)) throw new Error(`OdeSolution.evaluate: t must be finite, received ${t}`);
    const d = this.dir;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d * (t - this.segments[mid]!.t1) <= 0) hi = mid;
      else lo = mid + 1;
    }
    return this.segments[lo]!.evaluate(t, out);
  }
}
