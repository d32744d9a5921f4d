import { prng } from "@continuum/core-tensor";
import { concatPoints, type Points, selectPoints } from "../points.js";

/** Options of collocation resampling in `train`. */
export interface ResampleOptions {
  /** Resample every `every` Adam steps. */
  every: number;
  /**
   * `uniform`: fresh points. `rar`: residual-based adaptive refinement (Lu et al. 2021, DeepXDE) adds the `add`
   * candidates with the largest |residual|. `rad`: residual-based adaptive distribution (Wu et al. 2023) redraws
   * all points from the candidates with probability ∝ |r|ᵏ / mean|r|ᵏ + c.
   */
  method?: "uniform" | "rar" | "rad";
  /** Candidate pool size for rar/rad (default 4 × collocation points). */
  candidates?: number;
  /** Points added per RAR round (default 10% of the initial count). */
  add?: number;
  /** RAD exponent k (default 1) and offset c (default 1). */
  k?: number;
  c?: number;
  /** Also resample the (non-data) condition points (default true). */
  conditions?: boolean;
}

function checkCount(m: unknown, where: string, name: string): void {
  if (!Number.isInteger(m) || (m as number) < 0)
    throw new Error(`${where}: ${name} must be a non-negative integer, received ${String(m)}`);
}

function checkNonNegative(v: unknown, where: string, name: string): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
    throw new Error(`${where}: ${name} must be a finite number >= 0, received ${String(v)}`);
}

function checkFinite(values: ArrayLike<number>, where: string, name: string): void {
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new Error(`${where}: ${name}[${i}] is ${values[i]}; residuals must be finite`);
}

/**
 * RAR selection: indices of the `m` candidates with the largest |residual| (Lu et al. 2021).
 * @example
 * ```ts
 * rarSelect([0.1, 5, 0.3, 2], 2); // [1, 3]
 * ```
 */
export function rarSelect(residuals: ArrayLike<number>, m: number): number[] {
  checkCount(m, "rarSelect", "m");
  checkFinite(residuals, "rarSelect", "residuals");
  const idx = Array.from({ length: residuals.length }, (_, i) => i);
  idx.sort((a, b) => Math.abs(residuals[b]!) - Math.abs(residuals[a]!));
  return idx.slice(0, Math.min(m, idx.length));
}

/**
 * RAD probabilities `p(x) ∝ |r(x)|ᵏ / mean|r|ᵏ + c` (Wu, Zhu, Tan, Kartha & Lu 2023), normalised to sum 1.
 * @example
 * ```ts
 * radProbabilities([0, 1, 3], 1, 0); // [0, 0.25, 0.75]
 * ```
 */
export function radProbabilities(residuals: ArrayLike<number>, k = 1, c = 1): Float64Array {
  checkFinite(residuals, "radProbabilities", "residuals");
  checkNonNegative(k, "radProbabilities", "k");
  checkNonNegative(c, "radProbabilities", "c");
  const n = residuals.length;
  const e = Float64Array.from(residuals, (r) => Math.abs(r) ** k);
  let mean = 0;
  for (const v of e) mean += v / n;
  const p = e.map((v) => (mean > 0 ? v / mean : 0) + c);
  let s = 0;
  for (const v of p) s += v;
  if (!(s > 0)) return new Float64Array(n).fill(1 / n);
  return p.map((v) => v / s);
}

/** Draw `m` indices from probabilities `p` (with replacement, by inverse CDF: `Rng.weightedIndices`). */
export function sampleIndices(p: ArrayLike<number>, m: number, seed: number): number[] {
  checkCount(m, "sampleIndices", "m");
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`sampleIndices: seed must be a non-negative integer, received ${String(seed)}`);
  if (!p || p.length === 0) throw new Error("sampleIndices: p must be a non-empty array of probabilities");
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0) || !Number.isFinite(p[i]))
      throw new Error(`sampleIndices: p[${i}] is ${p[i]}; probabilities must be finite and >= 0`);
    total += p[i]!;
  }
  if (!(total > 0)) throw new Error("sampleIndices: p sums to 0; at least one probability must be positive");
  return Array.from(prng(seed).weightedIndices(p, m));
}

/** New collocation set after one round of `method`. */
export function adaptPoints(
  method: "rar" | "rad",
  current: Points,
  candidates: Points,
  residuals: ArrayLike<number>,
  o: { add: number; k: number; c: number; seed: number; target: number },
): Points {
  if (method === "rar") return concatPoints([current, selectPoints(candidates, rarSelect(residuals, o.add))]);
  return selectPoints(candidates, sampleIndices(radProbabilities(residuals, o.k, o.c), o.target, o.seed));
}
