import type { Bounds } from "../minimize/types.js";

/**
 * The ask/tell protocol of population optimisers: `ask()` proposes points, the caller evaluates them
 * (possibly in parallel) and hands the values back with `tell`; `stop()` returns a reason or null.
 */
export interface AskTell {
  /** Candidate points to evaluate (fresh arrays, feasible w.r.t. bounds). */
  ask(): Float64Array[];
  /** Report the objective values of the points returned by the last `ask()`. */
  tell(xs: readonly Float64Array[], fs: ArrayLike<number>): void;
  /** Best point seen so far and its value. */
  readonly best: { readonly x: Float64Array; readonly f: number };
  /** Why the method should stop (a readable reason), or null to continue. */
  stop(): string | null;
  /** Number of objective values told so far. */
  readonly evaluations: number;
  /** Number of completed generations. */
  readonly iteration: number;
}

/** Options common to every ask/tell optimiser. */
export interface AskTellOptions {
  /** Start point (or mean of the initial distribution). */
  x0: ArrayLike<number>;
  /** Initial step size / spread (default 0.5, or 0.3·(upper − lower) of the narrowest side that is not fixed (lower = upper) with finite bounds). */
  sigma0?: number;
  /** Seed of the core-tensor `prng` stream (default 0). */
  seed?: number;
  bounds?: Bounds;
  /** Population size (method default otherwise). */
  popSize?: number;
  /** Stop once the best value is at or below this. */
  ftarget?: number;
  /** Stop after this many evaluations. */
  maxEvals?: number;
}

/** A registered ask/tell optimiser factory. */
export type AskTellFactory = (options: AskTellOptions & Record<string, unknown>) => AskTell;
