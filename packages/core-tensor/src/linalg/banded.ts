import { checkDim, checkFinite, checkVector } from "./validate.js";

/**
 * LU factorisation with partial pivoting of a banded matrix (LAPACK `dgbtrf` semantics). Row `i` of the work
 * array stores columns `i − kl … i + kl + ku` (the extra `kl` super-diagonals hold pivoting fill-in).
 *
 * @example
 * ```ts
 * const f: BandedLuFactorization = bandedLu(band, n, 1, 1);
 * if (f.status === "ok") bandedLuSolve(f, b);
 * ```
 */
export interface BandedLuFactorization {
  readonly n: number;
  readonly kl: number;
  readonly ku: number;
  /** Row-major `n × (2·kl + ku + 1)` factors; entry `(i, j)` sits at `i·width + j − i + kl`. */
  readonly lu: Float64Array;
  /** `pivots[k]` is the row swapped with row `k` at step `k`. */
  readonly pivots: Int32Array;
  readonly status: "ok" | "singular";
  /** 0-based index of the first zero pivot, or -1. */
  readonly singularPivot: number;
  readonly message: string;
}

/**
 * Pack a row-major dense `n×n` matrix into the band storage used by {@link bandedLu}: a row-major
 * `n × (kl + ku + 1)` array where `A[i, j]` (for `−kl ≤ j − i ≤ ku`) sits at `i·(kl+ku+1) + (j − i + kl)`.
 * Entries outside the band are ignored.
 *
 * @example
 * ```ts
 * bandFromDense(new Float64Array([2, -1, -1, 2]), 2, 1, 1); // [0, 2, -1, -1, 2, 0]
 * ```
 */
export function bandFromDense(a: Float64Array, n: number, kl: number, ku: number): Float64Array {
  checkDim("bandFromDense", "n", n);
  checkDim("bandFromDense", "kl", kl, 0);
  checkDim("bandFromDense", "ku", ku, 0);
  checkVector("bandFromDense", "a", a, n * n);
  const w = kl + ku + 1;
  const band = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - kl); j <= Math.min(n - 1, i + ku); j++)
      band[i * w + j - i + kl] = a[i * n + j];
  }
  return band;
}

/**
 * Banded LU with partial pivoting of an `n×n` matrix with `kl` sub- and `ku` super-diagonals, given in the
 * band storage of {@link bandFromDense}. Costs `O(n·kl·(kl+ku))` instead of `O(n³)`. A zero pivot is reported
 * as `status: "singular"` with its index (thrown with `throw: true`).
 *
 * @example
 * ```ts
 * const band = bandFromDense(new Float64Array([2, -1, 0, -1, 2, -1, 0, -1, 2]), 3, 1, 1);
 * bandedLuSolve(bandedLu(band, 3, 1, 1), new Float64Array([1, 0, 1])); // [1, 1, 1]
 * ```
 */
export function bandedLu(
  band: Float64Array,
  n: number,
  kl: number,
  ku: number,
  options: { readonly throw?: boolean } = {},
): BandedLuFactorization {
  checkDim("bandedLu", "n", n);
  checkDim("bandedLu", "kl", kl, 0);
  checkDim("bandedLu", "ku", ku, 0);
  const bw = kl + ku + 1;
  checkVector("bandedLu", "band", band, n * bw);
  checkFinite("bandedLu", "band", band, bw);
  const width = 2 * kl + ku + 1;
  const w = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < bw; d++) {
      const j = i - kl + d;
      if (j >= 0 && j < n) w[i * width + d] = band[i * bw + d];
    }
  }
  const pivots = new Int32Array(n);
  let singularPivot = -1;
  for (let k = 0; k < n; k++) {
    const last = Math.min(n - 1, k + kl);
    const jEnd = Math.min(n - 1, k + kl + ku);
    let p = k;
    let pmax = Math.abs(w[k * width + kl]);
    for (let i = k + 1; i <= last; i++) {
      const v = Math.abs(w[i * width + k - i + kl]);
      if (v > pmax) {
        pmax = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (p !== k) {
      for (let j = k; j <= jEnd; j++) {
        const ik = k * width + j - k + kl;
        const ip = p * width + j - p + kl;
        const t = w[ik];
        w[ik] = w[ip];
        w[ip] = t;
      }
    }
    const rk = k * width - k + kl;
    const pivot = w[rk + k];
    if (pivot === 0) {
      if (singularPivot < 0) singularPivot = k;
      continue;
    }
    const inv = 1 / pivot;
    for (let i = k + 1; i <= last; i++) {
      const ri = i * width - i + kl;
      const l = w[ri + k] * inv;
      w[ri + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j <= jEnd; j++) w[ri + j] -= l * w[rk + j];
    }
  }
  const singular = singularPivot >= 0;
  const message = singular
    ? `bandedLu: matrix is singular: pivot ${singularPivot} (0-based) is exactly zero after partial pivoting`
    : "bandedLu: factorisation succeeded";
  if (singular && options.throw) throw new Error(message);
  return { n, kl, ku, lu: w, pivots, status: singular ? "singular" : "ok", singularPivot, message };
}

/**
 * Solve `A·x = b` with a factorisation from {@link bandedLu} in `O(n·(2kl+ku))`. Throws if it is singular.
 * NaN/Infinity in `b` propagate unchecked (as in LAPACK `dgbtrs`; Newton loops rely on it to reject a step);
 * the one-shot {@link solveBanded} rejects them.
 *
 * @example
 * ```ts
 * const f = bandedLu(new Float64Array([0, 4, 1, 1, 4, 0]), 2, 1, 1); // [[4, 1], [1, 4]]
 * bandedLuSolve(f, new Float64Array([5, 5])); // [1, 1]
 * ```
 */
export function bandedLuSolve(f: BandedLuFactorization, b: Float64Array, out?: Float64Array): Float64Array {
  const { n, kl, ku, lu: w, pivots } = f;
  checkVector("bandedLuSolve", "b", b, n);
  if (f.status !== "ok")
    throw new Error(`bandedLuSolve: cannot solve with a singular factorisation. ${f.message}`);
  const x = out ?? new Float64Array(n);
  if (out) checkVector("bandedLuSolve", "out", out, n);
  if (x !== b) x.set(b);
  const width = 2 * kl + ku + 1;
  // forward: apply the row interchanges and L in elimination order
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) {
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
    const xk = x[k];
    if (xk === 0) continue;
    const last = Math.min(n - 1, k + kl);
    for (let i = k + 1; i <= last; i++) x[i] -= w[i * width + k - i + kl] * xk;
  }
  // backward with U (bandwidth kl + ku)
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * width - i + kl;
    const jEnd = Math.min(n - 1, i + kl + ku);
    let s = x[i];
    for (let j = i + 1; j <= jEnd; j++) s -= w[ri + j] * x[j];
    x[i] = s / w[ri + i];
  }
  return x;
}

/**
 * Solve a banded system `A·x = b` (band storage of {@link bandFromDense}) by banded LU with partial pivoting.
 * Throws if `A` is singular or `b` holds NaN/Infinity. For diagonally dominant tridiagonal systems
 * {@link solveTridiagonal} is cheaper.
 *
 * @example
 * ```ts
 * solveBanded(new Float64Array([0, 4, 1, 1, 4, 0]), 2, 1, 1, new Float64Array([5, 5])); // [1, 1]
 * ```
 */
export function solveBanded(
  band: Float64Array,
  n: number,
  kl: number,
  ku: number,
  b: Float64Array,
): Float64Array {
  const f = bandedLu(band, n, kl, ku);
  if (f.status !== "ok") throw new Error(`solveBanded: ${f.message}`);
  checkVector("solveBanded", "b", b, n);
  checkFinite("solveBanded", "b", b);
  return bandedLuSolve(f, b);
}
