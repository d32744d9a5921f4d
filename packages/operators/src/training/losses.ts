import { tf } from "@continuum/core-tensor";

/**
 * Relative L2 loss averaged over the batch: mean_b ‖pred_b − target_b‖₂ / ‖target_b‖₂ (the FNO `LpLoss`,
 * p = 2, with a 1e-12 guard on the denominator).
 *
 * @example
 * ```ts
 * relativeL2Loss(tf.tensor2d([[1, 1]]), tf.tensor2d([[1, 0]])); // 1
 * ```
 */
export function relativeL2Loss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const B = target.shape[0]!;
    const d = tf.reshape(tf.sub(pred, target), [B, -1]);
    const t = tf.reshape(target, [B, -1]);
    const num = tf.sqrt(tf.sum(tf.square(d), 1));
    const den = tf.sqrt(tf.add(tf.sum(tf.square(t), 1), 1e-12));
    return tf.mean(tf.div(num, den)) as tf.Scalar;
  });
}

/**
 * Mean squared error over all entries.
 * @example
 * ```ts
 * mseLoss(tf.tensor1d([1, 3]), tf.tensor1d([1, 1])); // 2
 * ```
 */
export function mseLoss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);
}
