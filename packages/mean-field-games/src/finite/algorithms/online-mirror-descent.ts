import {
  type AlgorithmOptions,
  type AlgorithmState,
  checkOption,
  type FiniteMfgAlgorithm,
} from "../algorithm.js";
import { propagateDistribution } from "../distribution.js";
import type { FiniteMfg } from "../game.js";
import { softmaxPolicy, uniformPolicy } from "../policy.js";
import { policyEvaluation } from "../values.js";

/** State of online mirror descent: the running sum of scaled Q-values. */
export interface MirrorDescentState extends AlgorithmState {
  readonly cumulativeQ: Float64Array;
}

/**
 * Online mirror descent (Pérolat et al. 2022, "Scaling up mean field games with online mirror descent",
 * arXiv:2103.00623; OpenSpiel `MirrorDescent`): evaluate the current policy against its own mean field,
 * accumulate `y += learningRate * Q^pi`, and play `pi = softmax(y)`. No best response is ever computed.
 *
 * @example
 * ```ts
 * solve(crowdModelling1d(), { algorithm: "online-mirror-descent", iterations: 10, learningRate: 0.01 });
 * ```
 */
export const onlineMirrorDescent: FiniteMfgAlgorithm = {
  description: "online mirror descent (Perolat et al. 2022): softmax of cumulated policy Q-values",
  init(game: FiniteMfg, options: AlgorithmOptions): MirrorDescentState {
    checkOption("online-mirror-descent", "learningRate", options.learningRate, (v) => v > 0, "> 0");
    const policy = uniformPolicy(game);
    const cumulativeQ = new Float64Array(policy.length);
    return { iteration: 0, policy, distribution: propagateDistribution(game, policy), cumulativeQ };
  },
  update(game, state, options) {
    const prev = state as MirrorDescentState;
    const lr = options.learningRate ?? 1;
    const { q } = policyEvaluation(game, prev.policy, prev.distribution);
    const cumulativeQ = new Float64Array(q.length);
    for (let i = 0; i < q.length; i++)
      cumulativeQ[i] = Number.isFinite(q[i]!) ? prev.cumulativeQ[i]! + lr * q[i]! : -Infinity;
    const policy = softmaxPolicy(game, cumulativeQ, 1);
    const next: MirrorDescentState = {
      iteration: prev.iteration + 1,
      policy,
      distribution: propagateDistribution(game, policy),
      cumulativeQ,
    };
    return next;
  },
};
