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
