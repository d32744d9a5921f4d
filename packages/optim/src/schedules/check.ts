/** Validate a finite number option of a schedule. */
export function finite(value: number, name: string, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`${where}: ${name} must be a finite number, received ${String(value)}`);
  return value;
}

/** Validate a positive integer option of a schedule. */
export function positive(value: number, name: string, where: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${where}: ${name} must be a positive integer, received ${String(value)}`);
  return value;
}

/** Validate a non-negative integer step option of a schedule (e.g. `transitionBegin`). */
export function nonNegativeStep(value: number, name: string, where: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${where}: ${name} must be an integer >= 0, received ${String(value)}`);
  return value;
}
