import { type FiniteMfg, legalMask, validateGame } from "./game.js";

/**
 * A time-dependent Markov policy stored flat: `policy[(t * numStates + s) * numActions + a]` is the probability of
 * action `a` in state `s` at time `t`, for `t < horizon`.
 * @example
 * ```ts
 * const pi: TabularPolicy = uniformPolicy(game);
 * pi[(t * game.numStates + s) * game.numActions + a]; // probability of a in s at t
 * ```
 */
export type TabularPolicy = Float64Array;

/**
 * The uniform policy over legal actions.
 * @example
 * ```ts
 * const pi = uniformPolicy(crowdModelling1d()); // every entry 1/3
 * ```
 */
export function uniformPolicy(game: FiniteMfg): TabularPolicy {
  validateGame(game);
  const { numStates: S, numActions: A, horizon: H } = game;
  const mask = legalMask(game);
  const pi = new Float64Array(H * S * A);
  for (let s = 0; s < S; s++) {
    let n = 0;
    for (let a = 0; a < A; a++) n += mask[s * A + a]!;
    for (let t = 0; t < H; t++) for (let a = 0; a < A; a++) pi[(t * S + s) * A + a] = mask[s * A + a]! / n;
  }
  return pi;
}

/**
 * Check a policy's length, non-negativity and that each row sums to 1 on legal actions; throws naming `name`.
 * @example
 * ```ts
 * checkPolicy(game, uniformPolicy(game), "policy"); // ok
 * ```
 */
export function checkPolicy(game: FiniteMfg, policy: ArrayLike<number>, name = "policy"): void {
  const { numStates: S, numActions: A, horizon: H } = game;
  if (!policy || policy.length !== H * S * A) {
    throw new Error(
      `${name} must have length horizon*numStates*numActions=${H * S * A}, received ${policy?.length}`,
    );
  }
  const mask = legalMask(game);
  for (let t = 0; t < H; t++) {
    for (let s = 0; s < S; s++) {
      let sum = 0;
      for (let a = 0; a < A; a++) {
        const p = policy[(t * S + s) * A + a]!;
        if (!Number.isFinite(p) || p < 0)
          throw new Error(`${name} at t=${t}, state ${s}, action ${a} must be >= 0, received ${p}`);
        if (p > 0 && !mask[s * A + a])
          throw new Error(`${name} puts mass ${p} on illegal action ${a} in state ${s} at t=${t}`);
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-8)
        throw new Error(`${name} at t=${t}, state ${s} must sum to 1, received ${sum}`);
    }
  }
}

/** Throw unless `values` is an array of action values (or a policy) of the game: length `horizon*numStates*numActions`. */
function checkActionTable(game: FiniteMfg, values: ArrayLike<number>, name: string): void {
  const n = game.horizon * game.numStates * game.numActions;
  if (!values || values.length !== n)
    throw new Error(`${name} must have length horizon*numStates*numActions=${n}, received ${values?.length}`);
}

/** Throw unless `mu` has the length of a mean-field flow, `(horizon+1)*numStates`. */
function checkFlowLength(game: FiniteMfg, mu: ArrayLike<number>, name: string): void {
  const n = (game.horizon + 1) * game.numStates;
  if (!mu || mu.length !== n)
    throw new Error(`${name} must have length (horizon+1)*numStates=${n}, received ${mu?.length}`);
}

/**
 * Softmax (Boltzmann) policy of action values: `pi(a|s) ∝ prior(a|s) exp(q(s,a) / temperature)` over legal
 * actions; with `temperature → 0` it tends to the greedy policy. This is the best response of the
 * entropy-regularised (KL to `prior`) problem. Throws when `q` does not have length
 * `horizon*numStates*numActions` or `prior` is not a policy of the game (it returned the uniform policy).
 * @example
 * ```ts
 * const pi = softmaxPolicy(game, bestResponse(game, mu).q, 1); // OpenSpiel's SoftmaxPolicy at temperature 1
 * ```
 */
export function softmaxPolicy(
  game: FiniteMfg,
  q: Float64Array,
  temperature: number,
  prior?: TabularPolicy,
): TabularPolicy {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`softmaxPolicy: temperature must be a positive finite number, received ${temperature}`);
  }
  checkActionTable(game, q, "softmaxPolicy: q");
  if (prior !== undefined) checkPolicy(game, prior, "softmaxPolicy: prior");
  const { numStates: S, numActions: A, horizon: H } = game;
  const mask = legalMask(game);
  const pi = new Float64Array(H * S * A);
  for (let t = 0; t < H; t++) {
    for (let s = 0; s < S; s++) {
      const row = (t * S + s) * A;
      let max = -Infinity;
      for (let a = 0; a < A; a++) if (mask[s * A + a] && q[row + a]! > max) max = q[row + a]!;
      let sum = 0;
      for (let a = 0; a < A; a++) {
        const w = mask[s * A + a]
          ? Math.exp((q[row + a]! - max) / temperature) * (prior ? prior[row + a]! : 1)
          : 0;
        pi[row + a] = w;
        sum += w;
      }
      let legal = 0;
      for (let a = 0; a < A; a++) legal += mask[s * A + a]!;
      // no usable weight (every legal value -Infinity or NaN): uniform over the legal actions
      for (let a = 0; a < A; a++) pi[row + a] = sum > 0 ? pi[row + a]! / sum : mask[s * A + a]! / legal;
    }
  }
  return pi;
}

/**
 * Greedy policy of action values (first maximiser on ties, as `argmax`).
 * @example
 * ```ts
 * const br = greedyPolicy(game, q); // deterministic policy
 * ```
 */
export function greedyPolicy(game: FiniteMfg, q: Float64Array): TabularPolicy {
  checkActionTable(game, q, "greedyPolicy: q");
  const { numStates: S, numActions: A, horizon: H } = game;
  const mask = legalMask(game);
  const pi = new Float64Array(H * S * A);
  for (let t = 0; t < H; t++) {
    for (let s = 0; s < S; s++) {
      const row = (t * S + s) * A;
      let best = -1;
      for (let a = 0; a < A; a++) if (mask[s * A + a] && (best < 0 || q[row + a]! > q[row + best]!)) best = a;
      pi[row + best] = 1;
    }
  }
  return pi;
}

/**
 * Mix two policies as the policy of the mixed population: at each (t, s) the actions are averaged with weights
 * `(1-w) mu1(t,s)` and `w mu2(t,s)` (the state distributions each policy induces), uniform where neither
 * population is present. This is the policy whose distribution is `(1-w) mu1 + w mu2` (Perrin et al. 2020).
 * @example
 * ```ts
 * const avg = mixPolicies(game, pi, mu, br, muBr, 1 / (k + 1)); // fictitious-play average
 * ```
 */
export function mixPolicies(
  game: FiniteMfg,
  pi1: TabularPolicy,
  mu1: Float64Array,
  pi2: TabularPolicy,
  mu2: Float64Array,
  weight: number,
): TabularPolicy {
  if (!(weight >= 0 && weight <= 1))
    throw new Error(`mixPolicies: weight must be in [0, 1], received ${weight}`);
  checkActionTable(game, pi1, "mixPolicies: pi1");
  checkActionTable(game, pi2, "mixPolicies: pi2");
  checkFlowLength(game, mu1, "mixPolicies: mu1");
  checkFlowLength(game, mu2, "mixPolicies: mu2");
  const { numStates: S, numActions: A, horizon: H } = game;
  const mask = legalMask(game);
  const out = new Float64Array(H * S * A);
  for (let t = 0; t < H; t++) {
    for (let s = 0; s < S; s++) {
      const w1 = (1 - weight) * mu1[t * S + s]!;
      const w2 = weight * mu2[t * S + s]!;
      const d = w1 + w2;
      const row = (t * S + s) * A;
      let n = 0;
      for (let a = 0; a < A; a++) n += mask[s * A + a]!;
      for (let a = 0; a < A; a++)
        out[row + a] = d > 0 ? (w1 * pi1[row + a]! + w2 * pi2[row + a]!) / d : mask[s * A + a]! / n;
    }
  }
  return out;
}
