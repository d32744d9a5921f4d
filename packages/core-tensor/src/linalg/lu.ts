import { luFactorWasm, luKernelJs } from "./kernels/lu-kernel.js";
import { checkDim, checkFinite, checkMatrix, checkVector } from "./validate.js";

/**
 * Outcome of a factorisation: `"ok"` or the numeric failure that was detected.
 *
 * @example
 * ```ts
 * const s: FactorizationStatus = lu(a, n).status; // "ok" or "singular"
 * ```
 */
export type FactorizationStatus = "ok" | "singular" | "not-positive-definite" | "rank-deficient";

/**
 * LU factorisation with partial pivoting, `P·A = L·U`, stored compactly: the strict lower triangle of `lu`
 * holds `L` (unit diagonal implied), the upper triangle holds `U`. `perm[i]` is the row of `A` that became
 * row `i` of `P·A`. Reuse it with {@link luSolve} for many right-hand sides.
 *
 * @example
 * ```ts
 * const f: LuFactorization = lu(a, n);
 * if (f.status === "singular") throw new Error(f.message);
 * const x = luSolve(f, b);
 * ```
 */
export interface LuFactorization {
  /** Order of the matrix. */
  readonly n: number;
  /** Row-major `n×n` compact `L\U` factors. */
  readonly lu: Float64Array;
  /** Row permutation: row `i` of `P·A` is row `perm[i]` of `A`. */
  readonly perm: Int32Array;
  /** Sign of the permutation (`det P`). */
  readonly sign: 1 | -1;
  /** `"ok"` or `"singular"` (an exactly zero pivot was met). */
  readonly status: "ok" | "singular";
  /** 0-based index of the first zero pivot, or -1. */
  readonly singularPivot: number;
  /** Human-readable outcome with a hint when singular. */
  readonly message: string;
  /** `‖A‖₁` of the factorised matrix, kept for {@link luCond}. */
  readonly norm1: number;
}

/**
 * Options of {@link lu}.
 *
 * @example
 * ```ts
 * lu(a, n, { throw: true, overwrite: true } satisfies LuOptions);
 * ```
 */
export interface LuOptions {
  /** Throw an Error instead of returning `status: "singular"`. Default false. */
  readonly throw?: boolean;
  /** Factorise `a` in place (no copy). Default false. */
  readonly overwrite?: boolean;
}

/**
 * Dense LU factorisation with partial (row) pivoting of a row-major `n×n` matrix (LAPACK `dgetrf` semantics,
 * right-looking). For `n ≥ 16` a blocked WebAssembly-SIMD kernel runs, with bitwise the same factors as the
 * JavaScript kernel used below that size or where WebAssembly SIMD is missing. A singular matrix is reported,
 * never silently divided by: `status: "singular"` with the 0-based `singularPivot` (set `throw: true` to get an
 * exception instead).
 * Cost `2n³/3` flops; keep the result to solve many right-hand sides in `O(n²)` each.
 *
 * @example
 * ```ts
 * const f = lu(new Float64Array([4, 3, 6, 3]), 2);
 * luSolve(f, new Float64Array([10, 12])); // [1, 2]
 * f.status; // "ok"
 * ```
 */
export function lu(a: Float64Array, n: number, options: LuOptions = {}): LuFactorization {
  checkDim("lu", "n", n);
  if (!(a instanceof Float64Array) || a.length !== n * n) checkMatrix("lu", "a", a, n, n); // throws
  const fast = luFactorWasm(a, n, options.overwrite === true);
  if (fast) {
    const { lu: w, perm, swaps, norm1 } = fast;
    const sign: 1 | -1 = swaps % 2 === 0 ? 1 : -1;
    return {
      n,
      lu: w,
      perm,
      sign,
      status: "ok",
      singularPivot: -1,
      message: "lu: factorisation succeeded",
      norm1,
    };
  }
  checkMatrix("lu", "a", a, n, n);
  const w = options.overwrite ? a : Float64Array.from(a);
  let norm1 = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(w[i * n + j]);
    if (s > norm1) norm1 = s;
  }
  const perm = new Int32Array(n);
  const { swaps, singularPivot } = luKernelJs(w, n, perm);
  const sign: 1 | -1 = swaps % 2 === 0 ? 1 : -1;
  const singular = singularPivot >= 0;
  const message = singular
    ? `lu: matrix is singular: pivot ${singularPivot} (0-based) is exactly zero after partial pivoting, so U[${singularPivot}, ${singularPivot}] = 0 and A has no inverse; for least squares use \`lstsq\`, for rank use \`svd\``
    : "lu: factorisation succeeded";
  if (singular && options.throw) throw new Error(message);
  return { n, lu: w, perm, sign, status: singular ? "singular" : "ok", singularPivot, message, norm1 };
}

/**
 * Options of {@link luSolve}.
 *
 * @example
 * ```ts
 * luSolve(f, b, { transpose: true, out: b } satisfies LuSolveOptions); // Aᵀx = b, in place
 * ```
 */
export interface LuSolveOptions {
  /** Solve `Aᵀ·x = b` instead of `A·x = b`. Default false. */
  readonly transpose?: boolean;
  /** Write the solution here (length of `b`; may be `b` itself). */
  readonly out?: Float64Array;
}

/**
 * Solve `A·X = B` (or `Aᵀ·X = B`) with a factorisation from {@link lu}. `b` is one vector of length `n` or a
 * row-major `n×k` block of `k` right-hand sides. Throws if the factorisation is singular (naming the pivot).
 * `b` is not scanned for NaN/Infinity (they propagate, as in LAPACK `dgetrs`), so it costs nothing extra in
 * Newton loops; the one-shot {@link solve} rejects them.
 *
 * @example
 * ```ts
 * const f = lu(new Float64Array([2, 0, 0, 4]), 2);
 * luSolve(f, new Float64Array([2, 8])); // [1, 2]
 * luSolve(f, new Float64Array([2, 8]), { transpose: true }); // [1, 2]
 * ```
 */
export function luSolve(f: LuFactorization, b: Float64Array, options: LuSolveOptions = {}): Float64Array {
  const n = f.n;
  checkVector("luSolve", "b", b);
  if (b.length === 0 || b.length % n !== 0) {
    throw new Error(
      `luSolve: b must have length ${n} or a multiple of ${n} (n×k row-major), received length ${b.length}`,
    );
  }
  if (f.status !== "ok") throw new Error(`luSolve: cannot solve with a singular factorisation. ${f.message}`);
  const k = b.length / n;
  const x = options.out ?? new Float64Array(b.length);
  if (options.out) checkVector("luSolve", "out", options.out, b.length);
  const w = f.lu;
  const perm = f.perm;
  if (!options.transpose) {
    // x = P b (copy via a temporary when x aliases b)
    const src = x === b ? Float64Array.from(b) : b;
    if (k === 1) {
      for (let i = 0; i < n; i++) x[i] = src[perm[i]];
      forwardUnitLower(w, n, x);
      for (let i = n - 1; i >= 0; i--) {
        const ri = i * n;
        let s = x[i];
        for (let j = i + 1; j < n; j++) s -= w[ri + j] * x[j];
        x[i] = s / w[ri + i];
      }
      return x;
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) x[i * k + c] = src[perm[i] * k + c];
    // forward substitution with unit L
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      for (let j = 0; j < i; j++) {
        const l = w[ri + j];
        if (l === 0) continue;
        for (let c = 0; c < k; c++) x[i * k + c] -= l * x[j * k + c];
      }
    }
    // back substitution with U
    for (let i = n - 1; i >= 0; i--) {
      const ri = i * n;
      for (let j = i + 1; j < n; j++) {
        const u = w[ri + j];
        if (u === 0) continue;
        for (let c = 0; c < k; c++) x[i * k + c] -= u * x[j * k + c];
      }
      const d = 1 / w[ri + i];
      for (let c = 0; c < k; c++) x[i * k + c] *= d;
    }
    return x;
  }
  // Aᵀ x = b  ⇔  Uᵀ Lᵀ (P x) = b
  const y = Float64Array.from(b);
  if (k === 1) {
    // One right-hand side (the condition estimators' case): the loops below without the inner `c` loop.
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      const yi = y[i] * (1 / w[ri + i]);
      y[i] = yi;
      for (let j = i + 1; j < n; j++) y[j] -= w[ri + j] * yi;
    }
    for (let i = n - 1; i > 0; i--) {
      const ri = i * n;
      const yi = y[i];
      for (let j = 0; j < i; j++) y[j] -= w[ri + j] * yi;
    }
    for (let i = 0; i < n; i++) x[perm[i]] = y[i];
    return x;
  }
  // Uᵀ z = b: column-oriented forward substitution
  for (let i = 0; i < n; i++) {
    const d = 1 / w[i * n + i];
    for (let c = 0; c < k; c++) y[i * k + c] *= d;
    for (let j = i + 1; j < n; j++) {
      const u = w[i * n + j];
      if (u === 0) continue;
      for (let c = 0; c < k; c++) y[j * k + c] -= u * y[i * k + c];
    }
  }
  // Lᵀ v = z: column-oriented back substitution
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j < i; j++) {
      const l = w[i * n + j];
      if (l === 0) continue;
      for (let c = 0; c < k; c++) y[j * k + c] -= l * y[i * k + c];
    }
  }
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) x[perm[i] * k + c] = y[i * k + c];
  return x;
}

/**
 * Estimate of the 1-norm condition number `κ₁(A) = ‖A‖₁·‖A⁻¹‖₁` from an LU factorisation, by Hager's method
 * with Higham's refinements (the estimator behind LAPACK `dgecon`; Higham, *Accuracy and Stability of
 * Numerical Algorithms*, §15.3). Costs a few `O(n²)` solves; the estimate is a lower bound that is almost
 * always within a factor 3 of the truth. Returns `Infinity` for a singular factorisation.
 *
 * @example
 * ```ts
 * luCond(lu(new Float64Array([1, 0, 0, 1e-8]), 2)); // 1e8
 * ```
 */
export function luCond(f: LuFactorization): number {
  if (f.status !== "ok") return Number.POSITIVE_INFINITY;
  if (f.n === 1) return 1;
  return (
    inverseNorm1(
      f.n,
      (x) => luSolve(f, x),
      (x) => luSolve(f, x, { transpose: true }),
    ) * f.norm1
  );
}

/**
 * Hager–Higham estimate of `‖B‖₁` for `B = A⁻¹` (or a diagonally scaled `A⁻¹`) given `B·x` and `Bᵀ·x` (LAPACK
 * `dlacon`; Higham, *Accuracy and Stability of Numerical Algorithms*, Alg. 15.4, with the alternative vector
 * of §15.3). A lower bound, in practice within a factor 3. `n ≥ 2`.
 */
function inverseNorm1(
  n: number,
  apply: (x: Float64Array) => Float64Array,
  applyT: (x: Float64Array) => Float64Array,
): number {
  const x = new Float64Array(n).fill(1 / n);
  const xi = new Float64Array(n);
  let est = 0;
  for (let iter = 0; iter < 5; iter++) {
    const y = apply(x);
    let ny = 0;
    for (let i = 0; i < n; i++) ny += Math.abs(y[i]);
    if (iter > 0 && ny <= est) break;
    est = ny;
    for (let i = 0; i < n; i++) xi[i] = y[i] >= 0 ? 1 : -1;
    const z = applyT(xi);
    let jmax = 0;
    let zx = 0;
    for (let i = 0; i < n; i++) {
      zx += z[i] * x[i];
      if (Math.abs(z[i]) > Math.abs(z[jmax])) jmax = i;
    }
    if (iter > 0 && Math.abs(z[jmax]) <= zx) break;
    x.fill(0);
    x[jmax] = 1;
  }
  // Higham's alternative vector guards against the rare bad cases of Hager's iteration.
  for (let i = 0; i < n; i++) x[i] = (i % 2 === 0 ? 1 : -1) * (1 + i / (n - 1));
  const y = apply(x);
  let ny = 0;
  for (let i = 0; i < n; i++) ny += Math.abs(y[i]);
  return Math.max(est, (2 * ny) / (3 * n));
}

/**
 * Reciprocal 1-norm condition number of the equilibrated matrix `R·A·C` (LAPACK `dgeequ` row/column scaling,
 * then the `dgecon` estimate), from the LU factors of `A`. Equilibration makes the test blind to mere bad
 * scaling (`diag(1e-200, 1, 1e200)` is solved exactly by partial pivoting and is not flagged), as in LAPACK's
 * expert driver `dgesvx`, which reports `rcond < ε` as "singular to working precision".
 */
function equilibratedRcond(a: Float64Array, f: LuFactorization): number {
  const n = f.n;
  if (n === 1) return 1;
  const r = new Float64Array(n);
  const c = new Float64Array(n);
  const colSum = new Float64Array(n);
  // Row-major passes only (columns are strided): row maxima, then column maxima of |aᵢⱼ|·rᵢ and column sums.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let m = 0;
    for (let j = 0; j < n; j++) m = Math.max(m, Math.abs(a[ri + j]));
    r[i] = 1 / m; // m > 0: a zero row gives an exactly zero pivot, reported before
  }
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const s = r[i];
    for (let j = 0; j < n; j++) {
      const v = Math.abs(a[ri + j]) * s;
      if (v > c[j]) c[j] = v;
      colSum[j] += v;
    }
  }
  let norm1 = 0;
  for (let j = 0; j < n; j++) {
    c[j] = 1 / c[j];
    norm1 = Math.max(norm1, colSum[j] * c[j]);
  }
  // (R·A·C)⁻¹ = C⁻¹·A⁻¹·R⁻¹ and its transpose R⁻¹·A⁻ᵀ·C⁻¹.
  const inv = inverseNorm1(
    n,
    (x) => {
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) t[i] = x[i] / r[i];
      const y = luSolve(f, t, { out: t });
      for (let i = 0; i < n; i++) y[i] /= c[i];
      return y;
    },
    (x) => {
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) t[i] = x[i] / c[i];
      const y = luSolve(f, t, { transpose: true, out: t });
      for (let i = 0; i < n; i++) y[i] /= r[i];
      return y;
    },
  );
  return 1 / (norm1 * inv);
}

/** Throw (naming `fn`) when `a` is singular to working precision: equilibrated `rcond < ε`. */
function checkNotNumericallySingular(fn: string, a: Float64Array, f: LuFactorization): void {
  let rcond = equilibratedRcond(a, f);
  // Scale factors can overflow for rows of subnormal numbers: then judge the unscaled matrix.
  if (Number.isNaN(rcond)) rcond = 1 / luCond(f);
  if (!(rcond >= Number.EPSILON)) {
    throw new Error(
      `${fn}: a is singular to working precision: estimated reciprocal condition number rcond = ${rcond.toExponential(2)} < ε = 2.2e-16 (after row/column equilibration), so the result would have no correct digits; for least squares use \`lstsq\`, for rank and a minimum-norm solution use \`svd\`, or call \`lu\` + \`luSolve\` to get the backward-stable solution regardless`,
    );
  }
}

/**
 * Solve the square system `A·x = b` (or `n×k` block `B`) by LU with partial pivoting. Throws if `A` is
 * singular (naming the zero pivot) or singular to working precision: estimated reciprocal condition number
 * of the row/column-equilibrated `A` below `ε` (LAPACK `dgesvx`'s test; SciPy's `solve` warns on the same
 * estimate), since no digit of `x` could then be trusted. Mere bad scaling is not flagged. Throws if `b`
 * holds NaN/Infinity. Factorise once with {@link lu} when solving repeatedly with the same `A` (`lu` +
 * {@link luSolve} skip the conditioning test).
 *
 * @example
 * ```ts
 * solve(new Float64Array([4, 3, 6, 3]), new Float64Array([10, 12]), 2); // [1, 2]
 * ```
 */
export function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const f = lu(a, n);
  if (f.status !== "ok") throw new Error(`solve: ${f.message}`);
  checkVector("solve", "b", b);
  if (b.length === 0 || b.length % n !== 0) {
    throw new Error(
      `solve: b must have length ${n} or a multiple of ${n} (n×k row-major), received length ${b.length}`,
    );
  }
  checkFinite("solve", "b", b, b.length === n ? undefined : b.length / n);
  checkNotNumericallySingular("solve", a, f);
  return luSolve(f, b);
}

/**
 * Determinant of a row-major `n×n` matrix from its LU factorisation (`sign(P)·∏ Uᵢᵢ`); 0 for singular.
 * May over/underflow for large `n`; use {@link logDet} then.
 *
 * @example
 * ```ts
 * det(new Float64Array([1, 2, 3, 4]), 2); // -2
 * ```
 */
export function det(a: Float64Array, n: number): number {
  const f = lu(a, n);
  if (f.status !== "ok") return 0;
  let d: number = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu[i * n + i];
  return d;
}

/**
 * Sign and natural log of `|det A|` (overflow-free), like NumPy's `slogdet`. Singular: `{ sign: 0, logAbs: -Infinity }`.
 *
 * @example
 * ```ts
 * logDet(new Float64Array([1, 2, 3, 4]), 2); // { sign: -1, logAbs: Math.log(2) }
 * ```
 */
export function logDet(a: Float64Array, n: number): { sign: -1 | 0 | 1; logAbs: number } {
  const f = lu(a, n);
  if (f.status !== "ok") return { sign: 0, logAbs: Number.NEGATIVE_INFINITY };
  let sign: number = f.sign;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const u = f.lu[i * n + i];
    if (u < 0) sign = -sign;
    s += Math.log(Math.abs(u));
  }
  return { sign: sign as -1 | 1, logAbs: s };
}

/**
 * Inverse of a row-major `n×n` matrix. Rarely needed: to apply `A⁻¹` to vectors, factorise once with {@link lu}
 * and call {@link luSolve}, which is cheaper and more accurate. Throws if `A` is singular, or singular to
 * working precision (equilibrated `rcond < ε`, as in {@link solve}).
 *
 * @example
 * ```ts
 * inv(new Float64Array([2, 0, 0, 4]), 2); // [0.5, 0, 0, 0.25]
 * ```
 */
export function inv(a: Float64Array, n: number): Float64Array {
  const f = lu(a, n);
  if (f.status !== "ok") throw new Error(`inv: ${f.message}`);
  checkNotNumericallySingular("inv", a, f);
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return luSolve(f, e, { out: e });
}

/**
 * In place `x ← L⁻¹x` for the unit lower triangle of the row-major `n×n` array `w`. Four rows at a time: their
 * four dot products over the columns left of the block run as independent chains (4x the instruction-level
 * parallelism of one chain), each still subtracting `L[i][j]·x[j]` in ascending `j`, so the result is bitwise
 * that of the one-row loop.
 */
function forwardUnitLower(w: Float64Array, n: number, x: Float64Array): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = x[i];
    let s1 = x[i + 1];
    let s2 = x[i + 2];
    let s3 = x[i + 3];
    for (let j = 0; j < i; j++) {
      const xj = x[j];
      s0 -= w[r0 + j] * xj;
      s1 -= w[r1 + j] * xj;
      s2 -= w[r2 + j] * xj;
      s3 -= w[r3 + j] * xj;
    }
    x[i] = s0;
    s1 -= w[r1 + i] * s0;
    x[i + 1] = s1;
    s2 -= w[r2 + i] * s0;
    s2 -= w[r2 + i + 1] * s1;
    x[i + 2] = s2;
    s3 -= w[r3 + i] * s0;
    s3 -= w[r3 + i + 1] * s1;
    s3 -= w[r3 + i + 2] * s2;
    x[i + 3] = s3;
  }
  for (; i < n; i++) {
    const ri = i * n;
    let s = x[i];
    for (let j = 0; j < i; j++) s -= w[ri + j] * x[j];
    x[i] = s;
  }
}
