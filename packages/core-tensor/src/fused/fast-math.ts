/**
 * Elementwise kernels on `Float32Array`s used by the fused MLP path and by the faster WASM kernels.
 *
 * `tanh` is the rational minimax approximation of Eigen's `ptanh_float` (odd 13/6 polynomial ratio on
 * |x| ≤ 7.9053), and 1 − 2e^{−2|x|} beyond. {@link fastTanh} evaluates it in float64 and rounds once (within 6e-8
 * absolute, 1 ulp near ±1, of the correctly rounded value). {@link fastTanhF32}, which the fused MLP path and
 * {@link tanhArray} use, evaluates it in float32 arithmetic exactly as the 4-lane WebAssembly kernels do (within
 * 4e-7 absolute and relative), so the JavaScript and WebAssembly paths agree bitwise. Both are many times faster
 * than TensorFlow.js's WASM `Tanh` kernel (see `bench/core-speed-pinn-step.bench.mjs`). NaN propagates; ±∞ gives ±1.
 */

const TANH_CLAMP = 7.905311107635498;

/**
 * tanh(x) accurate to float32 (max error 6e-8), for use in tight loops.
 * @example
 * ```ts
 * fastTanh(0.5); // 0.46211715726000974 (to float32 precision)
 * ```
 */
export function fastTanh(x: number): number {
  // Beyond the fitted range, tanh(x) = ±(1 − 2e^{−2|x|} + O(e^{−4|x|})) (the O term is < 1e-13 here).
  if (x > TANH_CLAMP) return 1 - 2 * Math.exp(-2 * x);
  if (x < -TANH_CLAMP) return 2 * Math.exp(2 * x) - 1;
  const c = x;
  const x2 = c * c;
  let p = -2.76076847742355e-16;
  p = p * x2 + 2.00018790482477e-13;
  p = p * x2 - 8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-8;
  p = p * x2 + 1.48572235717979e-5;
  p = p * x2 + 6.37261928875436e-4;
  p = p * x2 + 4.89352455891786e-3;
  let q = 1.19825839466702e-6;
  q = q * x2 + 1.18534705686654e-4;
  q = q * x2 + 2.268434632439e-3;
  q = q * x2 + 4.89352518554385e-3;
  return (p * c) / q;
}

const fr = Math.fround;
const TANH_CLAMP_F32 = fr(TANH_CLAMP);
const P0 = fr(-2.76076847742355e-16);
const P1 = fr(2.00018790482477e-13);
const P2 = fr(8.60467152213735e-11);
const P3 = fr(5.12229709037114e-8);
const P4 = fr(1.48572235717979e-5);
const P5 = fr(6.37261928875436e-4);
const P6 = fr(4.89352455891786e-3);
const Q0 = fr(1.19825839466702e-6);
const Q1 = fr(1.18534705686654e-4);
const Q2 = fr(2.268434632439e-3);
const Q3 = fr(4.89352518554385e-3);

/**
 * tanh(x) in float32 arithmetic: the argument is rounded to float32, then {@link fastTanh}'s rational
 * approximation is evaluated with every operation rounded to float32 (Eigen's `ptanh_float`), and
 * 1 − 2e^{−2|x|} (float64, rounded) beyond |x| > 7.9053. This is operation by operation what the WebAssembly
 * kernels compute four lanes at a time, so both paths give bitwise the same values; the tests bound its error
 * against Math.tanh. The fused MLP path uses it.
 * @example
 * ```ts
 * fastTanhF32(0.5); // 0.46211716532707214 (a float32 value)
 * ```
 */
export function fastTanhF32(v: number): number {
  const x = fr(v);
  if (x > TANH_CLAMP_F32) return fr(1 - 2 * Math.exp(-2 * x));
  if (x < -TANH_CLAMP_F32) return fr(2 * Math.exp(2 * x) - 1);
  const x2 = fr(x * x);
  let p = P0;
  p = fr(fr(p * x2) + P1);
  p = fr(fr(p * x2) - P2);
  p = fr(fr(p * x2) + P3);
  p = fr(fr(p * x2) + P4);
  p = fr(fr(p * x2) + P5);
  p = fr(fr(p * x2) + P6);
  let q = Q0;
  q = fr(fr(q * x2) + Q1);
  q = fr(fr(q * x2) + Q2);
  q = fr(fr(q * x2) + Q3);
  return fr(fr(p * x) / q);
}

/**
 * out[i] = tanh(x[i]) for i < n (in place allowed).
 * @example
 * ```ts
 * tanhArray(new Float32Array([0, 1]), new Float32Array(2)); // [0, 0.7615942]
 * ```
 */
export function tanhArray(x: ArrayLike<number>, out: Float32Array, n = out.length): Float32Array {
  for (let i = 0; i < n; i++) out[i] = fastTanhF32(x[i]!);
  return out;
}

/**
 * Transpose the last two axes of a row-major `[batch, rows, cols]` block into `out` (`[batch, cols, rows]`),
 * in 32×32 tiles so both sides stay in cache.
 * @example
 * ```ts
 * transposeLast2(new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array(6), 1, 2, 3); // [1, 4, 2, 5, 3, 6]
 * ```
 */
export function transposeLast2(
  src: Float32Array,
  out: Float32Array,
  batch: number,
  rows: number,
  cols: number,
): Float32Array {
  const T = 32;
  const block = rows * cols;
  for (let b = 0; b < batch; b++) {
    const o = b * block;
    for (let i0 = 0; i0 < rows; i0 += T) {
      const i1 = Math.min(i0 + T, rows);
      for (let j0 = 0; j0 < cols; j0 += T) {
        const j1 = Math.min(j0 + T, cols);
        for (let i = i0; i < i1; i++) {
          const s = o + i * cols;
          for (let j = j0; j < j1; j++) out[o + j * rows + i] = src[s + j]!;
        }
      }
    }
  }
  return out;
}

const TWO_OVER_PI = 0.6366197723675814;
const PIO2_1 = 1.5707963267341256;
const PIO2_2 = 6.077100506506192e-11;
const PIO2_3 = 2.0222662487959506e-21;

/**
 * sin and cos of `x` in float64 as the fused `sin` layers compute them (act-kernel.c mirrors this operation by
 * operation, so both give bitwise the same float32 results): x = k·π/2 + r with k = ⌊2x/π + ½⌋, a three-part
 * Cody–Waite reduction (exact for |x| < 1.6e6), Taylor polynomials of degree 13 (sin) and 14 (cos) on |r| ≤ π/4
 * (truncation < 2e-14). Returns `[sin x, cos x]` in `out`.
 * @example
 * ```ts
 * fastSinCos(1, new Float64Array(2)); // [0.8414709848078965, 0.5403023058681398] (to ~1e-14)
 * ```
 */
export function fastSinCos(x: number, out: Float64Array): Float64Array {
  const k = Math.floor(x * TWO_OVER_PI + 0.5);
  const r = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_3;
  const r2 = r * r;
  let p = 1 / 6227020800;
  p = p * r2 - 1 / 39916800;
  p = p * r2 + 1 / 362880;
  p = p * r2 - 1 / 5040;
  p = p * r2 + 1 / 120;
  p = p * r2 - 1 / 6;
  const sr = r + r * r2 * p;
  let c = 1 / 87178291200;
  c = c * r2 - 1 / 479001600;
  c = c * r2 + 1 / 3628800;
  c = c * r2 - 1 / 40320;
  c = c * r2 + 1 / 720;
  c = c * r2 - 1 / 24;
  c = c * r2 + 0.5;
  const cr = 1 - r2 * c;
  const q = k - 4 * Math.floor(k * 0.25);
  const odd = q - 2 * Math.floor(q * 0.5) === 1;
  const sv = odd ? cr : sr;
  const cv = odd ? sr : cr;
  out[0] = q >= 2 ? -sv : sv;
  out[1] = q === 1 || q === 2 ? -cv : cv;
  return out;
}
