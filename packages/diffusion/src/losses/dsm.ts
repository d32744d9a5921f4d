import { type Rng, tf } from "@continuum/core-tensor";
import { checkPrediction, type DiffusionModel, perSample, predictionTarget } from "../parametrisation.js";
import type { GaussianPath } from "../processes/gaussian-path.js";
import { checkBatch, checkRng, uniformTimes, weightedMse } from "./common.js";

/** Loss weighting `w(t)`: a name or a function of `(t, alpha, sigma)`. */
export type Weighting =
  | "none"
  | "snr"
  | "min-snr"
  | "likelihood"
  | ((t: number, alpha: number, sigma: number) => number);

/** Options of {@link dsmLoss}. */
export interface DsmOptions {
  rng: Rng;
  /** Per-sample weight multiplying the squared error in the model's prediction space (default `none`). */
  weighting?: Weighting;
  /** gamma of min-SNR weighting (Hang et al. 2023), default 5. */
  minSnrGamma?: number;
  /** Training time range (default `[path.tLow, path.tMax]`). */
  tRange?: [number, number];
}

function weightOf(w: Weighting, path: GaussianPath, t: number, gamma: number): number {
  const a = path.alpha(t);
  const s = path.sigma(t);
  if (typeof w === "function") return w(t, a, s);
  const snr = (a * a) / (s * s);
  switch (w) {
    case "none":
      return 1;
    case "snr":
      return snr;
    case "min-snr":
      return Math.min(snr, gamma);
    case "likelihood": {
      // Song et al. 2021 "maximum likelihood training": lambda(t) = g(t)^2 on the score error.
      const f = path.dAlpha(t) / a;
      return 2 * s * path.dSigma(t) - 2 * f * s * s;
    }
    default:
      throw new Error(
        `dsmLoss: unknown options.weighting '${String(w)}'; known: none, snr, min-snr, likelihood, or a function`,
      );
  }
}

/**
 * Denoising score matching (Vincent 2011; Ho et al. 2020; Song et al. 2021): draw `t ~ U(tRange)`,
 * `eps ~ N(0, I)`, form `x_t = alpha x0 + sigma eps` and regress the model output onto the target of its
 * prediction kind (`eps`, `x0`, `v = alpha eps - sigma x0`, `score = -eps/sigma`, `velocity = alpha' x0 +
 * sigma' eps`), weighted per sample. Returns a scalar tensor (differentiable in the model's parameters).
 * @example
 * ```ts
 * const loss = dsmLoss(model, batch, { rng: prng(0), weighting: "min-snr" });
 * ```
 */
export function dsmLoss(model: DiffusionModel, x0: tf.Tensor, options: DsmOptions): tf.Tensor {
  const n = checkBatch(model, x0, "dsmLoss");
  checkRng(options, "dsmLoss");
  checkPrediction(model.prediction, "dsmLoss");
  const p = model.path;
  const [lo, hi] = options.tRange ?? [p.tLow, p.tMax];
  if (!(lo >= p.tMin && hi <= p.tMax && lo < hi))
    throw new Error(
      `dsmLoss: options.tRange must lie in [${p.tMin}, ${p.tMax}] with lo < hi, received [${lo}, ${hi}]`,
    );
  const ts = uniformTimes(options.rng, n, lo, hi);
  const wName = options.weighting ?? "none";
  const gamma = options.minSnrGamma ?? 5;
  if (!(gamma > 0 && Number.isFinite(gamma)))
    throw new Error(`dsmLoss: options.minSnrGamma must be a finite number > 0, received ${gamma}`);
  const w = wName === "none" ? null : Float64Array.from(ts, (t) => weightOf(wName, p, t, gamma));
  return tf.tidy(() => {
    const eps = options.rng.normal(x0.shape);
    const r = x0.rank;
    const xt = tf.add(
      tf.mul(
        x0,
        perSample(
          Float64Array.from(ts, (t) => p.alpha(t)),
          r,
        ),
      ),
      tf.mul(
        eps,
        perSample(
          Float64Array.from(ts, (t) => p.sigma(t)),
          r,
        ),
      ),
    );
    const target = predictionTarget(p, model.prediction, x0, eps, ts);
    const out = model.apply(xt, tf.tensor1d(Float32Array.from(ts)));
    return weightedMse(out, target, w);
  });
}
