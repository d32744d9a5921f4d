/**
 * Input checks shared by the linear-algebra functions (internal, not exported from the entry point).
 * Every failure throws an Error that names the function, the argument, the expectation and what was received.
 */

/** Describe a received value briefly for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === "number") return String(value);
  return typeof value;
}

/** Throw unless `n` is an integer >= `min`. */
export function checkDim(fn: string, name: string, n: unknown, min = 1): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new Error(`${fn}: ${name} must be an integer >= ${min}, received ${describe(n)}`);
  }
  return n;
}

/** Throw unless `x` is a Float64Array of the expected length. */
export function checkVector(fn: string, name: string, x: unknown, length?: number): Float64Array {
  if (!(x instanceof Float64Array)) {
    throw new Error(`${fn}: ${name} must be a Float64Array, received ${describe(x)}`);
  }
  if (length !== undefined && x.length !== length) {
    throw new Error(`${fn}: ${name} must have length ${length}, received length ${x.length}`);
  }
  return x;
}

/** Throw if `x` holds NaN or ±Infinity, naming the first offending entry (as a matrix entry when `cols` is given). */
export function checkFinite(fn: string, name: string, x: ArrayLike<number>, cols?: number): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) {
      const where = cols !== undefined ? `[${Math.floor(i / cols)}, ${i % cols}]` : `[${i}]`;
      throw new Error(`${fn}: ${name} must be finite, received ${v} at ${name}${where}`);
    }
  }
}

/** Throw unless `x` is a Float64Array holding exactly rows*cols finite entries. */
export function checkMatrix(fn: string, name: string, x: unknown, rows: number, cols: number): Float64Array {
  if (!(x instanceof Float64Array)) {
    throw new Error(
      `${fn}: ${name} must be a Float64Array (row-major ${rows}x${cols}), received ${describe(x)}`,
    );
  }
  if (x.length !== rows * cols) {
    throw new Error(
      `${fn}: ${name} must have length ${rows * cols} (${rows}x${cols} row-major), received length ${x.length}`,
    );
  }
  checkFinite(fn, name, x, cols);
  return x;
}

/** Throw unless `t` is a finite number > 0 (or >= 0 when `allowZero`). */
export function checkTolerance(fn: string, name: string, t: unknown, allowZero = false): number {
  if (typeof t !== "number" || !Number.isFinite(t) || t < 0 || (!allowZero && t === 0)) {
    throw new Error(
      `${fn}: ${name} must be a finite number ${allowZero ? ">= 0" : "> 0"}, received ${describe(t)}`,
    );
  }
  return t;
}
