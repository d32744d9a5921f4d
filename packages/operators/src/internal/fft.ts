/**
 * Adapter over the FFT used by the spectral layers and the pseudo-spectral generators. It wraps `fft.js`
 * (power-of-two sizes) directly until `@continuum/core-tensor/fft` is published in core-tensor's exports map;
 * switching is a change to this file only.
 */
import FFT from "fft.js";

const plans = new Map<number, FFT>();

/** A cached fft.js plan of size `n` (a power of two). */
export function fftPlan(n: number): FFT {
  let p = plans.get(n);
  if (!p) {
    p = new FFT(n);
    plans.set(n, p);
  }
  return p;
}

/**
 * Complex FFT in place semantics: `out[2k], out[2k+1]` = Σ_s z_s e^{-2πiks/n} for interleaved complex `z`.
 */
export function fftComplex(z: Float64Array, out: Float64Array = new Float64Array(z.length)): Float64Array {
  const n = z.length / 2;
  fftPlan(n).transform(out, z);
  return out;
}

/** Inverse complex FFT with the 1/n factor: `out_s` = (1/n) Σ_k Z_k e^{+2πiks/n}. */
export function ifftComplex(z: Float64Array, out: Float64Array = new Float64Array(z.length)): Float64Array {
  const n = z.length / 2;
  fftPlan(n).inverseTransform(out, z);
  return out;
}

/**
 * Real FFT: returns interleaved complex `out` of length 2n whose first n/2+1 entries are valid
 * (X_k = Σ_s x_s e^{-2πiks/n}); the rest is left as fft.js leaves it.
 */
export function rfftHalf(x: Float64Array, out: Float64Array = new Float64Array(2 * x.length)): Float64Array {
  fftPlan(x.length).realTransform(out, x);
  return out;
}
