/**
 * Matrix products with hand-written gradients that avoid the `transposeA`/`transposeB` paths of the wasm
 * backend's BatchMatMul. Measured on the FNO1d training step (wasm, 2 cores, 2026-11): the transposed
 * products TensorFlow.js's own MatMul gradient issues (e.g. `[64,64]ᵀ @ [64,20480]`, `[1280,32] @ [32,1024]ᵀ`)
 * ran 10–20× slower than the same products on explicitly transposed operands, making the backward pass 6× the
 * forward. These ops transpose explicitly (cheap for the small factor) and use plain products only.
 */
import { tf } from "@continuum/core-tensor";
import { type SavedOnlyOpFn, savedOnlyCustomOp } from "../internal/custom-op.js";

function swapLast(t: tf.Tensor): tf.Tensor {
  const r = t.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(t, perm);
}

const matMulOp = savedOnlyCustomOp(
  ((x: tf.Tensor, y: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([x, y]);
    return {
      value: tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor, tf.Tensor];
        return [
          tf.matMul(dy as tf.Tensor2D, swapLast(ys) as tf.Tensor2D),
          tf.matMul(swapLast(xs) as tf.Tensor2D, dy as tf.Tensor2D),
        ];
      },
    };
  }) as unknown as SavedOnlyOpFn,
  2,
);

/**
 * `a @ b` for rank-2 or equal-batch rank-3 operands, differentiable in both (gradients `dy @ bᵀ`, `aᵀ @ dy`
 * computed with explicit transposes).
 */
export function matMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return matMulOp(a, b);
}

/**
 * `x @ m` for a constant matrix `m` (a DFT basis) whose transpose `mT` is supplied (cached by the caller);
 * the gradient is `dy @ mT` with respect to `x` only.
 */
export function matMulConstant(x: tf.Tensor, m: tf.Tensor2D, mT: tf.Tensor2D): tf.Tensor {
  // The gradient reads only the kept constant mT (no input), so the saved-only op applies.
  const op = savedOnlyCustomOp(
    ((xx: tf.Tensor) => ({
      value: tf.matMul(xx as tf.Tensor2D, m),
      gradFunc: (dy: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, mT),
    })) as unknown as SavedOnlyOpFn,
    1,
  );
  return op(x);
}
