import { describe, expect, it } from "vitest";
import { exploitability } from "../exploitability.js";
import { uniformPolicy } from "../policy.js";
import { solve } from "../solve.js";
import { braessNetwork } from "./braess-network.js";

// Braess (1968), classic numbers: 4000 drivers, links O->A and B->D take n/100 minutes, O->B and A->D 45.
// Wardrop equilibrium without the shortcut: 2000/2000, 20 + 45 = 65 minutes; with the free A->B road every driver
// takes O->A->B->D, 40 + 0 + 40 = 80 minutes (and deviating to O->A->D or O->B->D would cost 85).
describe("Braess paradox", () => {
  it("equilibrium travel time goes from 65 to 80 minutes when the shortcut is added", () => {
    const without = solve(braessNetwork({ withShortcut: false }), {
      algorithm: "online-mirror-descent",
      iterations: 300,
      learningRate: 0.01,
    });
    const withRoad = solve(braessNetwork({ withShortcut: true }), {
      algorithm: "online-mirror-descent",
      iterations: 300,
      learningRate: 0.01,
    });
    const w = without.history.at(-1)!;
    const r = withRoad.history.at(-1)!;
    // 0.05 minutes: OMD converges geometrically here; after 300 steps both are within 1e-2 of equilibrium
    expect(Math.abs(-w.policyValue - 65)).toBeLessThan(0.05);
    expect(Math.abs(-r.policyValue - 80)).toBeLessThan(0.05);
    expect(w.exploitability).toBeLessThan(0.05);
    expect(r.exploitability).toBeLessThan(0.05);
  });

  it("fictitious play reaches the same equilibria (slower, O(1/k))", () => {
    const r = solve(braessNetwork(), { algorithm: "fictitious-play", iterations: 200 }).history.at(-1)!;
    // FP's exploitability after k steps is O(1/k) here; 200 steps leave < 1 minute of gain
    expect(Math.abs(-r.policyValue - 80)).toBeLessThan(1);
    expect(r.exploitability).toBeLessThan(1);
  });

  it("exploitability is exactly zero at the verified Wardrop equilibria", () => {
    // without the shortcut the uniform policy is the 2000/2000 split
    const plain = braessNetwork({ withShortcut: false });
    const split = exploitability(plain, uniformPolicy(plain));
    expect(split.exploitability).toBeCloseTo(0, 12);
    expect(-split.policyValue).toBeCloseTo(65, 12);
    // with it: everybody O->A (action 0 at O), then A->B (action 1 on link O->A, state 1)
    const game = braessNetwork({ withShortcut: true });
    const pi = uniformPolicy(game);
    for (let t = 0; t < game.horizon; t++) {
      pi.set([1, 0], (t * game.numStates + 0) * 2);
      pi.set([0, 1], (t * game.numStates + 1) * 2);
    }
    const all = exploitability(game, pi);
    expect(all.exploitability).toBeCloseTo(0, 12);
    expect(-all.policyValue).toBeCloseTo(80, 12);
  });

  it("6000 drivers: the Wardrop equilibrium with the shortcut mixes all three routes at 90 minutes (75 without)", () => {
    // with the shortcut, t(O-A-D) = t(O-B-D) = t(O-A-B-D) forces 4500 drivers on O->A and on B->D: flows 1500,
    // 1500, 3000 and 45 + 45 = 90 minutes; without it the 3000/3000 split takes 30 + 45 = 75
    const options = { algorithm: "online-mirror-descent", iterations: 300, learningRate: 0.01 } as const;
    const withRoad = solve(braessNetwork({ drivers: 6000 }), options).history.at(-1)!;
    const without = solve(braessNetwork({ drivers: 6000, withShortcut: false }), options).history.at(-1)!;
    // measured 90 - 8e-10 and 75 exactly after 300 steps; 1e-3 minutes leaves room for OMD's geometric tail
    expect(Math.abs(-withRoad.policyValue - 90)).toBeLessThan(1e-3);
    expect(Math.abs(-without.policyValue - 75)).toBeLessThan(1e-3);
    expect(withRoad.exploitability).toBeLessThan(1e-3);
  });

  it("rejects a non-positive number of drivers or a non-boolean withShortcut, naming the argument", () => {
    expect(() => braessNetwork({ drivers: 0 })).toThrow(/drivers must be a positive number, received 0/);
    // "no" used to count as true (a truthy string)
    expect(() => braessNetwork({ withShortcut: "no" as never })).toThrow(
      /withShortcut must be true or false, received no/,
    );
  });
});
