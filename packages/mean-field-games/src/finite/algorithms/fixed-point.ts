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

/** State of the damped fixed point: the damped mean field the next response is computed against. */
export interface FixedPointState extends AlgorithmState {
  readonly meanField: Float64Array;
}

/**
 * Damped fixed-point (Banach–Picard) iteration: `pi_{k+1} = BR(mu_k)` (or its softmax at `temperature`, the
 * entropy-regularised "Boltzmann iteration"), `mu_{k+1} = (1 - damping) mu_k + damping mu^{pi_{k+1}}`
 * (Laurière 2021, "Numerical methods for mean field games and mean field type control", arXiv:2106.06231).
 * The reported policy is that of the damped population, the state-weighted mixture of the previous policy
 * (weight `1 - damping`) and the response (weight `damping`, see {@link mixPolicies}), so its exploitability
 * tends to 0 when the damped mean field converges to an equilibrium. With `damping = 1` and no temperature this
 * is OpenSpiel's `FixedPoint`, which typically cycles.
 *
 * @example
 * ```ts
 * solve(game, { algorithm: "fixed-point", iterations: 50, damping: 0.1, temperature: 0.5 });
 * ```
 */
export const dampedFixedPoint: FiniteMfgAlgorithm = {
  description: "damped fixed point: (softmax) best response to a damped mean field",
  init(game: FiniteMfg, options: AlgorithmOptions): FixedPointState {
    checkOption("fixed-point", "damping", options.damping, (v) => v > 0 && v <= 1, "in (0, 1]");
    checkOption("fixed-point", "temperature", options.temperature, (v) => v > 0, "> 0");
    const policy = uniformPolicy(game);
    const distribution = propagateDistribution(game, policy);
    return { iteration: 0, policy, distribution, meanField: distribution };
  },
  update(game, state, options) {
    const prev = state as FixedPointState;
    const d = options.damping ?? 1;
    const { q } = bestResponse(game, prev.meanField);
    const response =
      options.temperature === undefined ? greedyPolicy(game, q) : softmaxPolicy(game, q, options.temperature);
    const induced = propagateDistribution(game, response);
    const meanField = new Float64Array(induced.length);
    for (let i = 0; i < meanField.length; i++) meanField[i] = (1 - d) * prev.meanField[i]! + d * induced[i]!;
    // Report the policy of the damped population (the state-weighted mixture, as fictitious play does), whose
    // flow is `meanField` when transitions do not read the mean field. The bare response is a best response to
    // the damped mean field but does not induce it: with a greedy response its exploitability stays O(1) on
    // every game with a mixed equilibrium, however well the mean field has converged.
    const policy =
      d === 1 ? response : mixPolicies(game, prev.policy, prev.distribution, response, induced, d);
    const distribution = d === 1 ? induced : propagateDistribution(game, policy);
    const next: FixedPointState = { iteration: prev.iteration + 1, policy, distribution, meanField };
    return next;
  },
};
