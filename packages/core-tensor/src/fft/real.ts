import { columnsInPlace } from "./complex.js";
import { realPlan } from "./plan.js";
import type { RealArray } from "./validate.js";
import { batches, checkArray, checkSize, like, throwIfNonFinite } from "./validate.js";

/**
 * Real-input DFT (NumPy's `rfft`): the `⌊n/2⌋+1` non-negative-frequency bins of the DFT of real data, as
 * interleaved complex, batched over every block of `n` reals (the last axis). Uses `fft.js`'s real transform
 * for powers of two (≥ 4) and Bluestein otherwise. Float32 in, Float32 out.
 *
 * @param x - real samples, length `n·batch`
 * @param n - transform length (default `x.length`)
 * @returns interleaved complex, length `2·(⌊n/2⌋+1)·batch`
 * @example
 * ```ts
 * rfft(new Float64Array([1, 1, 1, 1])); // [4, 0, 0, 0, 0, 0]
 * ```
 */
export function rfft<T extends RealArray>(x: T, n?: number): T {
  checkArray("rfft", "x", x);
  const size = n === undefined ? checkSize("rfft", "x.length", x.length) : checkSize("rfft", "n", n);
  const count = batches("rfft", "x", x.length, size, `n = ${size} samples per transform`);
  const h = Math.floor(size / 2) + 1;
  const plan = realPlan(size);
  const out = like(x, 2 * h * count);
  const inBuf = x instanceof Float64Array ? undefined : new Float64Array(size);
  let acc = 0;
  for (let b = 0; b < count; b++) {
    const off = size * b;
    let row: Float64Array;
    if (inBuf) {
      for (let j = 0; j < size; j++) inBuf[j] = x[off + j];
      row = inBuf;
    } else {
      row = (x as Float64Array).subarray(off, off + size);
    }
    // Written straight into `out`. A NaN/Infinity anywhere in the row makes bin 0 (the sum, returned) non-finite.
    acc += plan.forward(row, out, 2 * h * b) * 0;
  }
  if (acc !== 0) throwIfNonFinite("rfft", "x", x);
  return out;
}

/** Internal: inverse real transform of `count` half spectra stored in `src`, into `dst`. */
function irfftRows(src: RealArray, dst: RealArray, n: number, count: number): void {
  const h = Math.floor(n / 2) + 1;
  const plan = realPlan(n);
  const z = src instanceof Float64Array ? undefined : new Float64Array(2 * h);
  const y = dst instanceof Float64Array ? undefined : new Float64Array(n);
  for (let b = 0; b < count; b++) {
    const off = 2 * h * b;
    let spec: Float64Array;
    if (z) {
      for (let k = 0; k < 2 * h; k++) z[k] = src[off + k];
      spec = z;
    } else {
      spec = (src as Float64Array).subarray(off, off + 2 * h);
    }
    if (y) {
      plan.inverse(spec, y);
      dst.set(y, n * b);
    } else {
      plan.inverse(spec, (dst as Float64Array).subarray(n * b, n * (b + 1)));
    }
  }
}

/**
 * Inverse of {@link rfft} (NumPy's `irfft`): real signals of length `n` from their `⌊n/2⌋+1` non-negative
 * frequency bins (interleaved complex), batched. Imaginary parts of the DC (and, for even `n`, Nyquist) bins
 * are ignored, as in NumPy. `n` is required because `⌊n/2⌋+1` bins fit both `n` even and `n+1`.
 *
 * @example
 * ```ts
 * irfft(rfft(new Float64Array([1, 2, 3, 4, 5])), 5); // ≈ [1, 2, 3, 4, 5]
 * ```
 */
export function irfft<T extends RealArray>(x: T, n: number): T {
  checkArray("irfft", "x", x);
  checkSize("irfft", "n", n);
  const h = Math.floor(n / 2) + 1;
  const count = batches(
    "irfft",
    "x",
    x.length,
    2 * h,
    `⌊n/2⌋+1 = ${h} complex bins per signal of length n = ${n}`,
  );
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += x[i] * 0;
  if (acc !== 0) throwIfNonFinite("irfft", "x", x);
  const out = like(x, n * count);
  irfftRows(withRealEdgeBins(x, n, count), out, n, count);
  return out;
}

/**
 * A real signal's spectrum has real DC and (for even n) Nyquist bins; like NumPy, the inverse ignores any
 * imaginary part there. Returns `x` itself when those parts are already zero, else a cleaned copy.
 */
function withRealEdgeBins<T extends RealArray>(x: T, n: number, count: number): T {
  const h = Math.floor(n / 2) + 1;
  const edges = n % 2 === 0 ? [0, h - 1] : [0];
  let dirty = false;
  for (let r = 0; r < count && !dirty; r++)
    for (const k of edges) if (x[2 * (r * h + k) + 1] !== 0) dirty = true;
  if (!dirty) return x;
  const y = x.slice() as T;
  for (let r = 0; r < count; r++) for (const k of edges) y[2 * (r * h + k) + 1] = 0;
  return y;
}

/**
 * 2-D real-input DFT over the last two axes of real data shaped `[...batch, rows, cols]` (NumPy's `rfft2`):
 * output shape `[...batch, rows, ⌊cols/2⌋+1]` interleaved complex (the last axis is halved).
 *
 * @example
 * ```ts
 * rfft2(new Float64Array([1, 1, 1, 1]), 2, 2); // [4, 0, 0, 0, 0, 0, 0, 0]
 * ```
 */
export function rfft2<T extends RealArray>(x: T, rows: number, cols: number): T {
  checkArray("rfft2", "x", x);
  checkSize("rfft2", "rows", rows);
  checkSize("rfft2", "cols", cols);
  const count = batches("rfft2", "x", x.length, rows * cols, `rows×cols = ${rows}×${cols} samples`);
  const h = Math.floor(cols / 2) + 1;
  const half = rfft(x instanceof Float64Array ? x : Float64Array.from(x), cols);
  columnsInPlace(half, count, rows, h, false);
  if (x instanceof Float64Array) return half as T;
  return Float32Array.from(half) as T;
}

/**
 * Inverse of {@link rfft2} (NumPy's `irfft2`): input `[...batch, rows, ⌊cols/2⌋+1]` interleaved complex,
 * output real `[...batch, rows, cols]`.
 *
 * @example
 * ```ts
 * irfft2(rfft2(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3), 2, 3); // ≈ [1, 2, 3, 4, 5, 6]
 * ```
 */
export function irfft2<T extends RealArray>(x: T, rows: number, cols: number): T {
  checkArray("irfft2", "x", x);
  checkSize("irfft2", "rows", rows);
  checkSize("irfft2", "cols", cols);
  const h = Math.floor(cols / 2) + 1;
  const count = batches(
    "irfft2",
    "x",
    x.length,
    2 * rows * h,
    `rows×(⌊cols/2⌋+1) = ${rows}×${h} complex bins`,
  );
  const work = Float64Array.from(x);
  let acc = 0;
  for (let i = 0; i < work.length; i++) acc += work[i] * 0;
  if (acc !== 0) throwIfNonFinite("irfft2", "x", x);
  columnsInPlace(work, count, rows, h, true);
  const out = like(x, rows * cols * count);
  irfftRows(withRealEdgeBins(work, cols, rows * count), out, cols, rows * count);
  return out;
}
