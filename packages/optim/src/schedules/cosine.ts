import { checkOptionNames } from "../internal/tree.js";
import type { Schedule } from "../types.js";
import { finite, positive } from "./check.js";

/** Options of {@link cosineDecaySchedule}. */
export interface CosineDecayOptions {
  init: number;
  decaySteps: number;
  /** Final value as a fraction of `init` (default 0). */
  alpha?: number;
}

/**
 * Cosine decay (Loshchilov & Hutter, 2017, "SGDR"): `init·(α + (1−α)·½(1 + cos(π·min(t, T)/T)))`. Equals torch
 * `CosineAnnealingLR` with `eta_min = α·init` for `t ≤ T`.
 * @example
 * ```ts
 * cosineDecaySchedule({ init: 1, decaySteps: 100 })(50); // 0.5
 * ```
 */
export function cosineDecaySchedule(options: CosineDecayOptions): Schedule {
  const where = "cosineDecaySchedule";
  checkOptionNames(options, ["init", "decaySteps", "alpha"], where);
  const init = finite(options.init, "options.init", where);
  const T = positive(options.decaySteps, "options.decaySteps", where);
  const alpha = finite(options.alpha ?? 0, "options.alpha", where);
  return (count) => {
    const t = Math.min(Math.max(count, 0), T);
    return init * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * t) / T)));
  };
}

/** Options of {@link warmupCosineDecaySchedule}. */
export interface WarmupCosineOptions {
  /** Value at step 0. */
  init: number;
  /** Value reached at the end of the warm-up. */
  peak: number;
  warmupSteps: number;
  /** Total steps including the warm-up. */
  decaySteps: number;
  /** Final value (default 0). */
  end?: number;
}

/**
 * Linear warm-up from `init` to `peak` over `warmupSteps`, then cosine decay to `end` at `decaySteps`
 * (optax `warmup_cosine_decay_schedule`; Goyal et al., 2017, for the warm-up).
 * @example
 * ```ts
 * const s = warmupCosineDecaySchedule({ init: 0, peak: 1e-3, warmupSteps: 100, decaySteps: 1000 });
 * s(100); // 1e-3
 * ```
 */
export function warmupCosineDecaySchedule(options: WarmupCosineOptions): Schedule {
  const where = "warmupCosineDecaySchedule";
  checkOptionNames(options, ["init", "peak", "warmupSteps", "decaySteps", "end"], where);
  const init = finite(options.init, "options.init", where);
  const peak = finite(options.peak, "options.peak", where);
  const end = finite(options.end ?? 0, "options.end", where);
  const W = options.warmupSteps;
  if (!Number.isInteger(W) || W < 0)
    throw new Error(`${where}: options.warmupSteps must be an integer >= 0, received ${String(W)}`);
  const T = positive(options.decaySteps, "options.decaySteps", where);
  if (T <= W) throw new Error(`${where}: options.decaySteps (${T}) must exceed options.warmupSteps (${W})`);
  return (count) => {
    if (count < W) return init + ((peak - init) * count) / W;
    const t = Math.min(count - W, T - W);
    return end + (peak - end) * 0.5 * (1 + Math.cos((Math.PI * t) / (T - W)));
  };
}
