import { describe, expect, it } from "vitest";
import "../../register-games.js";
import { finiteGames } from "../../registries.js";
import { solve } from "../solve.js";
import { bestResponse } from "../values.js";
import { linearQuadraticGame } from "./linear-quadratic.js";

/** Errors of the discrete equilibrium against the continuous closed form at t = 0, weighted by mu_0. */
function errors(level: number) {
  const game = linearQuadraticGame({ cells: 20 * level + 1, horizon: 5 * level, actionsPerSide: 5 * level });
  // the mean field of this game is its mean, which every symmetric-in-(x-m) policy keeps at m0: the plain best
  // response iteration ("fixed-point") reaches the equilibrium in one step
  const res = solve(game, { algorithm: "fixed-point", iterations: 2 });
  const N = game.numStates;
  let m = 0;
  for (let i = 0; i < N; i++) m += game.grid[i]! * res.distribution[i]!;
  const { value } = bestResponse(game, res.distribution);
  let vNum = 0;
  let vDen = 0;
  let aNum = 0;
  let aDen = 0;
  for (let i = 0; i < N; i++) {
    const x = game.grid[i]!;
    const w = game.initialDistribution[i]!;
    const exactValue = -game.exactCost(0, x, m);
    vNum += w * (value[i]! - exactValue) ** 2;
    vDen += w * exactValue ** 2;
    let a = 0;
    for (let j = 0; j < game.numActions; j++) a += res.policy[i * game.numActions + j]! * game.speeds[j]!;
    const exactControl = -game.exactGain(0) * (x - m);
    aNum += w * (a - exactControl) ** 2;
    aDen += w * exactControl ** 2;
  }
  return {
    value: Math.sqrt(vNum / vDen),
    control: Math.sqrt(aNum / aDen),
    exploitability: res.history.at(-1)!.exploitability,
    mean: m,
  };
}

describe("discretised linear-quadratic game", () => {
  it("closed form: p(T) = c, p -> sqrt(kappa) for long horizons, cost matches sigma^2/2 ∫p", () => {
    const g = linearQuadraticGame({ kappa: 4, c: 1, T: 10 });
    expect(g.exactGain(10)).toBe(1);
    expect(g.exactGain(0)).toBeCloseTo(2, 10);
    // ∫_0^T p by Simpson on the closed-form gain (independent of the log-cosh antiderivative)
    const n = 2000;
    let s = g.exactGain(0) + g.exactGain(10);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * g.exactGain((10 * i) / n);
    expect(g.exactCost(0, 0, 0)).toBeCloseTo((0.5 * 0.25 * s * (10 / n)) / 3, 8);
  });

  it("the discrete equilibrium converges to the continuous LQ closed form as the grid refines", () => {
    const e = [1, 2, 4].map(errors);
    for (const r of e) {
      expect(r.exploitability).toBeLessThan(1e-4);
      expect(r.mean).toBeCloseTo(0.2, 6); // the population mean is conserved (continuous: m' = 0)
    }
    // measured: value 0.241, 0.092, 0.038 and control 0.48, 0.24, 0.12 (first order in dt, h and the speed step);
    // require a 1.8x decrease per halving and the finest level within 5% (value) and 15% (control)
    for (let k = 1; k < 3; k++) {
      expect(e[k]!.value).toBeLessThan(e[k - 1]!.value / 1.8);
      expect(e[k]!.control).toBeLessThan(e[k - 1]!.control / 1.8);
    }
    expect(e[2]!.value).toBeLessThan(0.05);
    expect(e[2]!.control).toBeLessThan(0.15);
  });

  it("is registered; transition rows are distributions; bad input names the argument", () => {
    const g = finiteGames.get("linear-quadratic")({ cells: 11, horizon: 3 });
    for (let i = 0; i < g.numStates; i++) {
      for (let a = 0; a < g.numActions; a++) {
        const { probs } = g.successors(0, i, a, new Float64Array(0));
        expect(Array.from(probs).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      }
    }
    expect(() => linearQuadraticGame({ cells: 2 })).toThrow(/cells must be an integer >= 3, received 2/);
    expect(() => linearQuadraticGame({ sigma: 0 })).toThrow(/sigma must be > 0, received 0/);
    expect(() => linearQuadraticGame({ kappa: Number.NaN })).toThrow(/kappa must be >= 0, received NaN/);
  });
});

describe("linear-quadratic game: transitions that leave the grid", () => {
  it("small sigma and speeds that carry the law past the end cells: every row is a probability vector", () => {
    // sd = sigma sqrt(dt) = 0.003 while the fastest speed moves 0.4 per step: from the end cells the whole law
    // lies beyond the grid (the 8-sd window used to be empty there, giving 0/0 rows and a NaN "sum" error)
    const game = linearQuadraticGame({ sigma: 0.01 });
    for (const i of [0, 1, game.numStates - 1])
      for (const j of [0, game.numActions - 1]) {
        const row = game.successors(0, i, j, new Float64Array(0));
        expect(Array.from(row.probs).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
      }
    // from the last cell at the top speed the target x_max + 0.4 is outside: all mass in the end cell
    expect(
      Array.from(game.successors(0, game.numStates - 1, game.numActions - 1, new Float64Array(0)).states),
    ).toEqual([game.numStates - 1]);
    const res = solve(game, { algorithm: "online-mirror-descent", iterations: 5 });
    expect(res.status).toBe("ok");
    expect(res.history.at(-1)!.exploitability).toBeLessThan(res.history[0]!.exploitability);
  });
});
