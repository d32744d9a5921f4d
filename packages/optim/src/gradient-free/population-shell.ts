import { BestTracker, checkTell } from "./common.js";
import type { AskTell } from "./types.js";

/** What a population method adds to the shared ask/tell bookkeeping of {@link populationShell}. */
export interface PopulationCore {
  /** Propose the points of the next generation (the shell hands copies to the caller). */
  ask(): Float64Array[];
  /** Learn from the values of the last proposal; `generation` counts the generations completed before it. */
  tell(xs: readonly Float64Array[], fs: ArrayLike<number>, generation: number): void;
  /** A method-specific stop reason, checked after `ftarget` and `maxEvals`; `generations` completed so far. */
  stop?(generations: number): string | null;
}

/**
 * The bookkeeping every population optimiser shares, around a {@link PopulationCore}: copies of the asked
 * points, `tell` checked against the last `ask` (count, values), the best point, the evaluation and
 * generation counters, and the common stop reasons (`ftarget`, then `maxEvals`, then the core's own).
 * `extras` are extra read-only properties (getters are kept live), e.g. the current mean.
 * @example
 * ```ts
 * let m = 1;
 * const opt = populationShell("halving", { x0: Float64Array.of(1), ftarget: 1e-6, maxEvals: 100 }, {
 *   ask: () => [Float64Array.of(m / 2)],
 *   tell: (xs) => { m = xs[0]![0]!; },
 * });
 * runAskTell((x) => x[0]! ** 2, opt).nfev; // 10 (m = 2^-10, f < 1e-6)
 * ```
 */
export function populationShell<E extends object = Record<never, never>>(
  where: string,
  c: { readonly x0: Float64Array; readonly ftarget: number; readonly maxEvals: number },
  core: PopulationCore,
  extras?: E,
): AskTell & E {
  const best = new BestTracker(c.x0);
  let asked = -1;
  let evaluations = 0;
  let iteration = 0;
  const shell: AskTell = {
    ask() {
      const xs = core.ask();
      asked = xs.length;
      return xs.map((x) => Float64Array.from(x));
    },
    tell(xs, fs) {
      if (asked < 0) throw new Error(`${where}.tell: call ask() first`);
      checkTell(xs, fs, asked, where);
      best.offer(xs, fs);
      evaluations += xs.length;
      core.tell(xs, fs, iteration);
      iteration++;
      asked = -1;
    },
    get best() {
      return { x: best.x, f: best.f };
    },
    stop() {
      if (best.f <= c.ftarget) return `ftarget: best value ${best.f} <= ${c.ftarget}`;
      if (evaluations >= c.maxEvals) return `maxEvals: ${evaluations} evaluations`;
      return core.stop?.(iteration) ?? null;
    },
    get evaluations() {
      return evaluations;
    },
    get iteration() {
      return iteration;
    },
  };
  if (extras) Object.defineProperties(shell, Object.getOwnPropertyDescriptors(extras));
  return shell as AskTell & E;
}
