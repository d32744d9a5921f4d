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
  /**
   * torch.optim.SGD's `dampening` in [0, 1): from the second step on, `t ← decay·t + (1 − dampening)·g` (the first
   * step sets `t = g` undamped, as torch does; default 0). Not combinable with `nesterov`, as in torch.
   */
  dampening?: number;
}

/** State of {@link trace}: the momentum buffer. */
export type TraceState = LeafwiseState<"trace">;

/**
 * Heavy-ball momentum (Polyak, 1964) or Nesterov momentum (Sutskever et al., 2013):
 * `t ← decay·t + g`, update `= t` (or `g + decay·t` with Nesterov), matching torch.optim.SGD (with its
 * `dampening` as an option).
 * @example
 * ```ts
 * const opt = chain(trace({ decay: 0.9, nesterov: true }), scaleByLearningRate(0.1));
 * ```
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  const where = "trace";
  if (options == null) throw new Error(`${where}: options.decay is required (received ${String(options)})`);
  checkOptionNames(options, ["decay", "nesterov", "dampening"], where, ["nesterov"]);
  const decay = unitInterval(options.decay, "options.decay", where);
  const nesterov = options.nesterov ?? false;
  const dampening = unitInterval(options.dampening ?? 0, "options.dampening", where);
  if (nesterov && dampening !== 0)
    throw new Error(`${where}: Nesterov momentum needs options.dampening = 0, received ${dampening}`);
  return leafwise(where, ["trace"] as const, (g, s, count) => {
    const t =
      dampening === 0 || count === 1
        ? tf.add(tf.mul(s.trace, decay), g)
        : tf.add(tf.mul(s.trace, decay), tf.mul(g, 1 - dampening));
    return { u: nesterov ? tf.add(g, tf.mul(t, decay)) : tf.clone(t), next: { trace: t } };
  });
}
