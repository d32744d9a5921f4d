import type { Schedule } from "../types.js";
import { finite } from "./check.js";

/**
 * A schedule that always returns `value`.
 * @example
 * ```ts
 * constantSchedule(0.1)(1000); // 0.1
 * ```
 */
export function constantSchedule(value: number): Schedule {
  const v = finite(value, "value", "constantSchedule");
  return () => v;
}
