import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, nonNegative, unitInterval } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByAdam}. */
export interface ScaleByAdamOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the second moment (default 0.999). */
  b2?: number;
  /** Added to the denominator outside the square root (default 1e-8). */
  eps?: number;
  /** Added inside the square root (default 0). */
  epsRoot?: number;
  /** Nesterov momentum (NAdam-style look-ahead on the first moment, default false). */
  nesterov?: boolean;
  /**
   * AMSGrad (Reddi, Kale & Kumar, 2018, "On the Convergence of Adam and Beyond"): divide by the running maximum of
   * the second moment instead of the second moment itself, as torch.optim.Adam's `amsgrad=True` (the maximum is
   * taken of the raw `nu`, then bias-corrected; default false).
   */
  amsgrad?: boolean;
}

/**
 * State of {@link scaleByAdam}: step count, first moments `mu`, second moments `nu` (one per leaf), and with
 * `amsgrad` their running maxima `nuMax`.
 */
export type ScaleByAdamState = LeafwiseState<"mu" | "nu"> & { readonly nuMax?: readonly tf.Tensor[] };

/**
 * Rescale by Adam's bias-corrected moment ratio (Kingma & Ba, 2015, "Adam: A Method for Stochastic
 * Optimization"): `mu ← b1·mu + (1−b1)·g`, `nu ← b2·nu + (1−b2)·g²`, update `= m̂ / (√(v̂ + epsRoot) + eps)` with
 * `m̂ = mu/(1−b1ᵗ)`, `v̂ = nu/(1−b2ᵗ)`. Bias corrections are computed in float64, as torch.optim.Adam does.
 * With `amsgrad`, `nuMax ← max(nuMax, nu)` replaces `nu` in `v̂` (Reddi et al., 2018).
 * @example
 * ```ts
 * const opt = chain(scaleByAdam({ b1: 0.9 }), scaleByLearningRate(1e-3)); // = adam(1e-3)
 * const ams = chain(scaleByAdam({ amsgrad: true }), scaleByLearningRate(1e-3)); // = adam(1e-3, { amsgrad: true })
 * ```
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const where = "scaleByAdam";
  checkOptionNames(options, ["b1", "b2", "eps", "epsRoot", "nesterov", "amsgrad"], where, [
    "nesterov",
    "amsgrad",
  ]);
  const b1 = unitInterval(options.b1 ?? 0.9, "options.b1", where);
  const b2 = unitInterval(options.b2 ?? 0.999, "options.b2", where);
  const eps = nonNegative(options.eps ?? 1e-8, "options.eps", where);
  const epsRoot = nonNegative(options.epsRoot ?? 0, "options.epsRoot", where);
  const nesterov = options.nesterov ?? false;
  const step = (g: tf.Tensor, s: { mu: tf.Tensor; nu: tf.Tensor; nuMax?: tf.Tensor }, t: number) => {
    const mu = tf.add(tf.mul(s.mu, b1), tf.mul(g, 1 - b1));
    const nu = tf.add(tf.mul(s.nu, b2), tf.mul(tf.square(g), 1 - b2));
    const nuMax = s.nuMax === undefined ? undefined : tf.maximum(s.nuMax, nu);
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const muHat = nesterov
      ? tf.add(tf.mul(mu, b1 / (1 - b1 ** (t + 1))), tf.mul(g, (1 - b1) / bc1))
      : tf.div(mu, bc1);
    const denom = tf.add(tf.sqrt(tf.add(tf.div(nuMax ?? nu, bc2), epsRoot)), eps);
    return { u: tf.div(muHat, denom), mu, nu, nuMax };
  };
  if (options.amsgrad)
    return leafwise(where, ["mu", "nu", "nuMax"] as const, (g, s, t) => {
      const r = step(g, s, t);
      return { u: r.u, next: { mu: r.mu, nu: r.nu, nuMax: r.nuMax! } };
    });
  return leafwise(where, ["mu", "nu"] as const, (g, s, t) => {
    const r = step(g, s, t);
    return { u: r.u, next: { mu: r.mu, nu: r.nu } };
  });
}
