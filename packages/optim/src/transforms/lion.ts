import { tf } from "@continuum/core-tensor";
import { type LeafwiseState, leafwise } from "../internal/leafwise.js";
import { checkOptionNames, unitInterval } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link scaleByLion}. */
export interface ScaleByLionOptions {
  /** Interpolation of the update direction (default 0.9). */
  b1?: number;
  /** Decay of the momentum (default 0.99). */
  b2?: number;
}

/** State of {@link scaleByLion}: the momentum `mu`. */
export type ScaleByLionState = LeafwiseState<"mu">;

/**
 * Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2):
 * update `= sign(b1·mu + (1−b1)·g)`, then `mu ← b2·mu + (1−b2)·g`.
 * @example
 * ```ts
 * const opt = chain(scaleByLion(), scaleByLearningRate(1e-4)); // = lion(1e-4)
 * ```
 */
export function scaleByLion(options: ScaleByLionOptions = {}): GradientTransformation<ScaleByLionState> {
  const where = "scaleByLion";
  checkOptionNames(options, ["b1", "b2"], where);
  const b1 = unitInterval(options.b1 ?? 0.9, "options.b1", where);
  const b2 = unitInterval(options.b2 ?? 0.99, "options.b2", where);
  return leafwise(where, ["mu"] as const, (g, s) => {
    const u = tf.sign(tf.add(tf.mul(s.mu, b1), tf.mul(g, 1 - b1)));
    const mu = tf.add(tf.mul(s.mu, b2), tf.mul(g, 1 - b2));
    return { u, next: { mu } };
  });
}
