/**
 * Augmented neural ODEs (Dupont, Doucet & Teh, "Augmented Neural ODEs", NeurIPS 2019): the state is padded with
 * `k` zero channels before the solve and the padding is stripped from the output. A flow in d dimensions is a
 * homeomorphism that cannot cross trajectories (in 1-D it preserves order, so it cannot map x to −x); the extra
 * dimensions give trajectories room to go around each other.
 */
import { type PyTree, tf } from "@continuum/core-tensor";
import { type OdeintOptions, odeint } from "./odeint.js";

/** Options of {@link augmentedOdeint}: those of `odeint` plus the number of zero channels. */
export interface AugmentedOdeintOptions<P extends PyTree | undefined = undefined> extends OdeintOptions<P> {
  /** Number k ≥ 0 of zero channels appended to the last axis of y0. */
  augment: number;
  /** Return the full augmented trajectory `[T, ..., d + k]` instead of stripping the padding (default false). */
  keepAugmented?: boolean;
}

/**
 * Solve an augmented neural ODE: `z(0) = [y0, 0_k]` (zeros appended on the last axis), `dz/dt = f(t, z, params)`
 * with `f` acting on `[..., d + k]`, and return `z(ts)` restricted to the first d channels, `[T, ...y0.shape]`.
 * Gradients flow in both modes of {@link odeint} (`adjoint: true` included).
 *
 * @example
 * ```ts
 * import { tf } from "@continuum/core-tensor";
 * import { augmentedOdeint } from "@continuum/ode";
 * // A half turn in the (y, augmented) plane maps y to −y, which no 1-D ODE can do.
 * const R = tf.tensor2d([[0, Math.PI], [-Math.PI, 0]]);
 * const ys = augmentedOdeint((t, z) => tf.matMul(z, R), tf.tensor2d([[1], [-0.5]]), [0, 1], { augment: 1 });
 * // ys[1] ≈ [[-1], [0.5]]
 * ```
 */
export function augmentedOdeint<P extends PyTree | undefined = undefined>(
  f: (t: number, z: tf.Tensor, params: P) => tf.Tensor,
  y0: tf.Tensor,
  ts: readonly number[] | Float64Array | tf.Tensor,
  options: AugmentedOdeintOptions<P>,
): tf.Tensor {
  const k = options?.augment;
  if (!Number.isInteger(k) || k < 0)
    throw new Error(`augmentedOdeint: options.augment must be a non-negative integer, received ${String(k)}`);
  if (!(y0 instanceof tf.Tensor) || y0.rank < 1)
    throw new Error(
      `augmentedOdeint: y0 must be a tensor with channels on its last axis, received ${y0 instanceof tf.Tensor ? "a scalar" : typeof y0}`,
    );
  const { augment: _k, keepAugmented, params, ...rest } = options;
  const odeOpts = { ...rest, params } as OdeintOptions<P>;
  if (k === 0) return odeint(f as never, y0, ts, odeOpts as never);
  const d = y0.shape[y0.rank - 1]!;
  const z0 = tf.tidy(() => tf.concat([y0, tf.zeros([...y0.shape.slice(0, -1), k])], -1));
  const zs = odeint(f as never, z0, ts, odeOpts as never) as tf.Tensor;
  z0.dispose();
  if (keepAugmented) return zs;
  const out = tf.tidy(() => {
    const begin = zs.shape.map(() => 0);
    const size = zs.shape.map((s, i) => (i === zs.rank - 1 ? d : s));
    return tf.slice(zs, begin, size);
  });
  zs.dispose();
  return out;
}
