import { type Rng, tf } from "@continuum/core-tensor";
import { checkPrediction, type DiffusionModel, denoise, noise } from "../parametrisation.js";
import { checkTime, type GaussianPath } from "../processes/gaussian-path.js";
import { timeGrid } from "./time-grid.js";
import type { SampleResult, SamplerOptions } from "./types.js";

/**
 * Resolve and validate a sampler's time grid. `finiteLogSnr` clamps a start with `alpha = 0` (flows at t = 1)
 * to `path.sdeTMax`, for samplers that divide by alpha.
 */
export function resolveGrid(
  model: DiffusionModel,
  options: SamplerOptions,
  where: string,
  finiteLogSnr: boolean,
): number[] {
  const path = model.path;
  if (options.grid) {
    const g = options.grid;
    if (!Array.isArray(g) || g.length < 2) throw new Error(`${where}: options.grid must have >= 2 times`);
    for (let i = 0; i < g.length; i++) {
      checkTime(path, g[i]!, `${where}: options.grid[${i}]`);
      if (i > 0 && !(g[i]! < g[i - 1]!))
        throw new Error(`${where}: options.grid must be strictly decreasing`);
    }
    return adjustGridStart(path, g, finiteLogSnr);
  }
  if (!(Number.isInteger(options.steps) && options.steps >= 1))
    throw new Error(
      `${where}: options.steps (NFE budget) must be an integer >= 1, received ${options.steps}`,
    );
  const tMax = startTime(path, options.tMax ?? path.tMax, finiteLogSnr);
  return timeGrid(path, options.steps, { spacing: options.spacing, tMax, tEnd: options.tEnd, rho: 7 });
}

/**
 * An explicit grid as a sampler dividing by alpha (`finiteLogSnr`) runs it: a first time with alpha ~ 0 (flows at
 * t = 1: log-SNR -inf, where EDM's sigma~ and the reverse SDE's f = alpha'/alpha are infinite and gave NaN) moves
 * to `path.sdeTMax`, as without a grid, when `grid[1]` is below it; when `grid[1]` is at or above it, the grid
 * starts at `grid[1]` instead (one step fewer). Samplers that do not divide by alpha keep the grid as given (the
 * multistep DPM-Solver++ handles the alpha = 0 limit exactly). `sample` draws its prior at the result's start.
 */
export function adjustGridStart(
  path: GaussianPath,
  grid: readonly number[],
  finiteLogSnr: boolean,
): number[] {
  const out = grid.slice();
  if (!finiteLogSnr) return out;
  const degenerate = (t: number) => path.alpha(t) < 1e-3 * path.sigma(t) && path.sdeTMax < t;
  // A grid whose next time is already at or past sdeTMax (a uniform flow grid of >= 100 steps: 1, 0.99, …)
  // starts at that next time: the first step would leave from alpha ~ 0.
  while (out.length > 2 && degenerate(out[0]!) && out[1]! >= path.sdeTMax) out.shift();
  // (A one-step grid from alpha ~ 0 to sdeTMax or later is kept as given: DPM-Solver and DDPM take that step.)
  if (out.length > 1 && degenerate(out[0]!) && out[1]! < path.sdeTMax) out[0] = path.sdeTMax;
  return out;
}

/**
 * First time of a sampler's grid: samplers that divide by alpha (`finiteLogSnr`) start a path whose alpha is
 * (nearly) zero at `t` (flows and interpolants at t = 1) at `path.sdeTMax` instead.
 */
export function startTime(path: GaussianPath, t: number, finiteLogSnr: boolean): number {
  return finiteLogSnr && path.alpha(t) < 1e-3 * path.sigma(t) ? Math.min(t, path.sdeTMax) : t;
}

/** Require a random stream. */
export function requireRng(options: SamplerOptions, where: string): Rng {
  const rng = options.rng;
  if (!rng || typeof rng.normal !== "function")
    throw new Error(`${where}: options.rng (a prng stream) is required by this stochastic sampler`);
  return rng;
}

/** A denoiser `D` and noise predictor `E` (see `noise`) that count model evaluations. */
export function counter(model: DiffusionModel): {
  D: (x: tf.Tensor, t: number) => tf.Tensor;
  E: (x: tf.Tensor, t: number) => tf.Tensor;
  nfe: () => number;
} {
  let n = 0;
  return {
    D: (x, t) => {
      n++;
      return denoise(model, x, t);
    },
    E: (x, t) => {
      n++;
      return noise(model, x, t);
    },
    nfe: () => n,
  };
}

/** Check the sampler input. */
export function checkInput(model: DiffusionModel, xT: tf.Tensor, where: string): void {
  if (!model || typeof model.apply !== "function" || !model.path)
    throw new Error(`${where}: model must be a DiffusionModel { path, prediction, apply }`);
  checkPrediction(model.prediction, `${where}: model`);
  if (!(xT instanceof tf.Tensor) || xT.rank < 2 || xT.shape[0]! < 1)
    throw new Error(`${where}: xT must be a tensor of shape [N, ...] with N >= 1`);
  checkFinite(xT, `${where}: xT`);
}

/** Throw (naming the argument) when a tensor holds NaN or Infinity. */
export function checkFinite(x: tf.Tensor, what: string): void {
  const bad = tf.tidy(() => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(x)), "int32")).dataSync()[0]!);
  if (bad > 0) throw new Error(`${what} contains ${bad} non-finite value(s) (NaN or Infinity)`);
}

/**
 * Run `steps` updates, disposing the previous state; `update(x, i)` returns the new state (plus tensors to
 * keep in `history`, disposed when dropped).
 */
export function loop(x0: tf.Tensor, n: number, update: (x: tf.Tensor, i: number) => tf.Tensor): tf.Tensor {
  let x = tf.clone(x0);
  try {
    for (let i = 0; i < n; i++) {
      const next = update(x, i);
      x.dispose();
      x = next;
    }
  } catch (e) {
    x.dispose();
    throw e;
  }
  return x;
}

/** Finish: status from finiteness of the samples. */
export function finish(samples: tf.Tensor, nfe: number, grid: number[], name: string): SampleResult {
  const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(samples))).dataSync()[0]);
  return bad
    ? {
        samples,
        nfe,
        grid,
        status: "failed",
        message: `${name}: non-finite samples after ${nfe} model evaluations; the steps may be too large near t=${grid[0]} (try more steps or a log-SNR grid) or the model output may be non-finite`,
      }
    : { samples, nfe, grid, status: "success", message: `${name}: ${grid.length - 1} steps, ${nfe} NFE` };
}
