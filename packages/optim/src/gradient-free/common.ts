import { checkBounds, checkX0 } from "../minimize/common.js";
import type { AskTellOptions } from "./types.js";

/** Validate common options: x0, bounds (with x0 inside), sigma0, popSize. */
export function commonOptions(options: AskTellOptions, where: string) {
  if (options == null)
    throw new Error(`${where}: options with x0 are required (received ${String(options)})`);
  const x0 = checkX0(options.x0, `${where}: options`);
  const n = x0.length;
  const b = options.bounds ? checkBounds(options.bounds, x0, where) : null;
  let sigma0 = options.sigma0;
  if (sigma0 === undefined) {
    sigma0 = 0.5;
    if (b?.lo.every(Number.isFinite) && b.hi.every(Number.isFinite)) {
      let w = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++) w = Math.min(w, b.hi[i]! - b.lo[i]!);
      sigma0 = 0.3 * w;
    }
  }
  if (!(sigma0 > 0) || !Number.isFinite(sigma0))
    throw new Error(`${where}: options.sigma0 must be a finite number > 0, received ${sigma0}`);
  if (options.popSize !== undefined && (!Number.isInteger(options.popSize) || options.popSize < 2))
    throw new Error(`${where}: options.popSize must be an integer >= 2, received ${options.popSize}`);
  return {
    x0,
    n,
    lo: b?.lo ?? null,
    hi: b?.hi ?? null,
    sigma0,
    seed: options.seed ?? 0,
    ftarget: options.ftarget ?? Number.NEGATIVE_INFINITY,
    maxEvals: options.maxEvals ?? Number.POSITIVE_INFINITY,
  };
}

/** Clip into the box (copy). */
export function clipToBox(
  x: Float64Array,
  lo: Float64Array | null,
  hi: Float64Array | null,
): Float64Array<ArrayBuffer> {
  if (!lo || !hi) return Float64Array.from(x);
  return Float64Array.from(x, (v, i) => Math.min(Math.max(v, lo[i]!), hi[i]!));
}

/** Check that `fs` matches `xs` and is numeric. */
export function checkTell(
  xs: readonly Float64Array[],
  fs: ArrayLike<number>,
  expected: number,
  where: string,
): void {
  if (!Array.isArray(xs) || xs.length !== expected)
    throw new Error(
      `${where}.tell: expected the ${expected} points of the last ask(), received ${Array.isArray(xs) ? xs.length : typeof xs}`,
    );
  if (fs == null || fs.length !== xs.length)
    throw new Error(
      `${where}.tell: fs must hold ${xs.length} values, received ${fs == null ? String(fs) : fs.length}`,
    );
}

/** Replace NaN by +∞ so that ranking is well defined. */
export function sanitize(f: number): number {
  return Number.isNaN(f) ? Number.POSITIVE_INFINITY : f;
}

/** Track the best point. */
export class BestTracker {
  x: Float64Array;
  f = Number.POSITIVE_INFINITY;
  constructor(x0: Float64Array) {
    this.x = Float64Array.from(x0);
  }
  offer(xs: readonly Float64Array[], fs: ArrayLike<number>): void {
    for (let i = 0; i < xs.length; i++) {
      const f = sanitize(fs[i]!);
      if (f < this.f) {
        this.f = f;
        this.x = Float64Array.from(xs[i]!);
      }
    }
  }
}
