import { describe, expect, it } from "vitest";
import { propagateDistribution } from "./distribution.js";
import { exploitability } from "./exploitability.js";
import type { FiniteMfg } from "./game.js";
import { crowdModelling1d } from "./games/crowd-modelling-1d.js";
import { crowdModelling2d } from "./games/crowd-modelling-2d.js";
import { braessNetwork } from "./games/braess-network.js";
import { checkPolicy, softmaxPolicy, uniformPolicy } from "./policy.js";
import { solve } from "./solve.js";

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
  it("a diverging run returns a status with a hint, or throws with `throw: true`", () => {
    const nanGame: FiniteMfg = { ...base, reward: () => Number.NaN };
    const res = solve(nanGame, { algorithm: "fictitious-play", iterations: 3 });
    expect(res.status).toBe("diverged");
    expect(res.message).toMatch(/rewards are finite/);
    expect(() => solve(nanGame, { algorithm: "fictitious-play", iterations: 3, throw: true })).toThrow(
      /diverged at iteration 1/,
    );
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
