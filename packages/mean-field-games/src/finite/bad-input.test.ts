import { describe, expect, it } from "vitest";
import { propagateDistribution } from "./distribution.js";
import { exploitability } from "./exploitability.js";
import type { FiniteMfg } from "./game.js";
import { crowdModelling1d } from "./games/crowd-modelling-1d.js";
import { crowdModelling2d } from "./games/crowd-modelling-2d.js";
import { braessNetwork } from "./games/braess-network.js";
import { checkSuccessors, populationDensity, populationMass } from "./game.js";
import { predatorPrey } from "./games/predator-prey.js";
import { checkPolicy, greedyPolicy, mixPolicies, softmaxPolicy, uniformPolicy } from "./policy.js";
import { solve } from "./solve.js";
import { bestResponse, initialValue, policyEvaluation } from "./values.js";

const base = crowdModelling1d();

describe("bad input names the argument", () => {
  it("transition rows that do not sum to 1 name time, state and action", () => {
    const bad: FiniteMfg = {
      ...base,
      successors: (t, s, a, mu) =>
        s === 4 && a === 2 ? { states: [0, 1], probs: [0.5, 0.6] } : base.successors(t, s, a, mu),
    };
    expect(() => propagateDistribution(bad, uniformPolicy(bad))).toThrow(
      /t=0, state 4, action 2: probabilities must sum to 1, received sum 1.1/,
    );
  });
  it("negative probabilities", () => {
    const bad: FiniteMfg = { ...base, successors: () => ({ states: [0, 1], probs: [1.5, -0.5] }) };
    expect(() => propagateDistribution(bad, uniformPolicy(bad))).toThrow(
      /state 0, action 0: probability of successor 1 must be >= 0, received -0.5/,
    );
  });
  it("horizon 0 and bad sizes", () => {
    expect(() => solve({ ...base, horizon: 0 }, { algorithm: "fictitious-play", iterations: 1 })).toThrow(
      /horizon must be a positive integer, received 0/,
    );
    expect(() => crowdModelling1d({ horizon: 0 })).toThrow(/horizon must be a positive integer, received 0/);
    expect(() => crowdModelling1d({ size: 2 })).toThrow(/size must be an integer >= 3, received 2/);
  });
  it("initial distribution that is not a probability vector", () => {
    expect(() =>
      propagateDistribution(
        { ...base, initialDistribution: new Float64Array(10).fill(0.2) },
        uniformPolicy(base),
      ),
    ).toThrow(/initialDistribution must sum to 1, received sum (2|1\.99)/);
  });
  it("policy of the wrong length or not stochastic", () => {
    expect(() => exploitability(base, new Float64Array(5))).toThrow(
      /policy must have length horizon\*numStates\*numActions=300, received 5/,
    );
    const pi = uniformPolicy(base);
    pi[0] = 0.9;
    expect(() => exploitability(base, pi)).toThrow(/at t=0, state 0 must sum to 1/);
  });
  it("unknown algorithm lists the known ones; bad options are named", () => {
    expect(() => solve(base, { algorithm: "nope", iterations: 1 })).toThrow(
      /unknown MFG algorithm 'nope'; known: fictitious-play/,
    );
    expect(() => solve(base, { algorithm: "fixed-point", iterations: 1, damping: 2 })).toThrow(
      /damping must be in \(0, 1\], received 2/,
    );
    expect(() => solve(base, { algorithm: "fictitious-play", iterations: -1 })).toThrow(
      /iterations must be a non-negative integer, received -1/,
    );
  });
  it("game functions and the callback must be functions (TypeErrors such as 'game.reward is not a function')", () => {
    const options = { algorithm: "fictitious-play", iterations: 1 };
    expect(() => solve({ ...base, reward: undefined as never }, options)).toThrow(
      /crowd-modelling-1d.*: reward must be a function, received undefined/,
    );
    expect(() => solve({ ...base, successors: 3 as never }, options)).toThrow(
      /successors must be a function, received 3/,
    );
    expect(() => solve({ ...base, terminalReward: 0 as never }, options)).toThrow(
      /terminalReward must be a function when given, received 0/,
    );
    expect(() => solve(base, { ...options, callback: 3 as never })).toThrow(
      /solve: callback must be a function, received 3/,
    );
  });
  it("a diverging run returns a status with a hint, or throws with `throw: true`", () => {
    const nanGame: FiniteMfg = { ...base, reward: () => Number.NaN };
    const res = solve(nanGame, { algorithm: "fictitious-play", iterations: 3 });
    expect(res.status).toBe("diverged");
    expect(res.message).toMatch(/rewards are finite/);
    expect(() => solve(nanGame, { algorithm: "fictitious-play", iterations: 3, throw: true })).toThrow(
      /diverged at iteration 0/,
    );
    // with no iteration at all the NaN exploitability of the initial policy was reported as "ok"
    const none = solve(nanGame, { algorithm: "online-mirror-descent", iterations: 0 });
    expect(none.status).toBe("diverged");
    expect(none.message).toMatch(/diverged at iteration 0 \(exploitability NaN\)/);
  });
});

describe("bad game options name the argument", () => {
  it("crowdModelling2d crowdAversion", () => {
    expect(() => crowdModelling2d({ crowdAversion: Number.NaN })).toThrow(
      /crowdAversion must be >= 0 and finite, received NaN/,
    );
    expect(() => crowdModelling2d({ crowdAversion: -1 })).toThrow(
      /crowdAversion must be >= 0 and finite, received -1/,
    );
  });
});

describe("softmaxPolicy without usable weights", () => {
  it("falls back to uniform over the legal actions (rows still sum to 1)", () => {
    const game = braessNetwork({ withShortcut: false }); // 2 actions, one legal at the link states
    const q = new Float64Array(game.horizon * game.numStates * game.numActions).fill(
      Number.NEGATIVE_INFINITY,
    );
    const pi = softmaxPolicy(game, q, 1);
    checkPolicy(game, pi); // used to give 1/numActions on the single legal action: row sum 0.5
  });
});

describe("value tables and policy helpers reject what is not a flow, a policy or a table of the game", () => {
  const pi = uniformPolicy(base);
  const mu = propagateDistribution(base, pi);
  const n = base.horizon * base.numStates * base.numActions;

  it("bestResponse / policyEvaluation: negative, NaN or unnormalised mean fields", () => {
    // with reward -log mu these gave a value of -Infinity (negative or NaN entry) or a finite wrong value (mass 2)
    const neg = Float64Array.from(mu);
    neg[13] = -0.05;
    neg[14]! += 0.05;
    expect(() => bestResponse(base, neg)).toThrow(
      /bestResponse: mean field mu at t=1, state 3 must be >= 0 and finite, received -0.05/,
    );
    const nan = Float64Array.from(mu);
    nan[25] = Number.NaN;
    expect(() => policyEvaluation(base, pi, nan)).toThrow(
      /policyEvaluation: mean field mu at t=2, state 5 must be >= 0 and finite, received NaN/,
    );
    expect(() =>
      bestResponse(
        base,
        mu.map((v) => 2 * v),
      ),
    ).toThrow(/bestResponse: mean field mu at t=0 must sum to 1, received sum (2|1.99)/);
    // the round-off of a propagated flow (rows summing to 1 within 1e-9 per step) is accepted
    const rounded = mu.map((v, i) => (i % 10 === 0 ? v + 1e-9 : v));
    expect(Number.isFinite(initialValue(base, bestResponse(base, rounded).value))).toBe(true);
    // also over a long horizon: rows short by 9e-10 (accepted by checkSuccessors) lose 2.7e-6 in 3000 steps
    const leaky: FiniteMfg = {
      name: "leaky",
      numStates: 2,
      numActions: 1,
      horizon: 3000,
      initialDistribution: [0.5, 0.5],
      successors: (_t, s) => ({ states: [s, 1 - s], probs: [0.5, 0.5 - 9e-10] }),
      reward: (t, s, _a, m) => -Math.log(m[t * 2 + s]!),
    };
    const flow = propagateDistribution(leaky, uniformPolicy(leaky));
    expect(Math.abs(flow[6000]! + flow[6001]! - 1)).toBeGreaterThan(2e-6);
    expect(Number.isFinite(initialValue(leaky, bestResponse(leaky, flow).value))).toBe(true);
  });

  it("policyEvaluation / propagateDistribution: policies that are not stochastic", () => {
    // a policy with rows summing to 2 doubled the value; NaN entries propagated NaN mass
    expect(() =>
      policyEvaluation(
        base,
        pi.map((v) => 2 * v),
        mu,
      ),
    ).toThrow(/policyEvaluation: policy at t=0, state 0 must sum to 1, received 2/);
    expect(() =>
      propagateDistribution(
        base,
        pi.map(() => Number.NaN),
      ),
    ).toThrow(/propagateDistribution: policy at t=0, state 0, action 0 must be >= 0, received NaN/);
  });

  it("bestResponse checks the transition rows of actions the flow's policy never used", () => {
    // action 2 of state 4 jumps outside the state space; a flow that never takes action 2 does not reveal it
    // (backward induction meets it first at t = horizon - 1 = 9),
    // and the best response used to ignore the action (its Q-value was NaN and never the maximum)
    const broken: FiniteMfg = {
      ...base,
      successors: (t, s, a, m) =>
        s === 4 && a === 2 ? { states: [99], probs: [1] } : base.successors(t, s, a, m),
    };
    const stay = new Float64Array(n);
    for (let k = 1; k < n; k += 3) stay[k] = 1;
    const flow = propagateDistribution(broken, stay);
    expect(() => bestResponse(broken, flow)).toThrow(
      /transition at t=9, state 4, action 2: successor state must be an integer in \[0, 10\), received 99/,
    );
  });

  it("softmaxPolicy, greedyPolicy, mixPolicies and initialValue check the lengths (they returned uniform/NaN)", () => {
    expect(() => softmaxPolicy(base, new Float64Array(3), 1)).toThrow(
      /softmaxPolicy: q must have length horizon\*numStates\*numActions=300, received 3/,
    );
    expect(() => softmaxPolicy(base, new Float64Array(n), 1, new Float64Array(n))).toThrow(
      /softmaxPolicy: prior at t=0, state 0 must sum to 1, received 0/,
    );
    expect(() => greedyPolicy(base, new Float64Array(n - 1))).toThrow(
      /greedyPolicy: q must have length horizon\*numStates\*numActions=300, received 299/,
    );
    expect(() => mixPolicies(base, pi, mu.subarray(10), pi, mu, 0.5)).toThrow(
      /mixPolicies: mu1 must have length \(horizon\+1\)\*numStates=110, received 100/,
    );
    expect(() => mixPolicies(base, pi, mu, pi.subarray(3), mu, 0.5)).toThrow(
      /mixPolicies: pi2 must have length horizon\*numStates\*numActions=300, received 297/,
    );
    expect(() => initialValue(base, new Float64Array(10))).toThrow(
      /initialValue: value must have length \(horizon\+1\)\*numStates=110, received 10/,
    );
  });

  it("uniformPolicy validates the game; populationDensity checks t and the local state", () => {
    // a state without legal actions gave NaN rows (0/0)
    expect(() => uniformPolicy({ ...base, isLegal: (s) => s !== 2 })).toThrow(/state 2 has no legal action/);
    const pp = predatorPrey({ size: 3 });
    const flow = propagateDistribution(pp, uniformPolicy(pp));
    // local state 9 of population 0 used to read population 1's first cell
    expect(() => populationDensity(pp, flow, 0, 0, 9)).toThrow(
      /populationDensity: local state must be an integer in \[0, 9\) of population 0 \(.*\), received 9/,
    );
    // a state outside a multi-population game crashed with "Cannot read properties of undefined"
    expect(() => checkSuccessors(pp, 0, 99, 0, { states: [0], probs: [1] })).toThrow(
      /transition at t=0, state 99, action 0: state must be an integer in \[0, 27\)/,
    );
    // population 3 of a three-population game had "mass 1"
    expect(() => populationMass(pp, 3)).toThrow(
      /populationMass: population must be an integer in \[0, 3\), received 3/,
    );
    expect(populationMass(base, 0)).toBe(1);
    expect(() => populationDensity(pp, flow, 0, pp.horizon + 1, 0)).toThrow(
      /populationDensity: t must be an integer in \[0, \d+\], received/,
    );
  });
});
