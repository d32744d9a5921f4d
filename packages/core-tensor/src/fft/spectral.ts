import { irfft, rfft } from "./real.js";
import type { RealArray } from "./validate.js";
import { batches, checkArray, checkSize, describe } from "./validate.js";

/** Throw unless the sample spacing `d` is a finite non-zero number (NumPy would divide by it silently). */
function checkSpacing(fn: string, d: unknown): void {
  if (typeof d !== "number" || !Number.isFinite(d) || d === 0) {
    throw new Error(`${fn}: d (sample spacing) must be a finite non-zero number, received ${describe(d)}`);
  }
}

/**
 * Sample frequencies of an `n`-point DFT with sample spacing `d` (NumPy's `fftfreq`):
 * `[0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1] / (d·n)`.
 *
 * @example
 * ```ts
 * fftFreq(4); // [0, 0.25, -0.5, -0.25]
 * ```
 */
export function fftFreq(n: number, d = 1): Float64Array {
  checkSize("fftFreq", "n", n);
  checkSpacing("fftFreq", d);
  const f = new Float64Array(n);
  for (let k = 0; k < n; k++) f[k] = (k < Math.ceil(n / 2) ? k : k - n) / (d * n);
  return f;
}

/**
 * Sample frequencies of the `⌊n/2⌋+1` bins of {@link rfft} (NumPy's `rfftfreq`): `[0, 1, …, ⌊n/2⌋] / (d·n)`.
 *
 * @example
 * ```ts
 * rfftFreq(4); // [0, 0.25, 0.5]
 * ```
 */
export function rfftFreq(n: number, d = 1): Float64Array {
  checkSize("rfftFreq", "n", n);
  checkSpacing("rfftFreq", d);
  const h = Math.floor(n / 2) + 1;
  const f = new Float64Array(h);
  for (let k = 0; k < h; k++) f[k] = k / (d * n);
  return f;
}

/**
 * Options of {@link spectralDerivative}.
 *
 * @example
 * ```ts
 * const opts: SpectralDerivativeOptions = { length: 1, order: 2 };
 * spectralDerivative(u, opts); // u'' on [0, 1)
 * ```
 */
export interface SpectralDerivativeOptions {
  /** Samples per signal (last axis). Default: all of `u`. */
  readonly n?: number;
  /** Period `L` of the domain (samples at `x_j = j·L/n`). Default `2π`. */
  readonly length?: number;
  /** Derivative order `p ≥ 0`. Default 1. */
  readonly order?: number;
}

/**
 * Spectral (Fourier) derivative `dᵖu/dxᵖ` of periodic real samples, batched over the last axis: `rfft`,
 * multiply bin `k` by `(i·2πk/L)ᵖ`, `irfft`. Exact for trigonometric polynomials of degree `< n/2`;
 * for odd `p` and even `n` the Nyquist bin is zeroed (its derivative is not real), as in Trefethen,
 * *Spectral Methods in MATLAB*, ch. 3.
 *
 * @example
 * ```ts
 * const n = 16;
 * const u = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n));
 * spectralDerivative(u); // ≈ cos(x_j), error ~1e-15
 * ```
 */
export function spectralDerivative<T extends RealArray>(u: T, options: SpectralDerivativeOptions = {}): T {
  checkArray("spectralDerivative", "u", u);
  const n =
    options.n === undefined
      ? checkSize("spectralDerivative", "u.length", u.length)
      : checkSize("spectralDerivative", "n", options.n);
  const count = batches("spectralDerivative", "u", u.length, n, `n = ${n} samples per signal`);
  const length = options.length ?? 2 * Math.PI;
  if (!Number.isFinite(length) || length <= 0) {
    throw new Error(
      `spectralDerivative: length must be a finite number > 0, received ${describe(options.length)}`,
    );
  }
  const order = options.order ?? 1;
  if (!Number.isInteger(order) || order < 0) {
    throw new Error(`spectralDerivative: order must be an integer >= 0, received ${describe(options.order)}`);
  }
  const spec = rfft(u instanceof Float64Array ? u : Float64Array.from(u), n);
  const h = Math.floor(n / 2) + 1;
  const w = (2 * Math.PI) / length;
  // i^p = (re, im)
  const ip = [
    [1, 0],
    [0, 1],
    [-1, 0],
    [0, -1],
  ][order % 4];
  for (let b = 0; b < count; b++) {
    for (let k = 0; k < h; k++) {
      const p = 2 * (h * b + k);
      if (order % 2 === 1 && n % 2 === 0 && k === n / 2) {
        spec[p] = 0;
        spec[p + 1] = 0;
        continue;
      }
      const mag = (w * k) ** order;
      const fr = mag * ip[0];
      const fi = mag * ip[1];
      const re = spec[p];
      const im = spec[p + 1];
      spec[p] = re * fr - im * fi;
      spec[p + 1] = re * fi + im * fr;
    }
  }
  const d = irfft(spec, n);
  return (u instanceof Float64Array ? d : Float32Array.from(d)) as T;
}

/**
 * Options of {@link dealias}.
 *
 * @example
 * ```ts
 * const opts: DealiasOptions = { half: true, inPlace: true };
 * dealias(rfft2(u, 64, 64), [64, 64], opts);
 * ```
 */
export interface DealiasOptions {
  /** The last axis holds an `rfft` half spectrum (`⌊n/2⌋+1` bins) instead of a full one. Default false. */
  readonly half?: boolean;
  /** Zero the modes in `spectrum` itself instead of a copy. Default false. */
  readonly inPlace?: boolean;
}

/**
 * Orszag's 2/3 rule (Orszag 1971, *J. Atmos. Sci.* 28:1074) for pseudo-spectral products: zero every Fourier
 * mode with `|k| ≥ N/3` on any of the last one or two axes (square truncation), so quadratic products formed on
 * the grid do not alias onto kept modes. `spectrum` is interleaved complex, shaped `[...batch, N]` or
 * `[...batch, Ny, Nx]` (the last axis `⌊Nx/2⌋+1` long when `half`); `shape` is the real-space grid (`[N]` or
 * `[Ny, Nx]`).
 *
 * @example
 * ```ts
 * const spec = rfft(new Float64Array(12).fill(1)); // 7 bins
 * dealias(spec, [12], { half: true }); // keeps k = 0..3 (|k| < 4), zeroes k = 4..6
 * ```
 */
export function dealias<T extends RealArray>(
  spectrum: T,
  shape: readonly number[],
  options: DealiasOptions = {},
): T {
  checkArray("dealias", "spectrum", spectrum);
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 2) {
    throw new Error(`dealias: shape must be [N] or [Ny, Nx], received ${describe(shape)}`);
  }
  for (let i = 0; i < shape.length; i++) checkSize("dealias", `shape[${i}]`, shape[i]);
  const half = options.half ?? false;
  const nx = shape[shape.length - 1];
  const ny = shape.length === 2 ? shape[0] : 1;
  const cols = half ? Math.floor(nx / 2) + 1 : nx;
  const block = 2 * ny * cols;
  const count = batches(
    "dealias",
    "spectrum",
    spectrum.length,
    block,
    `${ny > 1 ? `${ny}×` : ""}${cols} complex bins`,
  );
  const out = options.inPlace ? spectrum : (spectrum.slice() as T);
  const wave = (k: number, size: number) => (k <= size / 2 ? k : k - size);
  for (let b = 0; b < count; b++) {
    for (let r = 0; r < ny; r++) {
      const ky = shape.length === 2 ? Math.abs(wave(r, ny)) : 0;
      const rowCut = 3 * ky >= ny && shape.length === 2;
      for (let c = 0; c < cols; c++) {
        const kx = Math.abs(half ? c : wave(c, nx));
        if (rowCut || 3 * kx >= nx) {
          const p = b * block + 2 * (r * cols + c);
          out[p] = 0;
          out[p + 1] = 0;
        }
      }
    }
  }
  return out;
}
