import { tf } from "@continuum/core-tensor";
import { checkOptionNames, flat, nonNegative, rebuild } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

/** Options of {@link reduceOnPlateau} (defaults of torch `ReduceLROnPlateau`, mode 'min'). */
export interface ReduceOnPlateauOptions {
  /** Multiply the scale by this when the loss plateaus (default 0.1). */
  factor?: number;
  /** Non-improving steps tolerated before reducing (default 10). */
  patience?: number;
  /** Improvement threshold (default 1e-4). */
  threshold?: number;
  /** 'rel': better if `loss < best·(1 − threshold)`; 'abs': if `loss < best − threshold` (default 'rel'). */
  thresholdMode?: "rel" | "abs";
  /** Steps to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the scale (default 0). */
  minScale?: number;
}

/** State of {@link reduceOnPlateau}. */
export interface ReduceOnPlateauState {
  /** Current multiplier of the updates (starts at 1). */
  readonly scale: number;
  readonly best: number;
  readonly numBadSteps: number;
  readonly cooldownCounter: number;
  readonly count: number;
}

/**
 * Advance the plateau logic by one observed loss (pure): exactly torch `ReduceLROnPlateau.step(loss)`.
 * @example
 * ```ts
 * let s = initialPlateauState();
 * s = plateauStep(s, 0.5, {});
 * ```
 */
export function plateauStep(
  state: ReduceOnPlateauState,
  loss: number,
  options: ReduceOnPlateauOptions,
): ReduceOnPlateauState {
  const {
    factor = 0.1,
    patience = 10,
    threshold = 1e-4,
    thresholdMode = "rel",
    cooldown = 0,
    minScale = 0,
  } = options;
  let { best, numBadSteps, cooldownCounter, scale } = state;
  const better = thresholdMode === "rel" ? loss < best * (1 - threshold) : loss < best - threshold;
  if (better) {
    best = loss;
    numBadSteps = 0;
  } else numBadSteps += 1;
  if (cooldownCounter > 0) {
    cooldownCounter -= 1;
    numBadSteps = 0;
  }
  if (numBadSteps > patience) {
    const next = Math.max(scale * factor, minScale);
    if (scale - next > 1e-8 * scale) scale = next;
    cooldownCounter = cooldown;
    numBadSteps = 0;
  }
  return { scale, best, numBadSteps, cooldownCounter, count: state.count + 1 };
}

/**
 * The initial plateau state (scale 1, best = +∞).
 * @example
 * ```ts
 * initialPlateauState().scale; // 1
 * ```
 */
export function initialPlateauState(): ReduceOnPlateauState {
  return { scale: 1, best: Number.POSITIVE_INFINITY, numBadSteps: 0, cooldownCounter: 0, count: 0 };
}

/**
 * Stateful reduce-on-plateau as a transformation: multiplies updates by the current `scale`, then (if
 * `extras.loss` is given to `update`) advances the plateau logic with that loss, so a reduction takes effect on
 * the next step, as with `optimizer.step(); scheduler.step(loss)` in PyTorch. Put it after
 * `scaleByLearningRate` in a chain; `fit` passes the loss automatically. Without a loss the scale stays.
 * @example
 * ```ts
 * const opt = chain(scaleByAdam(), scaleByLearningRate(1e-3), reduceOnPlateau({ patience: 20 }));
 * ```
 */
export function reduceOnPlateau(
  options: ReduceOnPlateauOptions = {},
): GradientTransformation<ReduceOnPlateauState> {
  const where = "reduceOnPlateau";
  checkOptionNames(
    options,
    ["factor", "patience", "threshold", "thresholdMode", "cooldown", "minScale"],
    where,
  );
  const factor = options.factor ?? 0.1;
  if (!(factor > 0 && factor < 1))
    throw new Error(`${where}: options.factor must be in (0, 1), received ${factor}`);
  // integers as torch's ReduceLROnPlateau: a fractional patience/cooldown, a NaN cooldown (never counted down) or a
  // negative minScale (no floor) used to be accepted silently
  const patience = options.patience ?? 10;
  if (!Number.isInteger(patience) || patience < 0)
    throw new Error(`${where}: options.patience must be an integer >= 0, received ${String(patience)}`);
  const cooldown = options.cooldown ?? 0;
  if (!Number.isInteger(cooldown) || cooldown < 0)
    throw new Error(`${where}: options.cooldown must be an integer >= 0, received ${String(cooldown)}`);
  const minScale = nonNegative(options.minScale ?? 0, "options.minScale", where);
  if (minScale > 1) throw new Error(`${where}: options.minScale must be <= 1, received ${minScale}`);
  nonNegative(options.threshold ?? 1e-4, "options.threshold", where);
  if (
    options.thresholdMode !== undefined &&
    options.thresholdMode !== "rel" &&
    options.thresholdMode !== "abs"
  )
    throw new Error(
      `${where}: options.thresholdMode must be 'rel' or 'abs', received '${options.thresholdMode}'`,
    );
  return {
    init(params) {
      flat(params, `${where}.init`);
      return initialPlateauState();
    },
    update(grads, state, _params, extras) {
      const { leaves, treedef } = flat(grads, `${where}.update`);
      const s = state.scale;
      const u = leaves.map((g) => tf.tidy(() => tf.mul(g, s)));
      const next = extras?.loss !== undefined ? plateauStep(state, extras.loss, options) : state;
      return { updates: rebuild(treedef, u), state: next };
    },
  };
}
