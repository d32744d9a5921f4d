import * as mfg from "@continuum/mean-field-games";
import { type Params, type RunContext, type Scenario, missingExports, now, num, str, tick } from "./types.js";

const ALGORITHMS: [string, Record<string, number>][] = [
  ["fictitious-play", {}],
  ["online-mirror-descent", { learningRate: 0.1 }],
  ["fixed-point", { damping: 0.1, temperature: 0.2 }],
  ["prior-descent", {}],
];

export interface CrowdResult {
  game: string;
  width: number;
  height: number;
  horizon: number;
  curves: { algorithm: string; iteration: number; exploitability: number }[];
  final: { algorithm: string; exploitability: number; status: string; ms: number }[];
  /** Mean-field flow of the best algorithm's policy, (horizon + 1) × states. */
  distribution: number[];
  best: string;
}

async function crowd(params: Params, ctx: RunContext): Promise<CrowdResult> {
  const game = str(params, "game");
  const iterations = num(params, "iterations");
  const g = game === "crowd-2d" ? mfg.crowdModelling2d() : mfg.crowdModelling1d({ size: 20, horizon: 20 });
  const [width, height] = game === "crowd-2d" ? [7, 7] : [g.numStates, 1];
  const res: CrowdResult = {
    game,
    width,
    height,
    horizon: g.horizon,
    curves: [],
    final: [],
    distribution: [],
    best: "",
  };
  let bestExp = Number.POSITIVE_INFINITY;
  for (const [a, [algorithm, opts]] of ALGORITHMS.entries()) {
    if (!mfg.finiteAlgorithms.has(algorithm)) continue;
    const t0 = now();
    const r = mfg.solve(g, {
      algorithm,
      iterations,
      ...opts,
      callback: (rec: mfg.IterationRecord) => {
        res.curves.push({ algorithm, iteration: rec.iteration, exploitability: rec.exploitability });
        if (rec.iteration % 5 === 0) {
          ctx.progress(
            (a + rec.iteration / iterations) / ALGORITHMS.length,
            `${algorithm} iteration ${rec.iteration}`,
            res,
          );
        }
      },
    });
    const e = r.history.at(-1)!.exploitability;
    res.final.push({ algorithm, exploitability: e, status: r.status, ms: now() - t0 });
    if (e < bestExp) {
      bestExp = e;
      res.best = algorithm;
      res.distribution = Array.from(r.distribution);
    }
    ctx.progress((a + 1) / ALGORITHMS.length, `${algorithm}: exploitability ${e.toExponential(2)}`, res);
    await tick();
  }
  return res;
}

export interface LqResult {
  eta: { t: number; exact: number; riccati: number }[];
  convergence: { steps: number; maxError: number }[];
  eta0: number;
}

async function lq(params: Params, ctx: RunContext): Promise<LqResult> {
  const p = { a: 1, q: num(params, "q"), eps: 2, c: 2, T: 1, sigma: 1 };
  const problem = mfg.systemicRiskAsLq(p, { mean: 0, variance: 1 });
  const convergence: LqResult["convergence"] = [];
  const ladder = [2, 4, 8, 16, 32, 64, 128];
  let eta: LqResult["eta"] = [];
  for (const [i, steps] of ladder.entries()) {
    const sol = mfg.solveLqMfg(problem, { steps });
    let maxError = 0;
    eta = Array.from(sol.times, (t, k) => {
      const exact = mfg.systemicRiskEta(p, t);
      const riccati = sol.P[k]![0]!;
      maxError = Math.max(maxError, Math.abs(riccati - exact));
      return { t, exact, riccati };
    });
    convergence.push({ steps, maxError: Math.max(maxError, 1e-16) });
    ctx.progress((i + 1) / ladder.length, `${steps} RK4 steps: max error ${maxError.toExponential(2)}`, {
      eta,
      convergence,
      eta0: mfg.systemicRiskEta(p, 0),
    });
    await tick();
  }
  return { eta, convergence, eta0: mfg.systemicRiskEta(p, 0) };
}

export const scenarios: readonly Scenario[] = [
  {
    id: "crowd",
    title: "Crowd modelling: equilibrium and exploitability",
    description:
      "Finite-state mean-field game (OpenSpiel's crowd modelling, or a 7×7 room with a wall and a door) solved by " +
      "fictitious play, online mirror descent, damped fixed point and prior descent; the density is the mean field " +
      "of the least exploitable policy.",
    controls: [
      { key: "game", label: "game", kind: "select", options: ["crowd-2d", "crowd-1d"] },
      { key: "iterations", label: "iterations", kind: "number", min: 1, max: 1000, step: 1 },
    ],
    defaults: { game: "crowd-2d", iterations: 60 },
    quick: { iterations: 20 },
    missing: () =>
      missingExports("@continuum/mean-field-games", mfg, ["solve", "crowdModelling1d", "crowdModelling2d"]),
    run: crowd,
  },
  {
    id: "lq",
    title: "Linear-quadratic game: Riccati vs closed form",
    description:
      "The Carmona–Fouque–Sun systemic-risk game: the closed-form eta(t) against the general LQ Riccati solver, " +
      "whose error falls with the fourth power of the step (RK4).",
    controls: [{ key: "q", label: "q (borrowing incentive)", kind: "number", min: 0, max: 1.4, step: 0.1 }],
    defaults: { q: 0.8 },
    missing: () =>
      missingExports("@continuum/mean-field-games", mfg, [
        "solveLqMfg",
        "systemicRiskAsLq",
        "systemicRiskEta",
      ]),
    run: lq,
  },
];
