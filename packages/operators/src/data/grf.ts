import { prng } from "@continuum/core-tensor";
import { irspec } from "../internal/real-spectrum.js";
import { finiteNumber, positiveInt, positiveNumber } from "../internal/validate.js";

/**
 * Spectrum of a Gaussian random field. `"fno"`: covariance σ²(−Δ + τ²I)^(−α) (Li et al. 2021; Burgers uses
 * σ² = 625, τ = 5, α = 2; Darcy τ = 3, α = 2). `"matern"`: the Matérn field with smoothness ν and length
 * scale ℓ, i.e. (−Δ + 2ν/ℓ²)^(−(ν + d/2)) normalised to pointwise variance σ² (Lindgren, Rue, Lindström 2011).
 */
export type GrfSpectrum =
  | { kind: "fno"; alpha: number; tau: number; sigma?: number }
  | { kind: "matern"; nu: number; lengthScale: number; sigma?: number };

/** Options shared by the GRF samplers. */
export interface GrfOptions {
  /** Number of samples. */
  n: number;
  /** Grid points per axis. */
  resolution: number;
  spectrum: GrfSpectrum;
  seed?: number;
  /** Drop the constant mode (default true, as the FNO data do). */
  zeroMean?: boolean;
}

function exponents(spec: GrfSpectrum, d: number): { tau2: number; alpha: number; sigma2: number } {
  if (spec?.kind === "fno") {
    return {
      tau2: positiveNumber(spec.tau, "grf: spectrum.tau") ** 2,
      alpha: positiveNumber(spec.alpha, "grf: spectrum.alpha"),
      sigma2: finiteNumber(spec.sigma ?? 1, "grf: spectrum.sigma") ** 2,
    };
  }
  if (spec?.kind === "matern") {
    const nu = positiveNumber(spec.nu, "grf: spectrum.nu");
    const l = positiveNumber(spec.lengthScale, "grf: spectrum.lengthScale");
    return {
      tau2: (2 * nu) / (l * l),
      alpha: nu + d / 2,
      sigma2: finiteNumber(spec.sigma ?? 1, "grf: spectrum.sigma") ** 2,
    };
  }
  throw new Error(
    `grf: spectrum.kind must be "fno" or "matern", received ${JSON.stringify((spec as { kind?: unknown })?.kind)}`,
  );
}

/**
 * Eigenvalue μ_k of the covariance for the periodic wavevector with |k|² = `k2` on [0, 1]^d:
 * σ²(4π²|k|² + τ²)^(−α) (`"fno"`), or the Matérn density scaled to unit pointwise variance times σ².
 */
export function grfEigenvalue(spec: GrfSpectrum, k2: number, d: number, norm = 1): number {
  const { tau2, alpha, sigma2 } = exponents(spec, d);
  return (sigma2 * (4 * Math.PI * Math.PI * k2 + tau2) ** -alpha) / norm;
}

/** `zeroMean` as a boolean (default true); a string such as "no" was formerly truthy and kept the mean at zero. */
function zeroMeanOption(v: unknown, where: string): boolean {
  if (v === undefined) return true;
  if (typeof v !== "boolean")
    throw new Error(`${where}: options.zeroMean must be true or false, received ${JSON.stringify(v)}`);
  return v;
}

function maternNorm(spec: GrfSpectrum, d: number, K: number, zeroMean: boolean): number {
  if (spec.kind !== "matern") return 1;
  // Pointwise variance = Σ_k μ_k over the kept lattice; normalise so it equals σ².
  let s = 0;
  if (d === 1)
    for (let k = -K; k <= K; k++)
      s += k === 0 && zeroMean ? 0 : grfEigenvalue({ ...spec, sigma: 1 }, k * k, 1);
  else
    for (let a = -K; a <= K; a++)
      for (let b = -K; b <= K; b++)
        s += a === 0 && b === 0 && zeroMean ? 0 : grfEigenvalue({ ...spec, sigma: 1 }, a * a + b * b, 2);
  return s;
}

/**
 * Samples of a periodic Gaussian random field on the grid x_j = j/S of [0, 1): u = Σ_k √μ_k (a_k cos 2πkx −
 * b_k sin 2πkx) over |k| < S/2 with a, b ~ N(0, 1), whose covariance is Σ_k μ_k cos 2πk(x − x′), so the
 * expected periodogram is E|X_k|²/S² = μ_k. Float64, seeded with core-tensor's `prng`.
 *
 * @returns row-major `[n, resolution]`.
 * @example
 * ```ts
 * const u0 = grf1d({ n: 2, resolution: 64, spectrum: { kind: "fno", alpha: 2, tau: 5, sigma: 25 }, seed: 0 });
 * u0.length; // 128
 * ```
 */
export function grf1d(options: GrfOptions): Float64Array {
  const n = positiveInt(options?.n, "grf1d: options.n");
  const S = positiveInt(options.resolution, "grf1d: options.resolution");
  const zeroMean = zeroMeanOption(options.zeroMean, "grf1d");
  const K = Math.ceil(S / 2) - 1; // strictly below Nyquist
  const norm = maternNorm(options.spectrum, 1, K, zeroMean);
  const rng = prng(options.seed ?? 0);
  const out = new Float64Array(n * S);
  const h = Math.floor(S / 2) + 1;
  for (let i = 0; i < n; i++) {
    const re = new Float64Array(h);
    const im = new Float64Array(h);
    if (!zeroMean) re[0] = S * Math.sqrt(grfEigenvalue(options.spectrum, 0, 1, norm)) * rng.nextNormal();
    for (let k = 1; k <= K; k++) {
      // u ⊃ √(2μ)(a cos − b sin) ⇔ X_k = (S/2)√(2μ)(a + i b)
      const amp = (S / 2) * Math.sqrt(2 * grfEigenvalue(options.spectrum, k * k, 1, norm));
      re[k] = amp * rng.nextNormal();
      im[k] = amp * rng.nextNormal();
    }
    irspec({ re, im }, S, out.subarray(i * S, (i + 1) * S));
  }
  return out;
}

/** Options of {@link grf2d}. */
export interface Grf2dOptions extends GrfOptions {
  /**
   * `"periodic"` (default): grid j/S on [0, 1)², Fourier modes. `"neumann"`: grid j/(S−1) on [0, 1]², cosine
   * modes cos(πk₁x)cos(πk₂y) with μ_k from π²|k|² (the FNO Darcy generator; up to eigenfunction normalisation).
   */
  boundary?: "periodic" | "neumann";
}

/**
 * Samples of a 2-D Gaussian random field (see {@link grf1d}; periodic: E|X_k|²/S⁴ = μ_k). Synthesised as one
 * separable product `[C S] M [C S]ᵀ` per sample, O(S³).
 *
 * @returns row-major `[n, resolution, resolution]`.
 * @example
 * ```ts
 * const a = grf2d({ n: 1, resolution: 32, spectrum: { kind: "fno", alpha: 2, tau: 3 }, boundary: "neumann" });
 * ```
 */
export function grf2d(options: Grf2dOptions): Float64Array {
  const n = positiveInt(options?.n, "grf2d: options.n");
  const S = positiveInt(options.resolution, "grf2d: options.resolution");
  const zeroMean = zeroMeanOption(options.zeroMean, "grf2d");
  const boundary = options.boundary ?? "periodic";
  if (boundary !== "periodic" && boundary !== "neumann")
    throw new Error(
      `grf2d: options.boundary must be "periodic" or "neumann", received ${JSON.stringify(boundary)}`,
    );
  const rng = prng(options.seed ?? 0);
  const out = new Float64Array(n * S * S);
  // Basis matrix E [S, M] and the per-sample coefficient matrix Q [M, M]: U = E Q Eᵀ.
  let M: number;
  let E: Float64Array;
  let mu: Float64Array; // eigenvalues on the coefficient lattice, [M/·]
  if (boundary === "periodic") {
    const K = Math.ceil(S / 2) - 1;
    const L = 2 * K + 1;
    M = 2 * L;
    E = new Float64Array(S * M);
    for (let j = 0; j < S; j++)
      for (let a = 0; a < L; a++) {
        const th = (2 * Math.PI * (((a - K) * j) % S)) / S;
        E[j * M + a] = Math.cos(th);
        E[j * M + L + a] = Math.sin(th);
      }
    const norm = maternNorm(options.spectrum, 2, K, zeroMean);
    mu = new Float64Array(L * L);
    for (let a = 0; a < L; a++)
      for (let b = 0; b < L; b++) {
        const k2 = (a - K) ** 2 + (b - K) ** 2;
        mu[a * L + b] = k2 === 0 && zeroMean ? 0 : grfEigenvalue(options.spectrum, k2, 2, norm);
      }
  } else {
    M = S;
    E = new Float64Array(S * M);
    for (let j = 0; j < S; j++)
      for (let a = 0; a < M; a++) E[j * M + a] = Math.cos((Math.PI * a * j) / Math.max(S - 1, 1));
    const { tau2, alpha, sigma2 } = exponents(options.spectrum, 2);
    mu = new Float64Array(M * M);
    for (let a = 0; a < M; a++)
      for (let b = 0; b < M; b++)
        mu[a * M + b] =
          a === 0 && b === 0 && zeroMean ? 0 : sigma2 * (Math.PI ** 2 * (a * a + b * b) + tau2) ** -alpha;
  }
  const Q = new Float64Array(M * M);
  const T = new Float64Array(S * M);
  for (let i = 0; i < n; i++) {
    if (boundary === "periodic") {
      const L = M / 2;
      for (let a = 0; a < L; a++)
        for (let b = 0; b < L; b++) {
          const s = Math.sqrt(mu[a * L + b]!);
          const A = s * rng.nextNormal();
          const B = s * rng.nextNormal();
          // a cos(θ1+θ2) − b sin(θ1+θ2) = A(c1c2 − s1s2) − B(s1c2 + c1s2)
          Q[a * M + b] = A;
          Q[(L + a) * M + (L + b)] = -A;
          Q[(L + a) * M + b] = -B;
          Q[a * M + (L + b)] = -B;
        }
    } else {
      for (let a = 0; a < M * M; a++) Q[a] = Math.sqrt(mu[a]!) * rng.nextNormal();
    }
    // T = E Q  [S, M]
    T.fill(0);
    for (let j = 0; j < S; j++)
      for (let a = 0; a < M; a++) {
        const e = E[j * M + a]!;
        if (e === 0) continue;
        for (let b = 0; b < M; b++) T[j * M + b]! += e * Q[a * M + b]!;
      }
    // U = T Eᵀ  [S, S]
    const base = i * S * S;
    for (let j = 0; j < S; j++)
      for (let l = 0; l < S; l++) {
        let s = 0;
        for (let b = 0; b < M; b++) s += T[j * M + b]! * E[l * M + b]!;
        out[base + j * S + l] = s;
      }
  }
  return out;
}
