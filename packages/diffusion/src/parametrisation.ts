import { tf } from "@continuum/core-tensor";
import { checkTime, type GaussianPath } from "./processes/gaussian-path.js";

/**
 * What a network predicts: noise `eps`, clean data `x0`, `v = alpha eps - sigma x0` (Salimans & Ho 2022),
 * the `score` of `p_t`, or the probability-flow `velocity = alpha' x0 + sigma' eps`.
 */
export type Prediction = "eps" | "x0" | "v" | "score" | "velocity";

/**
 * The known predictions, for error messages.
 * @example
 * ```ts
 * PREDICTIONS; // ["eps", "x0", "v", "score", "velocity"]
 * ```
 */
export const PREDICTIONS: readonly Prediction[] = ["eps", "x0", "v", "score", "velocity"];

/**
 * A diffusion / flow model: a path, what the network predicts, and `apply(x [N, ...], t [N])`.
 * `apply` must not keep or dispose its inputs; it returns a new tensor owned by the caller.
 */
export interface DiffusionModel {
  readonly path: GaussianPath;
  readonly prediction: Prediction;
  apply(x: tf.Tensor, t: tf.Tensor): tf.Tensor;
}

/**
 * Check a prediction name.
 * @example
 * ```ts
 * checkPrediction("eps", "dsmLoss"); // "eps"
 * checkPrediction("noise", "dsmLoss"); // throws listing eps, x0, v, score, velocity
 * ```
 */
export function checkPrediction(p: unknown, where: string): Prediction {
  if (!PREDICTIONS.includes(p as Prediction))
    throw new Error(`${where}: prediction must be one of ${PREDICTIONS.join(", ")}, received ${String(p)}`);
  return p as Prediction;
}

/**
 * Per-sample coefficient tensor of shape `[N, 1, ..., 1]` matching `rank` (for broadcasting over samples).
 * @example
 * ```ts
 * perSample([0.5, 2], 4).shape; // [2, 1, 1, 1]
 * ```
 */
export function perSample(values: ArrayLike<number>, rank: number): tf.Tensor {
  const n = values.length;
  return tf.tensor(Float32Array.from(values as ArrayLike<number>), [n, ...new Array(rank - 1).fill(1)]);
}

function coeffs(path: GaussianPath, ts: ArrayLike<number>) {
  const n = ts.length;
  const a = new Float64Array(n);
  const s = new Float64Array(n);
  const da = new Float64Array(n);
  const ds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = path.alpha(ts[i]!);
    s[i] = path.sigma(ts[i]!);
    da[i] = path.dAlpha(ts[i]!);
    ds[i] = path.dSigma(ts[i]!);
  }
  return { a, s, da, ds };
}

/**
 * Convert a prediction of kind `from` at `(x, t)` into the clean-data estimate `D(x, t) = E[x0 | x_t = x]`.
 * `t` holds one time per row. Runs in `tf.tidy`.
 * @example
 * ```ts
 * // eps-prediction at alpha = 0.6, sigma = 0.8: D = (x - 0.8 eps) / 0.6
 * predictionToDenoised(path, "eps", eps, x, ts);
 * ```
 */
export function predictionToDenoised(
  path: GaussianPath,
  from: Prediction,
  out: tf.Tensor,
  x: tf.Tensor,
  ts: ArrayLike<number>,
): tf.Tensor {
  if (from === "x0") return tf.clone(out);
  return tf.tidy(() => {
    const { a, s, da, ds } = coeffs(path, ts);
    const r = x.rank;
    const n = ts.length;
    const A = perSample(a, r);
    const S = perSample(s, r);
    switch (from) {
      case "eps":
        return tf.div(tf.sub(x, tf.mul(S, out)), A);
      case "score":
        return tf.div(tf.add(x, tf.mul(tf.square(S), out)), A);
      case "v": {
        const num = tf.sub(tf.mul(A, x), tf.mul(S, out));
        return tf.div(num, tf.add(tf.square(A), tf.square(S)));
      }
      case "velocity": {
        const det = new Float64Array(n);
        for (let i = 0; i < n; i++) det[i] = a[i]! * ds[i]! - s[i]! * da[i]!;
        const num = tf.sub(tf.mul(perSample(ds, r), x), tf.mul(S, out));
        return tf.div(num, perSample(det, r));
      }
      default:
        throw new Error(`predictionToDenoised: unknown prediction '${String(from)}'`);
    }
  });
}

/**
 * Convert a prediction of kind `from` at `(x, t)` into the noise estimate `eps^ = (x - alpha D) / sigma`
 * (one time per row, each with sigma > 0), avoiding the difference `x - alpha D` where the prediction allows:
 * `eps` is returned as is, `score` as `-sigma score`, `v` as `(sigma x + alpha v) / (alpha^2 + sigma^2)` and
 * `velocity` as `(alpha u - alpha' x) / (alpha sigma' - alpha' sigma)`. Only `x0` goes through `x - alpha D`,
 * which loses all float32 digits once sigma^2 is below ~1e-7 |x| / |score| (sub-VP at t = 1e-3: sigma = 1e-4).
 * Runs in `tf.tidy`; the caller owns the result.
 * @example
 * ```ts
 * // eps-prediction: returned unchanged; x0-prediction at alpha = 0.6, sigma = 0.8: (x - 0.6 D) / 0.8
 * predictionToNoise(path, "x0", D, x, ts);
 * ```
 */
export function predictionToNoise(
  path: GaussianPath,
  from: Prediction,
  out: tf.Tensor,
  x: tf.Tensor,
  ts: ArrayLike<number>,
): tf.Tensor {
  if (from === "eps") return tf.clone(out);
  return tf.tidy(() => {
    const { a, s, da, ds } = coeffs(path, ts);
    const r = x.rank;
    const n = ts.length;
    const A = perSample(a, r);
    const S = perSample(s, r);
    switch (from) {
      case "score":
        return tf.neg(tf.mul(S, out));
      case "x0":
        return tf.div(tf.sub(x, tf.mul(A, out)), S);
      case "v":
        return tf.div(tf.add(tf.mul(S, x), tf.mul(A, out)), tf.add(tf.square(A), tf.square(S)));
      case "velocity": {
        const det = new Float64Array(n);
        for (let i = 0; i < n; i++) det[i] = a[i]! * ds[i]! - da[i]! * s[i]!;
        return tf.div(tf.sub(tf.mul(A, out), tf.mul(perSample(da, r), x)), perSample(det, r));
      }
      default:
        throw new Error(`predictionToNoise: unknown prediction '${String(from)}'`);
    }
  });
}

/**
 * The regression target of prediction kind `kind` for a training pair `x_t = alpha x0 + sigma eps`.
 * Runs in `tf.tidy`.
 * @example
 * ```ts
 * predictionTarget(path, "velocity", x0, eps, ts); // alpha' x0 + sigma' eps
 * ```
 */
export function predictionTarget(
  path: GaussianPath,
  kind: Prediction,
  x0: tf.Tensor,
  eps: tf.Tensor,
  ts: ArrayLike<number>,
): tf.Tensor {
  return tf.tidy(() => {
    const { a, s, da, ds } = coeffs(path, ts);
    const r = x0.rank;
    switch (kind) {
      case "eps":
        return tf.clone(eps);
      case "x0":
        return tf.clone(x0);
      case "v":
        return tf.sub(tf.mul(perSample(a, r), eps), tf.mul(perSample(s, r), x0));
      case "score":
        return tf.neg(tf.div(eps, perSample(s, r)));
      case "velocity":
        return tf.add(tf.mul(perSample(da, r), x0), tf.mul(perSample(ds, r), eps));
      default:
        throw new Error(`predictionTarget: unknown prediction '${String(kind)}'`);
    }
  });
}

/**
 * Evaluate a model as a denoiser at one shared time `t`: `D(x, t)`. Runs in `tf.tidy`.
 * @example
 * ```ts
 * const d = denoise(gmmModel(gmm, vpLinear()), x, 0.3);
 * ```
 */
export function denoise(model: DiffusionModel, x: tf.Tensor, t: number): tf.Tensor {
  checkTime(model.path, t, "denoise: t");
  return tf.tidy(() => {
    const n = x.shape[0]!;
    const ts = new Float64Array(n).fill(t);
    const out = model.apply(x, tf.fill([n], t));
    if (!tf.util.arraysEqual(out.shape, x.shape))
      throw new Error(
        `model.apply returned shape [${out.shape}] for input [${x.shape}]; the data dimension of the model and the data must match`,
      );
    return predictionToDenoised(model.path, model.prediction, out, x, ts);
  });
}

/** Check `t` is in the path's range with `sigma(t) > 0` (velocity and score divide by sigma). */
function positiveSigma(path: GaussianPath, t: number, where: string): void {
  checkTime(path, t, `${where}: t`);
  if (!(path.sigma(t) > 0))
    throw new Error(
      `${where}: t must have sigma(t) > 0 (the ${where} divides by sigma), received t = ${t} with sigma = ${path.sigma(t)}`,
    );
}

/**
 * Probability-flow velocity `dx/dt = alpha' D + sigma' (x - alpha D)/sigma` at one time (needs sigma(t) > 0).
 * Runs in `tf.tidy`.
 * @example
 * ```ts
 * velocity(model, x, 0.5); // the PF-ODE drift (= the flow-matching velocity)
 * ```
 */
export function velocity(model: DiffusionModel, x: tf.Tensor, t: number): tf.Tensor {
  positiveSigma(model.path, t, "velocity");
  return tf.tidy(() => {
    const p = model.path;
    const a = p.alpha(t);
    const s = p.sigma(t);
    const D = denoise(model, x, t);
    const eps = tf.div(tf.sub(x, tf.mul(D, a)), s);
    return tf.add(tf.mul(D, p.dAlpha(t)), tf.mul(eps, p.dSigma(t)));
  });
}

/**
 * Evaluate a model as a noise predictor at one shared time `t` (needs sigma(t) > 0):
 * `eps^ = (x - alpha D) / sigma`, converted without that difference where the prediction allows (see
 * {@link predictionToNoise}). Runs in `tf.tidy`.
 * @example
 * ```ts
 * noise(model, x, 0.5); // E[eps | x_t = x]
 * ```
 */
export function noise(model: DiffusionModel, x: tf.Tensor, t: number): tf.Tensor {
  positiveSigma(model.path, t, "noise");
  return tf.tidy(() => {
    const n = x.shape[0]!;
    const ts = new Float64Array(n).fill(t);
    const out = model.apply(x, tf.fill([n], t));
    if (!tf.util.arraysEqual(out.shape, x.shape))
      throw new Error(
        `model.apply returned shape [${out.shape}] for input [${x.shape}]; the data dimension of the model and the data must match`,
      );
    return predictionToNoise(model.path, model.prediction, out, x, ts);
  });
}

/**
 * Score `grad log p_t(x) = -eps^ / sigma = (alpha D - x) / sigma^2` at one time, from {@link noise} (so an
 * eps-, score- or v-model keeps its precision at small sigma). Runs in `tf.tidy`.
 * @example
 * ```ts
 * score(model, x, 0.5);
 * ```
 */
export function score(model: DiffusionModel, x: tf.Tensor, t: number): tf.Tensor {
  positiveSigma(model.path, t, "score");
  return tf.tidy(() => tf.div(noise(model, x, t), -model.path.sigma(t)));
}
