/**
 * A custom-gradient op for functions whose `gradFunc` reads only the tensors it saved (and constants it keeps
 * alive), never the op's inputs through a closure.
 *
 * `@continuum/core-tensor`'s `customGrad` is right to any order: in the backward pass it re-runs the forward
 * function when the tape is on (a higher-order gradient) or, by default, when an input has been disposed since
 * the forward. The second case happens in every ordinary first-order training step (the forward's intermediates
 * are freed by `tidy` before backpropagation), so each op would pay one extra forward: for the FNO step one extra
 * 1×1-conv matmul, DFT matmul and mode mix per layer, ≈ 15% of the step (profiled, wasm, 2026-11). These ops
 * declare `savedOnly`, so the forward is re-run only for higher orders (the order-2 gradchecks in the spectral
 * tests cover that path).
 */
import { tf } from "@continuum/core-tensor";

type SaveFn = (ts: tf.Tensor[]) => void;
/** `f(...inputs, save) → { value, gradFunc(dy, saved) → one gradient per input }`. */
export type SavedOnlyOpFn = (...args: [...tf.Tensor[], SaveFn]) => {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
};

/** Build a custom op from `f` (see the module comment); `n` is the number of tensor inputs. */
export function savedOnlyCustomOp(f: SavedOnlyOpFn, n: number): (...inputs: tf.Tensor[]) => tf.Tensor {
  const op = tf.customGrad(((...args: unknown[]) => ({
    ...(f as (...a: unknown[]) => ReturnType<SavedOnlyOpFn>)(...args),
    savedOnly: true,
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (...inputs: tf.Tensor[]) => {
    if (inputs.length !== n)
      throw new Error(`savedOnlyCustomOp: expected ${n} inputs, received ${inputs.length}`);
    return op(...inputs) as tf.Tensor;
  };
}
