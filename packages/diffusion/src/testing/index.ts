/**
 * Contract suite of @continuum/diffusion: every sampler, fed the exact score of a 2-D Gaussian mixture, must
 * reproduce that mixture. Framework-agnostic: functions return a report and `assertSamplerMatchesGmm` throws a
 * readable Error, so they work in vitest, jest or node:test. Plugins add a row to their own table.
 */
import { prng, tf } from "@continuum/core-tensor";
import { meanCov } from "../metrics/frechet.js";
import { mmdRbf } from "../metrics/mmd.js";
import { slicedWasserstein } from "../metrics/sliced-wasserstein.js";
import { type GaussianMixture, gmmScore } from "../oracles/gmm.js";
import type { GaussianPath } from "../processes/gaussian-path.js";
import { resolveProcess } from "../registries.js";
import { sample } from "../sample.js";
import type { SamplerOptions } from "../samplers/types.js";
import "../register-processes.js";

/** One row of the contract table. */
export interface SamplerContractCase {
  sampler: string;
  /** Steps giving a discretisation bias below the Monte-Carlo noise at n = 1000. */
  steps: number;
  /** Path name (default `vp-linear`). */
  path?: string;
  options?: Partial<SamplerOptions>;
  /** Extra absolute allowance for discretisation bias, added to every tolerance (default 0). */
  bias?: number;
}

/**
 * The built-in sampler table (one row per registered sampler; SDE samplers need more steps: their weak error
 * is first order with a large constant near t = 0).
 * @example
 * ```ts
 * describe.each(SAMPLER_CONTRACT_CASES)("$sampler", (c) => it("matches", () => assertSamplerMatchesGmm(c)));
 * ```
 */
export const SAMPLER_CONTRACT_CASES: readonly SamplerContractCase[] = [
  { sampler: "ddpm", steps: 120 },
  { sampler: "ddim", steps: 50, options: { eta: 0 } },
  { sampler: "ddim", steps: 100, options: { eta: 1 }, path: "vp-cosine" },
  { sampler: "euler-maruyama", steps: 150 },
  { sampler: "predictor-corrector", steps: 80, options: { correctorSteps: 1, snr: 0.1 }, path: "ve" },
  { sampler: "euler", steps: 50, path: "flow-linear" },
  { sampler: "heun", steps: 20, path: "flow-linear" },
  { sampler: "rk4", steps: 8, path: "flow-trig" },
  { sampler: "rk45", steps: 5, path: "interpolant" },
  { sampler: "edm-heun", steps: 30, path: "edm" },
  { sampler: "edm-stochastic", steps: 40, path: "edm", options: { churn: 20 } },
  { sampler: "dpm-solver-1", steps: 50 },
  { sampler: "dpm-solver-2", steps: 24, path: "sub-vp" },
  { sampler: "dpm-solver-3", steps: 10 },
  { sampler: "dpm-solver++2m", steps: 25 },
  { sampler: "dpm-solver++3m", steps: 20, path: "vp-cosine" },
  { sampler: "unipc", steps: 20, options: { order: 2 } },
];

/**
 * The contract's target: a 3-component 2-D mixture with one anisotropic component (weights 0.2/0.5/0.3).
 * @example
 * ```ts
 * contractGmm().moments().mean; // [0.6, 0.4]
 * ```
 */
export function contractGmm(): GaussianMixture {
  return gmmScore(
    [0.2, 0.5, 0.3],
    [
      [-2, -1],
      [2, 0],
      [0, 2],
    ],
    [
      0.2,
      [
        [0.3, 0.1],
        [0.1, 0.2],
      ],
      0.1,
    ],
  );
}

/** Outcome of {@link checkSamplerOnGmm}: each statistic, its tolerance, and whether all passed. */
export interface SamplerContractReport {
  sampler: string;
  path: string;
  nfe: number;
  n: number;
  /** max_i |mean_i - truth_i| and its tolerance (4 standard errors + bias). */
  meanError: number;
  meanTol: number;
  /** max_ij |cov_ij - truth_ij| and its tolerance (4 standard errors of the product moments + bias). */
  covError: number;
  covTol: number;
  /** max_k |fraction assigned to mode k - that of fresh samples| and its tolerance (4 SE of the difference). */
  weightError: number;
  weightTol: number;
  /** Sliced W2 to fresh samples vs the null threshold (mean + 4 sd over 6 fresh-vs-fresh pairs) + bias. */
  sw: number;
  swTol: number;
  /** Unbiased MMD^2 (RBF) to fresh samples (first 500 of each) vs null threshold. */
  mmd: number;
  mmdTol: number;
  /** Tensors left behind besides the returned samples. */
  leaked: number;
  passed: boolean;
  message: string;
}

function modeFractions(g: GaussianMixture, path: GaussianPath, x: tf.Tensor): Float64Array {
  const r = tf.tidy(() => tf.argMax(g.responsibilities(path, x, 0), 1));
  const idx = r.dataSync();
  r.dispose();
  const out = new Float64Array(g.weights.length);
  for (const k of idx) out[k]! += 1 / idx.length;
  return out;
}

const nullCache = new Map<string, { sw: number; mmd: number }>();

/** Null thresholds (mean + 4 sd over 6 independent fresh-vs-fresh pairs), cached per (n, m, seed). */
function nullThresholds(g: GaussianMixture, n: number, m: number, seed: number): { sw: number; mmd: number } {
  const key = `${n}/${m}/${seed}`;
  const hit = nullCache.get(key);
  if (hit) return hit;
  const rng = prng([seed, 7]);
  const rows = (f: Float64Array, len: number) =>
    Array.from({ length: len }, (_, i) => [f[2 * i]!, f[2 * i + 1]!]);
  const sws: number[] = [];
  const mmds: number[] = [];
  for (let k = 0; k < 6; k++) {
    const a = g.sampleArray(n, rng.fold(10 + k));
    const b = g.sampleArray(n, rng.fold(20 + k));
    sws.push(slicedWasserstein(rows(a, n), rows(b, n), { rng: rng.fold(30 + k), projections: 64 }));
    mmds.push(mmdRbf(rows(a, m), rows(b, m)));
  }
  const thr = (v: number[]) => {
    const mu = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mu) ** 2, 0) / (v.length - 1));
    return mu + 4 * sd;
  };
  const out = { sw: thr(sws), mmd: thr(mmds) };
  nullCache.set(key, out);
  return out;
}

/**
 * Sample the contract mixture with `c.sampler` from its exact score and compare moments, mode weights, sliced
 * Wasserstein and MMD against the truth / fresh samples, with tolerances set by the Monte-Carlo standard errors
 * at sample size `n` (default 1000).
 * @example
 * ```ts
 * const rep = checkSamplerOnGmm({ sampler: "dpm-solver++2m", steps: 25 });
 * rep.passed; // true
 * ```
 */
export function checkSamplerOnGmm(c: SamplerContractCase, n = 1000, seed = 0): SamplerContractReport {
  const g = contractGmm();
  const path = resolveProcess(c.path ?? "vp-linear");
  const model = g.model(path);
  const bias = c.bias ?? 0;
  const rng = prng(seed);
  const before = tf.memory().numTensors;
  const res = sample(model, {
    ...c.options,
    sampler: c.sampler,
    steps: c.steps,
    n,
    shape: [2],
    rng: rng.fold(1),
  });
  const leaked = tf.memory().numTensors - before - 1;
  const xs = res.samples.arraySync() as number[][];
  const fresh = g.sample(n, rng.fold(2));
  const truth = g.moments();
  const est = meanCov(xs);
  // Standard errors from the true law (estimated on fresh samples): mean_i: sqrt(S_ii/n);
  // cov_ij: sd((x_i - m_i)(x_j - m_j)) / sqrt(n).
  const fr = fresh.arraySync() as number[][];
  let meanErr = 0;
  let meanTol = 0;
  let covErr = 0;
  let covTol = 0;
  for (let i = 0; i < 2; i++) {
    meanErr = Math.max(meanErr, Math.abs(est.mean[i]! - truth.mean[i]!));
    meanTol = Math.max(meanTol, 4 * Math.sqrt(truth.cov[i * 2 + i]! / n));
    for (let j = 0; j < 2; j++) {
      covErr = Math.max(covErr, Math.abs(est.cov[i * 2 + j]! - truth.cov[i * 2 + j]!));
      let s1 = 0;
      let s2 = 0;
      for (const r of fr) {
        const p = (r[i]! - truth.mean[i]!) * (r[j]! - truth.mean[j]!);
        s1 += p;
        s2 += p * p;
      }
      const v = s2 / n - (s1 / n) ** 2;
      covTol = Math.max(covTol, 4 * Math.sqrt(v / n));
    }
  }
  const fs = modeFractions(g, path, res.samples);
  const ff = modeFractions(g, path, fresh);
  let wErr = 0;
  let wTol = 0;
  for (let k = 0; k < fs.length; k++) {
    wErr = Math.max(wErr, Math.abs(fs[k]! - ff[k]!));
    wTol = Math.max(wTol, 4 * Math.sqrt((2 * ff[k]! * (1 - ff[k]!)) / n));
  }
  const sw = slicedWasserstein(xs, fr, { rng: rng.fold(3), projections: 64 });
  const m = Math.min(n, 500);
  const mmd = mmdRbf(xs.slice(0, m), fr.slice(0, m));
  const { sw: swNull, mmd: mmdNull } = nullThresholds(g, n, m, seed);
  const swTol = swNull + bias;
  const mmdTol = mmdNull + bias * bias;
  tf.dispose([res.samples, fresh]);
  g.dispose();
  const checks: [string, number, number][] = [
    ["mean", meanErr, meanTol + bias],
    ["covariance", covErr, covTol + bias],
    ["mode weights", wErr, wTol + bias],
    ["sliced W2", sw, swTol],
    ["MMD^2", mmd, mmdTol],
  ];
  const failed = checks.filter(([, v, t]) => !(v <= t));
  if (res.status !== "success") failed.push(["status", Number.NaN, 0]);
  if (leaked > 0) failed.push(["tensor leak", leaked, 0]);
  return {
    sampler: c.sampler,
    path: path.name,
    nfe: res.nfe,
    n,
    meanError: meanErr,
    meanTol: meanTol + bias,
    covError: covErr,
    covTol: covTol + bias,
    weightError: wErr,
    weightTol: wTol + bias,
    sw,
    swTol,
    mmd,
    mmdTol,
    leaked,
    passed: failed.length === 0,
    message:
      failed.length === 0
        ? `${c.sampler} on ${path.name}: all statistics within tolerance (${res.nfe} NFE)`
        : `${c.sampler} on ${path.name} (${res.nfe} NFE) failed: ${failed
            .map(
              ([k, v, t]) => `${k} ${Number.isNaN(v) ? res.message : v.toPrecision(3)} > ${t.toPrecision(3)}`,
            )
            .join("; ")}`,
  };
}

/**
 * {@link checkSamplerOnGmm}, throwing an Error with every failed statistic.
 * @example
 * ```ts
 * assertSamplerMatchesGmm({ sampler: "edm-heun", steps: 30, path: "edm" });
 * ```
 */
export function assertSamplerMatchesGmm(c: SamplerContractCase, n = 1000, seed = 0): SamplerContractReport {
  const r = checkSamplerOnGmm(c, n, seed);
  if (!r.passed) throw new Error(r.message);
  return r;
}
