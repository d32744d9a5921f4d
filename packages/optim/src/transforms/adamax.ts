import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, nonNegative, unitInterval } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByAdamax}. */
export interface ScaleByAdamaxOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the infinity norm (default 0.999). */
  b2?: number;
  /** Added to |g| inside the max, as torch.optim.Adamax does (default 1e-8). */
  eps?: number;
}

/** State of {@link scaleByAdamax}: step count, first moments `mu`, infinity norms `nu`. */
export type ScaleByAdamaxState = LeafwiseState<"mu" | "nu">;

/**
 * AdaMax (Kingma & Ba, 2015, §7.1): `mu ← b1·mu + (1−b1)·g`, `nu ← max(b2·nu, |g| + eps)`, update
 * `= mu / ((1−b1ᵗ)·nu)`. `eps` sits inside the max exactly as in torch.optim.Adamax (optax adds it outside).
 * @example
 * ```ts
 * const opt = chain(scaleByAdamax(), scaleByLearningRate(2e-3)); // = adamax(2e-3)
 * ```
 */
export function scaleByAdamax(
  options: ScaleByAdamaxOptions = {},
): GradientTransformation<ScaleByAdamaxState> {
  const where = "scaleByAdamax";
  checkOptionNames(options, ["b1", "b2", "eps"], where);
  const b1 = unitInterval(options.b1 ?? 0.9, "options.b1", where);
  const b2 = unitInterval(options.b2 ?? 0.999, "options.b2", where);
  const eps = nonNegative(options.eps ?? 1e-8, "options.eps", where);
  return leafwise(where, ["mu", "nu"] as const, (g, s, t) => {
    const mu = tf.add(tf.mul(s.mu, b1), tf.mul(g, 1 - b1));
    const nu = tf.maximum(tf.mul(s.nu, b2), tf.add(tf.abs(g), eps));
    return { u: tf.div(mu, tf.mul(nu, 1 - b1 ** t)), next: { mu, nu } };
  });
}
