import { tf } from "@continuum/core-tensor";

/**
 * Throw unless `pred` and `target` have the same shape. Without this check TensorFlow.js broadcasting turns a
 * model output `[B, S, 1]` against targets `[B, S, 2]` (or `[B, 1]` against `[B]`) into a loss over a
 * broadcast product that trains silently towards the wrong thing; `torch.nn.MSELoss` warns in that case.
 */
function checkSameShape(pred: tf.Tensor, target: tf.Tensor, where: string): void {
  if (pred.shape.length !== target.shape.length || pred.shape.some((d, i) => d !== target.shape[i]))
    throw new Error(
      `${where}: pred and target must have the same shape, received pred [${pred.shape}] and target [${target.shape}]; ` +
        "reshape the targets to the model's output shape",
    );
}

/**
 * Relative L2 loss averaged over the batch: mean_b ‖pred_b − target_b‖₂ / ‖target_b‖₂ (the FNO `LpLoss`,
 * p = 2, with a 1e-12 guard on the denominator). `pred` and `target` must have the same shape (no broadcasting).
 *
 * @example
 * ```ts
 * relativeL2Loss(tf.tensor2d([[1, 1]]), tf.tensor2d([[1, 0]])); // 1
 * relativeL2Loss(tf.ones([4, 8, 1]), tf.ones([4, 8])); // throws: pred [4,8,1] and target [4,8] differ
 * ```
 */
export function relativeL2Loss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  checkSameShape(pred, target, "relativeL2Loss");
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
 * Mean squared error over all entries; `pred` and `target` must have the same shape (no broadcasting).
 * @example
 * ```ts
 * mseLoss(tf.tensor1d([1, 3]), tf.tensor1d([1, 1])); // 2
 * ```
 */
export function mseLoss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  checkSameShape(pred, target, "mseLoss");
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);
}
