import { tf } from "@continuum/core-tensor";
import { stateless } from "../internal/leafwise.js";
import type { GradientTransformation } from "../types.js";

/**
 * Pass updates through unchanged (fresh tensors).
 * @example
 * ```ts
 * const noop = identity();
 * ```
 */
export function identity(): GradientTransformation<Readonly<Record<string, never>>> {
  return stateless("identity", (g) => tf.clone(g));
}

/**
 * Replace updates by zeros: freezes the parameters it is applied to (use inside {@link multiTransform}).
 * @example
 * ```ts
 * const opt = multiTransform({ train: adam(1e-3), frozen: setToZero() }, (path) => path.startsWith("encoder") ? "frozen" : "train");
 * ```
 */
export function setToZero(): GradientTransformation<Readonly<Record<string, never>>> {
  return stateless("setToZero", (g) => tf.zerosLike(g));
}
