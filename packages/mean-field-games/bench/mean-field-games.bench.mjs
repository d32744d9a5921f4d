// Accuracy and speed of @continuum/mean-field-games. Run after `npx tsup`:
//   node bench/mean-field-games.bench.mjs [--skip-neural] [--only-neural] [--dim 10] [--iterations 300]
// Prints one JSON line per case and writes them to <repo>/bench/results/mean-field-games.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { peerEnv } from "../../../bench/lib.mjs";
import {
  bestResponse,
  braessNetwork,
  crowdModelling1d,
  linearQuadraticGame,
  predatorPrey,
  solveErgodicMfg2d,
  lqMonteCarloCost,
  solve,
  solveErgodicMfg1d,
  solveLqMfg,
  systemicRiskAsLq,
  systemicRiskEta,
  trainNeuralLqMfg,
} from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
// neural settings (the 10-D and 50-D runs each take minutes on a loaded 2-core machine)
const argIterations = process.argv.includes("--iterations")
  ? Number(process.argv[process.argv.indexOf("--iterations") + 1])
  : 300;
const NEURAL_SETTINGS = {
  iterations: argIterations,
  particles: 256,
  timeSteps: 20,
  hidden: [64, 64],
  learningRate: 3e-2,
  callback: (i, loss) => {
    if (i % 50 === 0) console.error(`  neural iteration ${i}: loss ${loss.toFixed(4)}`);
  },
};
const lines = [];
const emit = (c, metric, ours, peer) => {
  const row = {
    bench: "mean-field-games",
    case: c,
    metric,
    ours,
    peer: peer ?? null,
    ratio: peer ? ours / peer : null,
  };
  lines.push(JSON.stringify(row));
  console.log(JSON.stringify(row));
};
const time = (fn) => {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
};

if (!process.argv.includes("--only-neural")) {
  // 1. OpenSpiel crowd modelling: exploitability after 10 iterations vs OpenSpiel's tested values
  const game = crowdModelling1d();
  const OPENSPIEL = {
    fp: 0.991,
    fpLr1: 55.745,
    fpSoftmax: 1.062,
    fixedPoint: 55.745,
    md: 2.2730324915546056,
  };
  const [fp, fpMs] = time(() => solve(game, { algorithm: "fictitious-play", iterations: 10 }));
  const [md, mdMs] = time(() =>
    solve(game, { algorithm: "online-mirror-descent", iterations: 10, learningRate: 0.01 }),
  );
  emit("crowd1d/fp10", "exploitability", fp.history[10].exploitability, OPENSPIEL.fp);
  emit(
    "crowd1d/fp10-lr1",
    "exploitability",
    solve(game, { algorithm: "fictitious-play", iterations: 10, learningRate: 1 }).history[10].exploitability,
    OPENSPIEL.fpLr1,
  );
  emit(
    "crowd1d/fp10-softmax",
    "exploitability",
    solve(game, { algorithm: "fictitious-play", iterations: 10, temperature: 1 }).history[10].exploitability,
    OPENSPIEL.fpSoftmax,
  );
  emit(
    "crowd1d/fixed-point10",
    "exploitability",
    solve(game, { algorithm: "fixed-point", iterations: 10 }).history[10].exploitability,
    OPENSPIEL.fixedPoint,
  );
  emit("crowd1d/md10", "exploitability", md.history[10].exploitability, OPENSPIEL.md);
  let peer = null;
  try {
    peer = JSON.parse(
      execFileSync("/usr/bin/python3", [join(here, "peer_crowd_modelling.py")], {
        encoding: "utf8",
        env: peerEnv(1),
      }),
    );
  } catch {
    console.error(
      "peer missing: install with `apt-get install -y python3-numpy` to time the NumPy reference",
    );
  }
  emit("crowd1d/fp10", "ms", fpMs, peer?.fp10_ms);
  emit("crowd1d/md10", "ms", mdMs, peer?.md10_ms);

  // 2. OMD vs FP curves (200 iterations, OpenSpiel accounting)
  const curveFp = solve(game, { algorithm: "fictitious-play", iterations: 200 }).history;
  const curveMd = solve(game, {
    algorithm: "online-mirror-descent",
    iterations: 200,
    learningRate: 1,
  }).history;
  for (const k of [0, 1, 5, 10, 20, 50, 100, 200]) {
    emit(`crowd1d/curve/fp@${k}`, "exploitability", curveFp[k].exploitability);
    emit(`crowd1d/curve/omd-lr1@${k}`, "exploitability", curveMd[k].exploitability);
  }

  // 3. Braess paradox (4000 drivers)
  for (const withShortcut of [false, true]) {
    const [r, ms] = time(() =>
      solve(braessNetwork({ withShortcut }), {
        algorithm: "online-mirror-descent",
        iterations: 300,
        learningRate: 0.01,
      }),
    );
    emit(
      `braess/${withShortcut ? "with" : "without"}-shortcut`,
      "minutes",
      -r.history[300].policyValue,
      withShortcut ? 80 : 65,
    );
    emit(
      `braess/${withShortcut ? "with" : "without"}-shortcut`,
      "exploitability",
      r.history[300].exploitability,
    );
    emit(`braess/${withShortcut ? "with" : "without"}-shortcut`, "ms", ms);
  }

  // 4. Systemic risk and general LQ
  const params = { a: 1, q: 0.8, eps: 2, c: 2, T: 1, sigma: 1 };
  emit("systemic-risk/eta0", "value", systemicRiskEta(params, 0), 0.36120026);
  const lq = systemicRiskAsLq(params, { mean: 0, variance: 0.25 });
  const [sol, lqMs] = time(() => solveLqMfg(lq, { steps: 2000 }));
  emit("systemic-risk/riccati-vs-closed-form", "absErr", Math.abs(sol.P[0][0] - systemicRiskEta(params, 0)));
  emit("systemic-risk/riccati", "ms", lqMs);
  const [mc, mcMs] = time(() => lqMonteCarloCost(lq, sol, { particles: 50000, steps: 400, seed: 11 }));
  emit("systemic-risk/monte-carlo", "zScore", (mc.mean - sol.cost) / mc.standardError);
  emit("systemic-risk/monte-carlo", "ms", mcMs);

  // 5. Ergodic FD: Gaussian variance 1.618034 and lambda -0.541510
  const a = (Math.sqrt(5) - 1) / 2;
  const exactVar = 1 / a;
  const exactLambda = a - 0.5 * Math.log((2 * Math.PI) / a);
  const variance = (r) => {
    const h = r.x[1] - r.x[0];
    let mean = 0;
    let v = 0;
    for (let i = 0; i < r.x.length; i++) mean += h * r.m[i] * r.x[i];
    for (let i = 0; i < r.x.length; i++) v += h * r.m[i] * (r.x[i] - mean) ** 2;
    return v;
  };
  let prev = null;
  for (const points of [1601, 3201, 6401, 12801]) {
    const [r, ms] = time(() => solveErgodicMfg1d({ points }));
    emit(`ergodic1d/N=${points}`, "varianceAbsErr", Math.abs(variance(r) - exactVar));
    emit(`ergodic1d/N=${points}`, "lambdaAbsErr", Math.abs(r.lambda - exactLambda));
    emit(`ergodic1d/N=${points}`, "massErr", Math.abs(r.mass - 1));
    emit(`ergodic1d/N=${points}`, "ms", ms);
    if (prev) {
      emit(
        `ergodic1d/richardson-N=${points}`,
        "varianceAbsErr",
        Math.abs(2 * variance(r) - variance(prev) - exactVar),
      );
      emit(
        `ergodic1d/richardson-N=${points}`,
        "lambdaAbsErr",
        Math.abs(2 * r.lambda - prev.lambda - exactLambda),
      );
    }
    prev = r;
  }

  // 6. 2-D ergodic FD: lambda = 2 x (-0.541510), variance 1.618034 per axis; order 1 and Richardson
  {
    const exact2 = 2 * exactLambda;
    const varX = (r) => {
      const n = r.x.length;
      const cell = (r.x[1] - r.x[0]) * (r.y[1] - r.y[0]);
      let v = 0;
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) v += cell * r.m[j * n + i] * r.x[i] ** 2;
      return v;
    };
    let prev2 = null;
    for (const points of [21, 41, 81]) {
      const [r, ms] = time(() => solveErgodicMfg2d({ points }));
      emit(`ergodic2d/N=${points}^2`, "lambdaAbsErr", Math.abs(r.lambda - exact2));
      emit(`ergodic2d/N=${points}^2`, "varianceAbsErr", Math.abs(varX(r) - exactVar));
      emit(`ergodic2d/N=${points}^2`, "massErr", Math.abs(r.mass - 1));
      emit(`ergodic2d/N=${points}^2`, "newtonIterations", r.iterations);
      emit(`ergodic2d/N=${points}^2`, "ms", ms);
      if (prev2) {
        emit(
          `ergodic2d/order-N=${points}`,
          "lambdaOrder",
          Math.log2(Math.abs(prev2.lambda - exact2) / Math.abs(r.lambda - exact2)),
        );
        emit(
          `ergodic2d/richardson-N=${points}`,
          "lambdaAbsErr",
          Math.abs(2 * r.lambda - prev2.lambda - exact2),
        );
      }
      prev2 = r;
    }
  }

  // 7. Predator-prey (3 populations, OpenSpiel defaults 5x5, horizon 10): exploitability summed over populations
  for (const [algorithm, opts] of [
    ["fictitious-play", {}],
    ["online-mirror-descent", { learningRate: 0.2 }],
  ]) {
    const [r, ms] = time(() => solve(predatorPrey(), { algorithm, iterations: 100, ...opts }));
    for (const k of [0, 10, 50, 100])
      emit(`predator-prey/${algorithm}@${k}`, "exploitability", r.history[k].exploitability);
    emit(`predator-prey/${algorithm}`, "ms", ms);
  }

  // 8. Discretised LQ finite game vs the continuous closed form (value and control at t = 0, weighted by mu_0)
  for (const level of [1, 2, 4, 8]) {
    const game = linearQuadraticGame({
      cells: 20 * level + 1,
      horizon: 5 * level,
      actionsPerSide: 5 * level,
    });
    const [res, ms] = time(() => solve(game, { algorithm: "fixed-point", iterations: 2 }));
    const N = game.numStates;
    let m = 0;
    for (let i = 0; i < N; i++) m += game.grid[i] * res.distribution[i];
    const br = bestResponse(game, res.distribution).value;
    let vn = 0;
    let vd = 0;
    let an = 0;
    let ad = 0;
    for (let i = 0; i < N; i++) {
      const w = game.initialDistribution[i];
      const ev = -game.exactCost(0, game.grid[i], m);
      vn += w * (br[i] - ev) ** 2;
      vd += w * ev ** 2;
      let a = 0;
      for (let j = 0; j < game.numActions; j++) a += res.policy[i * game.numActions + j] * game.speeds[j];
      const ea = -game.exactGain(0) * (game.grid[i] - m);
      an += w * (a - ea) ** 2;
      ad += w * ea ** 2;
    }
    emit(`lq-game/level=${level}`, "valueRelL2", Math.sqrt(vn / vd));
    emit(`lq-game/level=${level}`, "controlRelL2", Math.sqrt(an / ad));
    emit(`lq-game/level=${level}`, "exploitability", res.history.at(-1).exploitability);
    emit(`lq-game/level=${level}`, "ms", ms);
  }
}

// 9. Neural LQ in 10-D and 50-D vs Riccati (value and control relative L2 on the equilibrium law)
if (!process.argv.includes("--skip-neural")) {
  const core = await import("@continuum/core-tensor");
  await core.ready();
  const dims = process.argv.includes("--dim")
    ? [Number(process.argv[process.argv.indexOf("--dim") + 1])]
    : [10, 50];
  for (const dim of dims) {
    const problem = { dim, sigma: 0.5, qbar: 1, c: 2, horizon: 1, initialStd: 1 };
    const [res, ms] = time(() => trainNeuralLqMfg(problem, NEURAL_SETTINGS));
    emit(`neural-lq/d=${dim}`, "controlRelL2", res.controlError(2048));
    const tail = res.losses.slice(-50).reduce((s, v) => s + v, 0) / 50;
    emit(`neural-lq/d=${dim}`, "costRelErr", Math.abs(tail - res.riccatiCost) / res.riccatiCost);
    emit(`neural-lq/d=${dim}`, "ms", ms);
    const [valueErr, vms] = time(() =>
      res.valueError({ probes: 64, replicas: 128, populationParticles: 2048 }),
    );
    emit(`neural-lq/d=${dim}`, "valueRelL2", valueErr);
    emit(`neural-lq/d=${dim}`, "valueMs", vms);
    res.dispose();
  }
}

const outDir = join(here, "..", "..", "..", "bench", "results");
mkdirSync(outDir, { recursive: true });
const dimArg =
  (process.argv.includes("--dim") ? `-d${process.argv[process.argv.indexOf("--dim") + 1]}` : "") +
  (argIterations !== 300 ? `-it${argIterations}` : "");
const outName = process.argv.includes("--only-neural")
  ? `mean-field-games-neural${dimArg}.json`
  : "mean-field-games.json";
writeFileSync(join(outDir, outName), `${lines.join("\n")}\n`);
