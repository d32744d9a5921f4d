import { checkDim, checkVector } from "./validate.js";

/**
 * Dot product `x·y` of two equal-length vectors. No allocation.
 *
 * @example
 * ```ts
 * dot(new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])); // 32
 * ```
 */
export function dot(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length)
    throw new Error(`dot: x and y must have equal length, received ${x.length} and ${y.length}`);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * In-place `y ← alpha·x + y` (BLAS `daxpy`); returns `y`. No allocation.
 *
 * @example
 * ```ts
 * const y = new Float64Array([1, 1]);
 * axpy(2, new Float64Array([1, 2]), y); // y = [3, 5]
 * ```
 */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): Float64Array {
  if (x.length !== y.length)
    throw new Error(`axpy: x and y must have equal length, received ${x.length} and ${y.length}`);
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
  return y;
}

/**
 * Euclidean norm `‖x‖₂`, rescaled only when the plain sum of squares overflows or underflows. No allocation.
 *
 * @example
 * ```ts
 * norm2(new Float64Array([3, 4])); // 5
 * ```
 */
export function norm2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  if (s > 1e-280 && s < 1e280) return Math.sqrt(s);
  if (Number.isNaN(s)) return Number.NaN;
  // Overflow or underflow of the squares: rescale by the largest magnitude.
  const scale = normInf(x);
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let t = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] / scale;
    t += v * v;
  }
  return scale * Math.sqrt(t);
}

/**
 * Maximum norm `‖x‖∞ = maxᵢ |xᵢ|` (0 for an empty vector). No allocation.
 *
 * @example
 * ```ts
 * normInf(new Float64Array([1, -7, 3])); // 7
 * ```
 */
export function normInf(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/**
 * Dense matrix–vector product `y = A·x` for a row-major `m×n` matrix `a`. Writes into `out` when given.
 *
 * @example
 * ```ts
 * matvec(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 1]), 2, 2); // [3, 7]
 * ```
 */
export function matvec(
  a: Float64Array,
  x: Float64Array,
  m: number,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkDim("matvec", "m", m, 0);
  checkDim("matvec", "n", n, 0);
  checkVector("matvec", "a", a, m * n);
  checkVector("matvec", "x", x, n);
  const y = out ?? new Float64Array(m);
  if (out) checkVector("matvec", "out", out, m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += a[row + j] * x[j];
    y[i] = s;
  }
  return y;
}

/**
 * Dense matrix product `C = A·B` with `A` row-major `m×k` and `B` row-major `k×n`; `C` is `m×n`.
 * Uses the cache-friendly i-k-j loop order. Writes into `out` when given (must not alias `a` or `b`).
 *
 * @example
 * ```ts
 * matmul(new Float64Array([1, 2, 3, 4]), new Float64Array([0, 1, 1, 0]), 2, 2, 2); // [2, 1, 4, 3]
 * ```
 */
export function matmul(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  out?: Float64Array,
): Float64Array {
  checkDim("matmul", "m", m, 0);
  checkDim("matmul", "k", k, 0);
  checkDim("matmul", "n", n, 0);
  checkVector("matmul", "a", a, m * k);
  checkVector("matmul", "b", b, k * n);
  const c = out ?? new Float64Array(m * n);
  if (out) {
    checkVector("matmul", "out", out, m * n);
    if (out === a || out === b) throw new Error("matmul: out must not alias a or b");
    out.fill(0);
  }
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
  return c;
}

/**
 * Transpose of a row-major `m×n` matrix (returns the row-major `n×m` matrix).
 *
 * @example
 * ```ts
 * transpose(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3); // [1, 4, 2, 5, 3, 6]
 * ```
 */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  checkVector("transpose", "a", a, m * n);
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}
