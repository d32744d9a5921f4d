import { tf } from "./engine.js";

type ArrayOrTensor = tf.Tensor | ArrayLike<number>;

function toArray(x: ArrayOrTensor, name: string): ArrayLike<number> {
  if (x instanceof tf.Tensor) return x.dataSync();
  if (x == null || typeof (x as ArrayLike<number>).length !== "number")
    throw new TypeError(`${name} must be a tensor or an array of numbers`);
  return x;
}

function pair(fn: string, pred: ArrayOrTensor, ref: ArrayOrTensor): [ArrayLike<number>, ArrayLike<number>] {
  // Values are compared in row-major order, so two tensors must agree in shape up to size-1 axes ([N, 1] vs [N]
  // is fine); [N, 2] against [2, N] used to be compared element by element, a silently wrong error.
  if (pred instanceof tf.Tensor && ref instanceof tf.Tensor) {
    const core = (t: tf.Tensor) => t.shape.filter((d) => d !== 1);
    if (!tf.util.arraysEqual(core(pred), core(ref)))
      throw new Error(
        `${fn}: prediction has shape [${pred.shape.join(", ")}] but reference has shape [${ref.shape.join(", ")}]`,
      );
  }
  const a = toArray(pred, `${fn}: prediction`);
  const b = toArray(ref, `${fn}: reference`);
  if (a.length !== b.length)
    throw new Error(`${fn}: prediction has ${a.length} values, reference has ${b.length}`);
  if (a.length === 0) throw new Error(`${fn}: empty input`);
  return [a, b];
}

/**
 * Relative L2 error ‖pred − ref‖₂ / ‖ref‖₂, computed in float64.
 * @example
 * ```ts
 * relativeL2Error([1, 2.1], [1, 2]); // ≈ 0.0447
 * ```
 */
export function relativeL2Error(pred: ArrayOrTensor, ref: ArrayOrTensor): number {
  const [a, b] = pair("relativeL2Error", pred, ref);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  if (den === 0) throw new Error("relativeL2Error: the reference is identically zero");
  return Math.sqrt(num / den);
}

/** Mean squared error, in float64. */
export function mse(pred: ArrayOrTensor, ref: ArrayOrTensor): number {
  const [a, b] = pair("mse", pred, ref);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s / a.length;
}

/** Largest absolute difference, in float64. */
export function maxAbsError(pred: ArrayOrTensor, ref: ArrayOrTensor): number {
  const [a, b] = pair("maxAbsError", pred, ref);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
