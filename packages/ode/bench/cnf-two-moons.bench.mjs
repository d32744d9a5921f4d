// Continuous normalising flow (FFJORD-style, exact trace) trained on 2-D two-moons: test negative
// log-likelihood (nats) against two baselines computed in the same run: the best single Gaussian fit
// and the standard normal base. Settings via env: CNF_ITERS, CNF_BATCH, CNF_STEPS, CNF_MINUTES (wall-time cap of
// the training; the report names the iterations reached).
import { mlp, prng, ready, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { cnf } from "@continuum/ode";
import { adam, applyUpdates } from "@continuum/optim";
import { report } from "../../../bench/lib.mjs";

const ITERS = Number(process.env.CNF_ITERS ?? 150);
const BATCH = Number(process.env.CNF_BATCH ?? 128);
const STEPS = Number(process.env.CNF_STEPS ?? 6);
const MINUTES = Number(process.env.CNF_MINUTES ?? 20);

function twoMoons(n, rng) {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const upper = i % 2 === 0;
    const a = Math.PI * rng.nextDouble();
    const x = upper ? Math.cos(a) : 1 - Math.cos(a);
    const y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
    // Centre and scale to roughly unit variance, plus the usual 0.05-scale noise.
    out[2 * i] = (x - 0.5) / 0.87 + 0.1 * rng.nextNormal();
    out[2 * i + 1] = (y - 0.25) / 0.5 + 0.1 * rng.nextNormal();
  }
  return tf.tensor2d(out, [n, 2]);
}

await ready();
const rng = prng(0);
const net = mlp({ inputs: 3, hidden: [64, 64], outputs: 2, activation: "tanh", seed: 1 });
const field = (t, x, p) => net.apply(p, tf.concat([x, tf.fill([x.shape[0], 1], t)], 1));
const flow = cnf(field, { dim: 2, method: "rk4", dt0: 1 / STEPS });
const opt = adam(3e-3);
let state = opt.init(net.params);
const test = twoMoons(2000, prng(99));

function nll(x) {
  return tf.tidy(() => -tf.mean(flow.logProb(x, net.params)).dataSync()[0]);
}
// Baselines: the Gaussian with the test set's own mean and covariance, and N(0, I).
function gaussianNll(x) {
  const a = x.arraySync();
  const m = [0, 1].map((j) => a.reduce((s, r) => s + r[j], 0) / a.length);
  const c = [0, 1].map((i) =>
    [0, 1].map((j) => a.reduce((s, r) => s + (r[i] - m[i]) * (r[j] - m[j]), 0) / a.length),
  );
  const det = c[0][0] * c[1][1] - c[0][1] * c[1][0];
  let q = 0;
  for (const r of a) {
    const d0 = r[0] - m[0];
    const d1 = r[1] - m[1];
    q += (c[1][1] * d0 * d0 - 2 * c[0][1] * d0 * d1 + c[0][0] * d1 * d1) / det;
  }
  return Math.log(2 * Math.PI) + 0.5 * Math.log(det) + (0.5 * q) / a.length;
}
const stdNormal = tf.tidy(
  () => tf.mean(tf.add(tf.mul(tf.sum(tf.square(test), 1), 0.5), Math.log(2 * Math.PI))).dataSync()[0],
);

const t0 = performance.now();
let iters = 0;
for (let it = 0; it < ITERS && (performance.now() - t0) / 60000 < MINUTES; it++) {
  iters = it + 1;
  const x = twoMoons(BATCH, rng);
  const { value, grad } = valueAndGrad((p) => tf.neg(tf.mean(flow.logProb(x, p))))(net.params);
  const { updates, state: s } = opt.update(grad, state, net.params);
  state = s;
  applyUpdates(net.params, updates);
  if (it % 25 === 0) console.log(`# iter ${it} train NLL ${value.dataSync()[0].toFixed(3)}`);
  tf.dispose([value, x]);
  treeDispose(grad);
  treeDispose(updates);
}
const seconds = (performance.now() - t0) / 1000;
const testNll = nll(test);
report({
  bench: "cnf-two-moons",
  case: `test NLL after ${iters} iterations (batch ${BATCH}, rk4 ${STEPS} steps)`,
  metric: "nats",
  ours: testNll,
  peer: gaussianNll(test),
  extra: {
    peerCase: "best single Gaussian",
    standardNormal: stdNormal,
    trainSeconds: seconds,
    msPerIteration: (1000 * seconds) / iters,
  },
});
