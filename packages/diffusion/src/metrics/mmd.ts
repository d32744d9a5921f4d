import { type Points, sameDim, toRows } from "./points.js";

function sqDist(x: Float64Array, i: number, y: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const u = x[i * d + k]! - y[j * d + k]!;
    s += u * u;
  }
  return s;
}

/**
 * Unbiased squared maximum mean discrepancy with a sum of RBF kernels `exp(-|x-y|^2 / (2 h^2))`
 * (Gretton et al. 2012). Default bandwidths: the median pairwise distance times {0.5, 1, 2}. O(N^2 d), float64.
 * @example
 * ```ts
 * mmdRbf(a, b); // ≈ 0 (can be slightly negative: unbiased) when a and b share their law
 * ```
 */
export function mmdRbf(a: Points, b: Points, options: { bandwidths?: number[] } = {}): number {
  const A = toRows(a, "mmdRbf: a");
  const B = toRows(b, "mmdRbf: b");
  sameDim(A, B, "mmdRbf");
  if (A.n < 2 || B.n < 2) throw new Error("mmdRbf: need at least 2 points in each cloud");
  const d = A.d;
  let hs = options.bandwidths;
  if (!hs) {
    const ds: number[] = [];
    const m = Math.min(A.n, 300);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < Math.min(B.n, 300); j += 7) ds.push(Math.sqrt(sqDist(A.data, i, B.data, j, d)));
    ds.sort((u, v) => u - v);
    const med = ds[Math.floor(ds.length / 2)] || 1;
    hs = [0.5 * med, med, 2 * med];
  }
  for (const h of hs) if (!(h > 0)) throw new Error(`mmdRbf: bandwidths must be > 0, received ${h}`);
  const inv = hs.map((h) => -1 / (2 * h * h));
  const k = (x: Float64Array, i: number, y: Float64Array, j: number) => {
    const r = sqDist(x, i, y, j, d);
    let s = 0;
    for (const c of inv) s += Math.exp(c * r);
    return s;
  };
  let xx = 0;
  for (let i = 0; i < A.n; i++) for (let j = i + 1; j < A.n; j++) xx += k(A.data, i, A.data, j);
  let yy = 0;
  for (let i = 0; i < B.n; i++) for (let j = i + 1; j < B.n; j++) yy += k(B.data, i, B.data, j);
  let xy = 0;
  for (let i = 0; i < A.n; i++) for (let j = 0; j < B.n; j++) xy += k(A.data, i, B.data, j);
  return (2 * xx) / (A.n * (A.n - 1)) + (2 * yy) / (B.n * (B.n - 1)) - (2 * xy) / (A.n * B.n);
}

/**
 * Energy distance `2 E|X-Y| - E|X-X'| - E|Y-Y'|` (Székely & Rizzo; U-statistics), zero iff the laws agree.
 * @example
 * ```ts
 * energyDistance([[0], [1]], [[0], [1]]); // -1 (unbiased U-statistic on 2 points); ≈ 0 for large samples
 * ```
 */
export function energyDistance(a: Points, b: Points): number {
  const A = toRows(a, "energyDistance: a");
  const B = toRows(b, "energyDistance: b");
  sameDim(A, B, "energyDistance");
  if (A.n < 2 || B.n < 2) throw new Error("energyDistance: need at least 2 points in each cloud");
  const d = A.d;
  let xy = 0;
  for (let i = 0; i < A.n; i++)
    for (let j = 0; j < B.n; j++) xy += Math.sqrt(sqDist(A.data, i, B.data, j, d));
  let xx = 0;
  for (let i = 0; i < A.n; i++)
    for (let j = i + 1; j < A.n; j++) xx += Math.sqrt(sqDist(A.data, i, A.data, j, d));
  let yy = 0;
  for (let i = 0; i < B.n; i++)
    for (let j = i + 1; j < B.n; j++) yy += Math.sqrt(sqDist(B.data, i, B.data, j, d));
  return (2 * xy) / (A.n * B.n) - (2 * xx) / (A.n * (A.n - 1)) - (2 * yy) / (B.n * (B.n - 1));
}
