import { tf } from "@continuum/core-tensor";

/** A point cloud: a `[N, d]` tensor (or `[N, ...]`, flattened) or an array of rows. */
export type Points = tf.Tensor | number[][];

/** Row-major float64 copy of a point cloud; throws (naming the cloud) on NaN or Infinity. */
export function toRows(x: Points, name: string): { data: Float64Array; n: number; d: number } {
  if (x instanceof tf.Tensor) {
    if (x.rank < 1) throw new Error(`${name} must be a [N, d] tensor, received a scalar`);
    const n = x.shape[0]!;
    const d = x.rank === 1 ? 1 : x.size / Math.max(n, 1);
    return finiteRows({ data: Float64Array.from(x.dataSync()), n, d }, name);
  }
  if (!Array.isArray(x) || x.length === 0 || !Array.isArray(x[0]))
    throw new Error(`${name} must be a [N, d] tensor or a non-empty array of rows`);
  const n = x.length;
  const d = x[0]!.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (x[i]!.length !== d) throw new Error(`${name}: row ${i} has ${x[i]!.length} entries, expected ${d}`);
    data.set(x[i]!, i * d);
  }
  return finiteRows({ data, n, d }, name);
}

// A NaN point made every metric NaN without a word (and Frechet fail inside the eigensolver).
function finiteRows<T extends { data: Float64Array; n: number; d: number }>(r: T, name: string): T {
  const i = r.data.findIndex((v) => !Number.isFinite(v));
  if (i >= 0)
    throw new Error(
      `${name} must be finite: row ${Math.floor(i / Math.max(r.d, 1))}, entry ${i % Math.max(r.d, 1)} is ${r.data[i]}`,
    );
  return r;
}

/** Check two clouds share the dimension. */
export function sameDim(a: { d: number }, b: { d: number }, where: string): void {
  if (a.d !== b.d) throw new Error(`${where}: a has dimension ${a.d} but b has ${b.d}`);
}
