/**
 * Real-signal spectra in float64 for the data generators: `rspec(x)` gives X_k = Σ_j x_j e^{−2πijk/n} for
 * k = 0..⌊n/2⌋ and `irspec` inverts it (numpy rfft/irfft conventions). Powers of two use fft.js through the
 * adapter; other sizes fall back to an O(n²) direct sum (adequate for the ≤ 1000-point grids used here).
 */
import { fftPlan, rfftHalf } from "./fft.js";
import { isPowerOfTwo } from "./validate.js";

export interface HalfSpectrum {
  re: Float64Array;
  im: Float64Array;
}

export function rspec(x: Float64Array): HalfSpectrum {
  const n = x.length;
  const h = Math.floor(n / 2) + 1;
  const re = new Float64Array(h);
  const im = new Float64Array(h);
  if (isPowerOfTwo(n) && n >= 2) {
    const out = rfftHalf(x);
    for (let k = 0; k < h; k++) {
      re[k] = out[2 * k]!;
      im[k] = out[2 * k + 1]!;
    }
    return { re, im };
  }
  for (let k = 0; k < h; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const th = (2 * Math.PI * ((k * j) % n)) / n;
      sr += x[j]! * Math.cos(th);
      si -= x[j]! * Math.sin(th);
    }
    re[k] = sr;
    im[k] = si;
  }
  return { re, im };
}

export function irspec(s: HalfSpectrum, n: number, out: Float64Array = new Float64Array(n)): Float64Array {
  const h = Math.floor(n / 2) + 1;
  if (isPowerOfTwo(n) && n >= 2) {
    const z = new Float64Array(2 * n);
    for (let k = 0; k < h; k++) {
      z[2 * k] = s.re[k]!;
      z[2 * k + 1] = s.im[k]!;
    }
    for (let k = 1; k < n - h + 1; k++) {
      z[2 * (n - k)] = s.re[k]!;
      z[2 * (n - k) + 1] = -s.im[k]!;
    }
    z[1] = 0;
    if (n % 2 === 0) z[n + 1] = 0;
    const res = new Float64Array(2 * n);
    fftPlan(n).inverseTransform(res, z);
    for (let j = 0; j < n; j++) out[j] = res[2 * j]!;
    return out;
  }
  for (let j = 0; j < n; j++) {
    let v = s.re[0]!;
    for (let k = 1; k < h; k++) {
      const c = n % 2 === 0 && k === n / 2 ? 1 : 2;
      const th = (2 * Math.PI * ((k * j) % n)) / n;
      v += c * (s.re[k]! * Math.cos(th) - s.im[k]! * Math.sin(th));
    }
    out[j] = v / n;
  }
  return out;
}
