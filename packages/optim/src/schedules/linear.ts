import { checkOptionNames } from "../internal/tree.js";
import type { Schedule } from "../types.js";
import { finite, nonNegativeStep, positive } from "./check.js";

/** Options of {@link linearSchedule}. */
export interface LinearScheduleOptions {
  init: number;
  end: number;
  /** Steps over which to interpolate. */
  transitionSteps: number;
  /** Steps to hold `init` before starting (default 0). */
  transitionBegin?: number;
}

/**
 * Linear interpolation from `init` to `end` over `transitionSteps` (then constant), like optax
 * `linear_schedule` and torch `LinearLR` (as factors).
 * @example
 * ```ts
 * linearSchedule({ init: 1, end: 0, transitionSteps: 10 })(5); // 0.5
 * ```
 */
export function linearSchedule(options: LinearScheduleOptions): Schedule {
  const where = "linearSchedule";
  checkOptionNames(options, ["init", "end", "transitionSteps", "transitionBegin"], where);
  const init = finite(options.init, "options.init", where);
  const end = finite(options.end, "options.end", where);
  const steps = positive(options.transitionSteps, "options.transitionSteps", where);
  const begin = nonNegativeStep(options.transitionBegin ?? 0, "options.transitionBegin", where);
  return (count) => {
    const frac = Math.min(Math.max(count - begin, 0), steps) / steps;
    return init + (end - init) * frac;
  };
}
