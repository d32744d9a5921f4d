import { type PyTree, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { flat } from "../internal/tree.js";
import { minimize } from "./minimize.js";
import type { MinimizeOptions, MinimizeResult } from "./types.js";

/**
 * Full-batch deterministic optimisation of a tensor pytree (the "Adam then L-BFGS" PINN recipe): the leaves of
 * `params` (`tf.Variable`s) are packed into one float64 vector, `minimize` runs (default 'L-BFGS'), each
 * evaluation assigns the vector to the variables and evaluates `loss` and its gradient once (value and gradient
 * are cached per point). At the end the variables hold the best point. Losses are float32, so expect
 * convergence to about 1e-7 relative; the default `ftol` is raised to 1e-12·… only by you (pass `ftol`).
 * @example
 * ```ts
 * const w = tf.variable(tf.tensor1d([3, -2]));
 * const r = minimizeTree((p) => tf.sum(tf.square(tf.sub(p.w, tf.tensor1d([1, 2])))), { w });
 * r.success; // true; w ≈ [1, 2]
 * ```
 */
export function minimizeTree<P extends PyTree>(
  loss: (params: P) => tf.Tensor,
  params: P,
  options: Omit<MinimizeOptions, "jac"> = {},
): MinimizeResult {
  const where = "minimizeTree";
  if (typeof loss !== "function")
    throw new Error(`${where}: loss must be a function, received ${typeof loss}`);
  const { leaves } = flat(params, where);
  leaves.forEach((l, i) => {
    if (!(l instanceof tf.Variable))
      throw new Error(`${where}: params leaf ${i} must be a tf.Variable (received a ${l.constructor.name})`);
  });
  const sizes = leaves.map((l) => l.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const x0 = new Float64Array(total);
  let off = 0;
  for (const l of leaves) {
    x0.set(l.dataSync(), off);
    off += l.size;
  }
  const assign = (x: Float64Array) => {
    let o = 0;
    leaves.forEach((l, i) => {
      const part = Float32Array.from(x.subarray(o, o + sizes[i]!));
      tf.tidy(() => (l as tf.Variable).assign(tf.tensor(part, l.shape, "float32")));
      o += sizes[i]!;
    });
  };
  const vg = valueAndGrad(loss as (p: P) => tf.Scalar);
  let cacheX: Float64Array | null = null;
  let cacheF = 0;
  let cacheG = new Float64Array(total);
  const evaluate = (x: Float64Array) => {
    if (cacheX && cacheX.length === x.length && cacheX.every((v, i) => v === x[i])) return;
    assign(x);
    const { value, grad } = vg(params);
    cacheF = value.dataSync()[0]!;
    const g = new Float64Array(total);
    let o = 0;
    for (const t of flat(grad, where).leaves) {
      g.set(t.dataSync(), o);
      o += t.size;
    }
    value.dispose();
    treeDispose(grad);
    cacheX = Float64Array.from(x);
    cacheG = g;
  };
  const r = minimize(
    (x) => {
      evaluate(x);
      return cacheF;
    },
    x0,
    {
      ...options,
      // as minimize's own default: with bounds, L-BFGS-B (a fixed "L-BFGS" made every bounded call throw
      // "method 'L-BFGS' does not take bounds")
      method: options.method ?? (options.bounds ? "L-BFGS-B" : "L-BFGS"),
      jac: (x) => {
        evaluate(x);
        return Float64Array.from(cacheG);
      },
    },
  );
  assign(r.x);
  return r;
}
