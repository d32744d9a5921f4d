import { tf } from "@continuum/core-tensor";

/**
 * A set of `n` points in `dim` dimensions stored row-major in float64 (`data[i * dim + j]`). Geometry and
 * sampling work in float64; points become float32 tensors only when they enter a network.
 */
export interface Points {
  readonly n: number;
  readonly dim: number;
  readonly data: Float64Array;
}

/**
 * Build a {@link Points} set from rows (`[[x0, y0], [x1, y1], …]`) or from a flat array and a dimension.
 * @example
 * ```ts
 * const p = points([[0, 1], [2, 3]]); // p.n = 2, p.dim = 2, p.data = [0, 1, 2, 3]
 * ```
 */
export function points(rows: readonly (readonly number[])[] | ArrayLike<number>, dim?: number): Points {
  if (Array.isArray(rows) && (rows.length === 0 || Array.isArray(rows[0]))) {
    const r = rows as readonly (readonly number[])[];
    const d = dim ?? (r.length > 0 ? r[0]!.length : 1);
    const data = new Float64Array(r.length * d);
    r.forEach((row, i) => {
      if (row.length !== d)
        throw new Error(`points: rows[${i}] has ${row.length} coordinates, expected ${d} (like rows[0])`);
      for (let j = 0; j < d; j++) data[i * d + j] = row[j]!;
    });
    return { n: r.length, dim: d, data };
  }
  if (dim === undefined || !Number.isInteger(dim) || dim < 1)
    throw new Error(`points: dim must be a positive integer for a flat array, received ${String(dim)}`);
  const flat = rows as ArrayLike<number>;
  if (flat.length % dim !== 0)
    throw new Error(`points: a flat array of length ${flat.length} is not a multiple of dim=${dim}`);
  return { n: flat.length / dim, dim, data: Float64Array.from(flat) };
}

/**
 * Points as nested rows.
 * @example
 * ```ts
 * pointRows(points([[0, 1]])); // [[0, 1]]
 * ```
 */
export function pointRows(p: Points): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < p.n; i++) out.push(Array.from(p.data.subarray(i * p.dim, (i + 1) * p.dim)));
  return out;
}

/**
 * A float32 tensor `[n, dim]` holding the points (caller owns it).
 * @example
 * ```ts
 * const x = pointsToTensor(points([[0, 1]])); // Tensor [1, 2]
 * ```
 */
export function pointsToTensor(p: Points): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(p.data), [p.n, p.dim]);
}

/**
 * Rows `idx` of `p` (a copy).
 * @example
 * ```ts
 * selectPoints(points([[0], [1], [2]]), [2, 0]).data; // [2, 0]
 * ```
 */
export function selectPoints(p: Points, idx: ArrayLike<number>): Points {
  for (let k = 0; k < idx.length; k++)
    if (!Number.isInteger(idx[k]) || idx[k]! < 0 || idx[k]! >= p.n)
      throw new Error(`selectPoints: idx[${k}] = ${idx[k]} is not a row index in [0, ${p.n - 1}]`);
  const data = new Float64Array(idx.length * p.dim);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    data.set(p.data.subarray(i * p.dim, (i + 1) * p.dim), k * p.dim);
  }
  return { n: idx.length, dim: p.dim, data };
}

/**
 * Rows of `p` where `mask` is true.
 * @example
 * ```ts
 * filterPoints(points([[0], [1]]), [0, 1]).data; // [1]
 * ```
 */
export function filterPoints(p: Points, mask: ArrayLike<boolean | number>): Points {
  if (!mask || mask.length !== p.n)
    throw new Error(`filterPoints: mask must have one entry per point (${p.n}), received ${mask?.length}`);
  const idx: number[] = [];
  for (let i = 0; i < p.n; i++) if (mask[i]) idx.push(i);
  return selectPoints(p, idx);
}

/**
 * Concatenate point sets of the same dimension.
 * @example
 * ```ts
 * concatPoints([points([[0]]), points([[1]])]).n; // 2
 * ```
 */
export function concatPoints(parts: readonly Points[], dim?: number): Points {
  const d = dim ?? parts[0]?.dim ?? 1;
  let n = 0;
  for (const p of parts) {
    if (p.dim !== d) throw new Error(`concatPoints: a part has dim ${p.dim}, expected ${d}`);
    n += p.n;
  }
  const data = new Float64Array(n * d);
  let o = 0;
  for (const p of parts) {
    data.set(p.data, o);
    o += p.data.length;
  }
  return { n, dim: d, data };
}

/**
 * Column-wise concatenation `[a | b]` of two point sets with the same number of rows.
 * @example
 * ```ts
 * hstackPoints(points([[0]]), points([[1]])).data; // [0, 1]
 * ```
 */
export function hstackPoints(a: Points, b: Points): Points {
  if (a.n !== b.n) throw new Error(`hstackPoints: ${a.n} rows vs ${b.n} rows`);
  const d = a.dim + b.dim;
  const data = new Float64Array(a.n * d);
  for (let i = 0; i < a.n; i++) {
    data.set(a.data.subarray(i * a.dim, (i + 1) * a.dim), i * d);
    data.set(b.data.subarray(i * b.dim, (i + 1) * b.dim), i * d + a.dim);
  }
  return { n: a.n, dim: d, data };
}

/**
 * Columns `[from, to)` of `p`.
 * @example
 * ```ts
 * columns(points([[0, 1, 2]]), 1, 3).data; // [1, 2]
 * ```
 */
export function columns(p: Points, from: number, to: number): Points {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > p.dim || from >= to)
    throw new Error(`columns: need integers 0 <= from < to <= ${p.dim}, received from=${from}, to=${to}`);
  const d = to - from;
  const data = new Float64Array(p.n * d);
  for (let i = 0; i < p.n; i++) data.set(p.data.subarray(i * p.dim + from, i * p.dim + to), i * d);
  return { n: p.n, dim: d, data };
}

/**
 * The tensor-product grid of 1-D axes, last axis fastest: `grid([t, x])` lists (t0, x0), (t0, x1), …, matching a
 * reference stored as `u[t_index][x_index]`.
 * @example
 * ```ts
 * grid([[0, 1], [10, 20, 30]]).n; // 6
 * ```
 */
export function grid(axes: readonly (readonly number[] | ArrayLike<number>)[]): Points {
  if (!Array.isArray(axes) || axes.length === 0)
    throw new Error("grid: axes must be a non-empty array of 1-D coordinate arrays");
  const d = axes.length;
  const n = axes.reduce((a, ax) => a * ax.length, 1);
  const data = new Float64Array(n * d);
  const idx = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) data[i * d + j] = axes[j]![idx[j]!]!;
    for (let j = d - 1; j >= 0; j--) {
      idx[j]!++;
      if (idx[j]! < axes[j]!.length) break;
      idx[j] = 0;
    }
  }
  return { n, dim: d, data };
}
