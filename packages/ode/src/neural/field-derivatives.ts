/**
 * Per-sample derivatives of a batched vector field `F: [N, d] → [N, d]` that neural-ODE quantities need
 * (the divergence of a CNF, the Jacobian Frobenius norm of a regulariser), each computed together with `F(y)`
 * from one forward and one reverse pass, so they are cheap to integrate alongside the state and stay
 * differentiable for an outer gradient (backpropagation or the adjoint).
 *
 * The exact variants replicate the batch d times (`[d·N, d]`), run F once and pull back the one-hot cotangent
 * `e_i` in block i, which yields every row `e_iᵀ ∂F/∂y` of every sample's Jacobian in a single reverse pass
 * (instead of d passes, each with its own forward). They assume F treats rows independently (no batch
 * statistics), as any per-sample Jacobian does.
 */
import { tf, vjp } from "@continuum/core-tensor";

function checkRows(y: tf.Tensor, F: tf.Tensor, where: string): void {
  if (!tf.util.arraysEqual(F.shape, y.shape))
    throw new Error(
      `${where}: the field returned shape [${F.shape.join(", ")}] for y of shape [${y.shape.join(", ")}]`,
    );
}

/**
 * `{ value: F(y), rows }` with `rows[i, n, :] = e_iᵀ ∂F(y_n)/∂y_n` (`[d, N, d]`) from one forward pass on the
 * d-times replicated batch and one reverse pass. Caller owns both tensors.
 * @example
 * ```ts
 * const { value, rows } = valueAndJacobianRows((y) => tf.mul(y, 2), tf.ones([3, 2])); // rows[i] = 2·e_i
 * ```
 */
export function valueAndJacobianRows(
  F: (y: tf.Tensor) => tf.Tensor,
  y: tf.Tensor,
  where = "valueAndJacobianRows",
): { value: tf.Tensor; rows: tf.Tensor } {
  if (y.rank !== 2) throw new Error(`${where}: y must have shape [N, d], received [${y.shape.join(", ")}]`);
  const [n, d] = y.shape as [number, number];
  return tf.tidy(() => {
    const rep = d === 1 ? y : tf.tile(y, [d, 1]);
    const onehot = new Float32Array(d * n * d);
    for (let i = 0; i < d; i++) for (let r = 0; r < n; r++) onehot[(i * n + r) * d + i] = 1;
    const ct = tf.tensor2d(onehot, [d * n, d]);
    const { value, vjp: g } = vjp(
      (z: tf.Tensor) => {
        const out = F(z);
        checkRows(z, out, where);
        return out;
      },
      rep,
      ct,
    );
    // core-tensor's vjp hands back a kept value (it escapes every tidy): take a plain view and drop it.
    const fy = d === 1 ? tf.reshape(value, [n, d]) : tf.slice(value, [0, 0], [n, d]);
    value.dispose();
    return { value: fy, rows: tf.reshape(g, [d, n, d]) };
  });
}

/**
 * `{ value: F(y), divergence }`: the exact per-sample trace of `∂F/∂y` (`[N]`) with F evaluated once.
 * @example
 * ```ts
 * valueAndDivergence((y) => tf.mul(y, 2), tf.ones([3, 2])).divergence; // [4, 4, 4]
 * ```
 */
export function valueAndDivergence(
  F: (y: tf.Tensor) => tf.Tensor,
  y: tf.Tensor,
  where = "valueAndDivergence",
): { value: tf.Tensor; divergence: tf.Tensor } {
  return tf.tidy(() => {
    const { value, rows } = valueAndJacobianRows(F, y, where);
    const d = y.shape[1]!;
    const eye = tf.reshape(tf.eye(d), [d, 1, d]);
    return { value, divergence: tf.sum(tf.mul(rows, eye), [0, 2]) };
  });
}

/**
 * `{ value: F(y), frobenius }`: the exact per-sample squared Frobenius norm `‖∂F/∂y‖²_F` (`[N]`).
 * @example
 * ```ts
 * valueAndJacobianFrobenius((y) => tf.mul(y, 2), tf.ones([3, 2])).frobenius; // [8, 8, 8]
 * ```
 */
export function valueAndJacobianFrobenius(
  F: (y: tf.Tensor) => tf.Tensor,
  y: tf.Tensor,
  where = "valueAndJacobianFrobenius",
): { value: tf.Tensor; frobenius: tf.Tensor } {
  return tf.tidy(() => {
    const { value, rows } = valueAndJacobianRows(F, y, where);
    return { value, frobenius: tf.sum(tf.square(rows), [0, 2]) };
  });
}

/**
 * `{ value: F(y), vjp: εᵀ ∂F/∂y }` for a probe ε shaped like y (any rank, batch first): the building block of
 * Hutchinson estimates (`E‖εᵀJ‖² = ‖J‖²_F`, `E[εᵀJε] = tr J` for probes with identity covariance).
 * @example
 * ```ts
 * valueAndProbe((y) => tf.mul(y, 2), tf.ones([3, 2]), tf.ones([3, 2])).vjp; // all 2
 * ```
 */
export function valueAndProbe(
  F: (y: tf.Tensor) => tf.Tensor,
  y: tf.Tensor,
  probe: tf.Tensor,
  where = "valueAndProbe",
): { value: tf.Tensor; vjp: tf.Tensor } {
  return tf.tidy(() => {
    const r = vjp(
      (z: tf.Tensor) => {
        const out = F(z);
        checkRows(z, out, where);
        return out;
      },
      y,
      probe,
    );
    // core-tensor's vjp hands back a kept value (it escapes every tidy): take a plain view and drop it.
    const value = tf.reshape(r.value, r.value.shape);
    r.value.dispose();
    return { value, vjp: r.vjp };
  });
}

/**
 * Sum over every axis but the first (the batch): `[N, ...] → [N]`.
 * @example
 * ```ts
 * sumPerSample(tf.ones([2, 3, 4])); // [12, 12]
 * ```
 */
export function sumPerSample(x: tf.Tensor): tf.Tensor {
  if (x.rank <= 1) return x;
  return tf.sum(
    x,
    Array.from({ length: x.rank - 1 }, (_, i) => i + 1),
  );
}
