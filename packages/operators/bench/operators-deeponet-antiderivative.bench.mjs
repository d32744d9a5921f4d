// DeepONet on the antiderivative operator G(u)(y) = ∫_0^y u (Lu et al. 2021; published test relative L2 2.5e-3).
// Setting of the DeepXDE "antiderivative_aligned" example: u from a GRF with RBF length scale 0.2 on 100
// sensors, s on the same 100 points, unstacked DeepONet branch [100, 40, 40] / trunk [1, 40, 40] with ReLU
// (the trunk output activated), Glorot-normal weights, Adam lr 1e-3, full batch.
// Why the previous run stopped at 0.061: it took only 2000 Adam steps (500 functions, 200 epochs of 10
// minibatches) on an MSE loss. Measured here (2026-11-26, wasm, load ~20): with 150 functions and 1000 full-batch
// Adam steps the MSE loss gives test 0.076 and the relative-L2 loss 0.037; the error keeps falling slowly with
// steps (1000 functions, relative L2: 0.038 at 750 steps, 0.0185 at 3000), train ≈ test (no overfitting), so it
// is optimisation-limited. An L-BFGS phase on the same full-batch loss (`minimizeTree` of @continuum/optim)
// lowers it faster per second than more Adam steps (0.0185 → 0.0118 in 1500 iterations). tanh instead of ReLU
// stalled at 0.19 after 1300 Adam steps. Default run (1000 Adam + 12349 L-BFGS iterations, 19 min at load ~20):
// test relative L2 5.65e-3 (0.0121 / 0.0090 / 0.0078 / 0.0064 after 2500 / 5000 / 7500 / 10000 L-BFGS
// iterations), still falling: the 3e-3 target needs a longer budget than this machine gave.
// Quiet machine (2026-11-26): the same run ends at 5.26e-3 when L-BFGS stops making progress (14294 iterations,
// 8 min; restarting it with a fresh memory does not move it). ADAM_IT=8000 first (0.0116 after Adam, 201 s), then
// 18366 L-BFGS iterations with 3 restarts: 4.49e-3 in 8 min. Both still miss 3e-3.
// Here: relative-L2 loss, full batch, Adam for ADAM_IT steps (lr halved every quarter), then L-BFGS for up to
// LBFGS_IT iterations (0 disables it: Adam-only setting) within the wall-clock budget.
// Env: ACT (relu|tanh), NTRAIN (1000), NTEST (1000), ADAM_IT (1000), LR (1e-3), LBFGS_IT (20000),
// LOSS (relativeL2|mse), BUDGET_S (1140: the L-BFGS phase stops when the run has used this many seconds).
// Run: cd packages/operators && npx tsup && nice -n 10 node bench/operators-deeponet-antiderivative.bench.mjs
import { ready, tf } from "@continuum/core-tensor";
import { minimizeTree } from "@continuum/optim";
import { report } from "../../../bench/lib.mjs";
import {
  antiderivativeDataset,
  deeponet,
  evaluateOperator,
  mseLoss,
  relativeL2Loss,
  stepDecay,
  trainOperator,
} from "./helpers.mjs";

const BENCH = "operators-deeponet-antiderivative";
const env = (k, d) => (process.env[k] === undefined ? d : Number(process.env[k]));
const NTRAIN = env("NTRAIN", 1000);
const NTEST = env("NTEST", 1000);
const ADAM_IT = env("ADAM_IT", 1000);
const LBFGS_IT = env("LBFGS_IT", 20000);
const LR = env("LR", 1e-3);
const BUDGET_S = env("BUDGET_S", 1140); // wall-clock cap of the whole run (the L-BFGS phase stops at it)
const LOSS = process.env.LOSS ?? "relativeL2";
const ACT = process.env.ACT ?? "relu"; // DeepXDE example: relu; tanh gives a smooth loss for the L-BFGS phase
const M = 100;
await ready();
const tr = antiderivativeDataset({ n: NTRAIN, sensors: M, points: 100, seed: 1 });
const te = antiderivativeDataset({ n: NTEST, sensors: M, points: 100, seed: 2 });
const y = tf.tensor2d(Float32Array.from(tr.y), [100, 1]);
const net = deeponet({
  sensors: M,
  coordinates: 1,
  branch: [40],
  trunk: [40],
  latent: 40,
  activation: ACT,
  seed: 0,
});
const model = net.atPoints(y);
const T = (a, n, s) => tf.tensor2d(Float32Array.from(a), [n, s]);
const Xtr = T(tr.u, NTRAIN, M);
const Ytr = T(tr.s, NTRAIN, 100);
const Xte = T(te.u, NTEST, M);
const Yte = T(te.s, NTEST, 100);
const lossFn = LOSS === "mse" ? mseLoss : relativeL2Loss;
const t0 = performance.now();
const logEvery = Math.max(1, Math.round(ADAM_IT / 8));
const res = trainOperator(
  model,
  { inputs: Xtr, targets: Ytr },
  {
    epochs: ADAM_IT,
    batchSize: NTRAIN, // full batch: one epoch = one Adam step
    learningRate: stepDecay(LR, Math.max(1, Math.round(ADAM_IT / 4)), 0.5),
    lossFn,
    seed: 0,
    callbacks: {
      onEpochEnd: (e) => {
        if ((e.epoch + 1) % logEvery === 0)
          console.log(
            `# adam ${e.epoch + 1} train ${e.loss.toExponential(3)} test ${evaluateOperator(model, Xte, Yte).relativeL2.toExponential(3)} ${((performance.now() - t0) / 1000).toFixed(0)}s`,
          );
      },
    },
  },
);
const adamMs = performance.now() - t0;
const adamTest = evaluateOperator(model, Xte, Yte);
report({
  bench: BENCH,
  case: `deeponet-antiderivative-adam${ADAM_IT}`,
  metric: "relL2",
  ours: adamTest.relativeL2,
  peer: 2.5e-3,
  extra: {
    peerName: "Lu et al. 2021",
    ACT,
    NTRAIN,
    NTEST,
    LOSS,
    adamSteps: ADAM_IT,
    trainMs: adamMs,
    status: res.status,
  },
});
if (LBFGS_IT > 0) {
  const t1 = performance.now();
  let it = 0;
  let nfev = 0;
  let restarts = 0;
  const overBudget = () => (performance.now() - t0) / 1000 > BUDGET_S;
  // L-BFGS stops when a line search can no longer reduce f (float32 loss); restarting from the current point
  // with a fresh memory keeps it going, as long as the budget and the iteration cap allow.
  let r;
  do {
    r = minimizeTree((p) => lossFn(model.apply(p, Xtr), Ytr), model.params, {
      maxIter: LBFGS_IT - it,
      maxFev: Math.round((LBFGS_IT - it) * 1.5),
      ftol: 0,
      m: 20,
      callback: (_x, f) => {
        it++;
        if (overBudget()) return true;
        if (it % Math.max(1, Math.round(LBFGS_IT / 8)) === 0)
          console.log(
            `# lbfgs ${it} train ${f.toExponential(3)} test ${evaluateOperator(model, Xte, Yte).relativeL2.toExponential(3)} ${((performance.now() - t0) / 1000).toFixed(0)}s`,
          );
      },
    });
    nfev += r.nfev;
    if (!overBudget() && it < LBFGS_IT) {
      restarts++;
      console.log(`# lbfgs restart ${restarts} after ${it} iterations: ${r.message}`);
    }
  } while (!overBudget() && it < LBFGS_IT && r.nit >= 10);
  const m = evaluateOperator(model, Xte, Yte);
  report({
    bench: BENCH,
    case: `deeponet-antiderivative-adam${ADAM_IT}+lbfgs`,
    metric: "relL2",
    ours: m.relativeL2,
    peer: 2.5e-3,
    extra: {
      peerName: "Lu et al. 2021",
      ACT,
      NTRAIN,
      NTEST,
      LOSS,
      adamSteps: ADAM_IT,
      lbfgsIterations: it,
      lbfgsEvaluations: nfev,
      lbfgsRestarts: restarts,
      lbfgsMessage: r.message,
      trainMs: adamMs + (performance.now() - t1),
    },
  });
}
