// Issue 13: one Adam step of an MSE regression with an MLP 16 → 256 → 256 → 256 → 1 (gelu, tanh-approximation,
// and tanh), batch 4096, ours vs PyTorch CPU 1 thread side by side in one run. Our variants: `net.apply` on the
// stock tfjs-backend-wasm kernels (before), `net.apply` on the faster WASM kernels (setFastWasmKernels), and
// `fastApply` (fused dense kernels with a hand-written backward). The machine is shared and its load swings:
// each round runs 3 PyTorch steps (median, persistent peer process) then one step of each of our variants, so
// every figure is paired with a peer figure under the same machine load; `pairedRatio` = median of ours/peer.
// The peer runs with OpenBLAS's kernels named from the CPU flags (peerEnv in lib.mjs): on this machine's AVX-512
// Xeon, OpenBLAS 0.3.21 would otherwise fall back to SSE3 kernels and the peer's products would run 4x slower.
// Run: cd packages/core-tensor && npx tsup && cd ../.. && npm run bench -- core-speed

import { loadavg } from "node:os";
import {
  fastApply,
  gemmPoolThreads,
  mlp,
  prng,
  ready,
  tf,
  treeDispose,
} from "../packages/core-tensor/dist/index.js";
import { adam, median, startPeer, useVariant } from "./core-speed-lib.mjs";
import { report } from "./lib.mjs";

// CORE_SPEED_THREADS=1 keeps every product on the main thread (default: ready()'s worker pool, see gemmPoolThreads).
const info = await ready(
  process.env.CORE_SPEED_THREADS ? { threads: Number(process.env.CORE_SPEED_THREADS) } : {},
);
const threads = gemmPoolThreads();
const B = 4096;
const acts = ["gelu", "tanh"];
const specs = acts.map((a) => `mlp:${B}:${a}`);
const variants = {
  "net.apply, stock kernels (before)": { fastKernels: false, fused: false, fn: "apply" },
  "net.apply, fast kernels": { fastKernels: true, fused: false, fn: "apply" },
  "fastApply (fused)": { fastKernels: true, fused: true, fn: "fast" },
  "fastApply (fused), plain SIMD products": { fastKernels: true, fused: true, fma: false, fn: "fast" },
};
// CORE_SPEED_ROUNDS (default 4): more rounds on a noisy machine.
const ROUNDS = Number(process.env.CORE_SPEED_ROUNDS ?? 4);
const peer = await startPeer();
for (const [ai, act] of acts.entries()) {
  const spec = specs[ai];
  const x = prng(5).normal([B, 16]);
  const y = prng(6).normal([B, 1]);
  const runs = Object.entries(variants).map(([name, v]) => {
    const net = mlp({ inputs: 16, hidden: [256, 256, 256], outputs: 1, activation: act, seed: 0 });
    const f = v.fn === "fast" ? (p) => fastApply(net, p, x) : (p) => net.apply(p, x);
    const opt = adam(net.params);
    return { name, v, net, opt, loss: (p) => tf.mean(tf.square(tf.sub(f(p), y))), ms: [] };
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
      bench: "core-speed-mlp-step",
      case: `MLP regression Adam step B=${B} 3x256 ${act}, ${r.name}`,
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
  tf.dispose([x, y]);
}
peer?.close();

// 100-step loss trajectory, fused vs plain (fast kernels), gelu, batch 512 (short).
const traj = {};
for (const [name, v] of [
  ["fused", { fastKernels: true, fused: true, fn: "fast" }],
  ["plain", { fastKernels: true, fused: false, fn: "apply" }],
]) {
  useVariant(v);
  const net = mlp({ inputs: 16, hidden: [256, 256, 256], outputs: 1, activation: "gelu", seed: 0 });
  const x = prng(5).normal([512, 16]);
  const y = prng(6).normal([512, 1]);
  const opt = adam(net.params);
  const f = v.fn === "fast" ? (p) => fastApply(net, p, x) : (p) => net.apply(p, x);
  traj[name] = Array.from({ length: 100 }, () => opt.step((p) => tf.mean(tf.square(tf.sub(f(p), y)))));
  opt.dispose();
  treeDispose(net.params);
  tf.dispose([x, y]);
}
useVariant({ fastKernels: true, fused: true });
report({
  bench: "core-speed-mlp-step",
  case: "100-step Adam loss trajectory B=512 3x256 gelu: fused vs plain",
  metric: "maxRelDiff",
  ours: Math.max(...traj.fused.map((l, i) => Math.abs(l - traj.plain[i]) / Math.abs(traj.plain[i]))),
  extra: { first: traj.fused[0], last: traj.fused[99], lastPlain: traj.plain[99] },
});
