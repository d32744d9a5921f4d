import { checkDim, checkMatrix, checkVector } from "./validate.js";

/**
 * Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite matrix.
 *
 * @example
 * ```ts
 * const f: CholeskyFactorization = cholesky(a, n);
 * if (f.status !== "ok") console.warn(f.message);
 * ```
 */
export interface CholeskyFactorization {
  /** Order of the matrix. */
  readonly n: number;
  /** Row-major `n×n` lower-triangular factor `L` (upper triangle zero). */
  readonly l: Float64Array;
  /** `"ok"` or `"not-positive-definite"`. */
  readonly status: "ok" | "not-positive-definite";
  /** 0-based index of the first non-positive pivot, or -1. */
  readonly failedIndex: number;
  /** Human-readable outcome with a hint on failure. */
  readonly message: string;
}

/**
 * Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite row-major `n×n` matrix (only the lower
 * triangle of `a` is read, as in LAPACK `dpotrf`). A matrix that is not positive definite is reported as
 * `status: "not-positive-definite"` with the failing row (or thrown with `throw: true`). Half the cost of LU.
 *
 * @example
 * ```ts
 * const f = cholesky(new Float64Array([4, 2, 2, 3]), 2);
 * f.l; // [2, 0, 1, 1.4142135623730951]
 * choleskySolve(f, new Float64Array([6, 5])); // ≈ [1, 1]
 * ```
 */
export function cholesky(
  a: Float64Array,
  n: number,
  options: { readonly throw?: boolean } = {},
): CholeskyFactorization {
  checkDim("cholesky", "n", n);
  checkMatrix("cholesky", "a", a, n, n);
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let p = 0; p < j; p++) d -= l[rj + p] * l[rj + p];
    if (!(d > 0)) {
      const message = `cholesky: matrix is not positive definite: pivot ${j} (0-based) is ${d} <= 0; check that a is symmetric positive definite, or use \`lu\` for general matrices`;
      if (options.throw) throw new Error(message);
      return { n, l, status: "not-positive-definite", failedIndex: j, message };
    }
    const ljj = Math.sqrt(d);
    l[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let p = 0; p < j; p++) s -= l[ri + p] * l[rj + p];
      l[ri + j] = s * inv;
    }
  }
  return { n, l, status: "ok", failedIndex: -1, message: "cholesky: factorisation succeeded" };
}

/**
 * Solve `A·x = b` with a Cholesky factorisation (forward then backward substitution, `2n²` flops).
 * Throws if the factorisation failed. NaN/Infinity in `b` propagate unchecked (as in LAPACK `dpotrs`).
 *
 * @example
 * ```ts
 * choleskySolve(cholesky(new Float64Array([4, 0, 0, 9]), 2), new Float64Array([4, 9])); // [1, 1]
 * ```
 */
export function choleskySolve(f: CholeskyFactorization, b: Float64Array, out?: Float64Array): Float64Array {
  const n = f.n;
  checkVector("choleskySolve", "b", b, n);
  if (f.status !== "ok")
    throw new Error(`choleskySolve: cannot solve with a failed factorisation. ${f.message}`);
  const x = out ?? new Float64Array(n);
  if (out) checkVector("choleskySolve", "out", out, n);
  const l = f.l;
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= l[ri + j] * x[j];
    x[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= l[j * n + i] * x[j];
    x[i] = s / l[i * n + i];
  }
  return x;
}
