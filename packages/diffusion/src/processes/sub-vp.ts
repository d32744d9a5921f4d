import { type GaussianPath, gaussianPath } from "./gaussian-path.js";

/**
 * Sub-VP path of Song et al. (2021): the VP mean `alpha = exp(-B/2)` with the smaller standard deviation
 * `sigma = 1 - exp(-B)`; its SDE has `g^2 = beta(t) (1 - exp(-2B))`.
 * @example
 * ```ts
 * subVp().sigma(0.5); // ≈ 0.9209 (VP: 0.9597)
 * ```
 */
export function subVp(options: { betaMin?: number; betaMax?: number } = {}): GaussianPath {
  const b0 = options.betaMin ?? 0.1;
  const b1 = options.betaMax ?? 20;
  if (!(b0 > 0 && b1 >= b0))
    throw new Error(`subVp: need 0 < options.betaMin <= options.betaMax, received ${b0}, ${b1}`);
  const B = (t: number) => b0 * t + 0.5 * (b1 - b0) * t * t;
  const beta = (t: number) => b0 + t * (b1 - b0);
  return gaussianPath({
    name: "sub-vp",
    family: "sub-vp",
    tMax: 1,
    tLow: 1e-3,
    defaultSpacing: "logsnr",
    alpha: (t) => Math.exp(-0.5 * B(t)),
    sigma: (t) => -Math.expm1(-B(t)),
    dAlpha: (t) => -0.5 * beta(t) * Math.exp(-0.5 * B(t)),
    dSigma: (t) => beta(t) * Math.exp(-B(t)),
    params: { betaMin: b0, betaMax: b1 },
  });
}
