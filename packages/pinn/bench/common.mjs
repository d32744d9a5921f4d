// Shared helpers of the pinn benchmarks (not a benchmark itself: no `.bench.mjs` suffix).
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { peerEnv } from "../../../bench/lib.mjs";
import { radProbabilities, residualAt, sampleIndices, selectPoints } from "../dist/index.js";

export const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, "..", "test", "fixtures");
const resultsDir = join(here, "..", "..", "..", "bench", "results");

export function loadFixture(name) {
  return JSON.parse(readFileSync(join(fixtures, name), "utf8"));
}

/** One JSON line per case, printed and appended to bench/results/<bench>.json (reset on first call). */
export function reporter(bench) {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${bench}.json`);
  writeFileSync(file, "");
  return (kase, metric, ours, peer = null, extra = {}) => {
    const line = JSON.stringify({
      bench,
      case: kase,
      metric,
      ours,
      peer,
      ratio: peer == null || peer === 0 ? null : ours / peer,
      ...extra,
    });
    console.log(line);
    appendFileSync(file, `${line}\n`);
  };
}

/** Run a Python peer script; returns parsed JSON of its last stdout line or null (with an install hint). */
export function runPeer(script, args = [], timeoutMs = 600_000) {
  const py = "/usr/bin/python3";
  if (!existsSync(py)) {
    console.error("peer skipped: /usr/bin/python3 missing (apt-get install -y python3 python3-torch)");
    return null;
  }
  const r = spawnSync(py, [join(here, script), ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    env: peerEnv(1),
  });
  if (r.status !== 0) {
    console.error(
      `peer ${script} failed or missing torch (apt-get install -y python3-torch): ${r.stderr?.slice(-400)}`,
    );
    return null;
  }
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

export const env = (name, def) => (process.env[name] ? Number(process.env[name]) : def);

// `n` fresh interior points for L-BFGS round `round`: uniform, the next Sobol block, or RAD (density ∝
// 1 + |r| / mean |r|, drawn from 4n uniform candidates).
function redraw(problem, net, n, method, round) {
  const g = problem.geometry;
  if (method === "uniform") return g.sampleInterior(n, { method: "uniform", seed: 7919 * round });
  // The round-th block of n points of the Sobol sequence (low discrepancy: a finer quadrature of the residual).
  if (method === "sobol") return g.sampleInterior(n, { method: "sobol", seed: n * round });
  const cand = g.sampleInterior(4 * n, { method: "uniform", seed: 7919 * round });
  const mag = new Float64Array(cand.n);
  for (const r of residualAt(problem, net, cand)) for (let i = 0; i < cand.n; i++) mag[i] += r[i] * r[i];
  return selectPoints(cand, sampleIndices(radProbabilities(mag.map(Math.sqrt), 1, 1), n, 104729 + round));
}

// A result's weights as train's `weights` option: those already include each condition's own weight, which
// train applies again, so it is divided out.
function carriedWeights(problem, weights) {
  const out = { ...weights };
  problem.conditions.forEach((c, i) => {
    if (c.weight > 0) out[problem.conditionNames[i]] /= c.weight;
  });
  return out;
}

/**
 * Adam (exponentially decaying learning rate; `parameterLr`, if given, for the PDE unknowns) for `adamFrac` of
 * the wall-time budget, then L-BFGS restarted in
 * rounds of `lbfgsRound` iterations until the budget is spent or a round stalls. `evalError()` (cheap, float64)
 * is logged to stderr every `logEvery` steps so the convergence can be extrapolated; `evalValue()` is recorded at
 * the end of every L-BFGS round. Returns step counts, the error trace, the rounds and the seconds used.
 */
export async function trainAdamLbfgs(train, problem, net, opts) {
  const {
    seconds,
    adamFrac = 0.3,
    lr = 1e-3,
    decaySteps = 1000,
    decayRate = 0.7,
    logEvery = 50,
    lbfgsRound = 500,
    parameterLr,
    evalError,
    evalValue,
    lbfgsCollocation,
    lbfgsResample,
    adamResample,
    ...trainOptions
  } = opts;
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const trace = [];
  let offset = 0;
  const onStep = (frac) => (s) => {
    const step = offset + s.step;
    const err = evalError ? evalError() : null;
    trace.push({ step, seconds: Math.round(elapsed()), loss: s.loss, err });
    console.error(
      `step ${step} t ${elapsed().toFixed(0)}s loss ${s.loss.toExponential(3)} err ${err?.toExponential(3)}`,
    );
    return elapsed() < seconds * frac;
  };
  const a = await train(problem, net, {
    ...trainOptions,
    // adamResample: resampling in the Adam phase only (the L-BFGS rounds then keep its final points).
    ...(adamResample ? { resample: adamResample } : {}),
    schedule: [
      {
        optimizer: "adam",
        lr: (s) => lr * decayRate ** (s / decaySteps),
        steps: 1_000_000,
        ...(parameterLr === undefined ? {} : { parameterLr }),
      },
    ],
    logEvery,
    onStep: onStep(adamFrac),
  });
  offset = a.steps;
  let lbfgsSteps = 0;
  // L-BFGS rounds keep the Adam phase's final points (RAR may have grown them), or draw a fresh set of
  // `lbfgsCollocation` points.
  let collocationPoints = lbfgsCollocation
    ? problem.geometry.sampleInterior(lbfgsCollocation, { method: "sobol", seed: 99 })
    : a.collocation;
  const rounds = [];
  let round = 0;
  let stalled = false;
  while (elapsed() < seconds) {
    // lbfgsResample ("uniform" | "rad"): a round that stalls (float32 line searches fail) is followed by one on a
    // fresh set of as many points (RAD: density ∝ 1 + |r| / mean |r| over 4x as many uniform candidates) instead
    // of ending the phase.
    if (lbfgsResample && stalled)
      collocationPoints = redraw(problem, net, collocationPoints.n, lbfgsResample, ++round);
    const b = await train(problem, net, {
      ...trainOptions,
      // Adaptive weights (trainOptions.weighting) are updated by Adam steps only: L-BFGS keeps the last ones.
      ...(trainOptions.weighting ? { weights: carriedWeights(problem, a.weights) } : {}),
      collocationPoints,
      schedule: [{ optimizer: "lbfgs", steps: lbfgsRound }],
      logEvery,
      onStep: onStep(1),
    });
    lbfgsSteps += b.steps;
    // evalValue(): a quantity recorded at the end of every L-BFGS round (e.g. an identified coefficient).
    if (evalValue) rounds.push({ seconds: elapsed(), steps: b.steps, value: evalValue() });
    collocationPoints = b.collocation;
    offset += b.steps;
    stalled = b.steps < lbfgsRound / 10;
    if (b.status === "diverged" || (stalled && !lbfgsResample)) break;
  }
  return {
    adamSteps: a.steps,
    lbfgsSteps,
    trace,
    rounds,
    seconds: elapsed(),
    collocation: collocationPoints,
  };
}
