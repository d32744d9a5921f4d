/**
 * A custom-gradient op for functions whose `gradFunc` reads only the tensors it saved (and kept constants),
 * never the op's inputs through a closure.
 *
 * `@continuum/core-tensor` replaces the engine's `customGrad` with a version that is right to any order: in the
 * backward pass it re-runs the forward function whenever the tape is on (a higher-order gradient) *or* an input
 * has been disposed since the forward. The second condition holds in every ordinary first-order training step
 * (the forward's intermediates are freed by `tidy` before backpropagation), so each custom op paid one extra
 * forward — for the FNO step one extra 1×1-conv matmul, DFT matmul and mode mix per layer, ≈ 15% of the step
 * (profiled, wasm, 2026-11). For ops whose gradient uses only saved tensors the recomputation is needed only
 * for higher orders; this helper recomputes only then (same engine hooks as core-tensor's, otherwise the same
 * contract, so `tf.grad` of `tf.grad` through it stays right; see the order-2 gradcheck in the spectral tests).
 * It belongs in core-tensor as an option of `customGrad` (reported); kept here until then.
 */
import { tf } from "@continuum/core-tensor";

type SaveFn = (ts: tf.Tensor[]) => void;
/** `f(...inputs, save) → { value, gradFunc(dy, saved) → one gradient per input }`. */
export type SavedOnlyOpFn = (...args: [...tf.Tensor[], SaveFn]) => {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
};

interface EngineHooks {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (ts: tf.Tensor[]) => void) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
  isTapeOn(): boolean;
}

/** Build a custom op from `f` (see the module comment); `n` is the number of tensor inputs. */
export function savedOnlyCustomOp(f: SavedOnlyOpFn, n: number): (...inputs: tf.Tensor[]) => tf.Tensor {
  const engine = tf.engine() as unknown as EngineHooks;
  if (typeof engine.runKernelFunc !== "function" || typeof engine.isTapeOn !== "function")
    // Engine without the hooks: fall back to the public API (correct, only slower).
    return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as never;
  return (...inputs: tf.Tensor[]) => {
    if (inputs.length !== n)
      throw new Error(`savedOnlyCustomOp: expected ${n} inputs, received ${inputs.length}`);
    const inputMap: Record<string, tf.Tensor> = {};
    inputs.forEach((t, i) => {
      inputMap[i] = t;
    });
    let res: ReturnType<SavedOnlyOpFn> | undefined;
    return engine.runKernelFunc({
      forwardFunc: (_backend, save) => {
        let userSaved: tf.Tensor[] = [];
        res = f(...inputs, (ts: tf.Tensor[]) => {
          userSaved = ts;
        });
        // The engine keeps connected copies of what is saved (only while recording): the inputs for a
        // higher-order recomputation, then the op's own saved tensors.
        save([...inputs, ...userSaved]);
        return res.value;
      },
      backwardsFunc: (dy, saved) => {
        let r = res!;
        let s = saved.slice(n);
        if (engine.isTapeOn()) {
          // Higher order: recompute on the tape so the saved tensors are connected to the inputs.
          let resaved: tf.Tensor[] = [];
          r = f(...saved.slice(0, n), (ts: tf.Tensor[]) => {
            resaved = ts;
          });
          s = resaved;
        }
        const out = r.gradFunc(dy, s);
        const grads = Array.isArray(out) ? out : [out];
        const map: Record<string, () => tf.Tensor> = {};
        grads.forEach((g, i) => {
          map[i] = () => g;
        });
        return map;
      },
      inputs: inputMap,
    });
  };
}
