import { checkOptionNames } from "../internal/tree.js";
import type { Schedule } from "../types.js";
import { finite, nonNegativeStep, positive } from "./check.js";

/** Options of {@link exponentialDecaySchedule}. */
export interface ExponentialDecayOptions {
  init: number;
  /** Steps per factor `decayRate` (default 1: torch `ExponentialLR` with `gamma = decayRate`). */
  transitionSteps?: number;
  decayRate: number;
  /** Decay in discrete jumps (default false). */
  staircase?: boolean;
  /** Hold `init` for this many steps (default 0). */
  transitionBegin?: number;
  /** Clamp: lower bound when decaying, upper bound when growing. */
  endValue?: number;
}

/**
 * Exponential decay `init·decayRate^((t − begin)/transitionSteps)` (floored exponent when `staircase`).
 * @example
 * ```ts
 * exponentialDecaySchedule({ init: 1, decayRate: 0.5, transitionSteps: 10 })(20); // 0.25
 * ```
 */
export function exponentialDecaySchedule(options: ExponentialDecayOptions): Schedule {
  const where = "exponentialDecaySchedule";
  checkOptionNames(
    options,
    ["init", "transitionSteps", "decayRate", "staircase", "transitionBegin", "endValue"],
    where,
    ["staircase"],
  );
  const init = finite(options.init, "options.init", where);
  const rate = finite(options.decayRate, "options.decayRate", where);
  if (rate <= 0) throw new Error(`${where}: options.decayRate must be > 0, received ${rate}`);
  const k = positive(options.transitionSteps ?? 1, "options.transitionSteps", where);
  const begin = nonNegativeStep(options.transitionBegin ?? 0, "options.transitionBegin", where);
  const endValue =
    options.endValue === undefined ? undefined : finite(options.endValue, "options.endValue", where);
  return (count) => {
    let e = Math.max(count - begin, 0) / k;
    if (options.staircase) e = Math.floor(e);
    let v = init * rate ** e;
    if (endValue !== undefined) v = rate < 1 ? Math.max(v, endValue) : Math.min(v, endValue);
    return v;
  };
}
