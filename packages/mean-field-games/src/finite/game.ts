/**
 * A finite-state, finite-action, finite-horizon mean-field game (single population).
 *
 * Time runs over decision steps `t = 0 … horizon-1`; the mean field is the sequence of state distributions
 * `mu_0 … mu_horizon`, stored flat (`mu[t * numStates + s]`). A representative player in state `s` at time `t`
 * picks action `a`, collects `reward(t, s, a, mu)` and moves to `s'` with probability given by `successors`.
 * Rewards and transitions may read the whole mean-field flow (crowd aversion reads `mu_t(s)`, static routing
 * reads the total flow on a link).
 *
 * @example
 * ```ts
 * // two sites, stay (0) or switch (1); being where the crowd is costs mu_t(s)
 * const game: FiniteMfg = {
 *   name: "two-sites", numStates: 2, numActions: 2, horizon: 5, initialDistribution: [0.9, 0.1],
 *   successors: (_t, s, a) => ({ states: [a === 0 ? s : 1 - s], probs: [1] }),
 *   reward: (t, s, a, mu) => -mu[t * 2 + s]! - 0.1 * a,
 * };
 * solve(game, { algorithm: "fictitious-play", iterations: 50 });
 * ```
 */
export interface FiniteMfg {
  /** Human-readable name used in messages. */
  readonly name: string;
  readonly numStates: number;
  readonly numActions: number;
  /** Number of decision steps (>= 1). */
  readonly horizon: number;
  /** `mu_0`, a probability vector of length `numStates`. */
  readonly initialDistribution: ArrayLike<number>;
  /** Successor states of `(t, s, a)` as parallel arrays; probabilities must be >= 0 and sum to 1. */
  successors(t: number, s: number, a: number, mu: Float64Array): Successors;
  /** Reward of taking `a` in `s` at time `t` against the mean-field flow `mu`. */
  reward(t: number, s: number, a: number, mu: Float64Array): number;
  /** Reward at time `horizon` (default 0). */
  terminalReward?(s: number, mu: Float64Array): number;
  /** Whether `a` is legal in `s` (default: every action). */
  isLegal?(s: number, a: number): boolean;
  /** Optional names of the states (for plots and messages). */
  readonly stateNames?: readonly string[];
}

/** Successors of one (t, s, a): `states[i]` is reached with probability `probs[i]`. */
export interface Successors {
  readonly states: ArrayLike<number>;
  readonly probs: ArrayLike<number>;
}

/**
 * Tolerance on the sum of a transition row (rows are checked at every propagation).
 * @example
 * ```ts
 * Math.abs(1 - (0.5 + 0.5)) <= TRANSITION_SUM_TOLERANCE; // true
 * ```
 */
export const TRANSITION_SUM_TOLERANCE = 1e-9;

const isPositiveInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

/**
 * Check the static parts of a game (sizes, horizon, initial distribution, legal actions); transitions are
 * checked row by row during {@link propagateDistribution}. Throws an Error naming the bad field.
 *
 * @example
 * ```ts
 * validateGame(crowdModelling1d()); // ok
 * validateGame({ ...crowdModelling1d(), horizon: 0 }); // throws "…: horizon must be a positive integer, received 0"
 * ```
 */
export function validateGame(game: FiniteMfg): void {
  if (game === null || typeof game !== "object")
    throw new TypeError(`game must be a FiniteMfg object, received ${String(game)}`);
  const name = game.name ?? "game";
  for (const key of ["numStates", "numActions", "horizon"] as const) {
    if (!isPositiveInteger(game[key])) {
      throw new Error(`${name}: ${key} must be a positive integer, received ${String(game[key])}`);
    }
  }
  const mu0 = game.initialDistribution;
  if (!mu0 || mu0.length !== game.numStates) {
    throw new Error(
      `${name}: initialDistribution must have length numStates=${game.numStates}, received ${mu0?.length}`,
    );
  }
  let sum = 0;
  for (let s = 0; s < mu0.length; s++) {
    const p = mu0[s]!;
    if (!Number.isFinite(p) || p < 0)
      throw new Error(`${name}: initialDistribution[${s}] must be a probability, received ${p}`);
    sum += p;
  }
  if (Math.abs(sum - 1) > TRANSITION_SUM_TOLERANCE) {
    throw new Error(`${name}: initialDistribution must sum to 1, received sum ${sum}`);
  }
  const mask = legalMask(game);
  for (let s = 0; s < game.numStates; s++) {
    let any = false;
    for (let a = 0; a < game.numActions; a++) any ||= mask[s * game.numActions + a] === 1;
    if (!any) throw new Error(`${name}: state ${s} has no legal action`);
  }
}

/**
 * Legal-action mask of a game, `mask[s * numActions + a]` is 1 when `a` is legal in `s`.
 * @example
 * ```ts
 * legalMask(braessNetwork()); // Uint8Array with a 1 for every outgoing link of every node
 * ```
 */
export function legalMask(game: FiniteMfg): Uint8Array {
  const { numStates: S, numActions: A } = game;
  const mask = new Uint8Array(S * A);
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) mask[s * A + a] = game.isLegal ? (game.isLegal(s, a) ? 1 : 0) : 1;
  return mask;
}

/**
 * Check one transition row; throws naming time, state and action when probabilities are negative, not finite,
 * out of range or do not sum to 1.
 * @example
 * ```ts
 * checkSuccessors(game, 0, 3, 1, { states: [2, 4], probs: [0.5, 0.6] }); // throws "…sum to 1.1…state 3, action 1"
 * ```
 */
export function checkSuccessors(game: FiniteMfg, t: number, s: number, a: number, next: Successors): void {
  const where = `${game.name}: transition at t=${t}, state ${s}, action ${a}`;
  if (!next || next.states.length !== next.probs.length) {
    throw new Error(`${where}: successors must be parallel arrays states/probs of equal length`);
  }
  let sum = 0;
  for (let i = 0; i < next.probs.length; i++) {
    const p = next.probs[i]!;
    const s2 = next.states[i]!;
    if (!Number.isFinite(p) || p < 0)
      throw new Error(`${where}: probability of successor ${s2} must be >= 0, received ${p}`);
    if (!Number.isInteger(s2) || s2 < 0 || s2 >= game.numStates) {
      throw new Error(
        `${where}: successor state must be an integer in [0, ${game.numStates}), received ${s2}`,
      );
    }
    sum += p;
  }
  if (Math.abs(sum - 1) > TRANSITION_SUM_TOLERANCE) {
    throw new Error(`${where}: probabilities must sum to 1, received sum ${sum}`);
  }
}
