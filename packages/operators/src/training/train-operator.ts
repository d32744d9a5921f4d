import { assertFinite, type Module, prng, tf, treeLeaves } from "@continuum/core-tensor";
import { internalAdam, type VariableOptimizer } from "../internal/adam.js";
import { positiveInt } from "../internal/validate.js";
import { mseLoss, relativeL2Loss } from "./losses.js";
import { evaluateOperator } from "./metrics.js";

/** A learning-rate schedule: epoch index → rate. */
export type LearningRateSchedule = (epoch: number) => number;

/**
 * Step decay lr·γ^⌊epoch/step⌋ (the FNO schedule: 1e-3 halved every 100 epochs).
 * @example
 * ```ts
 * stepDecay(1e-3, 100, 0.5)(250); // 2.5e-4
 * ```
 */
export function stepDecay(lr: number, step: number, gamma: number): LearningRateSchedule {
  return (epoch) => lr * gamma ** Math.floor(epoch / step);
}

/** Per-epoch record. */
export interface EpochInfo {
  epoch: number;
  loss: number;
  lr: number;
  ms: number;
  /** Relative L2 on the test set, when one was given and evaluated this epoch. */
  testRelativeL2?: number;
}

/** Options of {@link trainOperator}. */
export interface TrainOperatorOptions {
  epochs: number;
  batchSize: number;
  /** Learning rate or schedule (default {@link FNO_PAPER_PRESET}'s 1e-3 halved every 100 epochs). */
  learningRate?: number | LearningRateSchedule;
  /** L2 weight decay added to the gradient (Adam with coupled decay, as torch.optim.Adam; default 0). */
  weightDecay?: number;
  /**
   * Optimiser on variables (default: an internal Adam, used until `@continuum/optim`'s `adam` is published).
   */
  optimizer?: VariableOptimizer;
  lossFn?: "relativeL2" | "mse" | ((pred: tf.Tensor, target: tf.Tensor) => tf.Scalar);
  /** Seed of the per-epoch shuffling (default 0). */
  seed?: number;
  /** Evaluate relative L2 on this set every `evalEvery` epochs (default: last epoch only). */
  test?: { inputs: tf.Tensor; targets: tf.Tensor };
  evalEvery?: number;
  callbacks?: { onEpochEnd?: (info: EpochInfo) => void };
  /** Throw instead of returning a `"diverged"` status (default false). */
  throw?: boolean;
}

/** Result of {@link trainOperator}. */
export interface TrainOperatorResult {
  status: "ok" | "diverged";
  message: string;
  history: EpochInfo[];
}

/**
 * The FNO paper's training defaults (Li et al. 2021, appendix): Adam, lr 1e-3 halved every 100 of 500
 * epochs, weight decay 1e-4, batch 20, relative-L2 loss.
 */
export const FNO_PAPER_PRESET = {
  epochs: 500,
  batchSize: 20,
  learningRate: stepDecay(1e-3, 100, 0.5),
  weightDecay: 1e-4,
  lossFn: "relativeL2",
} as const satisfies Partial<TrainOperatorOptions>;

/**
 * Train an operator model `{ params, apply }` on `inputs [N, …] → targets [N, …]` with mini-batches drawn
 * by a seeded permutation each epoch (core-tensor `prng`), a relative-L2 or MSE loss and Adam. Data are
 * checked for NaN/Infinity up front; a non-finite loss stops training with status `"diverged"` and a hint.
 *
 * @example
 * ```ts
 * const model = fno1d({ inChannels: 1, outChannels: 1, modes: 8, width: 16 });
 * const res = trainOperator(model, { inputs: a, targets: u }, { epochs: 10, batchSize: 10 });
 * res.history.at(-1)?.loss; // decreasing relative L2
 * ```
 */
export function trainOperator<P>(
  model: Module<P>,
  data: { inputs: tf.Tensor; targets: tf.Tensor },
  options: TrainOperatorOptions,
): TrainOperatorResult {
  const epochs = positiveInt(options?.epochs, "trainOperator: options.epochs");
  const bs = positiveInt(options.batchSize, "trainOperator: options.batchSize");
  const N = data?.inputs?.shape[0];
  if (!N || data.targets.shape[0] !== N)
    throw new Error(
      `trainOperator: data.inputs and data.targets must share the sample axis, received [${data?.inputs?.shape}] and [${data?.targets?.shape}]`,
    );
  assertFinite(data.inputs, "trainOperator: data.inputs");
  assertFinite(data.targets, "trainOperator: data.targets");
  const lossFn =
    typeof options.lossFn === "function"
      ? options.lossFn
      : (options.lossFn ?? "relativeL2") === "relativeL2"
        ? relativeL2Loss
        : options.lossFn === "mse"
          ? mseLoss
          : (() => {
              throw new Error(
                `trainOperator: options.lossFn must be "relativeL2", "mse" or a function, received ${String(options.lossFn)}`,
              );
            })();
  const lrOpt = options.learningRate ?? FNO_PAPER_PRESET.learningRate;
  const schedule: LearningRateSchedule = typeof lrOpt === "number" ? () => lrOpt : lrOpt;
  const ownOptimizer = !options.optimizer;
  const opt = options.optimizer ?? internalAdam({ weightDecay: options.weightDecay ?? 0 });
  const vars = treeLeaves(model.params as never).filter((v): v is tf.Variable => v instanceof tf.Variable);
  const rng = prng(options.seed ?? 0);
  const history: EpochInfo[] = [];
  const evalEvery = options.evalEvery ?? epochs;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const t0 = performance.now();
      const perm = rng.fold(epoch).permutation(N);
      const lr = schedule(epoch);
      let total = 0;
      for (let s = 0; s < N; s += bs) {
        const b = Math.min(bs, N - s);
        const idx = perm.subarray(s, s + b);
        const lossValue = tf.tidy(() => {
          const ii = tf.tensor1d(idx, "int32");
          const x = tf.gather(data.inputs, ii);
          const y = tf.gather(data.targets, ii);
          const { value, grads } = tf.variableGrads(() => lossFn(model.apply(model.params, x), y), vars);
          opt.step(
            vars,
            vars.map((v) => grads[v.name]!),
            lr,
          );
          return value.dataSync()[0]!;
        });
        if (!Number.isFinite(lossValue)) {
          const message = `trainOperator: loss became ${lossValue} in epoch ${epoch}; lower the learning rate (now ${lr}) or check the data scaling`;
          if (options.throw) throw new Error(message);
          return { status: "diverged", message, history };
        }
        total += lossValue * b;
      }
      const info: EpochInfo = { epoch, loss: total / N, lr, ms: performance.now() - t0 };
      if (options.test && ((epoch + 1) % evalEvery === 0 || epoch + 1 === epochs))
        info.testRelativeL2 = evaluateOperator(model, options.test.inputs, options.test.targets, {
          batchSize: bs,
        }).relativeL2;
      history.push(info);
      options.callbacks?.onEpochEnd?.(info);
    }
  } finally {
    if (ownOptimizer) opt.dispose();
  }
  return { status: "ok", message: "", history };
}
