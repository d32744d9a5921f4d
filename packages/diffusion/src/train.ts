import { type PyTree, type Rng, tf, treeLeaves } from "@continuum/core-tensor";
import { createAdam } from "./internal/adam.js";

/** Options of {@link train}. */
export interface TrainOptions {
  steps: number;
  /** Learning rate (default 1e-3), cosine-decayed to `lr * finalLrFraction` (default 0.1). */
  lr?: number;
  finalLrFraction?: number;
  rng: Rng;
  /** Called every `logEvery` steps (default 100) with the current loss. */
  onLog?: (step: number, loss: number) => void;
  logEvery?: number;
}

/**
 * Minimise `loss(rng)` over the trainable variables in `params` with Adam and a cosine learning-rate decay.
 * `loss` draws its own batch/noise from the stream it gets (a fresh fold per step). Uses a small internal Adam
 * until `@continuum/optim` is available. Returns the loss every `logEvery` steps.
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
  const vars = treeLeaves(params).filter((v): v is tf.Variable => v instanceof tf.Variable && v.trainable);
  if (vars.length === 0) throw new Error("train: params contains no trainable tf.Variable");
  const opt = createAdam(vars, lr);
  const every = options.logEvery ?? 100;
  const fin = options.finalLrFraction ?? 0.1;
  const history: number[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const r = rng.fold(i);
      const { value, grads } = tf.variableGrads(() => loss(r) as tf.Scalar, vars);
      const lrNow = lr * (fin + (1 - fin) * 0.5 * (1 + Math.cos((Math.PI * i) / steps)));
      opt.step(
        vars.map((v) => grads[v.name]!),
        lrNow,
      );
      if (i % every === 0 || i === steps - 1) {
        const l = value.dataSync()[0]!;
        history.push(l);
        options.onLog?.(i, l);
      }
      value.dispose();
      tf.dispose(Object.values(grads));
    }
  } finally {
    opt.dispose();
  }
  return history;
}
