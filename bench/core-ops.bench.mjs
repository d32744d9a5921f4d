// Core tensor ops side by side with PyTorch CPU (1 thread, bench/peers/core_ops.py): matmul 2048x50x50,
// tanh on 1e5 elements, and one Burgers PINN training step (N=2048, 4x50 tanh MLP, residual
// u_t + u u_x − ν u_xx by nested grads, Adam written inline with tf ops since @continuum/optim is in progress).
// Ratios are ours / PyTorch (above 1 = slower). The Taylor-mode variant of the step is reported as an extra case.
// Run: cd packages/core-tensor && npx tsup && cd ../.. && npm run bench -- core-ops
import { join } from "node:path";
import {
  grad,
  jetMlp,
  mlp,
  prng,
  ready,
  tf,
  treeDispose,
  treeLeaves,
  valueAndGrad,
} from "../packages/core-tensor/dist/index.js";
import { report, runPeer, timeit } from "./lib.mjs";

const info = await ready();
const peer = runPeer(join(new URL(".", import.meta.url).pathname, "peers", "core_ops.py"), [], {
  modules: ["torch"],
});
const peerOf = (k) => (peer ? peer[k] : null);
const extra = {
  backend: info.name,
  peerVersion: peer ? `torch ${peer.torch}, ${peer.threads} thread` : "unavailable",
};

const rng = prng(0);
const A = rng.normal([2048, 50]);
const B = rng.normal([50, 50]);
const X = rng.normal([100000]);
const sync = (fn) => () => {
  const t = fn();
  t.dataSync();
  t.dispose();
};
const mm = await timeit(
  sync(() => tf.matMul(A, B)),
  { reps: 50, warmup: 5 },
);
report({
  bench: "core-ops",
  case: "matmul 2048x50x50",
  metric: "ms",
  ours: mm,
  peer: peerOf("matmul 2048x50x50"),
  extra,
});
const th = await timeit(
  sync(() => tf.tanh(X)),
  { reps: 50, warmup: 5 },
);
report({ bench: "core-ops", case: "tanh 1e5", metric: "ms", ours: th, peer: peerOf("tanh 1e5"), extra });

// Burgers PINN step.
const N = 2048;
const nu = 0.01 / Math.PI;
const net = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, activation: "tanh", seed: 0 });
const xt = prng(1).uniform([N, 2], { min: -1, max: 1 });
const ex = tf.tile(tf.tensor2d([[1, 0]]), [N, 1]);
const et = tf.tile(tf.tensor2d([[0, 1]]), [N, 1]);
const leaves = treeLeaves(net.params);
const m = leaves.map((p) => tf.variable(tf.zerosLike(p)));
const v = leaves.map((p) => tf.variable(tf.zerosLike(p)));
let t = 0;
const lr = 1e-3;
const b1 = 0.9;
const b2 = 0.999;
const eps = 1e-8;

const lossNested = (p) => {
  const u = (z) => net.apply(p, z);
  const g = grad((z) => tf.sum(u(z)))(xt);
  const ux = tf.slice(g, [0, 0], [-1, 1]);
  const ut = tf.slice(g, [0, 1], [-1, 1]);
  const uxx = tf.slice(
    grad((z) => tf.sum(tf.slice(grad((w) => tf.sum(u(w)))(z), [0, 0], [-1, 1])))(xt),
    [0, 0],
    [-1, 1],
  );
  return tf.mean(tf.square(tf.sub(tf.add(ut, tf.mul(u(xt), ux)), tf.mul(nu, uxx))));
};
const lossJet = (p) => {
  const { value: u, derivatives } = jetMlp(net, p, xt, [ex, et], [2, 1]);
  const [[ux, uxx], [ut]] = derivatives;
  return tf.mean(tf.square(tf.sub(tf.add(ut, tf.mul(u, ux)), tf.mul(nu, uxx))));
};
function adamStep(loss) {
  t++;
  const value = tf.tidy(() => {
    const { value: l, grad: gt } = valueAndGrad(loss)(net.params);
    const g = treeLeaves(gt);
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    leaves.forEach((p, i) => {
      m[i].assign(tf.add(tf.mul(m[i], b1), tf.mul(g[i], 1 - b1)));
      v[i].assign(tf.add(tf.mul(v[i], b2), tf.mul(tf.square(g[i]), 1 - b2)));
      p.assign(tf.sub(p, tf.div(tf.mul(tf.div(m[i], c1), lr), tf.add(tf.sqrt(tf.div(v[i], c2)), eps))));
    });
    return l;
  });
  const out = value.dataSync()[0];
  value.dispose();
  return out;
}
const stepNested = await timeit(() => adamStep(lossNested), { reps: 7, warmup: 2 });
const key = "Burgers PINN Adam step (N=2048, 4x50 tanh)";
report({
  bench: "core-ops",
  case: `${key}, nested grads`,
  metric: "ms",
  ours: stepNested,
  peer: peerOf(key),
  extra,
});
const stepJet = await timeit(() => adamStep(lossJet), { reps: 7, warmup: 2 });
report({
  bench: "core-ops",
  case: `${key}, Taylor-mode jet`,
  metric: "ms",
  ours: stepJet,
  peer: peerOf(key),
  extra,
});
treeDispose(net.params);
tf.dispose([A, B, X, xt, ex, et, ...m, ...v]);
