/**
 * Re-registers the gradients of TensorFlow.js kernels whose stock gradient uses the kernel's saved *output*,
 * adds the gradients that tfjs lacks inside gradient formulas, and makes `tf.customGrad` ops right to any order.
 *
 * Upstream tensorflow/tfjs#3252: a gradient computed from a saved output is not connected to the input on an
 * outer tape (the engine records the Identity that saves the output *before* the node that produces it, so the
 * outer pass prunes it), so second derivatives through `tanh`, `exp`, `sigmoid`… throw or, worse,
 * `variableGrads` of a loss that contains a gradient comes back silently wrong. Each gradient here recomputes
 * what it needs from the saved *inputs* with differentiable ops, which makes `tf.grad`, `tf.grads`,
 * `tf.variableGrads` correct to any order.
 *
 * Audit (tfjs-core 4.22, all 101 gradient configs; the full table is `src/gradient-audit.test.ts`): the ones
 * saving outputs are Elu, Exp, LRN, LogSoftmax, MaxPool, MaxPool3D, Max, Min, Pow, Sigmoid, Softmax, Tanh.
 * Max/Min/MaxPool use the output only to build a non-differentiable mask, so they are correct; LRN is not used
 * by Continuum. The rest are replaced below. Rsqrt's gradient goes through Pow, which is fixed here. Elu's
 * gradient runs the EluGrad kernel, which has no gradient of its own, so it is replaced by a differentiable
 * formula. Conv2D's filter gradient runs Conv2DBackpropFilter, which had no gradient (second derivatives of
 * `conv1d`/`conv2d` with respect to the filter threw): registered here.
 *
 * `tf.customGrad`: the engine runs the forward function with the tape off, so tensors passed to `save()` (other
 * than the op's own inputs) are constants for an outer gradient, and higher derivatives through a custom op
 * (`tf.logSoftmax`, `tf.logSigmoid`, user ops) came back wrong. {@link registerHigherOrderGradients} replaces
 * the engine's `customGrad` by one that, when the backward pass is itself being recorded (a higher-order
 * derivative), re-runs the forward function with the tape on and hands the *recorded* saved tensors (and
 * closures) to `gradFunc`. First-order gradients are unchanged and cost nothing extra; higher orders cost one
 * extra forward per custom op. What stays impossible: a `gradFunc` that is itself not differentiable (reads data
 * with `dataSync`, builds tensors from JS arrays) gives a zero higher derivative, as in any framework.
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
  "Conv2DBackpropFilter",
  "Cumprod",
  "MirrorPad",
];

/** Stock gradient configs captured before re-registering (kernel name → config, `null` when tfjs had none). */
const STOCK_GRADIENTS = new Map<string, ReturnType<typeof tf.getGradient> | null>();
let stockCustomGrad: ((f: unknown) => unknown) | null = null;

function register(kernelName: string, inputsToSave: string[], gradFunc: GradFunc): void {
  if (!STOCK_GRADIENTS.has(kernelName)) STOCK_GRADIENTS.set(kernelName, tf.getGradient(kernelName) ?? null);
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
  // dW = Conv2DBackpropFilter(x, dy) is bilinear in (x, dy): its adjoints are the input-gradient and the forward
  // convolution with the filter-shaped cotangent.
  register("Conv2DBackpropFilter", ["x", "dy"], (ddw, [x, dy], attrs) => {
    const strides = attrs.strides as [number, number];
    const pad = attrs.pad as "same" | "valid";
    const rounding = attrs.dimRoundingMode as "round" | undefined;
    if (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC")
      throw new Error(`Conv2DBackpropFilter gradient: only NHWC is supported, received ${attrs.dataFormat}`);
    return {
      x: () =>
        tf.conv2dTranspose(
          dy as tf.Tensor4D,
          ddw as tf.Tensor4D,
          x!.shape as [number, number, number, number],
          strides,
          pad,
          rounding,
        ),
      dy: () => tf.conv2d(x as tf.Tensor4D, ddw as tf.Tensor4D, strides, pad, "NHWC", 1, rounding),
    };
  });
  // Cumprod (used by Prod's zero-safe gradient) has no gradient in tfjs, so second derivatives of `tf.prod`
  // threw. dL/dxᵢ = Σ_{k ∋ i} dyₖ yₖ / xᵢ = cumsum(dy·y, exclusive, !reverse)ᵢ / xᵢ: exact for non-zero xᵢ;
  // at an exact zero the division form is undefined and the gradient there is returned as 0.
  register("Cumprod", ["x"], (dy, [x], attrs) => ({
    x: () => {
      const axis = attrs.axis as number;
      const exclusive = attrs.exclusive as boolean;
      const reverse = attrs.reverse as boolean;
      const y = tf.cumprod(x!, axis, exclusive, reverse);
      const s = tf.cumsum(tf.mul(dy, y), axis, exclusive, !reverse);
      const zero = tf.equal(x!, 0);
      return tf.where(zero, tf.zerosLike(x!), tf.div(s, tf.where(zero, tf.onesLike(x!), x!)));
    },
  }));
  // MirrorPad: the stock gradient only slices the centre of dy and drops the reflected contributions (wrong
  // already at first order). Fold each padded border back onto the entries it mirrors, axis by axis.
  register("MirrorPad", ["x"], (dy, [x], attrs) => ({
    x: () => {
      const paddings = attrs.paddings as [number, number][];
      const offset = attrs.mode === "reflect" ? 1 : 0;
      let g = dy;
      paddings.forEach(([p0, p1], axis) => {
        if (p0 === 0 && p1 === 0) return;
        const n = x!.shape[axis]!;
        const at = (start: number, size: number) => {
          const begin = g.shape.map((_, a) => (a === axis ? start : 0));
          const sizes = g.shape.map((s, a) => (a === axis ? size : s));
          return tf.slice(g, begin, sizes);
        };
        const place = (t: tf.Tensor, before: number, after: number) =>
          tf.pad(
            t,
            t.shape.map((_, a) => (a === axis ? [before, after] : [0, 0]) as [number, number]),
          );
        let next = at(p0, n);
        if (p0 > 0) next = tf.add(next, place(tf.reverse(at(0, p0), axis), offset, n - offset - p0));
        if (p1 > 0) next = tf.add(next, place(tf.reverse(at(p0 + n, p1), axis), n - p1 - offset, offset));
        g = next;
      });
      return g;
    },
  }));
  patchCustomGrad();
  if (prevDebug) tf.env().set("DEBUG", true);
}

type CustomGradResult = {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => unknown;
  /**
   * Set by ops whose `gradFunc` reads only `dy`, the `saved` tensors and constants it keeps alive itself (never an
   * input through a closure): a first-order backward pass then uses the forward's saved tensors even when an
   * input has been disposed since, instead of re-running the forward.
   */
  savedOnly?: boolean;
};
type EngineInternals = {
  customGrad: (f: (...args: unknown[]) => CustomGradResult) => (...inputs: tf.Tensor[]) => tf.Tensor;
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (ts: tf.Tensor[]) => void) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
  isTapeOn(): boolean;
};

/**
 * Replace the engine's `customGrad` with a version that is right to any order (see the module comment). The
 * forward pass is unchanged; in the backward pass, when the engine is recording (an outer gradient is being
 * taken), the forward function is re-run with the tape on so that `gradFunc` sees tensors connected to the
 * inputs instead of the detached copies saved during the forward pass.
 */
function patchCustomGrad(): void {
  const engine = tf.engine() as unknown as EngineInternals;
  if (stockCustomGrad) return;
  stockCustomGrad = engine.customGrad.bind(engine) as never;
  engine.customGrad = function customGradAnyOrder(f) {
    if (typeof f !== "function") throw new Error("customGrad: f must be a function");
    return (...inputs: tf.Tensor[]) => {
      if (!inputs.every((t) => t instanceof tf.Tensor))
        throw new Error("customGrad: the arguments of the custom op must all be tensors");
      let res: CustomGradResult | undefined;
      const inputMap: Record<string, tf.Tensor> = {};
      inputs.forEach((t, i) => {
        inputMap[i] = t;
      });
      const check = (r: CustomGradResult): CustomGradResult => {
        if (!(r?.value instanceof tf.Tensor))
          throw new Error("customGrad: f must return an object whose `value` is a tensor");
        if (typeof r.gradFunc !== "function")
          throw new Error("customGrad: f must return an object whose `gradFunc` is a function");
        return r;
      };
      const n = inputs.length;
      return engine.runKernelFunc({
        forwardFunc: (_backend, save) => {
          let userSaved: tf.Tensor[] = [];
          res = check(
            f(...inputs, (ts: tf.Tensor[]) => {
              userSaved = ts;
            }),
          );
          // The engine's save() keeps connected copies of the inputs (it only saves while recording); they are
          // what the recomputation below runs on, since the inputs themselves may be disposed by then.
          save([...inputs, ...userSaved]);
          return res.value;
        },
        backwardsFunc: (dy, saved) => {
          let r = res!;
          let s = saved.slice(n);
          if (engine.isTapeOn() || (r.savedOnly !== true && inputs.some((t) => t.isDisposed))) {
            // Higher-order: recompute the forward on the tape so saved tensors and closures are connected. Also
            // when an input was disposed since the forward (a gradFunc closing over it, as tf.logSigmoid's does,
            // would read freed memory), unless the op declared `savedOnly`.
            let resaved: tf.Tensor[] = [];
            r = check(
              f(...saved.slice(0, n), (ts: tf.Tensor[]) => {
                resaved = ts;
              }),
            );
            s = resaved;
          }
          const out = r.gradFunc(dy, s);
          const grads = (Array.isArray(out) ? out : [out]) as tf.Tensor[];
          if (grads.length !== n || !grads.every((g) => g instanceof tf.Tensor))
            throw new Error(
              `customGrad: gradFunc must return ${n} tensor(s) (one per input), received ${grads.length}`,
            );
          const map: Record<string, () => tf.Tensor> = {};
          grads.forEach((g, i) => {
            map[i] = () => g;
          });
          return map;
        },
        inputs: inputMap,
      });
    };
  };
}

/**
 * Run `fn` with the *stock* TensorFlow.js gradients and `customGrad` (as if this module had not been imported),
 * then restore the fixed ones. It exists to demonstrate in tests that the fixes are needed (tfjs#3252); it is not
 * re-entrant and must not be used concurrently with other gradient computations.
 * @example
 * ```ts
 * withStockGradients(() => tf.grad(tf.grad((x) => tf.tanh(x)))(tf.scalar(0.5))); // throws or is wrong
 * ```
 */
export function withStockGradients<T>(fn: () => T): T {
  registerHigherOrderGradients();
  const engine = tf.engine() as unknown as EngineInternals;
  const prevDebug = tf.env().getBool("DEBUG");
  if (prevDebug) tf.env().set("DEBUG", false);
  const ours = new Map<string, ReturnType<typeof tf.getGradient>>();
  const ourCustomGrad = engine.customGrad;
  for (const [k, stock] of STOCK_GRADIENTS) {
    ours.set(k, tf.getGradient(k));
    tf.registerGradient(
      stock ?? {
        kernelName: k,
        gradFunc: () => {
          throw new Error(`Cannot compute gradient: gradient function not found for ${k}.`);
        },
      },
    );
  }
  engine.customGrad = stockCustomGrad as never;
  try {
    return fn();
  } finally {
    for (const cfg of ours.values()) tf.registerGradient(cfg);
    engine.customGrad = ourCustomGrad;
    if (prevDebug) tf.env().set("DEBUG", true);
  }
}

registerHigherOrderGradients();
