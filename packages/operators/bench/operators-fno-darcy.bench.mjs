// FNO2d on the FNO Darcy-flow problem (a = 12/3 from a thresholded GRF, −∇·(a∇u) = 1, u = 0 on the boundary),
// data from our 5-point FD solver. Published: Li et al. 2021, relative L2 0.0108 at s = 85 (1000 train / 200
// test, width 32, 12 modes, 500 epochs). Bounded-time defaults (env: NTRAIN, NTEST, RES, EPOCHS, WIDTH,
// MODES, BATCH, PAD) are far smaller; the result line records them.
// The issue's setting for 30 epochs (2026-11-26, 1 thread, 46 min of training, the other core busy):
//   THREADS=1 NTRAIN=1000 NTEST=200 RES=85 WIDTH=32 MODES=12 PAD=9 EPOCHS=30 SCHEDULE=cosine EVAL_EVERY=5
// gave test relative L2 0.0175 (train 0.0161; test 0.0346 at epoch 4, 0.0215 at 14, 0.0181 at 24): still
// under-fitted, the paper trains 500 epochs.
// 65 epochs, the same settings with EPOCHS=65 (2026-11-26, 1 thread pinned to its own core, 110 min of training):
// test relative L2 0.0130 (train 0.0113; test 0.0358 at epoch 4, 0.0254 at 14, 0.0198 at 24, 0.0164 at 34,
// 0.0135 at 49, 0.0134 at 59). A BATCH=10 run was ahead at epoch 4 (0.0336) but was stopped for time.
// A 120-minute wall-time budget, the same settings with MINUTES=120 EPOCHS=1000 (2026-11-26, 1 thread pinned to its
// own core, the other core running the Allen–Cahn benchmark): 84 epochs, test relative L2 0.011999 (train 0.0103;
// test 0.0360 at epoch 4, 0.0211 at 19, 0.0173 at 29, 0.0140 at 49, 0.0125 at 64, 0.0121 at 74, 0.0120 at 79),
// the issue's bound 0.012 met by a hair; 75–98 s per epoch, data generation 88 s.
// Run: cd packages/operators && npx tsup && node bench/operators-fno-darcy.bench.mjs
import { tf } from "@continuum/core-tensor";
import { adam } from "@continuum/optim";
import { report } from "../../../bench/lib.mjs";
import { darcyDataset, evaluateOperator, fno2d, fnoRunSettings, trainOperator } from "./helpers.mjs";

const BENCH = "operators-fno-darcy";
const env = (k, d) => Number(process.env[k] ?? d);
const NTRAIN = env("NTRAIN", 200);
const NTEST = env("NTEST", 50);
const RES = env("RES", 29);
const EPOCHS = env("EPOCHS", 40);
const WIDTH = env("WIDTH", 16);
const MODES = env("MODES", 8);
const BATCH = env("BATCH", 20);
const PAD = env("PAD", 5);
// THREADS, EVAL_EVERY, SCHEDULE: see fnoRunSettings in helpers.mjs.
// MINUTES: a wall-time budget for training instead of an epoch count. The learning rate then follows a cosine
// from 1e-3 to 0 over the elapsed training time (per step) and training stops after the epoch that reaches the
// budget (EPOCHS is then only an upper bound), so a run fits a fixed slot with its rate annealed to 0.
const MINUTES = process.env.MINUTES === undefined ? undefined : Number(process.env.MINUTES);
if (MINUTES !== undefined && !(MINUTES > 0))
  throw new Error(`MINUTES must be a positive number, received ${process.env.MINUTES}`);
const { evalEvery: EVAL_EVERY, scheduleName: SCHEDULE, schedule } = await fnoRunSettings();
let t0 = performance.now();
const tr = darcyDataset({ n: NTRAIN, resolution: RES, seed: 1 });
const te = darcyDataset({ n: NTEST, resolution: RES, seed: 2 });
const genMs = performance.now() - t0;
// Normalise a to [-1, 1]-ish and u by its training scale (as the FNO code's unit Gaussian normaliser does).
const uScale = Math.sqrt(tr.u.reduce((s, v) => s + v * v, 0) / tr.u.length);
const T = (a, n, f) => tf.tensor4d(Float32Array.from(a, f), [n, RES, RES, 1]);
const fa = (v) => (v - 7.5) / 4.5;
const fu = (v) => v / uScale;
const xTr = T(tr.a, NTRAIN, fa);
const yTr = T(tr.u, NTRAIN, fu);
const xTe = T(te.a, NTEST, fa);
const yTe = T(te.u, NTEST, fu);
const model = fno2d({
  inChannels: 1,
  outChannels: 1,
  modes1: MODES,
  modes2: MODES,
  width: WIDTH,
  padding: PAD,
  seed: 0,
});
t0 = performance.now();
const budgetMs = MINUTES === undefined ? Number.POSITIVE_INFINITY : MINUTES * 60e3;
const timeLr = () => 0.5e-3 * (1 + Math.cos(Math.PI * Math.min(1, (performance.now() - t0) / budgetMs)));
const res = trainOperator(
  model,
  { inputs: xTr, targets: yTr },
  {
    epochs: EPOCHS,
    batchSize: BATCH,
    ...(MINUTES === undefined
      ? { learningRate: schedule(EPOCHS, 4), weightDecay: 1e-4 }
      : { optimizer: adam(() => timeLr(), { weightDecay: 1e-4 }) }),
    ...(EVAL_EVERY > 0 ? { test: { inputs: xTe, targets: yTe }, evalEvery: EVAL_EVERY } : {}),
    lossFn: "relativeL2",
    seed: 0,
    callbacks: {
      onEpochEnd: (e) => {
        if (e.epoch % 5 === 0 || e.testRelativeL2 !== undefined)
          console.log(
            `# epoch ${e.epoch} train relL2 ${e.loss.toFixed(4)}${e.testRelativeL2 === undefined ? "" : ` test ${e.testRelativeL2.toFixed(4)}`} lr ${(Number.isNaN(e.lr) ? timeLr() : e.lr).toExponential(2)} (${e.ms.toFixed(0)} ms)`,
          );
        return performance.now() - t0 < budgetMs;
      },
    },
  },
);
const trainMs = performance.now() - t0;
// Relative L2 is scale-invariant, so the normalised targets give the physical-unit error.
const m = evaluateOperator(model, xTe, yTe, { batchSize: 25 });
report({
  bench: BENCH,
  case: `fno2d-darcy-test-s${RES}`,
  metric: "relL2",
  ours: m.relativeL2,
  peer: 0.0108,
  extra: {
    peerName: "Li et al. 2021 (s=85, 1000 train, 500 epochs)",
    NTRAIN,
    NTEST,
    RES,
    EPOCHS: res.history.length,
    MINUTES,
    WIDTH,
    MODES,
    PAD,
    SCHEDULE,
    genMs,
    trainMs,
    status: res.status,
  },
});
