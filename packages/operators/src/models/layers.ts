import { prng, tf } from "@continuum/core-tensor";
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
    w: tf.variable(
      tf.tidy(() => rng.uniform([outC, inC], { min: -bound, max: bound })),
      true,
    ),
    b: tf.variable(
      tf.tidy(() => rng.uniform([outC, 1], { min: -bound, max: bound })),
      true,
    ),
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

/**
 * GELU, in the sigmoid form x·σ(1.702x) of Hendrycks & Gimpel (2016, §2): within 0.02 of the erf form and three
 * elementwise kernels instead of seven, which matters on the wasm backend where FNO is elementwise-bound.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
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
