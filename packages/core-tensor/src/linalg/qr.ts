import { norm2 } from "./blas.js";
import { type SvdResult, svd } from "./eigen.js";
import { checkDim, checkFinite, checkMatrix, checkVector } from "./validate.js";

/**
 * Thin QR factorisation `A = Q·R` of an `m×n` matrix with `m ≥ n`.
 *
 * @example
 * ```ts
 * const { q, r }: QrFactorization = qr(a, m, n);
 * ```
 */
export interface QrFactorization {
  readonly m: number;
  readonly n: number;
  /** Row-major `m×n` matrix with orthonormal columns. */
  readonly q: Float64Array;
  /** Row-major `n×n` upper-triangular factor. */
  readonly r: Float64Array;
}

/** Householder vectors in column-major storage (internal). */
interface Householder {
  readonly m: number;
  readonly n: number;
  /** Column-major `m×n`: R above the diagonal, Householder vectors (v₀ = 1 implied) below it. */
  readonly w: Float64Array;
  readonly beta: Float64Array;
  /** Diagonal of R. */
  readonly rdiag: Float64Array;
}

function householder(fn: string, a: Float64Array, m: number, n: number): Householder {
  checkDim(fn, "m", m);
  checkDim(fn, "n", n);
  checkMatrix(fn, "a", a, m, n);
  if (m < n) {
    throw new Error(`${fn}: a must have at least as many rows as columns (m >= n), received m=${m}, n=${n}`);
  }
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j];
  const beta = new Float64Array(n);
  const rdiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const ck = k * m;
    let scale = 0;
    for (let i = k; i < m; i++) scale = Math.max(scale, Math.abs(w[ck + i]));
    if (scale === 0) {
      rdiag[k] = 0;
      beta[k] = 0;
      continue;
    }
    let s = 0;
    for (let i = k; i < m; i++) {
      const v = w[ck + i] / scale;
      s += v * v;
    }
    const alpha = w[ck + k];
    const norm = scale * Math.sqrt(s);
    const rkk = alpha >= 0 ? -norm : norm;
    // v = x - rkk e1, normalised so v[k] = 1
    const v0 = alpha - rkk;
    for (let i = k + 1; i < m; i++) w[ck + i] /= v0;
    w[ck + k] = 1;
    beta[k] = -v0 / rkk;
    rdiag[k] = rkk;
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let d = 0;
      for (let i = k; i < m; i++) d += w[ck + i] * w[cj + i];
      d *= beta[k];
      for (let i = k; i < m; i++) w[cj + i] -= d * w[ck + i];
    }
    w[ck + k] = rkk;
  }
  return { m, n, w, beta, rdiag };
}

/** Apply Qᵀ to a vector in place. */
function applyQt(h: Householder, y: Float64Array): void {
  const { m, n, w, beta } = h;
  for (let k = 0; k < n; k++) {
    if (beta[k] === 0) continue;
    const ck = k * m;
    let d = y[k];
    for (let i = k + 1; i < m; i++) d += w[ck + i] * y[i];
    d *= beta[k];
    y[k] -= d;
    for (let i = k + 1; i < m; i++) y[i] -= d * w[ck + i];
  }
}

/**
 * Thin QR factorisation `A = Q·R` by Householder reflections (Golub & Van Loan, *Matrix Computations*, §5.2)
 * of a row-major `m×n` matrix with `m ≥ n`: `Q` is `m×n` with orthonormal columns, `R` is `n×n` upper
 * triangular. Backward stable; `R`'s diagonal may be negative (LAPACK convention).
 *
 * @example
 * ```ts
 * const { q, r } = qr(new Float64Array([3, 4]), 2, 1);
 * // q = [-0.6, -0.8], r = [-5]
 * ```
 */
export function qr(a: Float64Array, m: number, n: number): QrFactorization {
  const h = householder("qr", a, m, n);
  const { w, beta } = h;
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r[i * n + j] = w[j * m + i];
  // Q = H₀ H₁ … H_{n-1} [I_n; 0], built column by column (column-major), then transposed.
  const qc = new Float64Array(m * n);
  for (let j = 0; j < n; j++) qc[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    if (beta[k] === 0) continue;
    const ck = k * m;
    for (let j = k; j < n; j++) {
      const cj = j * m;
      let d = qc[cj + k];
      for (let i = k + 1; i < m; i++) d += w[ck + i] * qc[cj + i];
      d *= beta[k];
      qc[cj + k] -= d;
      for (let i = k + 1; i < m; i++) qc[cj + i] -= d * w[ck + i];
    }
  }
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] = qc[j * m + i];
  return { m, n, q, r };
}

/**
 * Result of {@link lstsq}.
 *
 * @example
 * ```ts
 * const { x, residualNorm, status }: LstsqResult = lstsq(a, b, m, n);
 * ```
 */
export interface LstsqResult {
  /** Least-squares solution, length `n`. */
  readonly x: Float64Array;
  /** `‖b − A·x‖₂`. */
  readonly residualNorm: number;
  /**
   * `"ok"` (full rank, Householder QR) or `"rank-deficient"` (then `x` is the minimum-norm solution from the SVD,
   * as `numpy.linalg.lstsq` returns).
   */
  readonly status: "ok" | "rank-deficient";
  /** Numerical rank of `a`: `min(m, n)` when `"ok"`, the SVD rank (NumPy's `rcond` rule) otherwise. */
  readonly rank: number;
  /** Human-readable outcome with a hint. */
  readonly message: string;
}

/**
 * Linear least squares `min ‖A·x − b‖₂` for a row-major `m×n` matrix of full rank, via Householder QR.
 * Overdetermined (`m ≥ n`, full column rank): `x = R⁻¹·(Qᵀb)[0:n]`. Underdetermined (`m < n`, full row rank):
 * the minimum-norm solution `x = Q·R⁻ᵀ·b` from `Aᵀ = Q·R`, as `numpy.linalg.lstsq` returns. A numerically
 * rank-deficient `A` (some `|Rᵢᵢ| ≤ max(m,n)·ε·‖A‖_F`; QR without column pivoting detects (near-)exact
 * row/column dependence, not every small singular value) is reported as `status: "rank-deficient"` (or thrown
 * with `throw: true`) and solved like `numpy.linalg.lstsq`: the minimum-norm solution `x = V·Σ⁺·Uᵀ·b` from
 * {@link svd}, singular values `≤ max(m,n)·ε·σ₁` treated as zero. Throws if `b` holds NaN/Infinity.
 *
 * @example
 * ```ts
 * // fit y = c0 + c1 t through (0,1), (1,3), (2,5)
 * lstsq(new Float64Array([1, 0, 1, 1, 1, 2]), new Float64Array([1, 3, 5]), 3, 2).x; // [1, 2]
 * // one equation x0 + x1 = 2: the minimum-norm solution
 * lstsq(new Float64Array([1, 1]), new Float64Array([2]), 1, 2).x; // [1, 1]
 * // rank 1 (second column = 2 × first): minimum-norm solution, status "rank-deficient", rank 1
 * lstsq(new Float64Array([1, 2, 2, 4, 3, 6]), new Float64Array([1, 2, 3]), 3, 2).x; // [0.2, 0.4]
 * ```
 */
export function lstsq(
  a: Float64Array,
  b: Float64Array,
  m: number,
  n: number,
  options: { readonly throw?: boolean } = {},
): LstsqResult {
  checkDim("lstsq", "m", m);
  checkDim("lstsq", "n", n);
  checkMatrix("lstsq", "a", a, m, n);
  checkVector("lstsq", "b", b, m);
  checkFinite("lstsq", "b", b);
  // ‖A‖_F via the overflow-safe norm2 (a plain sum of squares overflows for entries near 1e160, making every
  // matrix "rank-deficient").
  const tol = Math.max(m, n) * Number.EPSILON * norm2(a);
  const wide = m < n;
  const h = wide ? householder("lstsq", transposeOf(a, m, n), n, m) : householder("lstsq", a, m, n);
  const k = Math.min(m, n);
  const { w, rdiag } = h;
  let rmax = 0;
  let rmin = Number.POSITIVE_INFINITY;
  let first = -1;
  for (let i = 0; i < k; i++) {
    const r = Math.abs(rdiag[i]);
    rmax = Math.max(rmax, r);
    rmin = Math.min(rmin, r);
    if (first < 0 && !(r > tol)) first = i;
  }
  // QR without pivoting only sees exact dependence: a singular 5×5 can keep every |Rᵢᵢ| above `tol` and return
  // x ≈ 1e14 with residual 0. σ_min(R) ≤ min|Rᵢᵢ| ≤ max|Rᵢᵢ| ≤ σ_max(R), so a diagonal ratio above 1/√ε flags an
  // ill-conditioned A; the SVD then decides the rank with NumPy's rule.
  const suspicious = first >= 0 || rmin < Math.sqrt(Number.EPSILON) * rmax;
  const sv = suspicious ? svd(a, m, n) : null;
  if (sv !== null && sv.rank < k) {
    const what = wide ? "rows" : "columns";
    const detail =
      first >= 0
        ? `|R[${first}, ${first}]| = ${Math.abs(rdiag[first])} <= ${tol}`
        : `singular value ${sv.s[k - 1]} <= ${Math.max(m, n) * Number.EPSILON * sv.s[0]!}`;
    const message = `lstsq: a is numerically rank-deficient: ${detail}; ${what} are (nearly) linearly dependent (numerical rank ${sv.rank} < ${k})`;
    if (options.throw) throw new Error(`${message}; use \`svd\` for a minimum-norm solution`);
    return minimumNormSvd(sv, a, b, m, n, `${message}; returned the minimum-norm solution from the SVD`);
  }
  if (wide) return minimumNorm(h, a, b, m, n);
  const y = Float64Array.from(b);
  applyQt(h, y);
  const res = norm2(y.subarray(n, m));
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let j = i + 1; j < n; j++) s -= w[j * m + i] * x[j];
    x[i] = s / w[i * m + i];
  }
  return { x, residualNorm: res, status: "ok", rank: n, message: "lstsq: solved" };
}

/** Row-major transpose (internal). */
function transposeOf(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/**
 * Minimum-norm solution of the full-row-rank `m×n` system `A·x = b` (`m < n`) from the Householder QR `h` of
 * `Aᵀ` (`n×m`): `A = Rᵀ·Qᵀ`, so `x = Q·y` with `Rᵀ·y = b` (Golub & Van Loan, *Matrix Computations*, §5.6.2).
 */
function minimumNorm(h: Householder, a: Float64Array, b: Float64Array, m: number, n: number): LstsqResult {
  const { w, beta } = h; // column-major n×m: R[i][j] = w[j·n + i]
  const x = new Float64Array(n);
  // Rᵀ·y = b: forward substitution, Rᵀ[i][j] = R[j][i] = w[i·n + j]
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= w[i * n + j] * x[j];
    x[i] = s / w[i * n + i];
  }
  // x = H₀·H₁·…·H_{m−1}·[y; 0]
  for (let k = m - 1; k >= 0; k--) {
    if (beta[k] === 0) continue;
    const ck = k * n;
    let d = x[k];
    for (let i = k + 1; i < n; i++) d += w[ck + i] * x[i];
    d *= beta[k];
    x[k] -= d;
    for (let i = k + 1; i < n; i++) x[i] -= d * w[ck + i];
  }
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let j = 0; j < n; j++) s -= a[i * n + j] * x[j];
    r[i] = s;
  }
  return {
    x,
    residualNorm: norm2(r),
    status: "ok",
    rank: m,
    message: "lstsq: solved (minimum-norm solution)",
  };
}

/** `‖b − A·x‖₂` for a row-major `m×n` matrix (internal). */
function residual(a: Float64Array, b: Float64Array, x: Float64Array, m: number, n: number): number {
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let j = 0; j < n; j++) s -= a[i * n + j] * x[j];
    r[i] = s;
  }
  return norm2(r);
}

/**
 * Minimum-norm least-squares solution of a rank-deficient system, `x = Σ_{σⱼ > tol} (uⱼ·b / σⱼ)·vⱼ` with NumPy's
 * default cut-off `tol = max(m,n)·ε·σ₁` (the `rank` reported by {@link svd}).
 */
function minimumNormSvd(
  f: SvdResult,
  a: Float64Array,
  b: Float64Array,
  m: number,
  n: number,
  message: string,
): LstsqResult {
  const { u, s, vt, rank } = f;
  const k = Math.min(m, n);
  const x = new Float64Array(n);
  for (let c = 0; c < rank; c++) {
    let ub = 0;
    for (let i = 0; i < m; i++) ub += u[i * k + c] * b[i];
    const coef = ub / s[c];
    for (let j = 0; j < n; j++) x[j] += coef * vt[c * n + j];
  }
  return {
    x,
    residualNorm: residual(a, b, x, m, n),
    status: "rank-deficient",
    rank,
    message,
  };
}
