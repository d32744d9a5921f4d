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
  // Profile-led: with the default (leafwise, elementwise) Adam, run the optimiser on one flat vector of all
  // parameters. The update is identical, but it costs ~15 kernel launches per step instead of ~15 per leaf, which
  // dominated the step time of small MLPs on tfjs-wasm (kernel-dispatch bound). A user-supplied transformation
  // may act per leaf (trust ratios, masks), so it keeps the leafwise path.
  const flatMode = custom === undefined;
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const initParams: tf.Tensor[] = flatMode ? [tf.zeros([total])] : vars;
  let state = opt.init(initParams);
  if (flatMode) tf.dispose(initParams);
  try {
    for (let i = 0; i < steps; i++) {
      const r = rng.fold(i);
      const { value, grads } = tf.variableGrads(() => loss(r) as tf.Scalar, vars);
      const g = vars.map((v) => grads[v.name]!);
      try {
        if (flatMode) {
          const flatGrad = tf.tidy(() => tf.concat(g.map((x) => tf.reshape(x, [-1]))));
          const u = opt.update([flatGrad], state);
          flatGrad.dispose();
          state = u.state;
          tf.tidy(() => {
            const parts = tf.split((u.updates as tf.Tensor[])[0]!, sizes);
            vars.forEach((v, k) => {
              v.assign(tf.add(v, tf.reshape(parts[k]!, v.shape)));
            });
          });
          treeDispose(u.updates);
        } else {
          const u = opt.update(g, state, vars);
          state = u.state;
          applyUpdates(vars, u.updates);
          treeDispose(u.updates);
        }
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
