import { SOBOL_POLY, SOBOL_VINIT } from "./sobol-directions.js";

/** Number of bits of the Sobol integers (as SciPy's default `bits=30`, so points match `scipy.stats.qmc.Sobol`). */
const BITS = 30;
const SCALE = 2 ** -BITS;

/** Largest dimension supported by the committed Joe–Kuo table. */
export const SOBOL_MAX_DIM: number = SOBOL_POLY.length;

const directionCache = new Map<number, Uint32Array[]>();

/** Direction integers v[d][j] (already shifted to BITS bits) for the first `dim` dimensions. */
function directions(dim: number): Uint32Array[] {
  const cached = directionCache.get(dim);
  if (cached) return cached;
  const v: Uint32Array[] = [];
  for (let d = 0; d < dim; d++) {
    const row = new Uint32Array(BITS);
    if (d === 0) {
      row.fill(1);
    } else {
      const p = SOBOL_POLY[d]!;
      const m = Math.floor(Math.log2(p));
      const init = SOBOL_VINIT[d]!;
      for (let j = 0; j < m; j++) row[j] = init[j]!;
      for (let j = m; j < BITS; j++) {
        let nv = row[j - m]!;
        let pow2 = 1;
        for (let k = 0; k < m; k++) {
          pow2 *= 2;
          if ((p >> (m - 1 - k)) & 1) nv ^= pow2 * row[j - k - 1]!;
        }
        row[j] = nv;
      }
    }
    for (let j = 0; j < BITS; j++) row[j] = row[j]! * 2 ** (BITS - 1 - j);
    v.push(row);
  }
  directionCache.set(dim, v);
  return v;
}

/**
 * The first `n` points (after skipping `skip`) of the unscrambled Sobol sequence in `[0, 1)^dim`, generated in
 * Gray-code order with the Joe–Kuo direction numbers (new-joe-kuo-6.21201; Joe & Kuo, SIAM J. Sci. Comput. 2008)
 * for up to {@link SOBOL_MAX_DIM} dimensions. With `skip = 0` the points equal `scipy.stats.qmc.Sobol(d,
 * scramble=False).random(n)` (the first point is the origin). Row-major float64.
 * @example
 * ```ts
 * sobolSequence(4, 2); // [0,0, 0.5,0.5, 0.75,0.25, 0.25,0.75]
 * ```
 */
export function sobolSequence(n: number, dim: number, skip = 0): Float64Array {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`sobolSequence: n must be an integer >= 0, received ${n}`);
  if (!Number.isInteger(dim) || dim < 1 || dim > SOBOL_MAX_DIM)
    throw new Error(`sobolSequence: dim must be an integer in [1, ${SOBOL_MAX_DIM}], received ${dim}`);
  if (!Number.isInteger(skip) || skip < 0)
    throw new Error(`sobolSequence: skip must be an integer >= 0, received ${skip}`);
  if (n + skip > 2 ** BITS) throw new Error(`sobolSequence: at most 2^${BITS} points, asked for ${n + skip}`);
  const v = directions(dim);
  const x = new Uint32Array(dim);
  const out = new Float64Array(n * dim);
  // Point k is x_k = x_{k-1} XOR v[c(k-1)] with c(i) the index of the lowest zero bit of i.
  const total = n + skip;
  for (let k = 0; k < total; k++) {
    if (k >= skip) for (let d = 0; d < dim; d++) out[(k - skip) * dim + d] = x[d]! * SCALE;
    let c = 0;
    let i = k;
    while (i & 1) {
      i >>>= 1;
      c++;
    }
    for (let d = 0; d < dim; d++) x[d] = (x[d]! ^ v[d]![c]!) >>> 0;
  }
  return out;
}

/**
 * The L2-star discrepancy of points in `[0, 1)^d` (Warnock's formula, O(n² d)), as `scipy.stats.qmc.discrepancy(…,
 * method="L2-star")`. Smaller is more uniform.
 * @example
 * ```ts
 * l2StarDiscrepancy(sobolSequence(64, 2), 2); // 0.012869849626468793, as SciPy
 * ```
 */
export function l2StarDiscrepancy(data: ArrayLike<number>, dim: number): number {
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`l2StarDiscrepancy: dim must be a positive integer, received ${String(dim)}`);
  if (!data || data.length === 0 || data.length % dim !== 0)
    throw new Error(
      `l2StarDiscrepancy: data must hold n ≥ 1 points of ${dim} coordinates (length a positive multiple of ${dim}), received length ${data?.length}`,
    );
  for (let i = 0; i < data.length; i++)
    if (!(data[i]! >= 0 && data[i]! <= 1))
      throw new Error(`l2StarDiscrepancy: data[${i}] = ${data[i]} is outside the unit cube [0, 1]^${dim}`);
  const n = data.length / dim;
  let a = 0;
  for (let i = 0; i < n; i++) {
    let p = 1;
    for (let k = 0; k < dim; k++) p *= 1 - data[i * dim + k]! ** 2;
    a += p;
  }
  let b = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let p = 1;
      for (let k = 0; k < dim; k++) p *= 1 - Math.max(data[i * dim + k]!, data[j * dim + k]!);
      b += p;
    }
  return Math.sqrt(3 ** -dim - (2 ** (1 - dim) / n) * a + b / (n * n));
}
