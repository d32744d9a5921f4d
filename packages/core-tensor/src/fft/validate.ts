/**
 * Typed arrays accepted by the FFT functions; results have the same type as the input.
 *
 * @example
 * ```ts
 * const x: RealArray = new Float32Array(8);
 * rfft(x); // Float32Array(10)
 * ```
 */
export type RealArray = Float64Array | Float32Array;

/** Internal: describe a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === "number") return String(value);
  return typeof value;
}

/** Internal: throw unless `x` is a Float64Array or Float32Array. */
export function checkArray(fn: string, name: string, x: unknown): RealArray {
  if (!(x instanceof Float64Array) && !(x instanceof Float32Array)) {
    throw new Error(`${fn}: ${name} must be a Float64Array or Float32Array, received ${describe(x)}`);
  }
  return x;
}

/** Internal: throw unless `n` is an integer >= 1. */
export function checkSize(fn: string, name: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new Error(`${fn}: ${name} must be an integer >= 1, received ${describe(n)}`);
  }
  return n;
}

/** Internal: number of batches of `block` entries in `length`, or throw naming the sizes. */
export function batches(fn: string, name: string, length: number, block: number, what: string): number {
  if (length === 0 || length % block !== 0) {
    throw new Error(
      `${fn}: ${name}.length must be a positive multiple of ${block} (${what}), received length ${length}`,
    );
  }
  return length / block;
}

/**
 * Internal: throw naming the first non-finite entry of `x`, if any. Callers run it when a transform's output
 * turned non-finite; when the input is finite that is an overflow of finite data (e.g. `fft([1e308, 1e308])`),
 * which, as in NumPy, is returned as `±Infinity` rather than reported as bad input.
 */
export function throwIfNonFinite(fn: string, name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]))
      throw new Error(`${fn}: ${name} must be finite, received ${x[i]} at ${name}[${i}]`);
  }
}

/** Internal: allocate an output array of the same element type as `like`. */
export function like<T extends RealArray>(x: T, length: number): T {
  return (x instanceof Float32Array ? new Float32Array(length) : new Float64Array(length)) as T;
}
