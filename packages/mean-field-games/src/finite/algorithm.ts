import type { FiniteMfg } from "./game.js";
import type { TabularPolicy } from "./policy.js";

/** Options shared by the finite-MFG algorithms (each reads the ones it needs). */
export interface AlgorithmOptions {
  /**
   * Step size. Fictitious play: mixing weight of the new best response (default `1/(k+1)`; `1` gives the
   * undamped fixed point). Online mirror descent: scale of the accumulated Q-values (default 1; OpenSpiel uses 0.01).
   * Mirror descent's step must match the scale of the rewards: 1 converges on `crowdModelling1d`, `braessNetwork`
   * and `linearQuadraticGame` but oscillates on `crowdModelling2d` and `predatorPrey` (-log-density rewards on many
   * cells), where 0.1–0.2 converges; watch `history` and lower it if the exploitability does not fall.
   */
  readonly learningRate?: number;
  /** Softmax temperature; when set, best responses are replaced by entropy-regularised (Boltzmann) responses. */
  readonly temperature?: number;
  /** Damped fixed point: weight of the newly induced mean field, in (0, 1] (default 1 = plain fixed point). */
  readonly damping?: number;
}

/** What every algorithm carries from one iteration to the next (plus its own fields). */
export interface AlgorithmState {
  /** Completed iterations. */
  readonly iteration: number;
  /** Current policy (the one whose exploitability is reported). */
  readonly policy: TabularPolicy;
  /** Mean-field flow induced by `policy`. */
  readonly distribution: Float64Array;
}

/**
 * A finite-MFG learning algorithm as an explicit state machine: `init` builds the state at iteration 0
 * (uniform policy), `update` returns the next state (the input is not mutated). Algorithms are registered in
 * {@link finiteAlgorithms} by name.
 *
 * @example
 * ```ts
 * // "best-response dynamics": play the best response to the current mean field
 * finiteAlgorithms.register("br-dynamics", {
 *   description: "undamped best-response iteration",
 *   init: (game) => { const policy = uniformPolicy(game); return { iteration: 0, policy, distribution: propagateDistribution(game, policy) }; },
 *   update: (game, s) => { const policy = greedyPolicy(game, bestResponse(game, s.distribution).q); return { iteration: s.iteration + 1, policy, distribution: propagateDistribution(game, policy) }; },
 * });
 * ```
 */
export interface FiniteMfgAlgorithm {
  /** One line on what the algorithm does and where it comes from. */
  readonly description: string;
  init(game: FiniteMfg, options: AlgorithmOptions): AlgorithmState;
  update(game: FiniteMfg, state: AlgorithmState, options: AlgorithmOptions): AlgorithmState;
}

/**
 * Throw unless `value` is undefined or a finite number satisfying `ok`, naming the option.
 * @example
 * ```ts
 * checkOption("fixed-point", "damping", 2, (v) => v > 0 && v <= 1, "in (0, 1]"); // throws "…damping must be in (0, 1], received 2"
 * ```
 */
export function checkOption(
  where: string,
  name: string,
  value: number | undefined,
  ok: (v: number) => boolean,
  expected: string,
): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new Error(`${where}: ${name} must be ${expected}, received ${String(value)}`);
  }
}
