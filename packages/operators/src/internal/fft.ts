/**
 * FFTs for the operators package. The pseudo-spectral generators use `@continuum/core-tensor/fft` (batched real
 * FFTs, numpy `rfft`/`irfft` conventions, any length); the truncated-FFT custom ops keep fft.js directly, which
 * measured as fast or faster (see `spectral/truncated-fft.ts`).
 *
 * core-tensor's transforms throw on NaN/Infinity input; here a non-finite input gives an all-NaN output
 * instead, so that a blow-up inside a time stepper or a training step is reported by the caller as a
 * `"diverged"` status (as with the former direct fft.js wrapper) rather than thrown from inside an FFT.
 *
 * core-tensor's `irfft` (0.1.0) does not ignore the imaginary parts of the DC and Nyquist bins for even `n`
 * although its documentation says it does (numpy does); {@link irfftRows} zeroes them before the call.
 */
import { irfft, type RealArray, rfft } from "@continuum/core-tensor/fft";
import FFT from "fft.js";

const plans = new Map<number, FFT>();

/** A cached fft.js plan of size `n` (a power of two), for the truncated FFT custom ops only. */
function fftPlan(n: number): FFT {
  let p = plans.get(n);
  if (!p) {
    p = new FFT(n);
    plans.set(n, p);
  }
  return p;
}

/** Inverse complex FFT (fft.js, power of two) with the 1/n factor: `out_s` = (1/n) Σ_k Z_k e^{+2πiks/n}. */
export function ifftComplex(z: Float64Array, out: Float64Array = new Float64Array(z.length)): Float64Array {
  fftPlan(z.length / 2).inverseTransform(out, z);
  return out;
}

/** Real FFT (fft.js, power of two) into interleaved `out` of length 2n; the first n/2+1 bins are valid. */
export function rfftHalf(x: Float64Array, out: Float64Array = new Float64Array(2 * x.length)): Float64Array {
  fftPlan(x.length).realTransform(out, x);
  return out;
}

function allFinite(x: RealArray): boolean {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += x[i]! * 0;
  return acc === 0;
}

/** `x`, or a copy of it with the imaginary parts of the DC and (even `n`) Nyquist bins set to zero. */
function zeroRealBinsImag<T extends RealArray>(x: T, n: number): T {
  const h = Math.floor(n / 2) + 1;
  const nyquist = n % 2 === 0 ? 2 * (h - 1) + 1 : -1;
  let y = x;
  for (let o = 0; o < x.length; o += 2 * h) {
    if (x[o + 1] === 0 && (nyquist < 0 || x[o + nyquist] === 0)) continue;
    if (y === x) y = x.slice() as T;
    y[o + 1] = 0;
    if (nyquist >= 0) y[o + nyquist] = 0;
  }
  return y;
}

/**
 * Real FFT of every block of `n` samples: `X_k = Σ_s x_s e^{−2πiks/n}`, k = 0..⌊n/2⌋, as interleaved complex
 * (length `2(⌊n/2⌋+1)` per block). Same element type as `x`.
 */
export function rfftRows<T extends RealArray>(x: T, n: number): T {
  if (allFinite(x)) return rfft(x, n);
  const rows = x.length / n;
  const out = (
    x instanceof Float32Array
      ? new Float32Array(rows * 2 * (Math.floor(n / 2) + 1))
      : new Float64Array(rows * 2 * (Math.floor(n / 2) + 1))
  ) as T;
  return out.fill(Number.NaN) as T;
}

/**
 * Inverse of {@link rfftRows} (numpy `irfft`, with the 1/n factor): every block of `⌊n/2⌋+1` interleaved
 * complex bins → `n` reals. The imaginary parts of the DC and (even `n`) Nyquist bins are ignored.
 */
export function irfftRows<T extends RealArray>(x: T, n: number): T {
  if (allFinite(x)) return irfft(zeroRealBinsImag(x, n), n);
  const rows = x.length / (2 * (Math.floor(n / 2) + 1));
  const out = (x instanceof Float32Array ? new Float32Array(rows * n) : new Float64Array(rows * n)) as T;
  return out.fill(Number.NaN) as T;
}
