import { tf } from "./engine.js";

/**
 * Throw if `x` holds NaN or ±Infinity, naming `name` and the first bad index. Reads the data (synchronous).
 * @example
 * ```ts
 * assertFinite(loss, "loss"); // throws "loss contains NaN at index 0" when the loss diverged
 * ```
 */
export function assertFinite(x: tf.Tensor | number, name: string): void {
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw new Error(`${name} is not finite (${x})`);
    return;
  }
  if (!(x instanceof tf.Tensor))
    throw new TypeError(`${name} must be a tensor or number, received ${typeof x}`);
  const data = x.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v))
      throw new Error(
        `${name} contains ${Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"} at index ${i}`,
      );
  }
}

/** Check that every element of a JS array/typed array is finite; throws naming `name`. */
export function assertFiniteArray(x: ArrayLike<number>, name: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`${name} contains ${x[i]} at index ${i}`);
  }
}

/**
 * Check a tensor's rank/shape (use -1 for any size) and dtype; throws naming the argument.
 * @example
 * ```ts
 * assertShape(x, [-1, 2], "x"); // x must be [N, 2]
 * ```
 */
export function assertShape(
  x: unknown,
  shape: readonly number[] | null,
  name: string,
  dtype?: tf.DataType,
): asserts x is tf.Tensor {
  if (!(x instanceof tf.Tensor))
    throw new TypeError(`${name} must be a tensor, received ${x === null ? "null" : typeof x}`);
  if (x.isDisposed) throw new Error(`${name} has been disposed`);
  if (shape) {
    const ok = x.rank === shape.length && shape.every((s, i) => s < 0 || s === x.shape[i]);
    if (!ok)
      throw new Error(
        `${name} must have shape [${shape.map((s) => (s < 0 ? "*" : s)).join(", ")}], received [${x.shape.join(", ")}]`,
      );
  }
  if (dtype && x.dtype !== dtype) throw new Error(`${name} must have dtype ${dtype}, received ${x.dtype}`);
}
