import { tf } from "@continuum/core-tensor";
import { stateless } from "../internal/leafwise.js";
import { flat, nonNegative, rebuild } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/**
 * Clip every update entry to `[−maxDelta, maxDelta]`.
 * @example
 * ```ts
 * const opt = chain(clip(1), sgd(0.1)); // updates of sgd see clipped gradients
 * ```
 */
export function clip(maxDelta: number): GradientTransformation<Readonly<Record<string, never>>> {
  const m = nonNegative(maxDelta, "maxDelta", "clip");
  return stateless("clip", (g) => tf.clipByValue(g, -m, m));
}

/**
 * Rescale all updates jointly so that their global Euclidean norm is at most `maxNorm`
 * (Pascanu et al., 2013): `g ← g·maxNorm/‖g‖` when `‖g‖ > maxNorm`. Stays on the device (no sync).
 * @example
 * ```ts
 * const opt = chain(clipByGlobalNorm(1), adam(1e-3));
 * ```
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Readonly<Record<string, never>>> {
  const where = "clipByGlobalNorm";
  const m = nonNegative(maxNorm, "maxNorm", where);
  return {
    init(params) {
      flat(params, `${where}.init`);
      return {};
    },
    update(grads, state) {
      const { leaves, treedef } = flat(grads, `${where}.update`);
      const u = tf.tidy(() => {
        const sq = leaves.map((g) => tf.sum(tf.square(g)));
        const norm = tf.sqrt(sq.length === 1 ? sq[0]! : tf.addN(sq));
        // factor = 1 when ‖g‖ <= maxNorm, else maxNorm/‖g‖ (0/0 avoided by the max with maxNorm; with
        // maxNorm = 0 every update is 0, as torch's clip_grad_norm_, instead of 0/0 = NaN at ‖g‖ = 0).
        const factor = m === 0 ? tf.scalar(0) : tf.div(m, tf.maximum(norm, m));
        return leaves.map((g) => tf.mul(g, factor));
      });
      return { updates: rebuild(treedef, u), state };
    },
  };
}
