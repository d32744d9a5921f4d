/**
 * Real-signal spectra in float64 for the data generators: `rspec(x)` gives X_k = Σ_j x_j e^{−2πijk/n} for
 * k = 0..⌊n/2⌋ and `irspec` inverts it (numpy rfft/irfft conventions), split into real and imaginary parts.
 * Any length (core-tensor's FFT: fft.js for powers of two, Bluestein otherwise).
 */
import { irfftRows, rfftRows } from "./fft.js";

export interface HalfSpectrum {
  re: Float64Array;
  im: Float64Array;
}

export function rspec(x: Float64Array): HalfSpectrum {
  const h = Math.floor(x.length / 2) + 1;
  const z = rfftRows(x, x.length);
  const re = new Float64Array(h);
  const im = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    re[k] = z[2 * k]!;
    im[k] = z[2 * k + 1]!;
  }
  return { re, im };
}

export function irspec(s: HalfSpectrum, n: number, out: Float64Array = new Float64Array(n)): Float64Array {
  const h = Math.floor(n / 2) + 1;
  const z = new Float64Array(2 * h);
  for (let k = 0; k < h; k++) {
    z[2 * k] = s.re[k]!;
    z[2 * k + 1] = s.im[k]!;
  }
  out.set(irfftRows(z, n));
  return out;
}
