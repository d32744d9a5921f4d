import { munkres } from "munkres";

/**
 * Squared-Euclidean cost matrix between two row-major clouds (`n x d` and `m x d`) as rows of Float64Array.
 * @example
 * ```ts
 * squaredCost(Float64Array.from([0, 1]), Float64Array.from([1, 3]), 1); // [[1, 9], [0, 4]]
 * ```
 */
export function squaredCost(a: Float64Array, b: Float64Array, d: number): Float64Array[] {
  const n = a.length / d;
  const m = b.length / d;
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (a[i * d + k]! - b[j * d + k]!) ** 2;
      r[j] = s;
    }
    rows.push(r);
  }
  return rows;
}

/**
 * Exact optimal assignment for a square cost matrix (Hungarian / Munkres algorithm, O(n^3), via the `munkres`
 * package): returns `perm` with `perm[i]` the column matched to row i, minimising `sum_i C[i][perm[i]]`. This is
 * exact minibatch OT between two equal-size uniform empirical measures (Birkhoff: an optimal plan is a
 * permutation), as OT-CFM needs (Tong et al. 2024; Pooladian et al. 2023).
 * @example
 * ```ts
 * exactAssignment([[1, 0], [0, 1]]); // Int32Array [1, 0]
 * ```
 */
export function exactAssignment(cost: ArrayLike<ArrayLike<number>>): Int32Array {
  const n = cost.length;
  if (n === 0) return new Int32Array(0);
  for (let i = 0; i < n; i++) {
    if (cost[i]!.length !== n)
      throw new Error(
        `exactAssignment: cost must be square, row ${i} has ${cost[i]!.length} entries, expected ${n}`,
      );
    for (let j = 0; j < n; j++)
      if (!Number.isFinite(cost[i]![j]!)) throw new Error(`exactAssignment: cost[${i}][${j}] is not finite`);
  }
  const perm = new Int32Array(n).fill(-1);
  for (const [y, x] of munkres(cost)) perm[y] = x;
  return perm;
}
