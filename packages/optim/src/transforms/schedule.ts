import { tf } from "@continuum/core-tensor";
import { flat, rebuild } from "../internal/tree.js";
import type { GradientTransformation, LearningRate, Schedule } from "../types.js";

/** State of {@link scaleBySchedule}: how many updates were made. */
export interface ScaleByScheduleState {
  readonly count: number;
}

function scheduleValue(schedule: Schedule, count: number, where: string): number {
  const v = schedule(count);
  if (typeof v !== "number" || Number.isNaN(v))
    throw new Error(`${where}: the schedule returned ${String(v)} at step ${count} (expected a number)`);
  return v;
}

function scaled(
  where: string,
  factor: (count: number) => number,
): GradientTransformation<ScaleByScheduleState> {
  return {
    init(params) {
      flat(params, `${where}.init`);
      return { count: 0 };
    },
    update(grads, state) {
      const { leaves, treedef } = flat(grads, `${where}.update`);
      const s = factor(state.count);
      const u = leaves.map((g) => tf.tidy(() => tf.mul(g, s)));
      return { updates: rebuild(treedef, u), state: { count: state.count + 1 } };
    },
  };
}

/**
 * Multiply updates by `schedule(count)`, with `count` the number of earlier updates (0 on the first).
 * @example
 * ```ts
 * const opt = chain(scaleByAdam(), scaleBySchedule(cosineDecaySchedule({ init: -1e-3, decaySteps: 1000 })));
 * ```
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<ScaleByScheduleState> {
  if (typeof schedule !== "function")
    throw new Error(`scaleBySchedule: schedule must be a function (received ${typeof schedule})`);
  return scaled("scaleBySchedule", (c) => scheduleValue(schedule, c, "scaleBySchedule"));
}

/**
 * Multiply updates by `−lr` (gradient descent), `lr` a number or a schedule of the step count.
 * @param flipSign - pass false to multiply by `+lr` (gradient ascent).
 * @example
 * ```ts
 * const sgdLike = scaleByLearningRate(0.1); // updates = −0.1·g
 * ```
 */
export function scaleByLearningRate(
  learningRate: LearningRate,
  flipSign = true,
): GradientTransformation<ScaleByScheduleState> {
  const where = "scaleByLearningRate";
  const sign = flipSign ? -1 : 1;
  if (typeof learningRate === "number") {
    if (!Number.isFinite(learningRate) || learningRate < 0)
      throw new Error(`${where}: learningRate must be a finite number >= 0, received ${learningRate}`);
    return scaled(where, () => sign * learningRate);
  }
  if (typeof learningRate !== "function")
    throw new Error(`${where}: learningRate must be a number or a schedule, received ${typeof learningRate}`);
  return scaled(where, (c) => {
    const lr = scheduleValue(learningRate, c, where);
    // as for a number learning rate: an infinite one used to turn every parameter into ±Infinity/NaN
    if (lr < 0 || !Number.isFinite(lr))
      throw new Error(
        `${where}: the schedule returned ${lr < 0 ? "a negative" : "a non-finite"} learning rate ${lr} at step ${c}`,
      );
    return sign * lr;
  });
}

/**
 * Multiply updates by a constant.
 * @example
 * ```ts
 * const ascent = scale(0.5); // updates = 0.5·g
 * ```
 */
export function scale(factor: number): GradientTransformation<ScaleByScheduleState> {
  if (typeof factor !== "number" || !Number.isFinite(factor))
    throw new Error(`scale: factor must be a finite number, received ${String(factor)}`);
  return scaled("scale", () => factor);
}
