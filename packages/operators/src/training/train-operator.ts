import { type Module, prng, tf, treeDispose, treeLeaves } from "@continuum/core-tensor";
import { adam, applyUpdates, disposeState, type GradientTransformation } from "@continuum/optim";
import { positiveInt, positiveNumber } from "../internal/validate.js";
import { evaluateOperator } from "./metrics.js";
import { checkModelOutputShape, checkOperatorData, resolveOperatorLoss } from "./operator-data.js";
import type { VariableOptimizer } from "./variable-optimizer.js";

/** A learning-rate schedule: epoch index → rate. */
export type LearningRateSchedule = (epoch: number) => number;

/**
 * Step decay lr·γ^⌊epoch/step⌋ (the FNO schedule: 1e-3 halved every 100 epochs). `lr` and `gamma` must be
 * positive finite numbers and `step` a positive integer (a zero step would make every rate NaN).
 * @example
 * ```ts
 * stepDecay(1e-3, 100, 0.5)(250); // 2.5e-4
 * ```
 */
export function stepDecay(lr: number, step: number, gamma: number): LearningRateSchedule {
  positiveNumber(lr, "stepDecay: lr");
  positiveInt(step, "stepDecay: step");
  positiveNumber(gamma, "stepDecay: gamma");
  return (epoch) => lr * gamma ** Math.floor(epoch / step);
}

/**
 * Cosine decay from `lr` at epoch 0 to 0 after `epochs` epochs: lr·(1 + cos(π·epoch/epochs))/2. For a short
 * budget it anneals in time where the paper's step decay does not: FNO1d on Burgers (1000 functions, s = 1024)
 * reached 2.0e-3 test error in 60 epochs with it (`bench/operators-fno-burgers.bench.mjs`).
 * @example
 * ```ts
 * cosineDecay(1e-3, 60)(30); // 5e-4
 * ```
 */
export function cosineDecay(lr: number, epochs: number): LearningRateSchedule {
  if (!(Number.isFinite(lr) && lr > 0))
    throw new Error(`cosineDecay: lr must be a positive number, received ${lr}`);
  const n = positiveInt(epochs, "cosineDecay: epochs");
  return (epoch) => 0.5 * lr * (1 + Math.cos((Math.PI * Math.min(epoch, n)) / n));
}

/** Per-epoch record. */
export interface EpochInfo {
  epoch: number;
  loss: number;
  /** Learning rate of the epoch (`NaN` when a custom `GradientTransformation` sets its own). */
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
   * Optimiser. Default: `@continuum/optim`'s `adam` driven by `learningRate` (per epoch) and `weightDecay`.
   * An optax-style `GradientTransformation` (e.g. `adamw(1e-3)`, `chain(clipByGlobalNorm(1), adam(1e-3))`)
   * carries its own learning rate: `learningRate` and `weightDecay` are then not applied, and
   * {@link EpochInfo.lr} is `NaN`. A legacy {@link VariableOptimizer} (`step(vars, grads, lr)`) is still
   * accepted and receives the scheduled rate.
   */
  optimizer?: GradientTransformation | VariableOptimizer;
  lossFn?: "relativeL2" | "mse" | ((pred: tf.Tensor, target: tf.Tensor) => tf.Scalar);
  /** Seed of the per-epoch shuffling (default 0). */
  seed?: number;
  /** Evaluate relative L2 on this set every `evalEvery` epochs (default: last epoch only). */
  test?: { inputs: tf.Tensor; targets: tf.Tensor };
  evalEvery?: number;
  /**
   * Called after every epoch. Returning `false` stops training after that epoch (early stopping or a
   * wall-time budget); the result then has status `"ok"` and a message naming the epoch.
   */
  callbacks?: { onEpochEnd?: (info: EpochInfo) => unknown };
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
  const N = checkOperatorData(data, "trainOperator");
  const evalEvery = positiveInt(options.evalEvery ?? epochs, "trainOperator: options.evalEvery");
  const lossFn = resolveOperatorLoss(options.lossFn, "trainOperator");
  checkModelOutputShape(model, data, options.lossFn, "trainOperator");
  const lrOpt = options.learningRate ?? FNO_PAPER_PRESET.learningRate;
  if (typeof lrOpt === "number") positiveNumber(lrOpt, "trainOperator: options.learningRate");
  else if (typeof lrOpt !== "function")
    throw new Error(
      `trainOperator: options.learningRate must be a positive number or a schedule (epoch) => rate, received ${JSON.stringify(lrOpt)}`,
    );
  const schedule: LearningRateSchedule = typeof lrOpt === "number" ? () => lrOpt : lrOpt;
  const vars = treeLeaves(model.params as never).filter((v): v is tf.Variable => v instanceof tf.Variable);
  const stepsPerEpoch = Math.ceil(N / bs);
  const custom = options.optimizer;
  const legacy = isVariableOptimizer(custom) ? custom : undefined;
  if (custom !== undefined && !legacy && !isGradientTransformation(custom))
    throw new Error(
      `trainOperator: options.optimizer must be a GradientTransformation ({ init, update }) or a VariableOptimizer ({ step, dispose }), received ${describe(custom)}`,
    );
  // The default is optim's Adam with the per-epoch schedule mapped onto its step count (same update rule as
  // torch.optim.Adam with coupled weight decay).
  const transform: GradientTransformation | undefined = legacy
    ? undefined
    : ((custom as GradientTransformation | undefined) ??
      adam((count) => schedule(Math.floor(count / stepsPerEpoch)), {
        weightDecay: options.weightDecay ?? 0,
      }));
  const rng = prng(options.seed ?? 0); // before init: a bad seed must not leave the optimiser state behind
  let state = transform?.init(vars);
  const history: EpochInfo[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const t0 = performance.now();
      const perm = rng.fold(epoch).permutation(N);
      const lr = custom && !legacy ? Number.NaN : schedule(epoch);
      let total = 0;
      for (let s = 0; s < N; s += bs) {
        const b = Math.min(bs, N - s);
        const idx = perm.subarray(s, s + b);
        const [value, ...g] = tf.tidy(() => {
          const ii = tf.tensor1d(idx, "int32");
          const x = tf.gather(data.inputs, ii);
          const y = tf.gather(data.targets, ii);
          const { value, grads } = tf.variableGrads(() => lossFn(model.apply(model.params, x), y), vars);
          return [value, ...vars.map((v) => grads[v.name]!)];
        });
        const lossValue = value!.dataSync()[0]!;
        try {
          // A non-finite loss has non-finite gradients: stop before they reach the parameters, so a diverged
          // run leaves the model at its last finite parameters instead of all-NaN ones.
          if (!Number.isFinite(lossValue)) {
            // reported below
          } else if (legacy) legacy.step(vars, g, lr);
          else {
            // optax contract: `update` consumes the old state and returns fresh updates and state (kept
            // outside any tidy so the moments survive between steps).
            const r = transform!.update(g, state, vars);
            state = r.state;
            applyUpdates(vars, r.updates);
            treeDispose(r.updates);
          }
        } finally {
          tf.dispose([value!, ...g]);
        }
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
      if (options.callbacks?.onEpochEnd?.(info) === false)
        return {
          status: "ok",
          message: `trainOperator: stopped by onEpochEnd after epoch ${epoch}`,
          history,
        };
    }
  } finally {
    if (state !== undefined) disposeState(state);
  }
  return { status: "ok", message: "", history };
}

function isVariableOptimizer(o: unknown): o is VariableOptimizer {
  return typeof o === "object" && o !== null && typeof (o as VariableOptimizer).step === "function";
}

function isGradientTransformation(o: unknown): o is GradientTransformation {
  const t = o as GradientTransformation;
  return (
    typeof o === "object" && o !== null && typeof t.init === "function" && typeof t.update === "function"
  );
}

function describe(o: unknown): string {
  if (o === null || typeof o !== "object") return String(o);
  return `an object with keys [${Object.keys(o).join(", ")}]`;
}
