import { type PyTree, tf } from "@continuum/core-tensor";
import { checkLeaves, flat, leavesWithPaths, rebuild } from "./internal/tree.js";

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
  // Same leaf count and shapes is not enough: updates keyed differently (or an array for a record) used to be
  // added leaf by leaf in flattening order, silently to the wrong parameters when shapes coincided.
  const pp = leavesWithPaths(params);
  const up = leavesWithPaths(updates);
  const bad = pp.findIndex((x, i) => x.path !== up[i]!.path);
  if (bad >= 0)
    throw new Error(
      `applyUpdates: updates must have the structure of params: leaf ${bad} is '${up[bad]!.path}' in updates but '${pp[bad]!.path}' in params`,
    );
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
