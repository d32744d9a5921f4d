import { type Rng, tf } from "@continuum/core-tensor";
import type { DiffusionModel } from "../parametrisation.js";
import { perSample, predictionToDenoised } from "../parametrisation.js";
import { checkBatch, checkRng, weightedMse } from "./common.js";

/** Options of {@link edmLoss}. */
export interface EdmLossOptions {
  rng: Rng;
  /** Log-normal noise distribution `ln sigma ~ N(pMean, pStd^2)` (defaults -1.2, 1.2). */
  pMean?: number;
  pStd?: number;
  /** Data standard deviation (default 0.5). */
  sigmaData?: number;
}

/**
 * EDM training loss (Karras et al. 2022, Eq. 8 and Table 1): `ln sigma ~ N(pMean, pStd^2)`,
 * `lambda(sigma) = (sigma^2 + sd^2) / (sigma sd)^2`, loss `lambda |D(x0 + sigma n; sigma) - x0|^2`. The model
 * lives on an `edm()` path (t = sigma; any prediction kind, converted to D); with {@link edmDenoiser}
 * preconditioning the effective target has unit variance. Sigmas are clipped to the path's range.
 * @example
 * ```ts
 * edmLoss({ path: edm(), prediction: "x0", apply: edmDenoiser(edm(), net) }, batch, { rng: prng(0) });
 * ```
 */
export function edmLoss(model: DiffusionModel, x0: tf.Tensor, options: EdmLossOptions): tf.Tensor {
  const n = checkBatch(model, x0, "edmLoss");
  checkRng(options, "edmLoss");
  const p = model.path;
  if (p.family !== "edm") throw new Error(`edmLoss: model.path must be an 'edm' path, received '${p.name}'`);
  const pMean = options.pMean ?? -1.2;
  const pStd = options.pStd ?? 1.2;
  const sd = options.sigmaData ?? 0.5;
  if (!(sd > 0 && Number.isFinite(sd)))
    throw new Error(`edmLoss: options.sigmaData must be a finite number > 0, received ${sd}`);
  if (!Number.isFinite(pMean))
    throw new Error(`edmLoss: options.pMean must be a finite number, received ${pMean}`);
  if (!(pStd >= 0 && Number.isFinite(pStd)))
    throw new Error(`edmLoss: options.pStd must be a finite number >= 0, received ${pStd}`);
  const sig = Float64Array.from(options.rng.normalArray(n, pMean, pStd), (z) =>
    Math.min(p.tMax, Math.max(p.tLow, Math.exp(z))),
  );
  const w = Float64Array.from(sig, (s) => (s * s + sd * sd) / (s * sd) ** 2);
  return tf.tidy(() => {
    const xt = tf.add(x0, tf.mul(options.rng.normal(x0.shape), perSample(sig, x0.rank)));
    const out = model.apply(xt, tf.tensor1d(Float32Array.from(sig)));
    const D = predictionToDenoised(p, model.prediction, out, xt, sig);
    return weightedMse(D, x0, w);
  });
}
