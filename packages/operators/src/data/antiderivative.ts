import { prng } from "@continuum/core-tensor";
import { positiveInt, positiveNumber } from "../internal/validate.js";

/** Options of {@link antiderivativeDataset}. */
export interface AntiderivativeOptions {
  /** Number of input functions. */
  n: number;
  /** Sensor count m (u sampled at x_j = j/(m−1)); default 100 as in Lu et al. */
  sensors?: number;
  /** Output points P (s sampled at y_j = j/(P−1)); default 100. */
  points?: number;
  /** RBF length scale of the input GRF (default 0.2). */
  lengthScale?: number;
  /** Random Fourier features per function (default 200). */
  features?: number;
  seed?: number;
}

/** Antiderivative data: u at sensors `[n, m]`, y `[P]`, s = ∫₀^y u `[n, P]` (all float64, row-major). */
export interface AntiderivativeData {
  u: Float64Array;
  y: Float64Array;
  s: Float64Array;
  /** u evaluated at the output points y `[n, P]` (for physics-informed residuals ds/dy = u(y)). */
  uAtY: Float64Array;
  sensors: number;
  points: number;
}

/**
 * The DeepONet antiderivative benchmark (Lu et al. 2021, §3.1): G(u)(y) = ∫₀^y u(τ) dτ on [0, 1] with u drawn
 * from a zero-mean Gaussian-process prior with RBF kernel exp(−|x − x′|²/(2ℓ²)), ℓ = 0.2. Each u is a random
 * Fourier-feature sample u(x) = √(2/J) Σ_j w_j cos(ω_j x + b_j), ω_j ~ N(0, ℓ⁻²), b_j ~ U[0, 2π), w_j ~ N(0, 1)
 * (Rahimi & Recht 2007; covariance exactly the RBF kernel in expectation over the features), so the
 * antiderivative is exact: s(y) = √(2/J) Σ_j w_j · 2 cos(b_j + ω_j y/2) sin(ω_j y/2)/ω_j.
 *
 * @example
 * ```ts
 * const d = antiderivativeDataset({ n: 10, sensors: 100, points: 100, seed: 0 });
 * d.s.length; // 1000
 * ```
 */
export function antiderivativeDataset(options: AntiderivativeOptions): AntiderivativeData {
  const n = positiveInt(options?.n, "antiderivativeDataset: options.n");
  const m = positiveInt(options.sensors ?? 100, "antiderivativeDataset: options.sensors");
  const P = positiveInt(options.points ?? 100, "antiderivativeDataset: options.points");
  const ell = positiveNumber(options.lengthScale ?? 0.2, "antiderivativeDataset: options.lengthScale");
  const J = positiveInt(options.features ?? 200, "antiderivativeDataset: options.features");
  const rng = prng(options.seed ?? 0);
  const xs = Float64Array.from({ length: m }, (_, j) => (m === 1 ? 0 : j / (m - 1)));
  const y = Float64Array.from({ length: P }, (_, j) => (P === 1 ? 0 : j / (P - 1)));
  const u = new Float64Array(n * m);
  const s = new Float64Array(n * P);
  const uAtY = new Float64Array(n * P);
  const c = Math.sqrt(2 / J);
  const om = new Float64Array(J);
  const b = new Float64Array(J);
  const w = new Float64Array(J);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < J; j++) {
      om[j] = rng.nextNormal() / ell;
      b[j] = 2 * Math.PI * rng.nextDouble();
      w[j] = rng.nextNormal();
    }
    const evalU = (x: number) => {
      let v = 0;
      for (let j = 0; j < J; j++) v += w[j]! * Math.cos(om[j]! * x + b[j]!);
      return c * v;
    };
    for (let k = 0; k < m; k++) u[i * m + k] = evalU(xs[k]!);
    for (let k = 0; k < P; k++) {
      const yy = y[k]!;
      let v = 0;
      for (let j = 0; j < J; j++) {
        const o = om[j]!;
        const half = (o * yy) / 2;
        // sin(half)/ω → y/2 as ω → 0: stable form without cancellation.
        const sinc = Math.abs(half) < 1e-8 ? yy / 2 : Math.sin(half) / o;
        v += w[j]! * 2 * Math.cos(b[j]! + half) * sinc;
      }
      s[i * P + k] = c * v;
      uAtY[i * P + k] = evalU(yy);
    }
  }
  return { u, y, s, uAtY, sensors: m, points: P };
}
