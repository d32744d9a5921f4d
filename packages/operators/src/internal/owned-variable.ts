import { tf } from "@continuum/core-tensor";

/**
 * A trainable variable that takes over `initial`: `tf.variable` shares the tensor's data but leaves the tensor
 * itself alive, so the starting tensor is disposed here (otherwise every model would leave it behind).
 */
export function ownedVariable(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}
