import { type GaussianPath, gaussianPath } from "./gaussian-path.js";

/** Options of {@link stochasticInterpolant}. */
export interface StochasticInterpolantOptions {
  /** Scale `a` of the latent term `gamma(t) = sqrt(a t (1 - t))` (default 1). */
  a?: number;
}

/**
 * Stochastic interpolant `x_t = (1 - t) x_0 + t x_1 + gamma(t) z` with `gamma(t) = sqrt(a t (1-t))`
 * (Albergo, Boffi & Vanden-Eijnden 2023). With a Gaussian base `x_1 ~ N(0, I)` its marginals are those of the
 * Gaussian path `alpha = 1 - t`, `sigma = sqrt(t^2 + gamma^2)`, which is what samplers use; the loss
 * {@link interpolantLoss} trains the velocity with the latent term explicitly.
 * @example
 * ```ts
 * const p = stochasticInterpolant({ a: 1 });
 * p.gamma!(0.5); // 0.5
 * p.sigma(0.5); // sqrt(0.5)
 * ```
 */
export function stochasticInterpolant(options: StochasticInterpolantOptions = {}): GaussianPath {
  const a = options.a ?? 1;
  if (!(a >= 0 && Number.isFinite(a)))
    throw new Error(`stochasticInterpolant: options.a must be a finite number >= 0, received ${a}`);
  const gamma = (t: number) => Math.sqrt(Math.max(0, a * t * (1 - t)));
  return gaussianPath({
    name: "interpolant",
    family: "interpolant",
    tMax: 1,
    tLow: 1e-3,
    sdeTMax: 0.99,
    // sigma ~ sqrt(a t) near the data, as on VP paths: uniform steps in t leave the last interval [1/N, 0] with
    // sigma jumping from sqrt(a/N) to 0 (30 uniform steps: sample variance 12% low on N(0, 0.25)).
    defaultSpacing: a > 0 ? "logsnr" : "uniform",
    alpha: (t) => 1 - t,
    sigma: (t) => Math.sqrt(t * t + a * t * (1 - t)),
    dAlpha: () => -1,
    dSigma: (t) => {
      const s = Math.sqrt(t * t + a * t * (1 - t));
      // At t = 0: sigma ~ sqrt(a t), so sigma' = +inf, except a = 0 (the linear path, sigma = t, sigma' = 1).
      if (s === 0) return a === 0 ? 1 : Number.POSITIVE_INFINITY;
      return (2 * t + a * (1 - 2 * t)) / (2 * s);
    },
    gamma,
    params: { a },
  });
}
