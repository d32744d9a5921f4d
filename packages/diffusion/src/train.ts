import { type PyTree, type Rng, tf, treeDispose, treeLeaves } from "@continuum/core-tensor";
import {
  adam,
  applyUpdates,
  cosineDecaySchedule,
  disposeState,
  type GradientTransformation,
} from "@continuum/optim";

/** Options of {@link train}. */
export interface TrainOptions {
  steps: number;
  /** Learning rate of the default Adam (default 1e-3), cosine-decayed to `lr * finalLrFraction` (default 0.1). */
  lr?: number;
  finalLrFraction?: number;
  /**
   * Any optax-style `GradientTransformation` from `@continuum/optim` (e.g. `adamw(1e-3)`,
   * `chain(clipByGlobalNorm(1), adam(warmupCosineDecaySchedule(...)))`); it carries its own learning rate, so
   * `lr` and `finalLrFraction` are then not used. Default: `adam` with the cosine decay above.
   */
  optimizer?: GradientTransformation;
  rng: Rng;
  /** Called every `logEvery` steps (default 100) with the current loss. */
  onLog?: (step: number, loss: number) => void;
  logEvery?: number;
}

/**
 * Minimise `loss(rng)` over the trainable variables in `params` with an `@continuum/optim` transformation
 * (default Adam with a cosine learning-rate decay). `loss` draws its own batch/noise from the stream it gets (a
 * fresh fold per step). Returns the loss every `logEvery` steps.
 * @example
 * ```ts
 * const net = mlpDenoiser({ dim: 2 });
 * const model = net.model(flowLinear(), "velocity");
 * train(net.params, (r) => cfmLoss(model, toyData("two-moons", 256, r), { rng: r }), { steps: 1000, rng: prng(0) });
 * ```
 */
export function train(params: PyTree, loss: (rng: Rng) => tf.Tensor, options: TrainOptions): number[] {
  const { steps, rng } = options;
  if (!(Number.isInteger(steps) && steps >= 1))
    throw new Error(`train: options.steps must be an integer >= 1, received ${steps}`);
  const lr = options.lr ?? 1e-3;
  if (!(lr > 0)) throw new Error(`train: options.lr must be > 0, received ${lr}`);
  const custom = options.optimizer;
  if (
    custom !== undefined &&
    (custom === null ||
      typeof custom !== "object" ||
      typeof custom.init !== "function" ||
      typeof custom.update !== "function")
  )
    throw new Error(
      `train: options.optimizer must be a GradientTransformation ({ init, update }), received ${custom === null || typeof custom !== "object" ? String(custom) : `an object with keys [${Object.keys(custom).join(", ")}]`}`,
    );
  const vars = treeLeaves(params).filter((v): v is tf.Variable => v instanceof tf.Variable && v.trainable);
  if (vars.length === 0) throw new Error("train: params contains no trainable tf.Variable");
  const fin = options.finalLrFraction ?? 0.1;
  // lr·(fin + (1 − fin)·½(1 + cos(π i / steps))) at step i, as before the switch to @continuum/optim.
  const opt = custom ?? adam(cosineDecaySchedule({ init: lr, decaySteps: steps, alpha: fin }));
  const every = options.logEvery ?? 100;
  const history: number[] = [];
  let state = opt.init(vars);
  try {
    for (let i = 0; i < steps; i++) {
      const r = rng.fold(i);
      const { value, grads } = tf.variableGrads(() => loss(r) as tf.Scalar, vars);
      const g = vars.map((v) => grads[v.name]!);
      try {
        const u = opt.update(g, state, vars);
        state = u.state;
        applyUpdates(vars, u.updates);
        treeDispose(u.updates);
        if (i % every === 0 || i === steps - 1) {
          const l = value.dataSync()[0]!;
          history.push(l);
          options.onLog?.(i, l);
        }
      } finally {
        value.dispose();
        tf.dispose(Object.values(grads));
      }
    }
  } finally {
    disposeState(state);
  }
  return history;
}
