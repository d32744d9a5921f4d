import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from "ml-matrix";
import { checkDim, checkMatrix } from "./validate.js";

function toMlMatrix(a: Float64Array, m: number, n: number, scale = 1): Matrix {
  const mat = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mat.set(i, j, a[i * n + j] * scale);
  return mat;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Entries are rescaled only when `max|aᵢⱼ|` leaves `[2^−460, 2^460]` (≈ [3e−139, 3e138], LAPACK's `SMLNUM`/`BIGNUM`). */
const SCALE_EXPONENT = 460;

/**
 * A power of two `2^k` that brings `m = max|aᵢⱼ|` back to the edge of `[2^−460, 2^460]` when it lies outside, else 1.
 * The EISPACK/LINPACK algorithms behind `ml-matrix` square entries unguarded (Householder norms, QL/QR shifts),
 * so a matrix with entries near 1e−160 underflows (eigenvalues wrong in the first digit) and near 1e160
 * overflows (NaN, crash). LAPACK's `dsyev`/`dgeev`/`dgesvd` rescale in the same way and to the same edge (so
 * small entries of a huge matrix are not flushed to zero). Scaling by `2^k` is exact, and eigenvalues and
 * singular values scale back exactly; ordinary matrices are untouched.
 */
function exactScale(m: number): number {
  if (m === 0 || !Number.isFinite(m)) return 1;
  const e = Math.log2(m);
  if (e > SCALE_EXPONENT) return 2 ** (SCALE_EXPONENT - Math.ceil(e));
  if (e < -SCALE_EXPONENT) return 2 ** (-SCALE_EXPONENT - Math.floor(e));
  return 1;
}

/**
 * Result of {@link eigh}.
 *
 * @example
 * ```ts
 * const { values, vectors }: EighResult = eigh(a, n);
 * vectors[i * n + j]; // component i of the eigenvector of values[j]
 * ```
 */
export interface EighResult {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** Row-major `n×n` orthogonal matrix whose column `j` is the unit eigenvector of `values[j]`. */
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition `A = V·diag(λ)·Vᵀ` of a real symmetric row-major `n×n` matrix: Householder
 * tridiagonalisation plus implicit QL (EISPACK `tred2`/`tql2`, via `ml-matrix`). Only the lower triangle of `a`
 * is read (LAPACK `dsyev` convention). Eigenvalues ascending, eigenvectors orthonormal columns, like NumPy's
 * `eigh`.
 *
 * @example
 * ```ts
 * const { values, vectors } = eigh(new Float64Array([2, 1, 1, 2]), 2);
 * // values = [1, 3]; vectors columns ≈ [0.707, -0.707] and [0.707, 0.707] (up to sign)
 * ```
 */
export function eigh(a: Float64Array, n: number): EighResult {
  checkDim("eigh", "n", n);
  checkMatrix("eigh", "a", a, n, n);
  let lowerMax = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) lowerMax = Math.max(lowerMax, Math.abs(a[i * n + j]));
  const scale = exactScale(lowerMax);
  const mat = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      mat.set(i, j, a[i * n + j] * scale);
      mat.set(j, i, a[i * n + j] * scale);
    }
  }
  const e = new EigenvalueDecomposition(mat, { assumeSymmetric: true });
  const d = e.realEigenvalues;
  const v = e.eigenvectorMatrix;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => d[p] - d[q]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const src = order[c];
    values[c] = d[src] / scale;
    for (let i = 0; i < n; i++) vectors[i * n + c] = v.get(i, src);
  }
  return { values, vectors };
}

/**
 * Result of {@link eig}.
 *
 * @example
 * ```ts
 * const { real, imag, vectors }: EigResult = eig(a, n);
 * const re = vectors[2 * (i * n + j)], im = vectors[2 * (i * n + j) + 1];
 * ```
 */
export interface EigResult {
  /** Real parts of the eigenvalues (complex pairs adjacent, positive imaginary part first). */
  readonly real: Float64Array;
  /** Imaginary parts of the eigenvalues. */
  readonly imag: Float64Array;
  /**
   * Row-major `n×n` complex eigenvector matrix, interleaved `(re, im)`: entry `(i, j)` at `2·(i·n + j)`.
   * Column `j` is the unit-2-norm eigenvector of eigenvalue `j`. For a defective matrix the computed
   * vectors are (nearly) parallel: they do not form a basis.
   */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and right eigenvectors of a general real row-major `n×n` matrix: reduction to Hessenberg form
 * and the shifted Francis double-step QR algorithm (EISPACK `orthes`/`hqr2`, via `ml-matrix`). Complex
 * eigenvalues come in conjugate pairs. Eigenvalues of a defective (non-diagonalisable) matrix with a Jordan
 * block of size `k` are only accurate to about `ε^(1/k)`, as with any backward-stable method.
 *
 * @example
 * ```ts
 * const { real, imag } = eig(new Float64Array([0, -1, 1, 0]), 2); // rotation by 90°
 * // real = [0, 0], imag = [1, -1]
 * ```
 */
export function eig(a: Float64Array, n: number): EigResult {
  checkDim("eig", "n", n);
  checkMatrix("eig", "a", a, n, n);
  const scale = exactScale(maxAbs(a));
  const e = new EigenvalueDecomposition(toMlMatrix(a, n, n, scale), { assumeSymmetric: false });
  const real = Float64Array.from(e.realEigenvalues, (v) => v / scale);
  const imag = Float64Array.from(e.imaginaryEigenvalues, (v) => v / scale);
  const v = e.eigenvectorMatrix;
  const vectors = new Float64Array(2 * n * n);
  for (let j = 0; j < n; j++) {
    if (imag[j] === 0) {
      for (let i = 0; i < n; i++) vectors[2 * (i * n + j)] = v.get(i, j);
    } else if (imag[j] > 0 && j + 1 < n) {
      for (let i = 0; i < n; i++) {
        const re = v.get(i, j);
        const im = v.get(i, j + 1);
        vectors[2 * (i * n + j)] = re;
        vectors[2 * (i * n + j) + 1] = im;
        vectors[2 * (i * n + j + 1)] = re;
        vectors[2 * (i * n + j + 1) + 1] = -im;
      }
      j++;
    }
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const p = 2 * (i * n + j);
      s += vectors[p] * vectors[p] + vectors[p + 1] * vectors[p + 1];
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let i = 0; i < n; i++) {
      const p = 2 * (i * n + j);
      vectors[p] *= inv;
      vectors[p + 1] *= inv;
    }
  }
  return { real, imag, vectors };
}

/**
 * Thin singular value decomposition `A = U·diag(s)·Vᵀ`, `k = min(m, n)`.
 *
 * @example
 * ```ts
 * const { u, s, vt, rank }: SvdResult = svd(a, m, n);
 * ```
 */
export interface SvdResult {
  /** Row-major `m×k` left singular vectors (orthonormal columns). */
  readonly u: Float64Array;
  /** `k` singular values in descending order. */
  readonly s: Float64Array;
  /** Row-major `k×n` right singular vectors as rows (`Vᵀ`, like NumPy's `vh`). */
  readonly vt: Float64Array;
  /** Numerical rank: singular values above `max(m,n)·ε·s[0]`. */
  readonly rank: number;
}

/**
 * Thin singular value decomposition of a row-major `m×n` matrix by Golub–Kahan bidiagonalisation and implicit
 * QR (LINPACK `dsvdc` as in JAMA, via `ml-matrix`). Singular values descending; `rank` uses NumPy's
 * `matrix_rank` threshold.
 *
 * @example
 * ```ts
 * svd(new Float64Array([3, 0, 0, -2]), 2, 2).s; // [3, 2]
 * ```
 */
export function svd(a: Float64Array, m: number, n: number): SvdResult {
  checkDim("svd", "m", m);
  checkDim("svd", "n", n);
  checkMatrix("svd", "a", a, m, n);
  const scale = exactScale(maxAbs(a));
  const d = new SingularValueDecomposition(toMlMatrix(a, m, n, scale), {
    autoTranspose: true,
    computeLeftSingularVectors: true,
    computeRightSingularVectors: true,
  });
  const k = Math.min(m, n);
  const sv = d.diagonal;
  const U = d.leftSingularVectors;
  const V = d.rightSingularVectors;
  const order = Array.from({ length: sv.length }, (_, i) => i).sort((p, q) => sv[q] - sv[p]);
  const s = new Float64Array(k);
  const u = new Float64Array(m * k);
  const vt = new Float64Array(k * n);
  for (let c = 0; c < k; c++) {
    const src = order[c];
    s[c] = sv[src] / scale;
    for (let i = 0; i < m; i++) u[i * k + c] = U.get(i, src);
    for (let j = 0; j < n; j++) vt[c * n + j] = V.get(j, src);
  }
  const tol = Math.max(m, n) * Number.EPSILON * (s[0] ?? 0);
  let rank = 0;
  for (let c = 0; c < k; c++) if (s[c] > tol) rank++;
  return { u, s, vt, rank };
}
