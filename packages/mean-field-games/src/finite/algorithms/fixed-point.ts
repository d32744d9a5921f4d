import {
  type AlgorithmOptions,
  type AlgorithmState,
  checkOption,
  type FiniteMfgAlgorithm,
} from "../algorithm.js";
import { propagateDistribution } from "../distribution.js";
import type { FiniteMfg } from "../game.js";
import { greedyPolicy, softmaxPolicy, uniformPolicy } from "../policy.js";
import { bestResponse } from "../values.js";

/** State of the damped fixed point: the damped mean field the next response is computed against. */
export interface FixedPointState extends AlgorithmState {
  readonly meanField: Float64Array;
}

/**
 * Damped fixed-point (Banach–Picard) iteration: `pi_{k+1} = BR(mu_k)` (or its softmax at `temperature`, the
 * entropy-regularised "Boltzmann iteration"), `mu_{k+1} = (1 - damping) mu_k + damping mu^{pi_{k+1}}`. With
 * `damping = 1` and no temperature this is OpenSpiel's `FixedPoint`, which typically cycles.
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
    const policy =
      options.temperature === undefined ? greedyPolicy(game, q) : softmaxPolicy(game, q, options.temperature);
    const distribution = propagateDistribution(game, policy);
    const meanField = new Float64Array(distribution.length);
    for (let i = 0; i < meanField.length; i++)
      meanField[i] = (1 - d) * prev.meanField[i]! + d * distribution[i]!;
    const next: FixedPointState = { iteration: prev.iteration + 1, policy, distribution, meanField };
    return next;
  },
};
