// The torchdiffeq ode_demo spiral (examples/ode_demo.py) trained to convergence: true dynamics
// dy/dt = (y³) A, A = [[-0.1, 2], [-2, -0.1]], y0 = (2, 0), t ∈ [0, 25] at 1000 points; an MLP 2-50-2 (tanh) on y³
// with N(0, 0.1) weights and zero biases; batches of 20 random 10-point windows; RMSprop(1e-3); loss
// mean |pred − y|. ode_demo integrates with dopri5; here both sides use RK4 with one step per sample interval
// (h = 25/999), so the per-iteration times compare the same arithmetic. Reports the whole-trajectory MSE
// (from y(0) over all 1000 points) against iterations, the per-iteration time against the PyTorch peer
// (peers/neural_ode_spiral.py, run right after ours), as wall time with the load average and as CPU time of
// each process (the fairer figure on a shared machine).
// env: SPIRAL_MODE=backprop|adjoint (default backprop), SPIRAL_ITERS (max, default 2000),
//      SPIRAL_MINUTES (wall-time cap of the training, default 18), SPIRAL_EVAL (eval period, default 100),
//      SPIRAL_TARGET (stop once the whole-trajectory MSE is below, default 0.01),
//      SPIRAL_FINE (extra iterations at lr 1e-4 after SPIRAL_ITERS, default 0: ode_demo keeps 1e-3 throughout;
//      the constant rate leaves the whole-trajectory MSE jumping between ~0.03 and ~0.3).
import { loadavg } from "node:os";
import { mlp, prng, ready, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { odeint, solveIvp } from "@continuum/ode";
import { applyUpdates, rmsprop } from "@continuum/optim";
import { report, runPeer } from "../../../bench/lib.mjs";

const MODE = process.env.SPIRAL_MODE ?? "backprop";
const MAX_ITERS = Number(process.env.SPIRAL_ITERS ?? 2000);
const MINUTES = Number(process.env.SPIRAL_MINUTES ?? 18);
const EVAL = Number(process.env.SPIRAL_EVAL ?? 100);
const TARGET = Number(process.env.SPIRAL_TARGET ?? 0.01);
const FINE = Number(process.env.SPIRAL_FINE ?? 0);
const NT = 1000;
const T_END = 25;
const BATCH = 20;
const SEG = 10;
const H = T_END / (NT - 1);
const A = [
  [-0.1, 2.0],
  [-2.0, -0.1],
];

await ready();
// Truth: the float64 DOP853 solver at rtol 1e-11 (independent of the tensor code under test).
const tGrid = Array.from({ length: NT }, (_, i) => i * H);
const sol = solveIvp(
  (_t, y, d) => {
    const a = y[0] ** 3;
    const b = y[1] ** 3;
    d[0] = a * A[0][0] + b * A[1][0];
    d[1] = a * A[0][1] + b * A[1][1];
  },
  [0, T_END],
  [2, 0],
  { method: "DOP853", rtol: 1e-11, atol: 1e-13, tEval: tGrid },
);
const data = sol.y.map((v) => [v[0], v[1]]);

// torchdiffeq's ODEFunc init: weights N(0, 0.1), biases 0.
const initRng = prng(0);
const net = mlp({
  inputs: 2,
  hidden: [50],
  outputs: 2,
  activation: "tanh",
  init: (fanIn, fanOut) => initRng.normal([fanIn, fanOut], { std: 0.1 }),
});
const field = (_t, y, p) => net.apply(p, tf.pow(y, 3));
const ts = Array.from({ length: SEG }, (_, i) => i * H);
const rng = prng(1);
const opt = rmsprop((count) => (count < MAX_ITERS ? 1e-3 : 1e-4));
let state = opt.init(net.params);
const adjoint = MODE === "adjoint";

function step() {
  const starts = Array.from({ length: BATCH }, () => rng.int(0, NT - SEG));
  const y0 = tf.tensor2d(starts.map((s) => data[s]));
  const target = tf.tensor3d(ts.map((_, i) => starts.map((s) => data[s + i])));
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
}

function wholeTrajectory() {
  const pred = tf.tidy(() =>
    odeint(field, tf.tensor2d([data[0]]), tGrid, { params: net.params, method: "rk4", dt0: H }),
  );
  const p = pred.dataSync();
  pred.dispose();
  let mse = 0;
  let mae = 0;
  for (let i = 0; i < NT; i++) {
    for (let j = 0; j < 2; j++) {
      mse += (p[2 * i + j] - data[i][j]) ** 2;
      mae += Math.abs(p[2 * i + j] - data[i][j]);
    }
  }
  return { mse: mse / (2 * NT), mae: mae / (2 * NT) };
}

const load0 = loadavg()[0];
const start = performance.now();
const iterMs = [];
const iterCpuMs = []; // CPU time of this process: robust to the machine's load, unlike wall time
const curve = [];
let it = 0;
let last = wholeTrajectory();
curve.push({ it: 0, ...last });
while (it < MAX_ITERS + FINE && (performance.now() - start) / 60000 < MINUTES) {
  const t = performance.now();
  const c = process.cpuUsage();
  step();
  iterMs.push(performance.now() - t);
  const dc = process.cpuUsage(c);
  iterCpuMs.push((dc.user + dc.system) / 1000);
  it++;
  if (it % EVAL === 0) {
    last = wholeTrajectory();
    curve.push({ it, ...last });
    console.log(
      `# ${MODE} iter ${it}: whole-trajectory MSE ${last.mse.toExponential(3)}, MAE ${last.mae.toExponential(3)}, median ${median(iterMs).toFixed(1)} ms/iter, load ${loadavg()[0].toFixed(1)}`,
    );
    if (last.mse < TARGET && FINE === 0) break;
  }
}
if (it % EVAL !== 0) {
  last = wholeTrajectory();
  curve.push({ it, ...last });
}
const trainSeconds = (performance.now() - start) / 1000;
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const oursMs = median(iterMs);
const load1 = loadavg()[0];
// The peer: same model, data sizes, optimiser and RK4 arithmetic in PyTorch (1 thread), same number of iterations.
const peer = runPeer(
  new URL("./peers/neural_ode_spiral.py", import.meta.url).pathname,
  [String(Math.min(it, MAX_ITERS)), String(Math.max(0, it - MAX_ITERS))],
  {
    modules: ["torch"],
    timeoutMs: 3_600_000,
  },
);
const load2 = loadavg()[0];
report({
  bench: `neural-ode-spiral-${MODE}`,
  case: `ms per iteration (rk4, ${MODE}) vs torch backprop`,
  metric: "ms",
  ours: oursMs,
  peer: peer?.ms_iter ?? null,
  extra: { load: [load0, load1, load2], iterations: it },
});
report({
  bench: `neural-ode-spiral-${MODE}`,
  case: `CPU ms per iteration (rk4, ${MODE}) vs torch backprop`,
  metric: "cpu-ms",
  ours: median(iterCpuMs),
  peer: peer?.cpu_ms_iter ?? null,
  extra: { iterations: it },
});
report({
  bench: `neural-ode-spiral-${MODE}`,
  case: `whole-trajectory MSE after ${it} iterations (${MODE}${FINE ? `, last ${it - MAX_ITERS} at lr 1e-4` : ""})`,
  metric: "mse",
  ours: last.mse,
  peer: peer?.mse ?? null,
  extra: { oursMae: last.mae, peerMae: peer?.mae ?? null, trainSeconds, curve },
});
