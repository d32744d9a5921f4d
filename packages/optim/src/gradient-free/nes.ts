import { prng } from "@continuum/core-tensor";
import { clipToBox, commonOptions, numberOption, sanitize } from "./common.js";
import { populationShell } from "./population-shell.js";
import type { AskTell, AskTellOptions } from "./types.js";

/** Centred ranks in [−0.5, 0.5] (Salimans et al., 2017): the lowest value gets +0.5 (minimisation). */
function centredRanks(fs: Float64Array): Float64Array {
  const n = fs.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => fs[a]! - fs[b]!);
  const out = new Float64Array(n);
  idx.forEach((i, r) => {
    out[i] = 0.5 - r / Math.max(n - 1, 1);
  });
  return out;
}

/** Options of {@link openaiEs}. */
export interface OpenAiEsOptions extends AskTellOptions {
  /** Adam step size on the mean (default 0.1·sigma0·… = `sigma0/2`). */
  learningRate?: number;
  /** Stop after this many generations. */
  maxIter?: number;
}

/**
 * OpenAI-ES (Salimans et al., 2017, "Evolution Strategies as a Scalable Alternative to Reinforcement
 * Learning"): antithetic Gaussian perturbations `θ ± σε`, centred-rank fitness shaping, gradient estimate
 * `Σ uᵢεᵢ/(nσ)` followed by an Adam step on θ. σ = `sigma0` stays fixed.
 * @example
 * ```ts
 * const es = openaiEs({ x0: [1, 1], sigma0: 0.1, popSize: 20, seed: 0 });
 * ```
 */
export function openaiEs(options: OpenAiEsOptions): AskTell & { readonly mean: Float64Array } {
  const where = "openaiEs";
  const c = commonOptions(options, where, ["learningRate", "maxIter"]);
  const rng = prng(c.seed);
  let pop = options.popSize ?? 2 * (2 + Math.floor(1.5 * Math.log(c.n)) + 2);
  if (pop % 2) pop++;
  const lr = numberOption(options.learningRate, c.sigma0 / 2, "learningRate", where, { gt: 0 });
  const maxIter = numberOption(options.maxIter, Number.POSITIVE_INFINITY, "maxIter", where, {
    integer: true,
    ge: 0,
    finite: false,
  });
  const sigma = c.sigma0;
  let theta = Float64Array.from(c.x0);
  const m = new Float64Array(c.n);
  const v = new Float64Array(c.n);
  let eps: Float64Array[] = [];
  return populationShell(
    where,
    c,
    {
      ask() {
        eps = [];
        const xs: Float64Array[] = [];
        for (let k = 0; k < pop / 2; k++) {
          const e = rng.normalArray(c.n);
          eps.push(
            e,
            Float64Array.from(e, (z) => -z),
          );
        }
        for (const e of eps)
          xs.push(
            clipToBox(
              Float64Array.from(theta, (th, i) => th + sigma * e[i]!),
              c.lo,
              c.hi,
            ),
          );
        return xs;
      },
      tell(xs, fs, generation) {
        const u = centredRanks(Float64Array.from({ length: xs.length }, (_, i) => sanitize(fs[i]!)));
        const t = generation + 1;
        for (let i = 0; i < c.n; i++) {
          let g = 0;
          for (let k = 0; k < eps.length; k++) g += u[k]! * eps[k]![i]!;
          g = -g / (eps.length * sigma); // ascent on the shaped fitness = descent on f
          m[i] = 0.9 * m[i]! + 0.1 * g;
          v[i] = 0.999 * v[i]! + 0.001 * g * g;
          const mh = m[i]! / (1 - 0.9 ** t);
          const vh = v[i]! / (1 - 0.999 ** t);
          theta[i] = theta[i]! - (lr * mh) / (Math.sqrt(vh) + 1e-8);
        }
        theta = clipToBox(theta, c.lo, c.hi);
      },
      stop(t) {
        return t >= maxIter ? `maxIter: ${t} generations` : null;
      },
    },
    {
      get mean() {
        return theta;
      },
    },
  );
}

/** Options of {@link snes}. */
export interface SnesOptions extends AskTellOptions {
  /** Mirrored (antithetic) sampling (default true). */
  antithetic?: boolean;
  /** Stop when every σᵢ is below this (default 1e-12). */
  tolSigma?: number;
}

/**
 * Separable natural evolution strategy (Schaul, Glasmachers & Schmidhuber, 2011, "High Dimensions and Heavy
 * Tails for Natural Evolution Strategies"): Gaussian search distribution with per-coordinate σ, utility-based
 * fitness shaping `uₖ ∝ max(0, ln(λ/2 + 1) − ln k) − 1/λ`, natural-gradient updates with `η_μ = 1`,
 * `η_σ = (3 + ln n)/(5√n)`; antithetic sampling optional.
 * @example
 * ```ts
 * const es = snes({ x0: [3, -2], sigma0: 1, seed: 0 });
 * ```
 */
export function snes(
  options: SnesOptions,
): AskTell & { readonly mean: Float64Array; readonly sigma: Float64Array } {
  const where = "snes";
  const c = commonOptions(options, where, ["antithetic", "tolSigma"]);
  const rng = prng(c.seed);
  const anti = options.antithetic ?? true;
  let lambda = options.popSize ?? 4 + Math.floor(3 * Math.log(c.n));
  if (anti && lambda % 2) lambda++;
  const etaMu = 1;
  const etaSigma = (3 + Math.log(c.n)) / (5 * Math.sqrt(c.n));
  const util = Float64Array.from({ length: lambda }, (_, k) =>
    Math.max(0, Math.log(lambda / 2 + 1) - Math.log(k + 1)),
  );
  const us = util.reduce((s, u) => s + u, 0);
  for (let k = 0; k < lambda; k++) util[k] = util[k]! / us - 1 / lambda;
  let mu = Float64Array.from(c.x0);
  const sigma = new Float64Array(c.n).fill(c.sigma0);
  let zs: Float64Array[] = [];
  const tolSigma = numberOption(options.tolSigma, 1e-12, "tolSigma", where, { ge: 0 });
  return populationShell(
    where,
    c,
    {
      ask() {
        zs = [];
        while (zs.length < lambda) {
          const z = rng.normalArray(c.n);
          zs.push(z);
          if (anti) zs.push(Float64Array.from(z, (v) => -v));
        }
        return zs.map((z) =>
          clipToBox(
            Float64Array.from(mu, (m, i) => m + sigma[i]! * z[i]!),
            c.lo,
            c.hi,
          ),
        );
      },
      tell(xs, fs) {
        const idx = Array.from({ length: xs.length }, (_, i) => i).sort(
          (a, b) => sanitize(fs[a]!) - sanitize(fs[b]!),
        );
        const gm = new Float64Array(c.n);
        const gs = new Float64Array(c.n);
        idx.forEach((k, r) => {
          const z = zs[k]!;
          for (let i = 0; i < c.n; i++) {
            gm[i] = gm[i]! + util[r]! * z[i]!;
            gs[i] = gs[i]! + util[r]! * (z[i]! * z[i]! - 1);
          }
        });
        mu = clipToBox(
          Float64Array.from(mu, (m, i) => m + etaMu * sigma[i]! * gm[i]!),
          c.lo,
          c.hi,
        );
        for (let i = 0; i < c.n; i++) sigma[i] = sigma[i]! * Math.exp((etaSigma / 2) * gs[i]!);
      },
      stop() {
        return sigma.every((s) => s < tolSigma) ? `tolSigma: every sigma below ${tolSigma}` : null;
      },
    },
    {
      get mean() {
        return mu;
      },
      get sigma() {
        return sigma;
      },
    },
  );
}
