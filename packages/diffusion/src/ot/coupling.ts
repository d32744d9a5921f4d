import { type Rng, tf } from "@continuum/core-tensor";
import { exactAssignment, squaredCost } from "./exact.js";
import { sinkhorn } from "./sinkhorn.js";
import { sinkhornEpsilonScaling } from "./sinkhorn-epsilon-scaling.js";

/** How minibatch pairs `(x0_i, x1_j)` are formed. */
export type CouplingMethod = "independent" | "exact" | "sinkhorn";

/** Options of {@link otCoupling}. */
export interface OtCouplingOptions {
  method: CouplingMethod;
  /** Needed by `sinkhorn` (to draw j ~ P[i, :]). */
  rng?: Rng;
  /** Sinkhorn epsilon relative to the mean cost (default 0.05). */
  relativeEpsilon?: number;
  /**
   * Solve the `sinkhorn` plan by epsilon scaling ({@link sinkhornEpsilonScaling}) instead of a cold start: use it
   * for large batches (Hungarian is O(n^3)) with a small `relativeEpsilon`, where a cold start needs many
   * iterations. Default false.
   */
  epsilonScaling?: boolean;
}

/**
 * Reorder `x1` to pair with `x0` row by row: `independent` keeps the order; `exact` applies the optimal
 * permutation for the squared distance (Hungarian); `sinkhorn` draws each partner from the row of the entropic
 * plan (log-domain Sinkhorn, optionally with epsilon scaling for large batches and small epsilon; with
 * replacement, as in OT-CFM's large-batch variant). Returns a new tensor.
 * @example
 * ```ts
 * const x1paired = otCoupling(x0, noise, { method: "exact" });
 * const big = otCoupling(x0, noise, { method: "sinkhorn", rng, relativeEpsilon: 0.005, epsilonScaling: true });
 * ```
 */
export function otCoupling(x0: tf.Tensor, x1: tf.Tensor, options: OtCouplingOptions): tf.Tensor {
  const n = x0.shape[0]!;
  if (x1.shape[0] !== n || x0.size !== x1.size)
    throw new Error(`otCoupling: x0 [${x0.shape}] and x1 [${x1.shape}] must have the same shape`);
  const method = options.method;
  if (method === "independent") return tf.clone(x1);
  const d = x0.size / n;
  const cost = squaredCost(Float64Array.from(x0.dataSync()), Float64Array.from(x1.dataSync()), d);
  let idx: Int32Array;
  if (method === "exact") idx = exactAssignment(cost);
  else if (method === "sinkhorn") {
    if (!options.rng) throw new Error("otCoupling: options.rng is required for method 'sinkhorn'");
    let mean = 0;
    for (const r of cost) for (const c of r) mean += c / (n * n);
    const rel = options.relativeEpsilon ?? 0.05;
    if (!(rel > 0 && Number.isFinite(rel)))
      throw new Error(`otCoupling: options.relativeEpsilon must be a finite number > 0, received ${rel}`);
    const res = options.epsilonScaling
      ? sinkhornEpsilonScaling(cost, { epsilon: rel * mean, tolerance: 1e-6, maxFinalIterations: 500 })
      : sinkhorn(cost, { epsilon: rel * mean, maxIterations: 500, tolerance: 1e-6 });
    idx = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let u = options.rng.nextDouble() / n;
      let j = 0;
      while (j < n - 1 && u > res.plan[i * n + j]!) u -= res.plan[i * n + j++]!;
      idx[i] = j;
    }
  } else
    throw new Error(
      `otCoupling: unknown options.method '${String(method)}'; known: independent, exact, sinkhorn`,
    );
  return tf.tidy(() => tf.gather(x1, tf.tensor1d(idx, "int32")));
}
