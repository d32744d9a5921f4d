import {
  type AlgorithmOptions,
  type AlgorithmState,
  checkOption,
  type FiniteMfgAlgorithm,
} from "../algorithm.js";
import { propagateDistribution } from "../distribution.js";
import type { FiniteMfg } from "../game.js";
import { softmaxPolicy, uniformPolicy } from "../policy.js";
import { bestResponse } from "../values.js";

/**
 * Prior descent (Cui & Koeppl 2021, "Approximately solving mean field games via entropy-regularized deep
 * reinforcement learning", AISTATS): the relative-entropy-regularised fixed point whose prior is the previous
 * policy, `pi_{k+1}(a|s) ∝ pi_k(a|s) exp(Q*_t(s,a; mu^{pi_k}) / temperature)` (default temperature 1).
 *
 * @example
 * ```ts
 * solve(game, { algorithm: "prior-descent", iterations: 100, temperature: 5 });
 * ```
 */
export const priorDescent: FiniteMfgAlgorithm = {
  description: "prior descent (Cui & Koeppl 2021): softmax best response with the previous policy as prior",
  init(game: FiniteMfg, options: AlgorithmOptions): AlgorithmState {
    checkOption("prior-descent", "temperature", options.temperature, (v) => v > 0, "> 0");
    const policy = uniformPolicy(game);
    return { iteration: 0, policy, distribution: propagateDistribution(game, policy) };
  },
  update(game, state, options) {
    const { q } = bestResponse(game, state.distribution);
    const policy = softmaxPolicy(game, q, options.temperature ?? 1, state.policy);
    return { iteration: state.iteration + 1, policy, distribution: propagateDistribution(game, policy) };
  },
};
