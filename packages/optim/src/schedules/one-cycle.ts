import { checkOptionNames } from "../internal/tree.js";
import type { Schedule } from "../types.js";
import { finite, positive } from "./check.js";

/** Options of {@link oneCycleSchedule} (defaults of torch `OneCycleLR`). */
export interface OneCycleOptions {
  /** Total number of steps. */
  totalSteps: number;
  /** Maximum value. */
  peak: number;
  /** Fraction of steps spent increasing (default 0.3). */
  pctStart?: number;
  /** `init = peak / divFactor` (default 25). */
  divFactor?: number;
  /** `final = init / finalDivFactor` (default 1e4). */
  finalDivFactor?: number;
}

/**
 * One-cycle policy (Smith & Topin, 2019, "Super-Convergence"), cosine annealing in both phases, with the
 * step arithmetic of torch `OneCycleLR` (phase ends at `pctStart·total − 1` and `total − 1`).
 * @example
 * ```ts
 * const s = oneCycleSchedule({ totalSteps: 100, peak: 0.1 });
 * s(0); // 0.004
 * ```
 */
export function oneCycleSchedule(options: OneCycleOptions): Schedule {
  const where = "oneCycleSchedule";
  checkOptionNames(options, ["totalSteps", "peak", "pctStart", "divFactor", "finalDivFactor"], where);
  const total = positive(options.totalSteps, "options.totalSteps", where);
  const peak = finite(options.peak, "options.peak", where);
  const pct = finite(options.pctStart ?? 0.3, "options.pctStart", where);
  if (!(pct > 0 && pct < 1)) throw new Error(`${where}: options.pctStart must be in (0, 1), received ${pct}`);
  const div = finite(options.divFactor ?? 25, "options.divFactor", where);
  const finalDiv = finite(options.finalDivFactor ?? 1e4, "options.finalDivFactor", where);
  if (!(div > 0)) throw new Error(`${where}: options.divFactor must be > 0, received ${div}`);
  if (!(finalDiv > 0)) throw new Error(`${where}: options.finalDivFactor must be > 0, received ${finalDiv}`);
  const init = peak / div;
  const final = init / finalDiv;
  const end1 = pct * total - 1;
  const end2 = total - 1;
  const cosAnneal = (a: number, b: number, p: number) => b + ((a - b) / 2) * (Math.cos(Math.PI * p) + 1);
  return (count) => {
    const t = Math.min(Math.max(count, 0), end2);
    if (t <= end1) return cosAnneal(init, peak, end1 > 0 ? t / end1 : 1);
    return cosAnneal(peak, final, (t - end1) / (end2 - end1));
  };
}
