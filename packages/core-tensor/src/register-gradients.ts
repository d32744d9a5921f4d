/**
 * Re-registers the gradients of TensorFlow.js kernels whose stock gradient uses the kernel's saved *output*.
 *
 * Upstream tensorflow/tfjs#3252: a gradient computed from a saved output is not connected to the input on an
 * outer tape, so second derivatives through `tanh`, `exp`, `sigmoid`… throw or, worse, `variableGrads` of a loss
 * that contains a gradient comes back silently wrong. Each gradient here recomputes what it needs from the saved
 * *inputs* with differentiable ops, which makes `tf.grad`, `tf.grads`, `tf.variableGrads` correct to any order.
 *
 * Audit (tfjs-core 4.22, every gradient config): the ones saving outputs are Elu, Exp, LRN, LogSoftmax,
 * MaxPool, MaxPool3D, Max, Min, Pow, Sigmoid, Softmax, Tanh. Max/Min/MaxPool use the output only to build a
 * non-differentiable mask, so they are correct; LRN is not used by Continuum. The rest are replaced below.
 * Rsqrt's gradient goes through Pow, which is fixed here. Elu's gradient runs the EluGrad kernel, which has
 * no gradient of its own, so it is replaced by a differentiable formula. `tf.logSoftmax` is a `customGrad` op
 * whose gradient uses its saved output: use {@link logSoftmax} from this package for higher-order derivatives.
 */
import * as tf from "@tensorflow/tfjs";

type GradFunc = (
  dy: tf.Tensor,
  saved: tf.Tensor[],
  attrs: Record<string, unknown>,
) => Record<string, () => tf.Tensor>;

/** The kernels whose gradients this module replaces (checked by the tests). */
export const REREGISTERED_GRADIENTS: readonly string[] = [
  "Tanh",
  "Sigmoid",
  "Exp",
  "Elu",
  "Pow",
  "Softmax",
  "LogSoftmax",
  "Greater",
  "Less",
  "LessEqual",
  "Equal",
  "NotEqual",
  "LogicalAnd",
  "LogicalOr",
  "LogicalNot",
];

function register(kernelName: string, inputsToSave: string[], gradFunc: GradFunc): void {
  tf.registerGradient({ kernelName, inputsToSave, gradFunc: gradFunc as never });
}

let done = false;

/** Register the fixed gradients (idempotent; runs on import). */
export function registerHigherOrderGradients(): void {
  if (done) return;
  done = true;
  const prevDebug = tf.env().getBool("DEBUG");
  if (prevDebug) tf.env().set("DEBUG", false);
  register("Tanh", ["x"], (dy, [x]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x!)))) }));
  register("Sigmoid", ["x"], (dy, [x]) => ({
    x: () => {
      const s = tf.sigmoid(x!);
      return tf.mul(dy, tf.mul(s, tf.sub(1, s)));
    },
  }));
  register("Exp", ["x"], (dy, [x]) => ({ x: () => tf.mul(dy, tf.exp(x!)) }));
  register("Elu", ["x"], (dy, [x]) => ({
    x: () => tf.where(tf.greater(x!, 0), dy, tf.mul(dy, tf.exp(tf.minimum(x!, 0)))),
  }));
  register("Pow", ["a", "b"], (dy, [a, b]) => {
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a!.shape, b!.shape);
    const reduceTo = (g: tf.Tensor, shape: number[]) => {
      const axes = tf.backend_util.getReductionAxes(shape, outShape);
      return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
    };
    return {
      a: () => {
        const e = tf.cast(b!, "float32");
        return reduceTo(tf.mul(dy, tf.mul(e, tf.pow(a!, tf.sub(e, 1)))), a!.shape);
      },
      b: () => {
        const positive = tf.greater(a!, 0);
        const logA = tf.where(positive, tf.log(tf.where(positive, a!, tf.onesLike(a!))), tf.zerosLike(a!));
        return reduceTo(tf.mul(dy, tf.mul(tf.pow(a!, b!), logA)), b!.shape);
      },
    };
  });
  register("Softmax", ["logits"], (dy, [logits], attrs) => ({
    logits: () => {
      const dim = attrs.dim as number;
      const y = tf.softmax(logits!, dim);
      const dyY = tf.mul(dy, y);
      return tf.sub(dyY, tf.mul(tf.sum(dyY, [dim], true), y));
    },
  }));
  register("LogSoftmax", ["logits"], (dy, [logits], attrs) => ({
    logits: () => {
      const axis = attrs.axis as number | number[];
      const p = tf.softmax(logits!, Array.isArray(axis) ? axis[0] : axis);
      return tf.sub(dy, tf.mul(tf.sum(dy, axis, true), p));
    },
  }));
  // Comparisons and logical ops appear inside gradient formulas (masks); their derivative is zero almost
  // everywhere, but tfjs registers none, so a second derivative through e.g. Elu's or Relu's gradient threw.
  for (const k of ["Greater", "Less", "LessEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr"]) {
    register(k, ["a", "b"], (_dy, [a, b]) => ({ a: () => tf.zeros(a!.shape), b: () => tf.zeros(b!.shape) }));
  }
  register("LogicalNot", ["x"], (_dy, [x]) => ({ x: () => tf.zeros(x!.shape) }));
  if (prevDebug) tf.env().set("DEBUG", true);
}

registerHigherOrderGradients();
