import { complexPlan } from "./plan.js";
import type { RealArray } from "./validate.js";
import { batches, checkArray, checkSize, like, throwIfNonFinite } from "./validate.js";

/** Internal: 1-D complex transform of every contiguous block of `n` complex numbers. */
function complex1d<T extends RealArray>(fn: string, x: T, n: number | undefined, inverse: boolean): T {
  checkArray(fn, "x", x);
  if (x.length % 2 !== 0) {
    throw new Error(
      `${fn}: x must hold interleaved (re, im) pairs, so its length must be even, received ${x.length}`,
    );
  }
  const size = n === undefined ? checkSize(fn, "x.length / 2", x.length / 2) : checkSize(fn, "n", n);
  const count = batches(
    fn,
    "x",
    x.length,
    2 * size,
    `n = ${size} complex numbers per transform, interleaved`,
  );
  const plan = complexPlan(size);
  const out = like(x, x.length);
  const f64 = x instanceof Float64Array;
  const inBuf = f64 ? undefined : new Float64Array(2 * size);
  const outBuf = f64 ? undefined : new Float64Array(2 * size);
  let acc = 0;
  for (let b = 0; b < count; b++) {
    const off = 2 * size * b;
    const src = inBuf ?? (x as Float64Array).subarray(off, off + 2 * size);
    const dst = outBuf ?? (out as Float64Array).subarray(off, off + 2 * size);
    if (inBuf) for (let j = 0; j < 2 * size; j++) inBuf[j] = x[off + j];
    if (inverse) plan.inverse(src, dst);
    else plan.forward(src, dst);
    // A NaN/Infinity anywhere makes bin 0 (the sum) non-finite, so checking the output is enough.
    acc += dst[0] * 0 + dst[1] * 0;
    if (outBuf) out.set(outBuf, off);
  }
  if (acc !== 0) throwIfNonFinite(fn, "x", x);
  return out;
}

/**
 * Discrete Fourier transform `X[k] = Σⱼ x[j]·e^(−2πi·jk/n)` (NumPy's `fft`, unnormalised) of interleaved complex
 * data `[re₀, im₀, re₁, im₁, …]`, batched: every consecutive block of `n` complex numbers (the last axis) is
 * transformed. Powers of two use `fft.js` (radix-4); other sizes use Bluestein's algorithm, also `O(n log n)`.
 * Float32 input gives Float32 output (computed in float64).
 *
 * @param x - interleaved complex data, length `2·n·batch`
 * @param n - transform length in complex numbers (default: all of `x`)
 * @example
 * ```ts
 * fft(new Float64Array([1, 0, 0, 0, 0, 0, 0, 0])); // impulse → [1, 0, 1, 0, 1, 0, 1, 0]
 * ```
 */
export function fft<T extends RealArray>(x: T, n?: number): T {
  return complex1d("fft", x, n, false);
}

/**
 * Inverse DFT `x[j] = (1/n)·Σₖ X[k]·e^(2πi·jk/n)` (NumPy's `ifft`), batched like {@link fft}.
 *
 * @example
 * ```ts
 * ifft(fft(new Float64Array([1, 2, 3, 4, 5, 6]))); // ≈ [1, 2, 3, 4, 5, 6]
 * ```
 */
export function ifft<T extends RealArray>(x: T, n?: number): T {
  return complex1d("ifft", x, n, true);
}

/** Internal: transform along the first of the last two axes (columns) of rows×cols complex blocks, in place. */
export function columnsInPlace(
  data: Float64Array,
  count: number,
  rows: number,
  cols: number,
  inverse: boolean,
): void {
  if (rows === 1) return;
  const plan = complexPlan(rows);
  const inBuf = new Float64Array(2 * rows);
  const outBuf = new Float64Array(2 * rows);
  for (let b = 0; b < count; b++) {
    const base = 2 * rows * cols * b;
    for (let c = 0; c < cols; c++) {
      for (let r = 0; r < rows; r++) {
        const p = base + 2 * (r * cols + c);
        inBuf[2 * r] = data[p];
        inBuf[2 * r + 1] = data[p + 1];
      }
      if (inverse) plan.inverse(inBuf, outBuf);
      else plan.forward(inBuf, outBuf);
      for (let r = 0; r < rows; r++) {
        const p = base + 2 * (r * cols + c);
        data[p] = outBuf[2 * r];
        data[p + 1] = outBuf[2 * r + 1];
      }
    }
  }
}

function complex2d<T extends RealArray>(fn: string, x: T, rows: number, cols: number, inverse: boolean): T {
  checkArray(fn, "x", x);
  checkSize(fn, "rows", rows);
  checkSize(fn, "cols", cols);
  const count = batches(
    fn,
    "x",
    x.length,
    2 * rows * cols,
    `rows×cols = ${rows}×${cols} complex numbers, interleaved`,
  );
  const work = new Float64Array(x.length);
  const plan = complexPlan(cols);
  const inBuf = new Float64Array(2 * cols);
  const outBuf = new Float64Array(2 * cols);
  let acc = 0;
  for (let r = 0; r < count * rows; r++) {
    const off = 2 * cols * r;
    for (let j = 0; j < 2 * cols; j++) {
      const v = x[off + j];
      inBuf[j] = v;
      acc += v * 0;
    }
    if (inverse) plan.inverse(inBuf, outBuf);
    else plan.forward(inBuf, outBuf);
    work.set(outBuf, off);
  }
  if (acc !== 0) throwIfNonFinite(fn, "x", x);
  columnsInPlace(work, count, rows, cols, inverse);
  if (x instanceof Float64Array) return work as T;
  return Float32Array.from(work) as T;
}

/**
 * 2-D DFT over the last two axes of interleaved complex data shaped `[...batch, rows, cols]` (NumPy's `fft2`):
 * 1-D transforms along rows, then along columns. Any sizes (Bluestein for non-powers of two).
 *
 * @example
 * ```ts
 * fft2(new Float64Array([1, 0, 0, 0, 0, 0, 0, 0]), 2, 2); // [1, 0, 1, 0, 1, 0, 1, 0]
 * ```
 */
export function fft2<T extends RealArray>(x: T, rows: number, cols: number): T {
  return complex2d("fft2", x, rows, cols, false);
}

/**
 * Inverse 2-D DFT over the last two axes (NumPy's `ifft2`, normalised by `1/(rows·cols)`).
 *
 * @example
 * ```ts
 * ifft2(fft2(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]), 2, 2), 2, 2); // ≈ [1, 2, …, 8]
 * ```
 */
export function ifft2<T extends RealArray>(x: T, rows: number, cols: number): T {
  return complex2d("ifft2", x, rows, cols, true);
}
