import "../register-algorithms.js";
import { finiteAlgorithms } from "../registries.js";
import type { AlgorithmOptions, AlgorithmState } from "./algorithm.js";
import { exploitability } from "./exploitability.js";
import type { FiniteMfg } from "./game.js";
import { validateGame } from "./game.js";
import type { TabularPolicy } from "./policy.js";

/** One row of the convergence history. */
export interface IterationRecord {
  readonly iteration: number;
  readonly exploitability: number;
  /** Value of the policy against its own mean field. */
  readonly policyValue: number;
}

/** Options of {@link solve}. */
export interface SolveOptions extends AlgorithmOptions {
  /** Registered algorithm name (see `finiteAlgorithms.names()`). */
  readonly algorithm: string;
  /** Number of iterations (>= 0). */
  readonly iterations: number;
  /** Called after every iteration (and once for iteration 0); return `false` to stop early. */
  readonly callback?: (record: IterationRecord, state: AlgorithmState) => unknown;
  /** Throw instead of returning `status: "diverged"` when the exploitability stops being finite. */
  readonly throw?: boolean;
}

/** Result of {@link solve}. */
export interface SolveResult {
  readonly status: "ok" | "stopped" | "diverged";
  /** Readable explanation when `status` is not `"ok"`. */
  readonly message: string;
  readonly policy: TabularPolicy;
  /** Mean-field flow of `policy`, `(horizon+1) * numStates`. */
  readonly distribution: Float64Array;
  /** Exploitability after 0, 1, …, iterations. */
  readonly history: readonly IterationRecord[];
}

/**
 * Run a registered finite-MFG algorithm and record the exploitability at every iteration.
 *
 * @example
 * ```ts
 * const game = crowdModelling1d();
 * const fp = solve(game, { algorithm: "fictitious-play", iterations: 10 });
 * fp.history[10].exploitability; // 0.9908 (OpenSpiel fictitious_play_test: 0.991)
 * ```
 */
export function solve(game: FiniteMfg, options: SolveOptions): SolveResult {
  validateGame(game);
  if (!options || typeof options !== "object")
    throw new Error(`solve: options must be an object, received ${String(options)}`);
  const algorithm = finiteAlgorithms.get(options.algorithm);
  if (!Number.isInteger(options.iterations) || options.iterations < 0) {
    throw new Error(
      `solve: iterations must be a non-negative integer, received ${String(options.iterations)}`,
    );
  }
  if (options.callback !== undefined && typeof options.callback !== "function")
    throw new Error(`solve: callback must be a function, received ${String(options.callback)}`);
  let state = algorithm.init(game, options);
  const history: IterationRecord[] = [];
  const record = (s: AlgorithmState): IterationRecord => {
    const r = exploitability(game, s.policy);
    return { iteration: s.iteration, exploitability: r.exploitability, policyValue: r.policyValue };
  };
  const diverged = (rec: IterationRecord): SolveResult => {
    const message =
      `${options.algorithm} diverged at iteration ${rec.iteration} (exploitability ${rec.exploitability}); ` +
      "check that rewards are finite for every reachable state (e.g. log of a zero density), or lower learningRate";
    if (options.throw) throw new Error(message);
    return done("diverged", message);
  };
  const first = record(state);
  history.push(first);
  // already the initial (uniform) policy can have a non-finite value: `iterations: 0` used to report "ok"
  if (!Number.isFinite(first.exploitability)) return diverged(first);
  if (options.callback?.(first, state) === false)
    return done("stopped", "stopped by callback at iteration 0");
  for (let k = 0; k < options.iterations; k++) {
    state = algorithm.update(game, state, options);
    const rec = record(state);
    history.push(rec);
    if (!Number.isFinite(rec.exploitability)) return diverged(rec);
    if (options.callback?.(rec, state) === false)
      return done("stopped", `stopped by callback at iteration ${rec.iteration}`);
  }
  return done("ok", "");

  function done(status: SolveResult["status"], message: string): SolveResult {
    return { status, message, policy: state.policy, distribution: state.distribution, history };
  }
}
