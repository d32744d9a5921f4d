import { tf } from "@continuum/core-tensor";
import { matMul } from "./matmul.js";

/**
 * Complex per-mode channel mixing `Y_k = X_k W_k` written in real arithmetic:
 * `[Xr Xi] @ [[Wr, Wi], [−Wi, Wr]] = [Xr Wr − Xi Wi, Xr Wi + Xi Wr]`.
 *
 * @param x - `[M, B, 2·Ci]` (real parts of the Ci channels, then imaginary parts), one slice per mode.
 * @param wr - real weights `[M, Ci, Co]`; `wi` the imaginary weights, same shape.
 * @returns `[M, B, 2·Co]`.
 */
export function complexModeMix(x: tf.Tensor3D, wr: tf.Tensor3D, wi: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const top = tf.concat([wr, wi], 2);
    const bottom = tf.concat([tf.neg(wi), wr], 2);
    const w = tf.concat([top, bottom], 1) as tf.Tensor3D;
    return matMul(x, w) as tf.Tensor3D;
  });
}
