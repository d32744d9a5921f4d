// Taylor-mode jet vs nested reverse-mode grads for a PINN residual's derivatives (u, u_x, u_xx, u_t) of a
// 4x50 tanh MLP at N=2048 collocation points, on the backend ready() picks (wasm here). Also the training-step
// form (gradient of the Burgers residual loss w.r.t. the parameters through each path).
// Run: cd packages/core-tensor && npx tsup && cd ../.. && npm run bench -- jet
import {
  grad,
  jetMlp,
  mlp,
  prng,
  ready,
  tf,
  treeDispose,
  treeLeaves,
} from "../packages/core-tensor/dist/index.js";
import { report, timeit } from "./lib.mjs";

const info = await ready();
const N = 2048;
const net = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, activation: "tanh", seed: 0 });
const xt = prng(1).uniform([N, 2], { min: -1, max: 1 });
const ex = tf.tile(tf.tensor2d([[1, 0]]), [N, 1]);
const et = tf.tile(tf.tensor2d([[0, 1]]), [N, 1]);
const nu = 0.01 / Math.PI;

function viaJet(p) {
  const { value: u, derivatives } = jetMlp(net, p, xt, [ex, et], [2, 1]);
  const [[ux, uxx], [ut]] = derivatives;
  return { u, ux, uxx, ut };
}
function viaNested(p) {
  return tf.tidy(() => {
    const u = (z) => net.apply(p, z);
    const g = grad((z) => tf.sum(u(z)))(xt);
    const ux = tf.slice(g, [0, 0], [-1, 1]);
    const ut = tf.slice(g, [0, 1], [-1, 1]);
    const gxx = grad((z) => tf.sum(tf.slice(grad((w) => tf.sum(u(w)))(z), [0, 0], [-1, 1])))(xt);
    return { u: u(xt), ux, uxx: tf.slice(gxx, [0, 0], [-1, 1]), ut };
  });
}
const residualLoss = (d) => tf.mean(tf.square(tf.sub(tf.add(d.ut, tf.mul(d.u, d.ux)), tf.mul(nu, d.uxx))));

// Agreement first (float32, both paths).
const a = viaJet(net.params);
const b = viaNested(net.params);
let maxDiff = 0;
for (const k of ["u", "ux", "uxx", "ut"]) {
  const da = a[k].dataSync();
  const db = b[k].dataSync();
  for (let i = 0; i < da.length; i++) maxDiff = Math.max(maxDiff, Math.abs(da[i] - db[i]));
}
tf.dispose([...Object.values(a), ...Object.values(b)]);

const run = (fn) => () => {
  const out = tf.tidy(() => {
    const r = fn();
    return Array.isArray(r) ? r : Object.values(r);
  });
  for (const t of out) t.dataSync();
  tf.dispose(out);
};
const reps = { reps: 7, warmup: 2 };
const tJet = await timeit(
  run(() => viaJet(net.params)),
  reps,
);
const tNested = await timeit(
  run(() => viaNested(net.params)),
  reps,
);
const stepJet = await timeit(
  run(() => treeLeaves(grad((p) => residualLoss(viaJet(p)))(net.params))),
  reps,
);
const stepNested = await timeit(
  run(() => treeLeaves(grad((p) => residualLoss(viaNested(p)))(net.params))),
  reps,
);
const extra = { backend: info.name, N, net: "4x50 tanh", maxAbsDiff: maxDiff };
// "peer" here is the nested-grad path: ratio = jet / nested (below 1 means jet is faster); speedup = nested / jet.
report({
  bench: "jet",
  case: "derivatives u,u_x,u_xx,u_t",
  metric: "ms",
  ours: tJet,
  peer: tNested,
  extra: { ...extra, speedup: tNested / tJet },
});
report({
  bench: "jet",
  case: "Burgers loss + param gradient",
  metric: "ms",
  ours: stepJet,
  peer: stepNested,
  extra: { ...extra, speedup: stepNested / stepJet },
});
treeDispose(net.params);
tf.dispose([xt, ex, et]);
