/**
 * The single TensorFlow.js instance used by every Continuum package.
 *
 * Importing `tf` from `@continuum/core-tensor` (instead of `@tensorflow/tfjs` directly) guarantees that the
 * gradient fixes of this package are registered before any gradient is taken.
 *
 * @example
 * ```ts
 * import { tf } from "@continuum/core-tensor";
 * tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).print()); // 3
 * ```
 */
import * as tf from "@tensorflow/tfjs";
import "./register-gradients.js";
import "./register-wasm-kernels.js";

export { tf };
/** A TensorFlow.js tensor. */
export type Tensor = tf.Tensor;
