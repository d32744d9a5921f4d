/**
 * Seeded, splittable randomness that gives the same numbers on every backend (numbers are drawn in JavaScript
 * with xoshiro128** seeded through SplitMix32, then uploaded), used by every Continuum package.
 */
import { tf } from "./engine.js";

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

function checkShape(shape: readonly number[], where: string): number {
  if (!Array.isArray(shape)) throw new TypeError(`${where}: shape must be an array of non-negative integers`);
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0)
      throw new Error(`${where}: shape must hold non-negative integers, received [${shape.join(", ")}]`);
    n *= s;
  }
  return n;
}

function checkMeanStd(mean: number, std: number, meanName: string, stdName: string): void {
  if (typeof mean !== "number" || !Number.isFinite(mean))
    throw new Error(`${meanName} must be a finite number, received ${mean}`);
  if (typeof std !== "number" || !(std >= 0 && std < Number.POSITIVE_INFINITY))
    throw new Error(`${stdName} must be a finite number >= 0, received ${std}`);
}

function checkRange(min: number, max: number, minName: string, maxName: string): void {
  if (typeof min !== "number" || !Number.isFinite(min))
    throw new Error(`${minName} must be a finite number, received ${min}`);
  if (typeof max !== "number" || !Number.isFinite(max))
    throw new Error(`${maxName} must be a finite number, received ${max}`);
  if (!(max > min)) throw new Error(`${maxName} (${max}) must exceed ${minName.split(": ")[1]} (${min})`);
}

/**
 * A seeded random stream. Each draw advances the stream; `split(n)` derives `n` independent child streams
 * deterministically (the parent advances by one step), so parallel consumers stay reproducible.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  /** @param seed - any finite number (integers recommended); the same seed gives the same stream. */
  constructor(seed: number | readonly number[]) {
    const words = typeof seed === "number" ? [seed] : [...seed];
    if (words.length === 0 || words.some((w) => !Number.isFinite(w))) {
      throw new Error(
        `prng: seed must be a finite number or array of finite numbers, received ${String(seed)}`,
      );
    }
    let st = 0x6a09e667;
    for (const w of words) {
      const lo = w >>> 0;
      const hi = Math.floor(w / 4294967296) >>> 0;
      st = (st ^ lo) | 0;
      [st] = splitmix32(st);
      st = (st ^ hi) | 0;
      [st] = splitmix32(st);
    }
    const out: number[] = [];
    for (let i = 0; i < 4; i++) {
      let v: number;
      [st, v] = splitmix32(st);
      out.push(v);
    }
    [this.s0, this.s1, this.s2, this.s3] = out as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(this.rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = this.rotl(this.s3, 11);
    return result;
  }

  private rotl(x: number, k: number): number {
    return (x << k) | (x >>> (32 - k));
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal double (Box–Muller, both values used). */
  nextNormal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.nextDouble();
    const v = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** `n` independent child streams (deterministic given this stream's state). */
  split(n = 2): Rng[] {
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`Rng.split: n must be a positive integer, received ${n}`);
    const base = [this.nextUint32(), this.nextUint32()];
    return Array.from({ length: n }, (_, i) => new Rng([base[0]!, base[1]!, i, 0x5eed]));
  }

  /** A child stream keyed by `i` (same parent state and `i` give the same child); does not advance this stream. */
  fold(i: number): Rng {
    if (!Number.isInteger(i)) throw new Error(`Rng.fold: i must be an integer, received ${i}`);
    return new Rng([this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, i]);
  }

  /** Float64 standard normals (mean/std optional). */
  normalArray(n: number, mean = 0, std = 1): Float64Array {
    checkShape([n], "Rng.normalArray");
    checkMeanStd(mean, std, "Rng.normalArray: mean", "Rng.normalArray: std");
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.nextNormal();
    return out;
  }

  /** Float64 uniforms in [min, max). */
  uniformArray(n: number, min = 0, max = 1): Float64Array {
    checkShape([n], "Rng.uniformArray");
    checkRange(min, max, "Rng.uniformArray: min", "Rng.uniformArray: max");
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = min + (max - min) * this.nextDouble();
    return out;
  }

  /** Float32 tensor of normals. */
  normal(shape: number[], options: { mean?: number; std?: number } = {}): tf.Tensor {
    const n = checkShape(shape, "Rng.normal");
    const { mean = 0, std = 1 } = options;
    checkMeanStd(mean, std, "Rng.normal: options.mean", "Rng.normal: options.std");
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.nextNormal();
    return tf.tensor(out, shape, "float32");
  }

  /** Float32 tensor of uniforms in [min, max). */
  uniform(shape: number[], options: { min?: number; max?: number } = {}): tf.Tensor {
    const n = checkShape(shape, "Rng.uniform");
    const { min = 0, max = 1 } = options;
    checkRange(min, max, "Rng.uniform: options.min", "Rng.uniform: options.max");
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = min + (max - min) * this.nextDouble();
    return tf.tensor(out, shape, "float32");
  }

  /** Float32 tensor of ±1 with equal probability. */
  rademacher(shape: number[]): tf.Tensor {
    const n = checkShape(shape, "Rng.rademacher");
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextUint32() & 1 ? 1 : -1;
    return tf.tensor(out, shape, "float32");
  }

  /** Uniform integer in [low, high). */
  int(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new Error(`Rng.int: need integers low < high, received low=${low}, high=${high}`);
    }
    return low + Math.floor(this.nextDouble() * (high - low));
  }

  /** Int32 tensor of uniform integers in [low, high). */
  randint(shape: number[], low: number, high: number): tf.Tensor {
    const n = checkShape(shape, "Rng.randint");
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(low, high);
    return tf.tensor(out, shape, "int32");
  }

  /**
   * Float32 tensor of Bernoulli draws: 1 with probability `p`, else 0 (`jax.random.bernoulli`).
   * @example
   * ```ts
   * prng(0).bernoulli([1000], 0.3); // about 300 ones
   * ```
   */
  bernoulli(shape: number[], p = 0.5): tf.Tensor {
    const n = checkShape(shape, "Rng.bernoulli");
    if (typeof p !== "number" || !(p >= 0 && p <= 1))
      throw new Error(`Rng.bernoulli: p must be a probability in [0, 1], received ${p}`);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextDouble() < p ? 1 : 0;
    return tf.tensor(out, shape, "float32");
  }

  /**
   * `n` indices drawn with replacement with probabilities proportional to `weights` (finite, ≥ 0, not all 0), by
   * inverting the float64 cumulative sum: one `nextDouble` per draw, zero-weight indices never drawn. The
   * primitive behind {@link Rng.categorical} and weighted resampling (RAD collocation points).
   * @example
   * ```ts
   * prng(0).weightedIndices([1, 0, 3], 1000); // Int32Array of 0s (about 250) and 2s (about 750)
   * ```
   */
  weightedIndices(weights: ArrayLike<number>, n: number): Int32Array {
    if (weights == null || typeof weights.length !== "number" || weights.length === 0)
      throw new Error("Rng.weightedIndices: weights must be a non-empty array of numbers");
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`Rng.weightedIndices: n must be a non-negative integer, received ${n}`);
    const cdf = new Float64Array(weights.length);
    let acc = 0;
    for (let k = 0; k < weights.length; k++) {
      const w = weights[k]!;
      if (!(w >= 0) || !Number.isFinite(w))
        throw new Error(`Rng.weightedIndices: weights[${k}] must be finite and >= 0, received ${w}`);
      cdf[k] = acc += w;
    }
    if (!(acc > 0)) throw new Error("Rng.weightedIndices: weights sum to 0 (no index can be drawn)");
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const u = this.nextDouble() * acc;
      // First k with cdf[k] > u (binary search); skips zero-weight indices.
      let lo = 0;
      let hi = cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      out[i] = lo;
    }
    return out;
  }

  /**
   * Int32 tensor of category indices drawn with probabilities `softmax(logits)` (`jax.random.categorical` for
   * one distribution): unnormalised log-probabilities, `-Infinity` for impossible categories. Sampled by
   * inverting the float64 cumulative distribution.
   * @example
   * ```ts
   * prng(0).categorical([Math.log(0.2), Math.log(0.8)], [1000]); // about 800 ones
   * ```
   */
  categorical(logits: ArrayLike<number>, shape: number[]): tf.Tensor {
    if (logits == null || typeof logits.length !== "number" || logits.length === 0)
      throw new Error("Rng.categorical: logits must be a non-empty array of numbers");
    const n = checkShape(shape, "Rng.categorical");
    let top = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < logits.length; k++) {
      const l = logits[k]!;
      if (Number.isNaN(l) || l === Number.POSITIVE_INFINITY)
        throw new Error(`Rng.categorical: logits[${k}] must be finite or -Infinity, received ${l}`);
      top = Math.max(top, l);
    }
    if (top === Number.NEGATIVE_INFINITY)
      throw new Error("Rng.categorical: every logit is -Infinity (no category has positive probability)");
    const weights = Float64Array.from(logits, (l) => Math.exp(l - top));
    const out = this.weightedIndices(weights, n);
    return tf.tensor(out, shape, "int32");
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    checkShape([n], "Rng.permutation");
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.nextDouble() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

/**
 * Create a seeded random stream.
 * @example
 * ```ts
 * const rng = prng(42);
 * const [a, b] = rng.split(2);
 * a.normal([2, 3]);      // float32 tensor, identical on cpu/wasm/webgpu
 * b.permutation(5);      // Int32Array, e.g. [3, 0, 4, 1, 2]
 * ```
 */
export function prng(seed: number | readonly number[]): Rng {
  return new Rng(seed);
}
