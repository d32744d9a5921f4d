import { tf } from "@continuum/core-tensor";
import { type Condition, type ConditionOptions, commonOptions } from "./condition.js";

/**
 * Integral constraint `∫_Ω u dx = value`, estimated by quasi-Monte Carlo: `|Ω| · mean(u(x_i))` over Sobol points
 * of the domain (`|Ω|` is the geometry's measure). Fixes e.g. the constant of a pure-Neumann problem.
 * @example
 * ```ts
 * integral({ value: 0, points: 1024 }); // zero-mean solution
 * ```
 */
export function integral(options: ConditionOptions & { value: number }): Condition {
  const o = commonOptions(options, "integral", 1024);
  if (!Number.isFinite(options?.value))
    throw new Error(`integral: value must be a finite number, received ${options?.value}`);
  let measure = 1;
  return {
    kind: "integral",
    ...o,
    sample(geometry, n, s) {
      measure = geometry.measure;
      return { points: geometry.sampleInterior(n, { method: "sobol", seed: s.seed ?? 0 }), data: {} };
    },
    residual: (ctx) => tf.reshape(tf.sub(tf.mul(measure, tf.mean(ctx.d(o.component))), options.value), [1]),
  };
}
