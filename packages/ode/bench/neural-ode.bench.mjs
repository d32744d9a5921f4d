// Neural ODE on the torchdiffeq spiral: time per training iteration (RK4 fixed step, backprop and adjoint)
// side by side with the same model in PyTorch (peers/neural_ode_spiral.py), final MSE, and the memory held by
// the tape for 100 and 1000 steps.
import { mlp, prng, ready, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { odeint } from "@continuum/ode";
import { applyUpdates, rmsprop } from "@continuum/optim";
import { report, runPeer, timeit } from "../../../bench/lib.mjs";

const ITERS = Number(process.env.NEURAL_ODE_ITERS ?? 300);
const BATCH = 20;
const SEG = 10;
const NT = 1000;
const T_END = 25;
const H = T_END / (NT - 1); // one RK4 step per sample interval
const A = [
  [-0.1, 2.0],
  [-2.0, -0.1],
];

// True trajectory in float64 (RK4 with 10 substeps per sample interval).
function truth() {
  const f = ([x, y]) => {
    const a = x ** 3;
    const b = y ** 3;
    return [a * A[0][0] + b * A[1][0], a * A[0][1] + b * A[1][1]];
  };
  const ys = [[2, 0]];
  let y = [2, 0];
  const dt = T_END / (NT - 1) / 10;
  for (let i = 1; i < NT; i++) {
    for (let k = 0; k < 10; k++) {
      const k1 = f(y);
      const k2 = f(y.map((v, j) => v + (dt / 2) * k1[j]));
      const k3 = f(y.map((v, j) => v + (dt / 2) * k2[j]));
      const k4 = f(y.map((v, j) => v + dt * k3[j]));
      y = y.map((v, j) => v + (dt / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]));
    }
    ys.push(y);
  }
  return ys;
}

await ready();
const data = truth();
const dtSample = T_END / (NT - 1);
const net = mlp({ inputs: 2, hidden: [50], outputs: 2, activation: "tanh", seed: 0 });
const field = (_t, y, p) => net.apply(p, tf.pow(y, 3));
const ts = Array.from({ length: SEG }, (_, i) => i * dtSample);
const rng = prng(0);

function batch() {
  const starts = Array.from({ length: BATCH }, () => rng.int(0, NT - SEG));
  const y0 = tf.tensor2d(starts.map((s) => data[s]));
  const target = tf.tensor3d(ts.map((_, i) => starts.map((s) => data[s + i])));
  return { y0, target };
}

function trainer(adjoint) {
  const opt = rmsprop(1e-3);
  let state = opt.init(net.params);
  return () => {
    const { y0, target } = batch();
    const { value, grad } = valueAndGrad((p) => {
      const pred = odeint(field, y0, ts, { params: p, method: "rk4", dt0: H, adjoint });
      return tf.mean(tf.abs(tf.sub(pred, target)));
    })(net.params);
    const { updates, state: s } = opt.update(grad, state, net.params);
    state = s;
    applyUpdates(net.params, updates);
    const loss = value.dataSync()[0];
    tf.dispose([value, y0, target]);
    treeDispose(grad);
    treeDispose(updates);
    return loss;
  };
}

const stepBackprop = trainer(false);
const msBackprop = await timeit(stepBackprop, { reps: 10, warmup: 2 });
const stepAdjoint = trainer(true);
const msAdjoint = await timeit(stepAdjoint, { reps: 10, warmup: 2 });
const t0 = performance.now();
for (let i = 0; i < ITERS; i++) stepBackprop();
const trainSeconds = (performance.now() - t0) / 1000;
// Final MSE over the whole trajectory from y(0).
const pred = odeint(
  field,
  tf.tensor2d([[2, 0]]),
  Array.from({ length: NT }, (_, i) => i * dtSample),
  { params: net.params, method: "rk4", dt0: H },
);
const predArr = pred.arraySync();
let mse = 0;
for (let i = 0; i < NT; i++)
  mse += ((predArr[i][0][0] - data[i][0]) ** 2 + (predArr[i][0][1] - data[i][1]) ** 2) / 2;
mse /= NT;
pred.dispose();

function tapeBytes(adjoint, steps) {
  const y0 = tf.ones([BATCH, 2]);
  let bytes = 0;
  const base = tf.memory().numBytes;
  const r = valueAndGrad((p) => {
    const ys = odeint(field, y0, [0, steps * 0.01], { params: p, adjoint, method: "rk4", dt0: 0.01 });
    bytes = tf.memory().numBytes - base;
    return tf.sum(ys);
  })(net.params);
  tf.dispose([r.value, y0]);
  treeDispose(r.grad);
  return bytes;
}

const peer = runPeer(new URL("./peers/neural_ode_spiral.py", import.meta.url).pathname, [], {
  modules: ["torch"],
});
report({
  bench: "neural-ode",
  case: "spiral iteration, rk4 backprop",
  metric: "ms",
  ours: msBackprop,
  peer: peer?.ms_backprop ?? null,
});
report({
  bench: "neural-ode",
  case: "spiral iteration, rk4 adjoint",
  metric: "ms",
  ours: msAdjoint,
  peer: peer?.ms_backprop ?? null,
  extra: { peerCase: "torch backprop (no adjoint in plain torch)" },
});
report({
  bench: "neural-ode",
  case: `spiral final MSE after ${ITERS} iterations`,
  metric: "mse",
  ours: mse,
  peer: null,
  extra: { trainSeconds },
});
for (const steps of [100, 1000]) {
  report({
    bench: "neural-ode",
    case: `tape memory, ${steps} steps`,
    metric: "bytes",
    ours: tapeBytes(true, steps),
    peer: tapeBytes(false, steps),
    extra: { oursMode: "adjoint", peerMode: "backprop" },
  });
}
