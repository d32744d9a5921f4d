import { type Module, tf } from "@continuum/core-tensor";
import { positiveInt } from "../internal/validate.js";

/** Per-dataset error summary (float64 accumulation of float32 predictions). */
export interface OperatorMetrics {
  /** Mean over samples of ‖pred − target‖₂/‖target‖₂ (the number FNO/DeepONet papers report). */
  relativeL2: number;
  mse: number;
  maxAbs: number;
  n: number;
}

/**
 * Evaluate a model on `inputs`/`targets` in batches (no gradients, no leaks) and report relative L2, MSE and
 * max error in float64.
 *
 * @example
 * ```ts
 * const m = evaluateOperator(model, inputs, targets, { batchSize: 50 }); // { relativeL2, mse, maxAbs, n }
 * ```
 */
export function evaluateOperator<P>(
  model: Module<P>,
  inputs: tf.Tensor,
  targets: tf.Tensor,
  options: { batchSize?: number; params?: P } = {},
): OperatorMetrics {
  const N = inputs.shape[0]!;
  // No samples would average over zero (relativeL2 = NaN) instead of reporting the empty set.
  if (!(N >= 1))
    throw new Error(`evaluateOperator: inputs must hold at least one sample, received [${inputs.shape}]`);
  if (targets.shape[0] !== N)
    throw new Error(`evaluateOperator: inputs have ${N} samples but targets have ${targets.shape[0]}`);
  // A zero, negative or fractional batch size would never advance the loop below.
  const bs = positiveInt(options.batchSize ?? 50, "evaluateOperator: options.batchSize");
  const params = options.params ?? model.params;
  let rel = 0;
  let se = 0;
  let count = 0;
  let maxAbs = 0;
  for (let s = 0; s < N; s += bs) {
    const b = Math.min(bs, N - s);
    const [p, t] = tf.tidy(() => {
      const x = tf.slice(inputs, s, b);
      const y = tf.slice(targets, s, b);
      const pred = model.apply(params, x);
      if (pred.size !== y.size)
        throw new Error(
          `evaluateOperator: the model maps inputs [${x.shape}] to [${pred.shape}], which does not match targets [${y.shape}]`,
        );
      return [pred.dataSync(), y.dataSync()];
    });
    const per = t.length / b;
    for (let i = 0; i < b; i++) {
      let num = 0;
      let den = 0;
      for (let j = 0; j < per; j++) {
        const d = p[i * per + j]! - t[i * per + j]!;
        num += d * d;
        den += t[i * per + j]! ** 2;
        if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
      }
      rel += Math.sqrt(num / Math.max(den, 1e-300));
      se += num;
      count += per;
    }
  }
  return { relativeL2: rel / N, mse: se / count, maxAbs, n: N };
}
