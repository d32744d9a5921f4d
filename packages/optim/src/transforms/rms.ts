import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, nonNegative, unitInterval } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByRms}. */
export interface ScaleByRmsOptions {
  /** Decay of the squared-gradient average (default 0.9; torch's RMSprop `alpha` is 0.99). */
  decay?: number;
  /** Added to the root (default 1e-8). */
  eps?: number;
  /** Centred variant: divide by the standard deviation `√(nu − mu²)` (default false). */
  centered?: boolean;
  /** Initial value of `nu` (default 0, as torch). */
  initialScale?: number;
}

/** State of {@link scaleByRms}: `nu` (mean square) and `mu` (mean, used when centred). */
export type ScaleByRmsState = LeafwiseState<"nu" | "mu">;

/**
 * RMSprop scaling (Tieleman & Hinton, 2012, Lecture 6.5): `nu ← d·nu + (1−d)·g²`, update `= g/(√nu + eps)`;
 * centred: `mu ← d·mu + (1−d)·g`, update `= g/(√(nu − mu²) + eps)` (Graves, 2013). Matches torch.optim.RMSprop.
 * @example
 * ```ts
 * const opt = chain(scaleByRms({ decay: 0.99 }), scaleByLearningRate(1e-2)); // = rmsprop(1e-2)
 * ```
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  const where = "scaleByRms";
  checkOptionNames(options, ["decay", "eps", "centered", "initialScale"], where, ["centered"]);
  const d = unitInterval(options.decay ?? 0.9, "options.decay", where);
  const eps = nonNegative(options.eps ?? 1e-8, "options.eps", where);
  const init = nonNegative(options.initialScale ?? 0, "options.initialScale", where);
  const centered = options.centered ?? false;
  return leafwise(
    where,
    ["nu", "mu"] as const,
    (g, s) => {
      const nu = tf.add(tf.mul(s.nu, d), tf.mul(tf.square(g), 1 - d));
      if (!centered) return { u: tf.div(g, tf.add(tf.sqrt(nu), eps)), next: { nu, mu: tf.clone(s.mu) } };
      const mu = tf.add(tf.mul(s.mu, d), tf.mul(g, 1 - d));
      const u = tf.div(g, tf.add(tf.sqrt(tf.sub(nu, tf.square(mu))), eps));
      return { u, next: { nu, mu } };
    },
    { initSlot: (p, slot) => (slot === "nu" ? tf.fill(p.shape, init) : tf.zerosLike(p)) },
  );
}
