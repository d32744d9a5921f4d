import { tf } from "@continuum/core-tensor";
import { stateless } from "../internal/leafwise.js";
import { checkOptionNames, nonNegative } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByTrustRatio}. */
export interface ScaleByTrustRatioOptions {
  /** Lower bound of the parameter norm (default 0). */
  minNorm?: number;
  /** Multiplier of the ratio (default 1). */
  trustCoefficient?: number;
  /** Added to the update norm (default 0). */
  eps?: number;
}

/**
 * Layer-wise trust ratio of LARS/LAMB (You et al., 2020, "Large Batch Optimization for Deep Learning"):
 * each leaf's update is multiplied by `c·max(‖p‖, minNorm)/(‖u‖ + eps)`, or by 1 when either norm is 0.
 * Requires `params`.
 * @example
 * ```ts
 * const lambLike = chain(scaleByAdam({ eps: 1e-6 }), scaleByTrustRatio(), scaleByLearningRate(1e-3));
 * ```
 */
export function scaleByTrustRatio(
  options: ScaleByTrustRatioOptions = {},
): GradientTransformation<Readonly<Record<string, never>>> {
  const where = "scaleByTrustRatio";
  checkOptionNames(options, ["minNorm", "trustCoefficient", "eps"], where);
  const minNorm = nonNegative(options.minNorm ?? 0, "options.minNorm", where);
  const c = nonNegative(options.trustCoefficient ?? 1, "options.trustCoefficient", where);
  const eps = nonNegative(options.eps ?? 0, "options.eps", where);
  return stateless(
    where,
    (g, p) => {
      const pn = tf.maximum(tf.norm(p!), minNorm);
      const un = tf.norm(g);
      const ratio = tf.mul(tf.div(pn, tf.add(un, eps)), c);
      const ok = tf.logicalAnd(tf.greater(pn, 0), tf.greater(un, 0));
      return tf.mul(g, tf.where(ok, ratio, tf.onesLike(ratio)));
    },
    { needsParams: true },
  );
}
