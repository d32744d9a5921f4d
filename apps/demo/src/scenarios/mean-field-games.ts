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

export interface ObstacleCrowdResult {
  width: number;
  height: number;
  horizon: number;
  /** Blocked cells as [x, y]. */
  obstacles: [number, number][];
  target: [number, number];
  /** Times shown and the density of the crowd at each, row-major `y * width + x`. */
  frames: { t: number; density: number[] }[];
  curve: { iteration: number; exploitability: number }[];
  exploitability0: number;
  exploitability: number;
  ms: number;
  /** Stationary (ergodic) density of the 2-D finite-difference solver with the same walls as a potential barrier. */
  stationary?: { n: number; x: number[]; y: number[]; m: number[]; lambda: number; mass: number; ms: number };
}

/** Two walls with staggered doors across a `width × height` room. */
function walls(width: number, height: number): [number, number][] {
  const out: [number, number][] = [];
  const c1 = Math.floor(width / 3);
  const c2 = Math.floor((2 * width) / 3);
  for (let y = 0; y < height; y++) {
    if (y !== Math.floor(height / 4)) out.push([c1, y]);
    if (y !== Math.floor((3 * height) / 4)) out.push([c2, y]);
  }
  return out;
}

async function obstacleCrowd(params: Params, ctx: RunContext): Promise<ObstacleCrowdResult> {
  const width = num(params, "width");
  const height = Math.max(5, Math.round((width * 2) / 3));
  const horizon = num(params, "horizon");
  const iterations = num(params, "iterations");
  const obstacles = walls(width, height);
  const target: [number, number] = [width - 1, Math.floor(height / 2)];
  const game = mfg.crowdModelling2d({
    width,
    height,
    horizon,
    obstacles,
    target,
    noise: 0.1,
    crowdAversion: num(params, "aversion"),
  });
  const times = [0, Math.round(horizon / 3), Math.round((2 * horizon) / 3), horizon];
  const S = width * height;
  const frames = (mu: Float64Array) =>
    times.map((t) => ({ t, density: Array.from(mu.subarray(t * S, (t + 1) * S)) }));
  const res: ObstacleCrowdResult = {
    width,
    height,
    horizon,
    obstacles,
    target,
    frames: [],
    curve: [],
    exploitability0: 0,
    exploitability: 0,
    ms: 0,
  };
  const t0 = now();
  const r = mfg.solve(game, {
    algorithm: "online-mirror-descent",
    iterations,
    learningRate: 0.2,
    callback: (rec: mfg.IterationRecord, state: { distribution: Float64Array }) => {
      res.curve.push({ iteration: rec.iteration, exploitability: rec.exploitability });
      if (rec.iteration % 5 === 0) {
        res.frames = frames(state.distribution);
        ctx.progress((0.8 * rec.iteration) / iterations, `mirror descent iteration ${rec.iteration}`, res);
      }
    },
  });
  res.ms = now() - t0;
  res.frames = frames(r.distribution);
  res.exploitability0 = r.history[0]!.exploitability;
  res.exploitability = r.history.at(-1)!.exploitability;
  ctx.progress(0.8, "stationary crowd (2-D finite differences)", res);
  await tick();
  if (typeof mfg.solveErgodicMfg2d === "function") {
    // the same room as [0, width] x [0, height], walls as a potential barrier, attraction to the target
    const n = ctx.quick ? 25 : 41;
    const blocked = new Set(obstacles.map(([x, y]) => `${x},${y}`));
    const t1 = now();
    const st = mfg.solveErgodicMfg2d({
      points: n,
      domain: [
        [0, width],
        [0, height],
      ],
      nu: 0.3,
      potential: (x, y) =>
        (Math.abs(x - target[0] - 0.5) + Math.abs(y - target[1] - 0.5)) / 2 +
        (blocked.has(`${Math.min(Math.floor(x), width - 1)},${Math.min(Math.floor(y), height - 1)}`) ? 8 : 0),
    });
    res.stationary = {
      n,
      x: Array.from(st.x),
      y: Array.from(st.y),
      m: Array.from(st.m),
      lambda: st.lambda,
      mass: st.mass,
      ms: now() - t1,
    };
  }
  ctx.progress(1, `exploitability ${res.exploitability.toExponential(2)}`, res);
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
    id: "obstacle-crowd",
    title: "2-D crowd with obstacles",
    description:
      "A crowd crosses a room with two walls and staggered doors towards an exit, averse to congestion (finite " +
      "2-D crowd game solved by online mirror descent; walls drawn in grey), and the stationary crowd of the 2-D " +
      "HJB–Fokker–Planck finite-difference solver in the same room.",
    controls: [
      { key: "width", label: "room width (cells)", kind: "number", min: 6, max: 30, step: 1 },
      { key: "horizon", label: "horizon", kind: "number", min: 4, max: 60, step: 1 },
      { key: "iterations", label: "mirror-descent iterations", kind: "number", min: 1, max: 500, step: 1 },
      { key: "aversion", label: "crowd aversion", kind: "number", min: 0, max: 5, step: 0.1 },
    ],
    defaults: { width: 15, horizon: 24, iterations: 60, aversion: 0.5 },
    quick: { width: 12, horizon: 16, iterations: 20 },
    missing: () => missingExports("@continuum/mean-field-games", mfg, ["solve", "crowdModelling2d"]),
    run: obstacleCrowd,
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
