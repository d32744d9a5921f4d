import {
  type AlgorithmOptions,
  type AlgorithmState,
  checkOption,
  type FiniteMfgAlgorithm,
} from "../algorithm.js";
import { propagateDistribution } from "../distribution.js";
import type { FiniteMfg } from "../game.js";
import { greedyPolicy, mixPolicies, softmaxPolicy, uniformPolicy } from "../policy.js";
import { bestResponse } from "../values.js";

/**
 * Fictitious play for MFGs (Perrin et al. 2020, arXiv:2007.03458; OpenSpiel `FictitiousPlay`): at iteration k,
 * compute a best response to the mean field of the current average policy, then average it in with weight
 * `1/(k+1)` — the average is taken over populations (state-distribution-weighted), so the new mean field is the
 * mixture of the old ones. `learningRate` fixes the weight; `temperature` uses a softmax response instead
 * (entropy-regularised FP).
 *
 * @example
 * ```ts
 * const { history } = solve(crowdModelling1d(), { algorithm: "fictitious-play", iterations: 10 });
 * ```
 */
export const fictitiousPlay: FiniteMfgAlgorithm = {
  description: "fictitious play (Perrin et al. 2020): average of best responses, weight 1/(k+1)",
  init(game: FiniteMfg, options: AlgorithmOptions): AlgorithmState {
    checkOption("fictitious-play", "learningRate", options.learningRate, (v) => v > 0 && v <= 1, "in (0, 1]");
    checkOption("fictitious-play", "temperature", options.temperature, (v) => v > 0, "> 0");
    const policy = uniformPolicy(game);
    return { iteration: 0, policy, distribution: propagateDistribution(game, policy) };
  },
  update(game, state, options) {
    const k = state.iteration + 1;
    const { q } = bestResponse(game, state.distribution);
    const response =
      options.temperature === undefined ? greedyPolicy(game, q) : softmaxPolicy(game, q, options.temperature);
    const weight = options.learningRate ?? 1 / (k + 1);
    const policy =
      weight === 1
        ? response
        : mixPolicies(
            game,
            state.policy,
            state.distribution,
            response,
            propagateDistribution(game, response),
            weight,
          );
    return { iteration: k, policy, distribution: propagateDistribution(game, policy) };
  },
};
