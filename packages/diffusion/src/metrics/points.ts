import { tf } from "@continuum/core-tensor";

/** A point cloud: a `[N, d]` tensor (or `[N, ...]`, flattened) or an array of rows. */
export type Points = tf.Tensor | number[][];

/** Row-major float64 copy of a point cloud. */
export function toRows(x: Points, name: string): { data: Float64Array; n: number; d: number } {
  if (x instanceof tf.Tensor) {
    if (x.rank < 1) throw new Error(`${name} must be a [N, d] tensor, received a scalar`);
    const n = x.shape[0]!;
    const d = x.rank === 1 ? 1 : x.size / Math.max(n, 1);
    return { data: Float64Array.from(x.dataSync()), n, d };
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
  return { data, n, d };
}

/** Check two clouds share the dimension. */
export function sameDim(a: { d: number }, b: { d: number }, where: string): void {
  if (a.d !== b.d) throw new Error(`${where}: a has dimension ${a.d} but b has ${b.d}`);
}
