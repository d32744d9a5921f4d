import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, unitInterval } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link trace}. */
export interface TraceOptions {
  /** Momentum coefficient (required, in [0, 1)). */
  decay: number;
  /** Nesterov look-ahead (default false). */
  nesterov?: boolean;
}

/** State of {@link trace}: the momentum buffer. */
export type TraceState = LeafwiseState<"trace">;

/**
 * Heavy-ball momentum (Polyak, 1964) or Nesterov momentum (Sutskever et al., 2013):
 * `t ← decay·t + g`, update `= t` (or `g + decay·t` with Nesterov), matching torch.optim.SGD with
 * `dampening = 0`.
 * @example
 * ```ts
 * const opt = chain(trace({ decay: 0.9, nesterov: true }), scaleByLearningRate(0.1));
 * ```
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  const where = "trace";
  if (options == null) throw new Error(`${where}: options.decay is required (received ${String(options)})`);
  checkOptionNames(options, ["decay", "nesterov"], where, ["nesterov"]);
  const decay = unitInterval(options.decay, "options.decay", where);
  const nesterov = options.nesterov ?? false;
  return leafwise(where, ["trace"] as const, (g, s) => {
    const t = tf.add(tf.mul(s.trace, decay), g);
    return { u: nesterov ? tf.add(g, tf.mul(t, decay)) : tf.clone(t), next: { trace: t } };
  });
}
