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
  /**
   * Multi-population games: the state space is the disjoint union of one block of states per population
   * (`populations[i]` covers states `start … start+size-1`); a player never leaves its block, so every tabular
   * policy is one policy per population and the mean field `mu` holds every population's distribution. The
   * mass of a block in `initialDistribution` is that population's share; rewards usually read the normalised
   * per-population densities (see {@link populationDensity}). Exploitability is then summed over populations.
   */
  readonly populations?: readonly Population[];
}

/** One population of a multi-population game: a contiguous block of states. */
export interface Population {
  readonly name: string;
  /** First state of the block. */
  readonly start: number;
  /** Number of states of the block. */
  readonly size: number;
}

/**
 * Normalised density of population `p` at time `t` in its local state `local` (`mu_t(start + local) / w_p`,
 * `w_p` the population's initial mass).
 * @example
 * ```ts
 * const game = predatorPrey();
 * populationDensity(game, mu, 1, 0, 4); // density of population 1 at t=0 in cell 4
 * ```
 */
export function populationDensity(
  game: FiniteMfg,
  mu: Float64Array,
  p: number,
  t: number,
  local: number,
): number {
  const pop = game.populations?.[p];
  if (!pop)
    throw new Error(
      `populationDensity: population must be in [0, ${game.populations?.length ?? 0}), received ${p}`,
    );
  if (!Number.isInteger(t) || t < 0 || t > game.horizon)
    throw new Error(`populationDensity: t must be an integer in [0, ${game.horizon}], received ${t}`);
  if (!Number.isInteger(local) || local < 0 || local >= pop.size)
    throw new Error(
      `populationDensity: local state must be an integer in [0, ${pop.size}) of population ${p} (${pop.name}), received ${local}`,
    );
  return mu[t * game.numStates + pop.start + local]! / populationMass(game, p);
}

/**
 * Initial mass `w_p` of population `p` (1 for single-population games, whose only population is `p = 0`); throws
 * for an index that is not a population (a multi-population game returned 1 for it).
 * @example
 * ```ts
 * populationMass(predatorPrey(), 0); // 1/3
 * ```
 */
export function populationMass(game: FiniteMfg, p: number): number {
  const count = game.populations?.length ?? 1;
  if (!Number.isInteger(p) || p < 0 || p >= count)
    throw new Error(`populationMass: population must be an integer in [0, ${count}), received ${p}`);
  const pop = game.populations?.[p];
  if (!pop) return 1;
  let w = 0;
  for (let s = pop.start; s < pop.start + pop.size; s++) w += game.initialDistribution[s]!;
  return w;
}

/**
 * Population index of every state (all zeros for single-population games).
 * @example
 * ```ts
 * populationOfStates(predatorPrey({ size: 5 }))[30]; // 1
 * ```
 */
export function populationOfStates(game: FiniteMfg): Int32Array {
  const out = new Int32Array(game.numStates);
  game.populations?.forEach((pop, i) => {
    out.fill(i, pop.start, pop.start + pop.size);
  });
  return out;
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
 * Check the static parts of a game (sizes, horizon, that `successors`/`reward` (and `terminalReward`/`isLegal`
 * when given) are functions, initial distribution, legal actions); transitions are
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
  for (const key of ["successors", "reward"] as const)
    if (typeof game[key] !== "function")
      throw new Error(`${name}: ${key} must be a function, received ${String(game[key])}`);
  for (const key of ["terminalReward", "isLegal"] as const)
    if (game[key] !== undefined && typeof game[key] !== "function")
      throw new Error(`${name}: ${key} must be a function when given, received ${String(game[key])}`);
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
  if (game.populations !== undefined) validatePopulations(game, name);
  const mask = legalMask(game);
  for (let s = 0; s < game.numStates; s++) {
    let any = false;
    for (let a = 0; a < game.numActions; a++) any ||= mask[s * game.numActions + a] === 1;
    if (!any) throw new Error(`${name}: state ${s} has no legal action`);
  }
}

function validatePopulations(game: FiniteMfg, name: string): void {
  const pops = game.populations!;
  if (!Array.isArray(pops) || pops.length === 0)
    throw new Error(`${name}: populations must be a non-empty array, received ${String(pops)}`);
  let next = 0;
  pops.forEach((pop, i) => {
    if (pop?.start !== next || !isPositiveInteger(pop.size)) {
      throw new Error(
        `${name}: populations[${i}] must start at state ${next} with a positive integer size (blocks are contiguous), received start=${pop?.start} size=${pop?.size}`,
      );
    }
    next += pop.size;
    if (!(populationMass(game, i) > 0))
      throw new Error(`${name}: population ${pop.name} has no initial mass`);
  });
  if (next !== game.numStates)
    throw new Error(`${name}: populations must cover numStates=${game.numStates} states, received ${next}`);
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
  if (!Number.isInteger(s) || s < 0 || s >= game.numStates)
    throw new Error(`${where}: state must be an integer in [0, ${game.numStates})`);
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
    if (game.populations) {
      const pop = game.populations.find((q) => s >= q.start && s < q.start + q.size)!;
      if (p > 0 && (s2 < pop.start || s2 >= pop.start + pop.size))
        throw new Error(
          `${where}: successor ${s2} leaves population ${pop.name} (states ${pop.start}…${pop.start + pop.size - 1})`,
        );
    }
    sum += p;
  }
  if (Math.abs(sum - 1) > TRANSITION_SUM_TOLERANCE) {
    throw new Error(`${where}: probabilities must sum to 1, received sum ${sum}`);
  }
}
