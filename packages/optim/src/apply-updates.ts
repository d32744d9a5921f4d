import { type PyTree, tf } from "@continuum/core-tensor";
import { checkLeaves, flat, rebuild } from "./internal/tree.js";

/**
 * Add `updates` to `params`. Leaves that are `tf.Variable`s are assigned in place (and returned as the same
 * objects); other leaves are replaced by new tensors `p + u` owned by the caller. `updates` are borrowed.
 * @example
 * ```ts
 * const w = tf.variable(tf.tensor([1, 2]));
 * applyUpdates({ w }, { w: tf.tensor([0.5, -1]) }); // w is now [1.5, 1]
 * ```
 */
export function applyUpdates<T extends PyTree>(params: T, updates: PyTree): T {
  const { leaves: p, treedef } = flat(params, "applyUpdates");
  const { leaves: u } = flat(updates, "applyUpdates");
  checkLeaves(u, p, "applyUpdates", "params");
  const out = p.map((pi, i) => {
    if (pi instanceof tf.Variable) {
      tf.tidy(() => {
        (pi as tf.Variable).assign(tf.add(pi, tf.cast(u[i]!, pi.dtype)));
      });
      return pi;
    }
    return tf.tidy(() => tf.add(pi, u[i]!));
  });
  return rebuild<T>(treedef, out);
}
