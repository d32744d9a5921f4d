import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, nonNegative, unitInterval } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByNadam} (torch.optim.NAdam names and defaults). */
export interface ScaleByNadamOptions {
  /** Base decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the second moment (default 0.999). */
  b2?: number;
  /** Added to the denominator outside the square root (default 1e-8). */
  eps?: number;
  /** ψ of the momentum schedule `μₜ = b1·(1 − ½·0.96^(t·ψ))` (torch `momentum_decay`, default 4e-3). */
  momentumDecay?: number;
}

/** State of {@link scaleByNadam}: step count, first moments `mu`, second moments `nu`. */
export type ScaleByNadamState = LeafwiseState<"mu" | "nu">;

/**
 * NAdam, Adam with Nesterov momentum and a warming momentum schedule (Dozat, 2016, "Incorporating Nesterov
 * Momentum into Adam"), as torch.optim.NAdam (torch >= 2.0; 1.13 multiplied μₜ twice into the next product):
 * `μₜ = b1·(1 − ½·0.96^(t·ψ))`, `Πₜ = μ₁⋯μₜ`, `mu ← b1·mu + (1−b1)·g`, `nu ← b2·nu + (1−b2)·g²`,
 * update `= ((1−μₜ)/(1−Πₜ)·g + μₜ₊₁/(1−Πₜμₜ₊₁)·mu) / (√(nu/(1−b2ᵗ)) + eps)`. The schedule and its product are
 * float64 numbers; optax's `nadam` (no schedule) is `scaleByAdam({ nesterov: true })`.
 * @example
 * ```ts
 * const opt = chain(scaleByNadam(), scaleByLearningRate(2e-3)); // = nadam(2e-3)
 * ```
 */
export function scaleByNadam(options: ScaleByNadamOptions = {}): GradientTransformation<ScaleByNadamState> {
  const where = "scaleByNadam";
  checkOptionNames(options, ["b1", "b2", "eps", "momentumDecay"], where);
  const b1 = unitInterval(options.b1 ?? 0.9, "options.b1", where);
  const b2 = unitInterval(options.b2 ?? 0.999, "options.b2", where);
  const eps = nonNegative(options.eps ?? 1e-8, "options.eps", where);
  const psi = nonNegative(options.momentumDecay ?? 4e-3, "options.momentumDecay", where);
  const muAt = (t: number) => b1 * (1 - 0.5 * 0.96 ** (t * psi));
  // Πₜ for the step being taken; the cache makes consecutive steps O(1), any other t is recomputed (a transform
  // may drive several independent states)
  let cache = { t: 0, prod: 1 };
  const productAt = (t: number) => {
    if (cache.t !== t) {
      let prod = 1;
      if (cache.t === t - 1) prod = cache.prod * muAt(t);
      else for (let k = 1; k <= t; k++) prod *= muAt(k);
      cache = { t, prod };
    }
    return cache.prod;
  };
  return leafwise(where, ["mu", "nu"] as const, (g, s, t) => {
    const mu = tf.add(tf.mul(s.mu, b1), tf.mul(g, 1 - b1));
    const nu = tf.add(tf.mul(s.nu, b2), tf.mul(tf.square(g), 1 - b2));
    const muT = muAt(t);
    const muNext = muAt(t + 1);
    const prod = productAt(t);
    const denom = tf.add(tf.sqrt(tf.div(nu, 1 - b2 ** t)), eps);
    const num = tf.add(tf.mul(g, (1 - muT) / (1 - prod)), tf.mul(mu, muNext / (1 - prod * muNext)));
    return { u: tf.div(num, denom), next: { mu, nu } };
  });
}
