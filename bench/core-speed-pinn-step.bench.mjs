// Issue 13: one Adam step of the Burgers PINN (u_t + u u_x − ν u_xx, tanh MLP), ours vs PyTorch CPU 1 thread.
// Cases N=2048 4x50, N=8192 4x50, N=2048 8x100. Our variants: stock tfjs-backend-wasm kernels with nested grads
// (before), the faster WASM kernels with nested grads / generic Taylor-mode jet, and the fused jet (the default
// jetMlp path). The machine is shared and its load swings: each round runs 3 PyTorch steps (median, persistent
// peer process) and then one step of each of our variants, so every figure is paired with a peer figure taken
// under the same load. Reported: medians over rounds; `pairedRatio` = median over rounds of ours/peer.
// Also checks that the fused path's 100-step loss trajectory equals the generic path's (float32 tolerance).
// The peer runs with OpenBLAS's kernels named from the CPU flags (peerEnv in lib.mjs): on this machine's AVX-512
// Xeon, OpenBLAS 0.3.21 would otherwise fall back to SSE3 kernels and the peer's products would run 4x slower.
// `--quick` skips the stock-kernel variant. Run: cd packages/core-tensor && npx tsup && cd ../.. && npm run bench -- core-speed
import { loadavg } from "node:os";
import { gemmPoolThreads, mlp, prng, ready, tf, treeDispose } from "../packages/core-tensor/dist/index.js";
import { adam, burgersJet, burgersNested, median, startPeer, useVariant } from "./core-speed-lib.mjs";
import { report } from "./lib.mjs";

// CORE_SPEED_THREADS=1 keeps every product on the main thread (default: ready()'s worker pool, see gemmPoolThreads).
const info = await ready(
  process.env.CORE_SPEED_THREADS ? { threads: Number(process.env.CORE_SPEED_THREADS) } : {},
);
const threads = gemmPoolThreads();
const quick = process.argv.includes("--quick");
// CORE_SPEED_ROUNDS (default 5): more rounds on a noisy machine.
const ROUNDS = Number(process.env.CORE_SPEED_ROUNDS ?? 5);
const cases = [
  { N: 2048, depth: 4, width: 50 },
  { N: 8192, depth: 4, width: 50 },
  { N: 2048, depth: 8, width: 100 },
];
const variants = {
  "stock kernels, nested grads (before)": { fastKernels: false, fused: false, path: "nested" },
  "fast kernels, nested grads": { fastKernels: true, fused: true, path: "nested" },
  "fast kernels, generic jet": { fastKernels: true, fused: false, path: "jet" },
  "fused jet (default)": { fastKernels: true, fused: true, path: "jet" },
  "fused jet, plain SIMD products": { fastKernels: true, fused: true, fma: false, path: "jet" },
};
const peer = await startPeer();
for (const c of cases) {
  const spec = `pinn:${c.N}:${c.depth}:${c.width}`;
  const xt = prng(1).uniform([c.N, 2], { min: -1, max: 1 });
  const ex = tf.tile(tf.tensor2d([[1, 0]]), [c.N, 1]);
  const et = tf.tile(tf.tensor2d([[0, 1]]), [c.N, 1]);
  const runs = Object.entries(variants)
    .filter(([, v]) => !(quick && !v.fastKernels))
    .map(([name, v]) => {
      const net = mlp({
        inputs: 2,
        hidden: new Array(c.depth).fill(c.width),
        outputs: 1,
        activation: "tanh",
        seed: 0,
      });
      const opt = adam(net.params);
      const loss = v.path === "nested" ? burgersNested(net, xt) : burgersJet(net, xt, ex, et);
      return { name, v, net, opt, loss, ms: [] };
    });
  for (const r of runs) {
    useVariant(r.v);
    r.opt.step(r.loss); // warm-up
  }
  const peerMs = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (peer) peerMs.push(await peer.step(spec));
    for (const r of runs) {
      useVariant(r.v);
      const t = performance.now();
      r.opt.step(r.loss);
      r.ms.push(performance.now() - t);
    }
    console.log(
      `# ${spec} round ${round}: peer ${peerMs.at(-1)?.toFixed(0)} ms; ${runs.map((r) => `${r.name} ${r.ms.at(-1).toFixed(0)}`).join("; ")}`,
    );
  }
  useVariant({ fastKernels: true, fused: true });
  for (const r of runs) {
    report({
      bench: "core-speed-pinn-step",
      case: `Burgers PINN Adam step N=${c.N} ${c.depth}x${c.width} tanh, ${r.name}`,
      metric: "ms",
      ours: median(r.ms),
      peer: peer ? median(peerMs) : null,
      extra: {
        backend: info.name,
        threads,
        pairedRatio: peer ? median(r.ms.map((m, i) => m / peerMs[i])) : null,
        // Fastest step against fastest step: the least disturbed figure of each side.
        minRatio: peer ? Math.min(...r.ms) / Math.min(...peerMs) : null,
        oursRounds: r.ms.map(Math.round),
        peerRounds: peerMs.map(Math.round),
        peerVersion: peer?.version ?? "unavailable",
        load: loadavg()[0],
      },
    });
    r.opt.dispose();
    treeDispose(r.net.params);
  }
  tf.dispose([xt, ex, et]);
}
peer?.close();

// Loss trajectory over 100 Adam steps from the same initial weights: fused jet vs generic jet and vs nested
// grads on the stock kernels (the slow path before this work), N=512 4x50 to keep it short.
const traj = {};
for (const [name, variant] of [
  ["fused", { fastKernels: true, fused: true, path: "jet" }],
  ["generic jet", { fastKernels: true, fused: false, path: "jet" }],
  ["nested grads, stock kernels", { fastKernels: false, fused: false, path: "nested" }],
]) {
  useVariant(variant);
  const N = 512;
  const net = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, activation: "tanh", seed: 0 });
  const xt = prng(1).uniform([N, 2], { min: -1, max: 1 });
  const ex = tf.tile(tf.tensor2d([[1, 0]]), [N, 1]);
  const et = tf.tile(tf.tensor2d([[0, 1]]), [N, 1]);
  const opt = adam(net.params);
  const loss = variant.path === "nested" ? burgersNested(net, xt) : burgersJet(net, xt, ex, et);
  traj[name] = Array.from({ length: 100 }, () => opt.step(loss));
  opt.dispose();
  treeDispose(net.params);
  tf.dispose([xt, ex, et]);
}
useVariant({ fastKernels: true, fused: true });
const relDiff = (a, b) => Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.abs(b[i])));
for (const other of Object.keys(traj).filter((k) => k !== "fused"))
  report({
    bench: "core-speed-pinn-step",
    case: `100-step Adam loss trajectory N=512 4x50: fused vs ${other}`,
    metric: "maxRelDiff",
    ours: relDiff(traj.fused, traj[other]),
    extra: { first: traj.fused[0], last: traj.fused[99], lastOther: traj[other][99] },
  });
