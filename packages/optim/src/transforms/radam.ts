import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, nonNegative, unitInterval } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByRadam}. */
export interface ScaleByRadamOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the second moment (default 0.999). */
  b2?: number;
  /** Added to √nu (default 1e-8). */
  eps?: number;
  /** Rectify only when the SMA length ρₜ exceeds this (default 5, as in torch.optim.RAdam). */
  threshold?: number;
}

/** State of {@link scaleByRadam}. */
export type ScaleByRadamState = LeafwiseState<"mu" | "nu">;

/**
 * Rectified Adam (Liu et al., 2020, "On the Variance of the Adaptive Learning Rate and Beyond"). With
 * `ρ∞ = 2/(1−b2) − 1` and `ρₜ = ρ∞ − 2t·b2ᵗ/(1−b2ᵗ)`: if `ρₜ > 5` the update is
 * `r·m̂·√(1−b2ᵗ)/(√nu + eps)` with the rectification `r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))`, else `m̂`
 * (un-adapted momentum). Same eps placement as torch.optim.RAdam.
 * @example
 * ```ts
 * const opt = chain(scaleByRadam(), scaleByLearningRate(1e-3)); // = radam(1e-3)
 * ```
 */
export function scaleByRadam(options: ScaleByRadamOptions = {}): GradientTransformation<ScaleByRadamState> {
  const where = "scaleByRadam";
  checkOptionNames(options, ["b1", "b2", "eps", "threshold"], where);
  const b1 = unitInterval(options.b1 ?? 0.9, "options.b1", where);
  const b2 = unitInterval(options.b2 ?? 0.999, "options.b2", where);
  const eps = nonNegative(options.eps ?? 1e-8, "options.eps", where);
  const threshold = options.threshold ?? 5;
  if (typeof threshold !== "number" || Number.isNaN(threshold))
    throw new Error(`${where}: options.threshold must be a number, received ${String(threshold)}`);
  const rhoInf = 2 / (1 - b2) - 1;
  return leafwise(where, ["mu", "nu"] as const, (g, s, t) => {
    const mu = tf.add(tf.mul(s.mu, b1), tf.mul(g, 1 - b1));
    const nu = tf.add(tf.mul(s.nu, b2), tf.mul(tf.square(g), 1 - b2));
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    const muHat = tf.div(mu, bc1);
    if (!(rhoT > threshold)) return { u: muHat, next: { mu, nu } };
    const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
    const u = tf.mul(tf.div(muHat, tf.add(tf.sqrt(nu), eps)), Math.sqrt(bc2) * rect);
    return { u, next: { mu, nu } };
  });
}
