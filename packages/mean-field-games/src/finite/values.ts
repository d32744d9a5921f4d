import type { FiniteMfg } from "./game.js";
import { checkSuccessors, legalMask, TRANSITION_SUM_TOLERANCE, validateGame } from "./game.js";
import { checkPolicy, type TabularPolicy } from "./policy.js";

/** Largest deviation from 1 accepted for the total mass of one time slice of a mean-field flow. */
const FLOW_MASS_TOLERANCE = 1e-6;

/**
 * Throw unless `mu` is a mean-field flow of `game`: `(horizon+1) * numStates` finite, non-negative entries whose
 * time slices each sum to 1, to 1e-6 plus what propagation may lose (`TRANSITION_SUM_TOLERANCE` per step, so long
 * horizons with rows accepted at that tolerance still pass). Rewards such as `-log mu` turned a negative or NaN
 * entry into a silent `-Infinity` value.
 */
function checkFlow(game: FiniteMfg, mu: Float64Array, where: string): void {
  const { numStates: S, horizon: H } = game;
  if (!mu || mu.length !== (H + 1) * S) {
    throw new Error(
      `${where}: mean field mu must have length (horizon+1)*numStates=${(H + 1) * S}, received ${mu?.length}`,
    );
  }
  const tolerance = FLOW_MASS_TOLERANCE + (H + 1) * TRANSITION_SUM_TOLERANCE;
  for (let t = 0; t <= H; t++) {
    let mass = 0;
    for (let s = 0; s < S; s++) {
      const v = mu[t * S + s]!;
      if (!Number.isFinite(v) || v < 0)
        throw new Error(
          `${where}: mean field mu at t=${t}, state ${s} must be >= 0 and finite, received ${v}`,
        );
      mass += v;
    }
    if (Math.abs(mass - 1) > tolerance)
      throw new Error(`${where}: mean field mu at t=${t} must sum to 1, received sum ${mass}`);
  }
}

/** Values of a fixed mean-field flow: `value[t * S + s]` for `t = 0 … horizon`, `q[(t * S + s) * A + a]` for `t < horizon`. */
export interface ValueTables {
  readonly value: Float64Array;
  readonly q: Float64Array;
}

function backward(game: FiniteMfg, mu: Float64Array, policy: TabularPolicy | null): ValueTables {
  validateGame(game);
  const { numStates: S, numActions: A, horizon: H } = game;
  checkFlow(game, mu, policy ? "policyEvaluation" : "bestResponse");
  const mask = legalMask(game);
  const value = new Float64Array((H + 1) * S);
  const q = new Float64Array(H * S * A);
  for (let s = 0; s < S; s++) value[H * S + s] = game.terminalReward ? game.terminalReward(s, mu) : 0;
  for (let t = H - 1; t >= 0; t--) {
    for (let s = 0; s < S; s++) {
      const row = (t * S + s) * A;
      let v = policy ? 0 : -Infinity;
      for (let a = 0; a < A; a++) {
        if (!mask[s * A + a]) {
          q[row + a] = -Infinity;
          continue;
        }
        const next = game.successors(t, s, a, mu);
        checkSuccessors(game, t, s, a, next);
        let cont = 0;
        for (let i = 0; i < next.states.length; i++)
          cont += next.probs[i]! * value[(t + 1) * S + next.states[i]!]!;
        const qa = game.reward(t, s, a, mu) + cont;
        q[row + a] = qa;
        if (policy) {
          const p = policy[row + a]!;
          if (p > 0) v += p * qa;
        } else if (qa > v) v = qa;
      }
      value[t * S + s] = v;
    }
  }
  return { value, q };
}

/**
 * Best response to a fixed mean-field flow by backward induction (dynamic programming):
 * `V_T(s) = g(s, mu)`, `Q_t(s,a) = r(t,s,a,mu) + sum_s' p(s'|s,a) V_{t+1}(s')`, `V_t(s) = max_a Q_t(s,a)`.
 * Illegal actions get `Q = -Infinity`. Throws unless `mu` is a flow of the game (`(horizon+1) * numStates`
 * non-negative finite entries, each time slice summing to 1) and every legal transition row is a distribution.
 *
 * @example
 * ```ts
 * const game = crowdModelling1d();
 * const mu = propagateDistribution(game, uniformPolicy(game));
 * const { value } = bestResponse(game, mu);
 * // expected best-response return: sum_s mu_0(s) value[s]
 * ```
 */
export function bestResponse(game: FiniteMfg, mu: Float64Array): ValueTables {
  return backward(game, mu, null);
}

/**
 * Value of a policy against a fixed mean-field flow (policy evaluation, the linear backward equation):
 * `V_t(s) = sum_a pi_t(a|s) Q_t(s,a)`. The policy is checked with {@link checkPolicy}, `mu` as in
 * {@link bestResponse}.
 *
 * @example
 * ```ts
 * const pi = uniformPolicy(game);
 * const { value } = policyEvaluation(game, pi, propagateDistribution(game, pi));
 * ```
 */
export function policyEvaluation(game: FiniteMfg, policy: TabularPolicy, mu: Float64Array): ValueTables {
  validateGame(game);
  checkPolicy(game, policy, "policyEvaluation: policy");
  return backward(game, mu, policy);
}

/**
 * Expected return `sum_s mu_0(s) V_0(s)` of a value table (`value` of {@link ValueTables}, length
 * `(horizon+1) * numStates`).
 * @example
 * ```ts
 * initialValue(game, bestResponse(game, mu).value); // best-response return
 * ```
 */
export function initialValue(game: FiniteMfg, value: Float64Array): number {
  const n = (game.horizon + 1) * game.numStates;
  if (!value || value.length !== n)
    throw new Error(
      `initialValue: value must have length (horizon+1)*numStates=${n}, received ${value?.length}`,
    );
  let v = 0;
  for (let s = 0; s < game.numStates; s++) {
    const p = game.initialDistribution[s]!;
    if (p > 0) v += p * value[s]!;
  }
  return v;
}
