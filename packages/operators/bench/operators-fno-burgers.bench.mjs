// FNO1d on the FNO Burgers problem (nu = 0.1, T = 1, u0 ~ N(0, 625(-Δ+25)^-2)), data from our ETDRK4 solver.
// Published: Li et al. 2021, FNO relative L2 0.0149 (1000 train / 200 test, s = 1024, 500 epochs).
// The defaults here are a bounded-time version (minutes on a 2-core machine): override with env vars
// NTRAIN, NTEST, RES, EPOCHS, WIDTH, MODES, BATCH. The super-resolution case evaluates the same model on the
// test functions sampled at 2·RES.
// The issue's setting (2026-11-26, 2-core machine shared with a second training run, 1 thread):
//   THREADS=1 NTRAIN=1000 NTEST=200 RES=1024 WIDTH=64 MODES=16 EPOCHS=60 SCHEDULE=cosine EVAL_EVERY=10
// gave test relative L2 1.99e-3 at s = 1024 and 1.99e-3 at s = 2048 (train 1.24e-3) after 60 epochs (25 min of
// training, 7 min of data generation). The learning rate decays from 1e-3 to 0 on a cosine: the test error is noisy
// (0.05–0.4) while the rate is high and falls as it anneals; the paper's halving every 100 of 500 epochs
// (SCHEDULE=step, compressed to EPOCHS) anneals too late for a short budget.
// Run: cd packages/operators && npx tsup && node bench/operators-fno-burgers.bench.mjs   (or `npm run bench -- operators-fno-burgers`)
import { tf } from "@continuum/core-tensor";
import { report } from "../../../bench/lib.mjs";
import {
  burgersDataset,
  evaluateOperator,
  fno1d,
  fnoRunSettings,
  superResolution,
  trainOperator,
} from "./helpers.mjs";

const BENCH = "operators-fno-burgers";
const env = (k, d) => Number(process.env[k] ?? d);
const NTRAIN = env("NTRAIN", 200);
const NTEST = env("NTEST", 50);
const RES = env("RES", 256);
const EPOCHS = env("EPOCHS", 60);
const WIDTH = env("WIDTH", 32);
const MODES = env("MODES", 16);
const BATCH = env("BATCH", 20);
// THREADS, EVAL_EVERY, SCHEDULE: see fnoRunSettings in helpers.mjs.
const { evalEvery: EVAL_EVERY, scheduleName: SCHEDULE, schedule } = await fnoRunSettings();

let t0 = performance.now();
const train = burgersDataset({ n: NTRAIN, resolution: RES, seed: 1 });
const test = burgersDataset({ n: NTEST, resolution: 2 * RES, seed: 2 });
const genMs = performance.now() - t0;
const toT = (a, n, s) => tf.tensor3d(Float32Array.from(a), [n, s, 1]);
const xTrain = toT(train.u0, NTRAIN, RES);
const yTrain = toT(train.uT, NTRAIN, RES);
const xTest = toT(test.u0, NTEST, 2 * RES);
const yTest = toT(test.uT, NTEST, 2 * RES);

// The test functions at the training resolution (every other point of the 2·RES samples), for EVAL_EVERY.
const sub = (t) => tf.tidy(() => tf.stridedSlice(t, [0, 0, 0], t.shape, [1, 2, 1]));
const xTestS = EVAL_EVERY > 0 ? sub(xTest) : undefined;
const yTestS = EVAL_EVERY > 0 ? sub(yTest) : undefined;
const model = fno1d({ inChannels: 1, outChannels: 1, modes: MODES, width: WIDTH, layers: 4, seed: 0 });
t0 = performance.now();
const res = trainOperator(
  model,
  { inputs: xTrain, targets: yTrain },
  {
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: schedule(EPOCHS, 5),
    ...(EVAL_EVERY > 0 ? { test: { inputs: xTestS, targets: yTestS }, evalEvery: EVAL_EVERY } : {}),
    weightDecay: 1e-4,
    lossFn: "relativeL2",
    seed: 0,
    callbacks: {
      onEpochEnd: (e) => {
        if (e.epoch % 10 === 0 || e.epoch === EPOCHS - 1 || e.testRelativeL2 !== undefined)
          console.log(
            `# epoch ${e.epoch} train relL2 ${e.loss.toFixed(4)}${e.testRelativeL2 === undefined ? "" : ` test ${e.testRelativeL2.toFixed(4)}`} lr ${e.lr.toExponential(2)} (${e.ms.toFixed(0)} ms)`,
          );
      },
    },
  },
);
const trainMs = performance.now() - t0;
const sr = superResolution(model, { inputs: xTest, targets: yTest }, { strides: [2, 1], batchSize: 25 });
const trainErr = evaluateOperator(model, xTrain, yTrain).relativeL2;
const config = {
  NTRAIN,
  NTEST,
  RES,
  EPOCHS,
  WIDTH,
  MODES,
  BATCH,
  SCHEDULE,
  status: res.status,
  genMs,
  trainMs,
  trainErr,
};
report({
  bench: BENCH,
  case: `fno1d-burgers-test-s${RES}`,
  metric: "relL2",
  ours: sr[0].relativeL2,
  peer: 0.0149,
  extra: { peerName: "Li et al. 2021 (1000 train, s=1024, 500 epochs)", ...config },
});
report({
  bench: BENCH,
  case: `fno1d-burgers-superres-s${2 * RES}`,
  metric: "relL2",
  ours: sr[1].relativeL2,
  peer: sr[0].relativeL2,
  extra: { peerName: `same model at s=${RES}`, ...config },
});
