import { assertFinite, type Module, tf } from "@continuum/core-tensor";
import { mseLoss, relativeL2Loss } from "./losses.js";

/** A loss option of the training functions: a name or `(pred, target) => scalar`. */
export type OperatorLossOption = "relativeL2" | "mse" | ((pred: tf.Tensor, target: tf.Tensor) => tf.Scalar);

/**
 * Check a training set `{ inputs, targets }` (same sample axis, finite values) and return its sample count;
 * errors name `where`. Internal to the training functions.
 * @example
 * ```ts
 * const n = checkOperatorData(data, "trainOperator"); // 1000
 * ```
 */
export function checkOperatorData(data: { inputs: tf.Tensor; targets: tf.Tensor }, where: string): number {
  const N = data?.inputs?.shape[0];
  if (!N || data.targets?.shape[0] !== N)
    throw new Error(
      `${where}: data.inputs and data.targets must share the sample axis, received [${data?.inputs?.shape}] and [${data?.targets?.shape}]`,
    );
  assertFinite(data.inputs, `${where}: data.inputs`);
  assertFinite(data.targets, `${where}: data.targets`);
  return N;
}

/**
 * The loss function of a `lossFn` option (default relative L2); an unknown name throws naming `where`.
 * @example
 * ```ts
 * const loss = resolveOperatorLoss("mse", "trainOperator"); // mseLoss
 * ```
 */
export function resolveOperatorLoss(
  lossFn: OperatorLossOption | undefined,
  where: string,
): (pred: tf.Tensor, target: tf.Tensor) => tf.Scalar {
  if (typeof lossFn === "function") return lossFn;
  if ((lossFn ?? "relativeL2") === "relativeL2") return relativeL2Loss;
  if (lossFn === "mse") return mseLoss;
  throw new Error(
    `${where}: options.lossFn must be "relativeL2", "mse" or a function, received ${String(lossFn)}`,
  );
}

/**
 * For the named losses (which refuse to broadcast), check before training that the model maps one input sample
 * to the targets' sample shape, with one forward pass outside any gradient tape: a loss that throws inside
 * `tf.variableGrads` would leave the tape's tensors behind. Custom loss functions are trusted with any shapes.
 * @example
 * ```ts
 * checkModelOutputShape(model, data, "relativeL2", "trainOperator"); // throws when [1, S, 1] ≠ [1, S, 2]
 * ```
 */
export function checkModelOutputShape<P>(
  model: Module<P>,
  data: { inputs: tf.Tensor; targets: tf.Tensor },
  lossFn: OperatorLossOption | undefined,
  where: string,
): void {
  if (typeof lossFn === "function") return;
  const out = tf.tidy(() => model.apply(model.params, tf.slice(data.inputs, 0, 1)).shape);
  const want = [1, ...data.targets.shape.slice(1)];
  if (out.join() !== want.join())
    throw new Error(
      `${where}: the model maps one input sample [${[1, ...data.inputs.shape.slice(1)]}] to [${out}], but the ` +
        `targets have sample shape [${want}]; the ${lossFn ?? "relativeL2"} loss needs equal shapes (reshape the targets)`,
    );
}
