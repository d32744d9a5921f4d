import { tf } from "@continuum/core-tensor";
import { stateless } from "../internal/leafwise.js";
import { nonNegative } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/**
 * Add `weightDecay·params` to the updates (decoupled weight decay when placed after the adaptive scaling,
 * Loshchilov & Hutter, 2019, "Decoupled Weight Decay Regularization"; L2 regularisation when placed first).
 * Requires `params` in `update`. Wrap in {@link maskedTransform} to exclude biases.
 * @example
 * ```ts
 * const adamwLike = chain(scaleByAdam(), addDecayedWeights(1e-2), scaleByLearningRate(1e-3));
 * ```
 */
export function addDecayedWeights(
  weightDecay: number,
): GradientTransformation<Readonly<Record<string, never>>> {
  const wd = nonNegative(weightDecay, "weightDecay", "addDecayedWeights");
  return stateless("addDecayedWeights", (g, p) => (wd === 0 ? g : tf.add(g, tf.mul(p!, wd))), {
    needsParams: true,
  });
}
