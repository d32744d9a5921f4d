// FNO1d training-step time (B=20, S=1024, width 64, 16 modes, 4 layers) against PyTorch CPU (1 thread),
// plus the two spectral formulations ("dft" matmul vs "fft" custom op) on the same step.
// Run: cd packages/operators && npx tsup && node bench/operators-fno1d-step.bench.mjs   (or `npm run bench -- operators-fno1d-step`)
import { fileURLToPath } from "node:url";
import { ready, tf } from "@continuum/core-tensor";
import { report, runPeer } from "../../../bench/lib.mjs";
import { fno1d, internalAdam, relativeL2Loss, treeLeavesOf } from "./helpers.mjs";

const BENCH = "operators-fno1d-step";
await ready();
const B = 20;
const S = 1024;
const reps = Number(process.env.REPS ?? 7);

function stepTimer(method) {
  const model = fno1d({ inChannels: 1, outChannels: 1, modes: 16, width: 64, layers: 4, method, seed: 0 });
  const vars = treeLeavesOf(model.params);
  const opt = internalAdam({ weightDecay: 1e-4 });
  const x = tf.randomNormal([B, S, 1], 0, 1, "float32", 1);
  const y = tf.randomNormal([B, S, 1], 0, 1, "float32", 2);
  const step = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => relativeL2Loss(model.apply(model.params, x), y), vars);
      opt.step(
        vars,
        vars.map((v) => grads[v.name]),
        1e-3,
      );
      return value.dataSync()[0];
    });
  step();
  step();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    step();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)], min: ts[0] };
}

const peer = runPeer(fileURLToPath(new URL("./fno1d_step.peer.py", import.meta.url)), [String(reps)], {
  modules: ["torch"],
});
const dft = stepTimer("dft");
report({
  bench: BENCH,
  case: "fno1d-train-step-B20-S1024-w64-m16-L4 (dft)",
  metric: "ms",
  ours: dft.median,
  peer: peer ? peer.step_ms : null,
  extra: {
    oursMin: dft.min,
    peerMin: peer?.min_ms ?? null,
    peerName: `torch ${peer?.torch ?? "missing"} CPU 1 thread`,
    backend: tf.getBackend(),
  },
});
const fft = stepTimer("fft");
report({
  bench: BENCH,
  case: "fno1d-train-step-B20-S1024-w64-m16-L4 (fft custom op)",
  metric: "ms",
  ours: fft.median,
  peer: peer ? peer.step_ms : null,
  extra: { oursMin: fft.min, peerMin: peer?.min_ms ?? null, dftOverFft: dft.median / fft.median },
});
