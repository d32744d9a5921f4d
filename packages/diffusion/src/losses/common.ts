import { type Rng, tf } from "@continuum/core-tensor";
import type { DiffusionModel } from "../parametrisation.js";
import { checkFinite } from "../samplers/common.js";

/** Check a model and a data batch before a loss. */
export function checkBatch(model: DiffusionModel, x0: tf.Tensor, where: string): number {
  if (!model || typeof model.apply !== "function" || !model.path)
    throw new Error(`${where}: model must be a DiffusionModel { path, prediction, apply }`);
  if (!(x0 instanceof tf.Tensor) || x0.rank < 2 || x0.shape[0]! < 1)
    throw new Error(`${where}: x0 must be a [N, ...] tensor with N >= 1`);
  checkFinite(x0, `${where}: x0`);
  return x0.shape[0]!;
}

/** Require the loss's random stream (`options.rng`). */
export function checkRng(options: { rng?: Rng } | undefined, where: string): Rng {
  const rng = options?.rng;
  if (!rng || typeof rng.normal !== "function" || typeof rng.uniformArray !== "function")
    throw new Error(`${where}: options.rng (a prng stream) is required`);
  return rng;
}

/** Uniform times in [lo, hi] as float64. */
export function uniformTimes(rng: Rng, n: number, lo: number, hi: number): Float64Array {
  return rng.uniformArray(n, lo, hi);
}

/** Mean over rows of `w_i * mean_j (a - b)^2` (per-sample weights). */
export function weightedMse(a: tf.Tensor, b: tf.Tensor, w: ArrayLike<number> | null): tf.Tensor {
  return tf.tidy(() => {
    const n = a.shape[0]!;
    if (!tf.util.arraysEqual(a.shape, b.shape))
      throw new Error(
        `model output [${a.shape}] and target [${b.shape}] differ: the data dimension of the model and the data must match`,
      );
    const per = tf.mean(tf.reshape(tf.square(tf.sub(a, b)), [n, -1]), 1);
    return w ? tf.mean(tf.mul(per, tf.tensor1d(Float32Array.from(w)))) : tf.mean(per);
  });
}
