import { type GaussianPath, gaussianPath } from "./gaussian-path.js";

/**
 * Variance-exploding path of Song et al. (2021), exact marginal of `dx = sqrt(d[s^2]/dt) dW` with
 * `s(t) = sigmaMin (sigmaMax/sigmaMin)^t` started from data: `alpha = 1`, `sigma(t)^2 = s(t)^2 - sigmaMin^2`
 * (so `sigma(0) = 0`).
 * @example
 * ```ts
 * ve({ sigmaMin: 0.01, sigmaMax: 50 }).sigma(1); // ≈ 50
 * ```
 */
export function ve(options: { sigmaMin?: number; sigmaMax?: number } = {}): GaussianPath {
  const lo = options.sigmaMin ?? 0.01;
  const hi = options.sigmaMax ?? 50;
  if (!(lo > 0 && hi > lo && Number.isFinite(hi)))
    throw new Error(`ve: need 0 < options.sigmaMin < options.sigmaMax < Infinity, received ${lo}, ${hi}`);
  const r = Math.log(hi / lo);
  const sigma = (t: number) => lo * Math.sqrt(Math.expm1(2 * r * t));
  return gaussianPath({
    name: "ve",
    family: "ve",
    tMax: 1,
    tLow: 1e-3,
    defaultSpacing: "karras",
    alpha: () => 1,
    sigma,
    dAlpha: () => 0,
    dSigma: (t) => {
      const s = sigma(t);
      return s === 0 ? Number.POSITIVE_INFINITY : (lo * lo * r * Math.exp(2 * r * t)) / s;
    },
    timeOfLogSNR: (lambda) =>
      Math.min(1, Math.max(0, Math.log1p(Math.exp(-2 * lambda) / (lo * lo)) / (2 * r))),
    params: { sigmaMin: lo, sigmaMax: hi },
  });
}
