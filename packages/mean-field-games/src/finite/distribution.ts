import { checkSuccessors, type FiniteMfg, validateGame } from "./game.js";
import { checkPolicy, type TabularPolicy } from "./policy.js";

/**
 * Propagate the population forward under `policy` (the discrete Fokker–Planck / Kolmogorov forward equation):
 * `mu_{t+1}(s') = sum_{s,a} mu_t(s) pi_t(a|s) p_t(s'|s,a,mu)`, from `mu_0 = game.initialDistribution`.
 * Returns the flow `mu_0 … mu_horizon` flat (`(horizon+1) * numStates`). The policy is checked with
 * {@link checkPolicy} and every transition row the policy uses with {@link checkSuccessors}.
 *
 * @example
 * ```ts
 * const game = crowdModelling1d();
 * const mu = propagateDistribution(game, uniformPolicy(game)); // mu.length === 11 * 10, each row sums to 1
 * ```
 */
export function propagateDistribution(game: FiniteMfg, policy: TabularPolicy): Float64Array {
  validateGame(game);
  const { numStates: S, numActions: A, horizon: H } = game;
  // length, entries in [0, 1] and rows summing to 1 on legal actions (a NaN or negative entry propagated NaN or
  // negative mass silently)
  checkPolicy(game, policy, "propagateDistribution: policy");
  const mu = new Float64Array((H + 1) * S);
  for (let s = 0; s < S; s++) mu[s] = game.initialDistribution[s]!;
  for (let t = 0; t < H; t++) {
    for (let s = 0; s < S; s++) {
      const m = mu[t * S + s]!;
      for (let a = 0; a < A; a++) {
        const p = policy[(t * S + s) * A + a]!;
        if (p === 0) continue;
        const next = game.successors(t, s, a, mu);
        checkSuccessors(game, t, s, a, next);
        if (m === 0) continue;
        for (let i = 0; i < next.states.length; i++)
          mu[(t + 1) * S + next.states[i]!] += m * p * next.probs[i]!;
      }
    }
  }
  return mu;
}
