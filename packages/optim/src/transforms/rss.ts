import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, nonNegative } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByRss}. */
export interface ScaleByRssOptions {
  /** Initial value of the accumulated sum of squares (default 0, as torch.optim.Adagrad). */
  initialAccumulator?: number;
  /** Added to the root (default 1e-10, as torch). */
  eps?: number;
}

/** State of {@link scaleByRss}: the running sum of squared gradients. */
export type ScaleByRssState = LeafwiseState<"sum">;

/**
 * Adagrad scaling (Duchi, Hazan & Singer, 2011): `sum ← sum + g²`, update `= g/(√sum + eps)`.
 * @example
 * ```ts
 * const opt = chain(scaleByRss(), scaleByLearningRate(1e-2)); // = adagrad(1e-2)
 * ```
 */
export function scaleByRss(options: ScaleByRssOptions = {}): GradientTransformation<ScaleByRssState> {
  const where = "scaleByRss";
  checkOptionNames(options, ["initialAccumulator", "eps"], where);
  const init = nonNegative(options.initialAccumulator ?? 0, "options.initialAccumulator", where);
  const eps = nonNegative(options.eps ?? 1e-10, "options.eps", where);
  return leafwise(
    where,
    ["sum"] as const,
    (g, s) => {
      const sum = tf.add(s.sum, tf.square(g));
      return { u: tf.div(g, tf.add(tf.sqrt(sum), eps)), next: { sum } };
    },
    { initSlot: (p) => tf.fill(p.shape, init) },
  );
}
