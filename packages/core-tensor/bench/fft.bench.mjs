// FFT timings against numpy.fft (pocketfft) on the same shapes.
// Run: cd packages/core-tensor && npx tsup && node bench/fft.bench.mjs   (or `npm run bench -- fft`)
import { fileURLToPath } from "node:url";
import { report, runPeer } from "../../../bench/lib.mjs";
import { fft, fft2, irfft, rfft, rfft2 } from "../dist/fft.js";

const BENCH = "fft";

/** Best per-call time (ms) over 7 batches, each running >= 40 ms (min, not median: robust to a shared, loaded machine). */
function perCall(fn) {
  fn();
  let number = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < number; i++) fn();
    if (performance.now() - t >= 40) break;
    number *= 2;
  }
  const ts = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    for (let i = 0; i < number; i++) fn();
    ts.push((performance.now() - t) / number);
  }
  return Math.min(...ts);
}

function random(length, seed) {
  let s = seed >>> 0;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const peer = runPeer(fileURLToPath(new URL("./fft.peer.py", import.meta.url)), [], { modules: ["numpy"] });
const p = (k) => (peer ? peer[k] : null);

const x64 = random(20 * 64 * 1024, 1);
const x32 = Float32Array.from(x64);
report({
  bench: BENCH,
  case: "rfft-20x64x1024-float32",
  metric: "ms",
  ours: perCall(() => rfft(x32, 1024)),
  peer: p("rfft32"),
  extra: { peerName: "numpy.fft.rfft(axis=-1)" },
});
report({
  bench: BENCH,
  case: "rfft-20x64x1024-float64",
  metric: "ms",
  ours: perCall(() => rfft(x64, 1024)),
  peer: p("rfft64"),
  extra: { peerName: "numpy.fft.rfft(axis=-1)" },
});
const X = rfft(x64, 1024);
report({
  bench: BENCH,
  case: "irfft-20x64x1024-float64",
  metric: "ms",
  ours: perCall(() => irfft(X, 1024)),
  peer: p("irfft64"),
  extra: { peerName: "numpy.fft.irfft(axis=-1)" },
});
for (const [n, key] of [
  [1024, "fft1024"],
  [1000, "fft1000"],
  [1009, "fft1009"],
]) {
  const z = random(2 * 64 * n, n);
  report({
    bench: BENCH,
    case: `fft-64x${n}-complex128`,
    metric: "ms",
    ours: perCall(() => fft(z, n)),
    peer: p(key),
    extra: { peerName: "numpy.fft.fft(axis=-1)", path: (n & (n - 1)) === 0 ? "fft.js radix-4" : "Bluestein" },
  });
}
const z2 = random(2 * 256 * 256, 7);
report({
  bench: BENCH,
  case: "fft2-256x256-complex128",
  metric: "ms",
  ours: perCall(() => fft2(z2, 256, 256)),
  peer: p("fft2_256"),
  extra: { peerName: "numpy.fft.fft2" },
});
const r2 = random(256 * 256, 8);
report({
  bench: BENCH,
  case: "rfft2-256x256-float64",
  metric: "ms",
  ours: perCall(() => rfft2(r2, 256, 256)),
  peer: p("rfft2_256"),
  extra: { peerName: "numpy.fft.rfft2" },
});
