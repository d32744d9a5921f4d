/**
 * A Gaussian noising path `x_t = alpha(t) x_0 + sigma(t) eps`, the one object every schedule, loss and sampler
 * of this package shares. Time runs from data (`t = tMin`, usually 0, where `sigma = 0`) to noise (`t = tMax`).
 */
export type PathFamily = "vp" | "sub-vp" | "ve" | "edm" | "flow" | "interpolant";

/** How a sampler spaces its time grid by default. */
export type GridSpacing = "uniform" | "logsnr" | "karras";

/** A Gaussian perturbation path (see the module summary). Immutable; build with {@link gaussianPath}. */
export interface GaussianPath {
  /** Registry name, e.g. `vp-linear`. */
  readonly name: string;
  readonly family: PathFamily;
  /** Data end of the time range (`sigma(tMin) = 0` for every built-in path). */
  readonly tMin: number;
  /** Noise end of the time range. */
  readonly tMax: number;
  /** Smallest positive time used as the last non-zero grid point of log-SNR / Karras grids. */
  readonly tLow: number;
  /**
   * Start time used by samplers that divide by alpha (reverse SDEs, DPM-Solver, EDM) when `alpha(tMax)` is
   * (nearly) zero: flows and interpolants use 0.99, where the Euler–Maruyama drift `f = alpha'/alpha` is ~ -100.
   */
  readonly sdeTMax: number;
  /** Default grid spacing of samplers on this path. */
  readonly defaultSpacing: GridSpacing;
  alpha(t: number): number;
  sigma(t: number): number;
  dAlpha(t: number): number;
  dSigma(t: number): number;
  /** Half log signal-to-noise ratio `lambda = log(alpha / sigma)` (decreasing in t). */
  logSNR(t: number): number;
  /** Inverse of {@link GaussianPath.logSNR} on `[tMin, tMax]` (clamped to the range). */
  timeOfLogSNR(lambda: number): number;
  /** Latent-noise coefficient gamma(t) of a stochastic interpolant (absent for plain diffusions). */
  gamma?(t: number): number;
  /** Free-form parameters, for display. */
  readonly params: Readonly<Record<string, number>>;
}

/** What {@link gaussianPath} needs; derivatives default to central differences. */
export interface GaussianPathSpec {
  name: string;
  family: PathFamily;
  tMin?: number;
  tMax: number;
  tLow: number;
  sdeTMax?: number;
  defaultSpacing: GridSpacing;
  alpha(t: number): number;
  sigma(t: number): number;
  dAlpha?(t: number): number;
  dSigma?(t: number): number;
  timeOfLogSNR?(lambda: number): number;
  gamma?(t: number): number;
  params?: Record<string, number>;
}

function centralDiff(f: (t: number) => number, lo: number, hi: number): (t: number) => number {
  return (t) => {
    const h = 1e-6 * Math.max(1, Math.abs(t));
    const a = Math.max(lo, t - h);
    const b = Math.min(hi, t + h);
    return (f(b) - f(a)) / (b - a);
  };
}

/**
 * Build a {@link GaussianPath} from `alpha`, `sigma` and a time range, filling in derivatives (central
 * differences), `logSNR` and its inverse (bisection, 80 halvings) when not given.
 *
 * @example
 * ```ts
 * const p = gaussianPath({ name: "lin", family: "flow", tMax: 1, tLow: 1e-3, defaultSpacing: "uniform",
 *   alpha: (t) => 1 - t, sigma: (t) => t });
 * p.logSNR(0.5); // 0
 * p.timeOfLogSNR(0); // 0.5
 * ```
 */
export function gaussianPath(spec: GaussianPathSpec): GaussianPath {
  const tMin = spec.tMin ?? 0;
  const { tMax } = spec;
  if (!(Number.isFinite(tMax) && tMax > tMin))
    throw new Error(
      `gaussianPath(${spec.name}): tMax must be a finite number > tMin=${tMin}, received ${tMax}`,
    );
  const dAlpha = spec.dAlpha ?? centralDiff(spec.alpha, tMin, tMax);
  const dSigma = spec.dSigma ?? centralDiff(spec.sigma, tMin, tMax);
  const logSNR = (t: number) => Math.log(spec.alpha(t)) - Math.log(spec.sigma(t));
  const timeOfLogSNR =
    spec.timeOfLogSNR ??
    ((lambda: number) => {
      let lo = tMin;
      let hi = tMax;
      if (lambda >= logSNR(lo)) return lo;
      if (lambda <= logSNR(hi)) return hi;
      for (let i = 0; i < 80; i++) {
        const mid = 0.5 * (lo + hi);
        if (logSNR(mid) > lambda) lo = mid;
        else hi = mid;
      }
      return 0.5 * (lo + hi);
    });
  return Object.freeze({
    name: spec.name,
    family: spec.family,
    tMin,
    tMax,
    tLow: spec.tLow,
    sdeTMax: spec.sdeTMax ?? tMax,
    defaultSpacing: spec.defaultSpacing,
    alpha: spec.alpha,
    sigma: spec.sigma,
    dAlpha,
    dSigma,
    logSNR,
    timeOfLogSNR,
    ...(spec.gamma ? { gamma: spec.gamma } : {}),
    params: Object.freeze({ ...(spec.params ?? {}) }),
  });
}

/**
 * Drift coefficient `f(t) = alpha'(t) / alpha(t)` of the forward SDE `dx = f x dt + g dW` with this path's
 * marginals.
 * @example
 * ```ts
 * driftCoefficient(vpLinear(), 0); // -0.05 (= -beta_min / 2)
 * ```
 */
export function driftCoefficient(path: GaussianPath, t: number): number {
  return path.dAlpha(t) / path.alpha(t);
}

/**
 * Squared diffusion coefficient `g(t)^2 = d sigma^2/dt - 2 f(t) sigma^2` of the forward SDE whose marginals
 * are the path's (Song et al. 2021; Kingma et al. 2021).
 * @example
 * ```ts
 * diffusionSquared(vpLinear(), 0.5); // beta(0.5) = 10.05
 * ```
 */
export function diffusionSquared(path: GaussianPath, t: number): number {
  const s = path.sigma(t);
  const ds = path.dSigma(t);
  if (s !== 0 && Number.isFinite(ds)) return 2 * s * ds - 2 * driftCoefficient(path, t) * s * s;
  // At sigma = 0 (t = tMin) sigma' may be infinite (sigma ~ sqrt(t): VP, VE, interpolant) while
  // d sigma^2/dt = 2 sigma sigma' stays finite: take it from a one-sided Richardson difference of sigma^2
  // (error O(h^2), h = 1e-5 of the time range), and 2 f sigma^2 = 0.
  const h = 1e-5 * (path.tMax - path.tMin) * (t + 2e-5 * (path.tMax - path.tMin) <= path.tMax ? 1 : -1);
  const s0 = s * s;
  const d1 = (path.sigma(t + h) ** 2 - s0) / h;
  const d2 = (path.sigma(t + 2 * h) ** 2 - s0) / (2 * h);
  return 2 * d1 - d2 - 2 * driftCoefficient(path, t) * s0;
}

/**
 * Check that `t` lies in the path's time range; throws naming the argument otherwise.
 * @example
 * ```ts
 * checkTime(vpLinear(), 2, "sample: options.tMax"); // throws: ... must be in [0, 1], received 2
 * ```
 */
export function checkTime(path: GaussianPath, t: number, what: string): number {
  if (!(Number.isFinite(t) && t >= path.tMin - 1e-12 && t <= path.tMax + 1e-12))
    throw new Error(`${what} must be in [${path.tMin}, ${path.tMax}] for path '${path.name}', received ${t}`);
  return t;
}
