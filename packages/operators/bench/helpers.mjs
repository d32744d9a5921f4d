// Shared imports for the operator benchmarks (built package only).
import { ready, tf } from "@continuum/core-tensor";
import { cosineDecay, stepDecay } from "../dist/index.js";

export * from "../dist/index.js";

/**
 * The FNO benches' shared run settings from the environment, after `ready()`: THREADS (worker threads of
 * core-tensor's GEMM pool, default ready()'s choice), EVAL_EVERY (log the test error every k epochs, 0 = off) and
 * SCHEDULE ("cosine", the default, 1e-3 → 0 over the epochs, or "step", the paper's halving compressed to them:
 * `schedule(epochs, steps)` halves `steps` times).
 */
export async function fnoRunSettings() {
  const threads = process.env.THREADS === undefined ? undefined : Number(process.env.THREADS);
  const evalEvery = Number(process.env.EVAL_EVERY ?? 0);
  const name = process.env.SCHEDULE ?? "cosine";
  if (name !== "step" && name !== "cosine")
    throw new Error(`SCHEDULE must be "step" or "cosine", received ${name}`);
  await ready(threads === undefined ? {} : { threads });
  const schedule = (epochs, steps) =>
    name === "cosine"
      ? cosineDecay(1e-3, epochs)
      : stepDecay(1e-3, Math.max(1, Math.round(epochs / steps)), 0.5);
  return { evalEvery, scheduleName: name, schedule };
}

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
