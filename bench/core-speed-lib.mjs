// Shared pieces of bench/core-speed-*.bench.mjs: an Adam step written with tf ops (the same update as
// torch.optim.Adam, lr 1e-3, betas 0.9/0.999, eps 1e-8), the Burgers residual loss by each derivative path, and
// a persistent PyTorch peer so that its steps alternate with ours under the same machine load.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  grad,
  jetMlp,
  setFastWasmKernels,
  setFmaKernels,
  setFusedJet,
  tf,
  treeLeaves,
  valueAndGrad,
} from "../packages/core-tensor/dist/index.js";
import { PEER_PYTHON, peerEnv } from "./lib.mjs";

export const NU = 0.01 / Math.PI;

/** Stateful Adam over a module's parameter leaves; step(lossFn) returns the loss value (one host read). */
export function adam(params, { lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8 } = {}) {
  const leaves = treeLeaves(params);
  const m = leaves.map((p) => tf.variable(tf.zerosLike(p)));
  const v = leaves.map((p) => tf.variable(tf.zerosLike(p)));
  let t = 0;
  return {
    step(loss) {
      t++;
      const value = tf.tidy(() => {
        const { value: l, grad: gt } = valueAndGrad(loss)(params);
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
    },
    dispose() {
      tf.dispose([...m, ...v]);
    },
  };
}

const residual = (u, ux, uxx, ut) => tf.mean(tf.square(tf.sub(tf.add(ut, tf.mul(u, ux)), tf.mul(NU, uxx))));

/** Burgers residual loss through nested reverse-mode grads (what the PyTorch peer does). */
export function burgersNested(net, xt) {
  return (p) => {
    const u = (z) => net.apply(p, z);
    const g = grad((z) => tf.sum(u(z)))(xt);
    const ux = tf.slice(g, [0, 0], [-1, 1]);
    const ut = tf.slice(g, [0, 1], [-1, 1]);
    const uxx = tf.slice(
      grad((z) => tf.sum(tf.slice(grad((w) => tf.sum(u(w)))(z), [0, 0], [-1, 1])))(xt),
      [0, 0],
      [-1, 1],
    );
    return residual(u(xt), ux, uxx, ut);
  };
}

/** Burgers residual loss through Taylor mode (jetMlp: fused kernels when enabled, generic jetOps otherwise). */
export function burgersJet(net, xt, ex, et) {
  return (p) => {
    const { value: u, derivatives } = jetMlp(net, p, xt, [ex, et], [2, 1]);
    const [[ux, uxx], [ut]] = derivatives;
    return residual(u, ux, uxx, ut);
  };
}

/** Switch the fast WASM kernels and the fused jet path (restored to both on by the benches when done). */
export function useVariant({ fastKernels, fused, fma = true }) {
  setFastWasmKernels(fastKernels);
  setFusedJet(fused);
  setFmaKernels(fma);
}

/**
 * A persistent PyTorch peer (`core_speed.py --serve`): `await peer.step(spec)` runs 3 steps of that case in
 * Python (median ms), so peer and ours can alternate under the same machine load. Null when torch is missing.
 */
export async function startPeer() {
  const check = spawnSync(PEER_PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (check.status !== 0) {
    console.log(
      `# peer unavailable (torch not importable by ${PEER_PYTHON}); install with: bash bench/setup-peers.sh`,
    );
    return null;
  }
  const script = join(new URL(".", import.meta.url).pathname, "peers", "core_speed.py");
  const peerThreads = String(process.env.CORE_SPEED_PEER_THREADS ?? "1");
  // CORE_SPEED_PEER_THREADS (default 1): PyTorch's thread count, for the both-cores comparison.
  const env = peerEnv(peerThreads);
  const proc = spawn(PEER_PYTHON, ["-u", script, "--serve"], {
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  const hello = await next();
  return {
    version: `torch ${hello.torch}, ${hello.threads} thread${hello.threads === 1 ? "" : "s"}, OpenBLAS kernels ${env.OPENBLAS_CORETYPE ?? "auto"}`,
    async step(spec) {
      proc.stdin.write(`${spec}\n`);
      return (await next()).ms;
    },
    close() {
      proc.stdin.end();
    },
  };
}

/** Median of an array of numbers. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
