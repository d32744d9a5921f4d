import { type Rng, tf } from "@continuum/core-tensor";
import { type DiffusionModel, denoise } from "./parametrisation.js";
import { timeGrid } from "./samplers/time-grid.js";

/** Options of {@link feynmanKacSteering}. */
export interface FeynmanKacOptions {
  /** Reward of clean samples `r(x0) -> [N]` (evaluated on the denoised estimates D(x_t, t)). */
  reward: (x0: tf.Tensor) => tf.Tensor;
  /** Tilt strength: the target is `p(x0) exp(lambda r(x0)) / Z`. */
  lambda: number;
  /** Number of particles. */
  n: number;
  /** Shape of one sample. */
  shape: number[];
  /** Ancestral (DDPM) steps. */
  steps: number;
  rng: Rng;
  /** Resample (systematic) when the effective sample size falls below this fraction of n (default 0.5). */
  essThreshold?: number;
}

/** Result of {@link feynmanKacSteering}: equally weighted particles after a final resampling. */
export interface FeynmanKacResult {
  samples: tf.Tensor;
  /** Number of resampling events. */
  resamplings: number;
  /** Effective sample size before the final resampling. */
  finalEss: number;
  nfe: number;
}

function systematic(w: Float64Array, rng: Rng): Int32Array {
  const n = w.length;
  const idx = new Int32Array(n);
  const u0 = rng.nextDouble() / n;
  let c = w[0]!;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const u = u0 + i / n;
    while (u > c && j < n - 1) c += w[++j]!;
    idx[i] = j;
  }
  return idx;
}

/**
 * Feynman–Kac steering (Singhal et al. 2025): sequential Monte Carlo over ancestral DDPM particles with the
 * "difference" potentials `G_t = exp(lambda (r(D(x_t)) - r(D(x_{t+1}))))` on denoised estimates and the initial
 * weight `exp(lambda r(D(x_T)))`. The weights telescope to `exp(lambda r(x0))`, so the particle system targets the
 * tilted law `p(x0) exp(lambda r(x0))` exactly as n grows; resampling is systematic, triggered by the ESS.
 * @example
 * ```ts
 * // Gaussian data N(0, 1), reward r(x) = x: the tilted target is N(lambda, 1).
 * const r = feynmanKacSteering(gaussianScore([0], 1).model(vpLinear()), {
 *   reward: (x) => tf.reshape(x, [-1]), lambda: 1, n: 2000, shape: [1], steps: 50, rng: prng(0) });
 * ```
 */
export function feynmanKacSteering(model: DiffusionModel, options: FeynmanKacOptions): FeynmanKacResult {
  const { n, shape, steps, rng, lambda } = options;
  if (!Number.isFinite(lambda))
    throw new Error(`feynmanKacSteering: options.lambda must be finite, received ${lambda}`);
  if (!(Number.isInteger(n) && n >= 2))
    throw new Error(`feynmanKacSteering: options.n must be an integer >= 2, received ${n}`);
  if (typeof options.reward !== "function")
    throw new Error("feynmanKacSteering: options.reward must be a function");
  const thr = options.essThreshold ?? 0.5;
  const p = model.path;
  const grid = timeGrid(p, steps, { spacing: "uniform", tMax: p.alpha(p.tMax) < 1e-3 ? p.sdeTMax : p.tMax });
  const std = Math.sqrt(p.alpha(grid[0]!) ** 2 + p.sigma(grid[0]!) ** 2);
  let x = rng.normal([n, ...shape], { std });
  const logw = new Float64Array(n);
  let nfe = 0;
  let resamplings = 0;
  const rewardOf = (D: tf.Tensor): Float64Array => {
    const r = tf.tidy(() => options.reward(D));
    const bad =
      !(r instanceof tf.Tensor) || r.size !== n ? `shape [${r instanceof tf.Tensor ? r.shape : r}]` : "";
    const out = bad ? new Float64Array(0) : Float64Array.from(r.dataSync());
    if (r instanceof tf.Tensor) r.dispose();
    const k = bad ? -1 : out.findIndex((v) => !Number.isFinite(v));
    if (bad || k >= 0) {
      // A NaN reward made every weight NaN and resampling silent garbage; a wrong size failed in tf.reshape.
      tf.dispose(D === x ? [x] : [D, x]);
      throw new Error(
        bad
          ? `feynmanKacSteering: options.reward must return one value per particle, shape [${n}], received ${bad}`
          : `feynmanKacSteering: options.reward returned a non-finite value (${out[k]}) for particle ${k}`,
      );
    }
    return out;
  };
  let prevR: Float64Array | null = null;
  const normalised = () => {
    let m = Number.NEGATIVE_INFINITY;
    for (const v of logw) m = Math.max(m, v);
    const w = Float64Array.from(logw, (v) => Math.exp(v - m));
    const s = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) w[i]! /= s;
    return w;
  };
  const ess = (w: Float64Array) => 1 / w.reduce((a, b) => a + b * b, 0);
  const resample = (w: Float64Array) => {
    const idx = systematic(w, rng);
    const nx = tf.tidy(() => tf.gather(x, tf.tensor1d(idx, "int32")));
    x.dispose();
    x = nx;
    if (prevR) prevR = Float64Array.from(idx, (j) => prevR![j]!);
    logw.fill(0);
    resamplings++;
  };
  for (let i = 0; i + 1 < grid.length; i++) {
    const s = grid[i]!;
    const t = grid[i + 1]!;
    const D = denoise(model, x, s);
    nfe++;
    const r = rewardOf(D);
    for (let k = 0; k < n; k++) logw[k]! += lambda * (r[k]! - (prevR ? prevR[k]! : 0));
    prevR = r;
    const w = normalised();
    if (ess(w) < thr * n && t > 0) {
      resample(w);
      D.dispose();
      const D2 = denoise(model, x, s);
      nfe++;
      step(D2, s, t);
      D2.dispose();
    } else {
      step(D, s, t);
      D.dispose();
    }
  }
  // Final potential at sigma = 0: D(x0) = x0.
  const rFinal = rewardOf(x);
  for (let k = 0; k < n; k++) logw[k]! += lambda * (rFinal[k]! - (prevR ? prevR[k]! : 0));
  const w = normalised();
  const finalEss = ess(w);
  resample(w);
  return { samples: x, resamplings, finalEss, nfe };

  function step(D: tf.Tensor, s: number, t: number): void {
    const next = tf.tidy(() => {
      const [as, ss, at, st] = [p.alpha(s), p.sigma(s), p.alpha(t), p.sigma(t)];
      const ast = as / at;
      const cond = Math.max(ss * ss - ast * ast * st * st, 0);
      const mean = tf.add(tf.mul(D, (at * cond) / (ss * ss)), tf.mul(x, (ast * st * st) / (ss * ss)));
      const c = Math.sqrt(cond) * (st / ss);
      return c > 0 ? tf.add(mean, tf.mul(rng.normal(x.shape), c)) : mean;
    });
    x.dispose();
    x = next;
  }
}
