import { type GaussianPath, gaussianPath } from "./gaussian-path.js";

function positive(v: number, name: string): number {
  if (!(Number.isFinite(v) && v > 0)) throw new Error(`${name} must be a finite number > 0, received ${v}`);
  return v;
}

/** Options of {@link vpLinear} (defaults of Song et al. 2021 / DDPM: beta from 0.1 to 20). */
export interface VpLinearOptions {
  betaMin?: number;
  betaMax?: number;
}

/**
 * Variance-preserving path with linear `beta(t) = betaMin + t (betaMax - betaMin)`, t in [0, 1]:
 * `alpha = exp(-B/2)`, `sigma = sqrt(1 - exp(-B))` with `B(t) = int_0^t beta` (the continuous DDPM,
 * Ho et al. 2020; Song et al. 2021).
 * @example
 * ```ts
 * const p = vpLinear();
 * p.alpha(1); // 0.00658
 * p.sigma(1) ** 2 + p.alpha(1) ** 2; // 1
 * ```
 */
export function vpLinear(options: VpLinearOptions = {}): GaussianPath {
  const b0 = positive(options.betaMin ?? 0.1, "vpLinear: options.betaMin");
  const b1 = positive(options.betaMax ?? 20, "vpLinear: options.betaMax");
  const B = (t: number) => b0 * t + 0.5 * (b1 - b0) * t * t;
  const beta = (t: number) => b0 + t * (b1 - b0);
  return gaussianPath({
    name: "vp-linear",
    family: "vp",
    tMax: 1,
    tLow: 1e-3,
    defaultSpacing: "logsnr",
    alpha: (t) => Math.exp(-0.5 * B(t)),
    sigma: (t) => Math.sqrt(-Math.expm1(-B(t))),
    dAlpha: (t) => -0.5 * beta(t) * Math.exp(-0.5 * B(t)),
    dSigma: (t) => {
      const s = Math.sqrt(-Math.expm1(-B(t)));
      return s === 0 ? Number.POSITIVE_INFINITY : (0.5 * beta(t) * Math.exp(-B(t))) / s;
    },
    timeOfLogSNR: (lambda) => {
      // alpha^2 = 1/(1+e^{-2 lambda}) => B = log1p(e^{-2 lambda}); solve the quadratic B(t) = target.
      const target = Math.log1p(Math.exp(-2 * lambda));
      const a = 0.5 * (b1 - b0);
      const t = a === 0 ? target / b0 : (-b0 + Math.sqrt(b0 * b0 + 4 * a * target)) / (2 * a);
      return Math.min(1, Math.max(0, t));
    },
    params: { betaMin: b0, betaMax: b1 },
  });
}

/** Options of {@link vpCosine}. */
export interface VpCosineOptions {
  /** Offset s of the cosine schedule (default 0.008). */
  s?: number;
  /** Largest time (default 0.9946, where alpha is still > 0; as in DPM-Solver). */
  tMax?: number;
}

/**
 * Variance-preserving cosine schedule of Nichol & Dhariwal (2021):
 * `alphaBar(t) = cos^2((t+s)/(1+s) pi/2) / cos^2(s/(1+s) pi/2)`, `alpha = sqrt(alphaBar)`, `sigma = sqrt(1-alphaBar)`.
 * @example
 * ```ts
 * vpCosine().alpha(0.5); // ≈ 0.7027
 * ```
 */
export function vpCosine(options: VpCosineOptions = {}): GaussianPath {
  const s = options.s ?? 0.008;
  if (!(s >= 0 && s < 1)) throw new Error(`vpCosine: options.s must be in [0, 1), received ${s}`);
  const tMax = options.tMax ?? 0.9946;
  if (!(tMax > 0 && tMax < 1)) throw new Error(`vpCosine: options.tMax must be in (0, 1), received ${tMax}`);
  const c0 = Math.cos(((s / (1 + s)) * Math.PI) / 2);
  const alpha = (t: number) => Math.cos((((t + s) / (1 + s)) * Math.PI) / 2) / c0;
  return gaussianPath({
    name: "vp-cosine",
    family: "vp",
    tMax,
    tLow: 1e-3,
    defaultSpacing: "logsnr",
    alpha,
    sigma: (t) => Math.sqrt(Math.max(0, 1 - alpha(t) ** 2)),
    dAlpha: (t) => (-Math.sin((((t + s) / (1 + s)) * Math.PI) / 2) * Math.PI) / (2 * (1 + s) * c0),
    params: { s, tMax },
  });
}
