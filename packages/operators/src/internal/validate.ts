/** Argument checks shared by the public boundary: each throws naming the argument, expected and received. */

export function positiveInt(v: unknown, name: string): number {
  if (!Number.isInteger(v) || (v as number) < 1)
    throw new Error(`${name} must be a positive integer, received ${String(v)}`);
  return v as number;
}

export function nonNegativeInt(v: unknown, name: string): number {
  if (!Number.isInteger(v) || (v as number) < 0)
    throw new Error(`${name} must be a non-negative integer, received ${String(v)}`);
  return v as number;
}

export function positiveNumber(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
    throw new Error(`${name} must be a positive finite number, received ${String(v)}`);
  return v;
}

export function finiteNumber(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new Error(`${name} must be a finite number, received ${String(v)}`);
  return v;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Throw unless every entry of `x` is finite, naming the first bad index. */
export function allFiniteValues(x: ArrayLike<number>, name: string): void {
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i])) throw new Error(`${name} must be finite, received ${x[i]} at index ${i}`);
}

/** Throw unless `x` is a non-empty Float64Array of finite values (a real signal of the data generators). */
export function finiteSignal(x: unknown, name: string): Float64Array {
  if (!(x instanceof Float64Array) || x.length < 1)
    throw new Error(
      `${name} must be a non-empty Float64Array, received ${
        x instanceof Float64Array ? "an empty one" : Object.prototype.toString.call(x).slice(8, -1)
      }`,
    );
  allFiniteValues(x, name);
  return x;
}
