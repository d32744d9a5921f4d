import type { Schedule } from "../types.js";
import { finite } from "./check.js";

/**
 * Piecewise-constant schedule (optax `piecewise_constant_schedule`): start at `init` and multiply by
 * `boundaries[b]` once the step count reaches `b`. With equal scales this is torch `MultiStepLR`.
 * @example
 * ```ts
 * const s = piecewiseConstantSchedule(1e-3, { 100: 0.1, 200: 0.1 });
 * s(150); // 1e-4
 * ```
 */
export function piecewiseConstantSchedule(
  init: number,
  boundaries: Readonly<Record<number, number>> = {},
): Schedule {
  const where = "piecewiseConstantSchedule";
  finite(init, "init", where);
  const entries = Object.entries(boundaries)
    .map(([b, s]) => {
      const step = Number(b);
      if (!Number.isInteger(step) || step < 0)
        throw new Error(`${where}: boundary '${b}' must be a non-negative integer step`);
      return [step, finite(s, `boundaries[${b}]`, where)] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  return (count) => {
    let v = init;
    for (const [b, s] of entries) if (count >= b) v *= s;
    return v;
  };
}
