import { describe, expect, it } from "vitest";
import "../register-algorithms.js";
import { finiteAlgorithms } from "../registries.js";
import type { AlgorithmOptions } from "./algorithm.js";
import { crowdModelling1d } from "./games/crowd-modelling-1d.js";
import { crowdModelling2d } from "./games/crowd-modelling-2d.js";
import { checkPolicy } from "./policy.js";
import { solve } from "./solve.js";

// One row per registered algorithm, with settings under which it converges on the exact 1-D crowd game.
const ROWS: [string, AlgorithmOptions][] = [
  ["fictitious-play", {}],
  ["online-mirror-descent", { learningRate: 1 }],
  ["fixed-point", { damping: 0.2, temperature: 0.5 }],
  ["prior-descent", { temperature: 2 }],
];

describe("every registered algorithm is in the contract table", () => {
  it("table covers the registry", () => {
    expect(ROWS.map((r) => r[0]).sort()).toEqual(finiteAlgorithms.names().sort());
  });
});

describe.each(ROWS)("contract: %s", (algorithm, options) => {
  const game = crowdModelling1d({ actionCost: "exact" });
  const res = solve(game, { algorithm, iterations: 60, ...options });

  it("keeps policies stochastic and distributions probability vectors", () => {
    checkPolicy(game, res.policy);
    for (let t = 0; t <= game.horizon; t++) {
      let sum = 0;
      for (let s = 0; s < game.numStates; s++) {
        expect(res.distribution[t * game.numStates + s]).toBeGreaterThanOrEqual(0);
        sum += res.distribution[t * game.numStates + s]!;
      }
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it("exploitability is non-negative and decreases", () => {
    for (const h of res.history) expect(h.exploitability).toBeGreaterThanOrEqual(-1e-12);
    // entropy-regularised fixed points stop at the regularised equilibrium, so require a 2x (not 20x) decrease
    expect(res.history.at(-1)!.exploitability).toBeLessThan(0.5 * res.history[0]!.exploitability);
  });
});

describe("2-D crowd with obstacles", () => {
  it("mirror descent (lr 0.2; lr 1 oscillates on this game) lowers exploitability and no mass enters the wall", () => {
    const game = crowdModelling2d({ width: 7, height: 7, horizon: 10 });
    const res = solve(game, { algorithm: "online-mirror-descent", iterations: 30, learningRate: 0.2 });
    expect(res.history.at(-1)!.exploitability).toBeLessThan(0.25 * res.history[0]!.exploitability);
    for (let t = 0; t <= game.horizon; t++)
      for (let y = 0; y < 7; y++) if (y !== 3) expect(res.distribution[t * 49 + y * 7 + 3]).toBe(0);
  });
});
