import { prng, tf } from "@continuum/core-tensor";
import { type SavedOnlyOpFn, savedOnlyCustomOp } from "../internal/custom-op.js";
import { ownedVariable } from "../internal/owned-variable.js";
import { matMul } from "../spectral/matmul.js";

/** A pointwise (1×1) linear map in channel-major layout: `y = W x + b`, W `[out, in]`, b `[out, 1]`. */
export interface PointwiseParams {
  [key: string]: tf.Variable;
  w: tf.Variable;
  b: tf.Variable;
}

/** PyTorch-style default init of a linear / 1×1 conv: U(−1/√in, 1/√in) for weights and bias. */
export function pointwiseInit(inC: number, outC: number, seed: number): PointwiseParams {
  const rng = prng(seed);
  const bound = 1 / Math.sqrt(inC);
  return {
    w: ownedVariable(rng.uniform([outC, inC], { min: -bound, max: bound })),
    b: ownedVariable(rng.uniform([outC, 1], { min: -bound, max: bound })),
  };
}

/**
 * Apply a pointwise map to channels-last rows `[N, C]`: `y = x Wᵀ + bᵀ`. Used for the projection, where the
 * channel-major product would be `[1, 128] @ [128, N]`: the wasm matmul is slow for a single left row and fast
 * for many rows, so the projection runs after one transpose to channels-last.
 */
export function pointwiseRows(p: PointwiseParams, x: tf.Tensor2D, wT: tf.Tensor2D): tf.Tensor2D {
  return tf.add(matMul(x, wT), tf.reshape(p.b, [1, -1])) as tf.Tensor2D;
}

/** Apply a pointwise map to channel-major `[C, N]` data. */
export function pointwise(p: PointwiseParams, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(matMul(p.w, x), p.b) as tf.Tensor2D;
}

/** α of the sigmoid form of GELU, x·σ(αx) (Hendrycks & Gimpel 2016, §2). */
const GELU_SIGMOID_SCALE = 1.702;

const geluOp = savedOnlyCustomOp(
  ((x: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    const s = tf.sigmoid(tf.mul(x, GELU_SIGMOID_SCALE));
    const y = tf.mul(x, s);
    save([s, y]);
    return {
      value: y,
      // d/dx x·σ(αx) = σ + αx·σ(1 − σ) = σ + α·y·(1 − σ)
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [ss, ys] = saved as [tf.Tensor, tf.Tensor];
        return tf.mul(dy, tf.add(ss, tf.mul(tf.mul(ys, GELU_SIGMOID_SCALE), tf.sub(1, ss))));
      },
    };
  }) as unknown as SavedOnlyOpFn,
  1,
);

/**
 * GELU in the sigmoid form x·σ(1.702x) of Hendrycks & Gimpel (2016, §2): within 0.021 of the exact
 * x·Φ(x) everywhere (max 0.0203 at |x| ≈ 2.27), three elementwise kernels instead of the erf form's seven, which matters
 * on the wasm backend where FNO is elementwise-bound. A custom op: the backward pass reuses the saved σ and
 * output (dy·(σ + 1.702·y·(1 − σ)), 5 kernels) instead of differentiating the three ops (8 kernels and a second
 * sigmoid); higher derivatives stay exact (see `savedOnlyCustomOp`). (A fast activation like this belongs in
 * core-tensor's activation registry; kept here until it moves.)
 *
 * @example
 * ```ts
 * gelu(tf.tensor1d([-1, 0, 1])); // ≈ [-0.154, 0, 0.846] (exact GELU: [-0.159, 0, 0.841])
 * ```
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  return geluOp(x);
}

/** Activations accepted by the operator models. */
export type OperatorActivation = "gelu" | "relu" | "tanh" | ((x: tf.Tensor) => tf.Tensor);

export function resolveOperatorActivation(
  a: OperatorActivation | undefined,
  where: string,
): (x: tf.Tensor) => tf.Tensor {
  if (a === undefined || a === "gelu") return gelu;
  if (a === "relu") return tf.relu;
  if (a === "tanh") return tf.tanh;
  if (typeof a === "function") return a;
  throw new Error(`${where}: activation must be "gelu", "relu", "tanh" or a function, received ${String(a)}`);
}

/** Evenly spaced grid on [0, 1] with n points (the FNO convention: endpoint included). */
export function unitGrid(n: number): Float32Array {
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) g[i] = n === 1 ? 0 : i / (n - 1);
  return g;
}
