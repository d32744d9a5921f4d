import type { Rng } from "@continuum/core-tensor";
import { type Points, sameDim, toRows } from "./points.js";

/** Options of {@link slicedWasserstein}. */
export interface SlicedWassersteinOptions {
  /** Seeded stream for the random directions (required). */
  rng: Rng;
  /** Number of random unit directions (default 128). */
  projections?: number;
  /** Order p (default 2). */
  p?: number;
}

function quantiles(sorted: Float64Array, m: number): Float64Array {
  const n = sorted.length;
  if (n === m) return sorted;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = sorted[Math.min(n - 1, Math.floor(((i + 0.5) / m) * n))]!;
  return out;
}

/**
 * Sliced p-Wasserstein distance `(E_theta W_p^p(theta#a, theta#b))^(1/p)` over random unit directions, each
 * 1-D distance from sorted projections (empirical quantiles when sizes differ). Float64.
 * @example
 * ```ts
 * slicedWasserstein(a, b, { rng: prng(0), projections: 256 }); // 0 for identical clouds
 * ```
 */
export function slicedWasserstein(a: Points, b: Points, options: SlicedWassersteinOptions): number {
  const A = toRows(a, "slicedWasserstein: a");
  const B = toRows(b, "slicedWasserstein: b");
  sameDim(A, B, "slicedWasserstein");
  const L = options.projections ?? 128;
  const p = options.p ?? 2;
  if (!(Number.isInteger(L) && L >= 1))
    throw new Error(`slicedWasserstein: options.projections must be an integer >= 1, received ${L}`);
  if (!(p >= 1)) throw new Error(`slicedWasserstein: options.p must be >= 1, received ${p}`);
  if (!options.rng) throw new Error("slicedWasserstein: options.rng is required");
  const d = A.d;
  const m = Math.max(A.n, B.n);
  const pa = new Float64Array(A.n);
  const pb = new Float64Array(B.n);
  const theta = new Float64Array(d);
  let total = 0;
  for (let l = 0; l < L; l++) {
    let nrm = 0;
    for (let j = 0; j < d; j++) {
      theta[j] = options.rng.nextNormal();
      nrm += theta[j]! ** 2;
    }
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < A.n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += A.data[i * d + j]! * theta[j]!;
      pa[i] = s / nrm;
    }
    for (let i = 0; i < B.n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += B.data[i * d + j]! * theta[j]!;
      pb[i] = s / nrm;
    }
    const qa = quantiles(pa.slice().sort(), m);
    const qb = quantiles(pb.slice().sort(), m);
    let w = 0;
    for (let i = 0; i < m; i++) w += Math.abs(qa[i]! - qb[i]!) ** p;
    total += w / m;
  }
  return (total / L) ** (1 / p);
}
