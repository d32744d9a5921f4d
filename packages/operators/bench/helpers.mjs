// Shared imports for the operator benchmarks (built package only).
import { tf } from "@continuum/core-tensor";

export * from "../dist/index.js";

/** Every tf.Variable in a params pytree (depth-first). */
export function treeLeavesOf(tree) {
  const out = [];
  const walk = (t) => {
    if (t instanceof tf.Variable) out.push(t);
    else if (Array.isArray(t)) t.forEach(walk);
    else if (t && typeof t === "object") Object.values(t).forEach(walk);
  };
  walk(tree);
  return out;
}
