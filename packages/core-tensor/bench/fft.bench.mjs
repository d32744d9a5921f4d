// FFT timings against numpy.fft (pocketfft) on the same shapes.
// Run: cd packages/core-tensor && npx tsup && node bench/fft.bench.mjs   (or `npm run bench -- fft`)
import { fileURLToPath } from "node:url";
import { report, runPeer } from "../../../bench/lib.mjs";
import { fft, fft2, irfft, rfft, rfft2 } from "../dist/fft.js";

const BENCH = "fft";

/**
 * Per-call time (ms) over 7 batches, each taking >= 100 ms of CPU time (or 2 s of wall time): `wall` is the best
 * batch's wall-clock time, `cpu` the best batch's process CPU time (user + system). On a shared, loaded machine
 * wall time includes waiting for a core, so ratios are reported for both; batches are sized on CPU time because
 * tiny batches are dominated by cold caches after every context switch. The peer measures the same way.
 */
function perCall(fn) {
  fn();
  let number = 1;
  for (;;) {
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < number; i++) fn();
    const d = process.cpuUsage(c);
    if ((d.user + d.system) / 1000 >= 100 || performance.now() - t >= 2000) break;
    number *= 2;
  }
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < number; i++) fn();
    wall = Math.min(wall, (performance.now() - t) / number);
    const d = process.cpuUsage(c);
    cpu = Math.min(cpu, (d.user + d.system) / 1000 / number);
  }
  return { wall, cpu };
}

/** Report a timing as two lines: metric "ms" (wall clock) and "cpuMs" (process CPU time), peer keys k and k_cpu. */
function reportTime(caseName, t, key, extra) {
  report({ bench: BENCH, case: caseName, metric: "ms", ours: t.wall, peer: p(key), extra });
  report({ bench: BENCH, case: caseName, metric: "cpuMs", ours: t.cpu, peer: p(`${key}_cpu`), extra });
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
const rfftName = { peerName: "numpy.fft.rfft(axis=-1)" };
reportTime(
  "rfft-20x64x1024-float32",
  perCall(() => rfft(x32, 1024)),
  "rfft32",
  rfftName,
);
reportTime(
  "rfft-20x64x1024-float64",
  perCall(() => rfft(x64, 1024)),
  "rfft64",
  rfftName,
);
const X = rfft(x64, 1024);
reportTime(
  "irfft-20x64x1024-float64",
  perCall(() => irfft(X, 1024)),
  "irfft64",
  {
    peerName: "numpy.fft.irfft(axis=-1)",
  },
);
for (const [n, key] of [
  [1024, "fft1024"],
  [1000, "fft1000"],
  [1009, "fft1009"],
]) {
  const z = random(2 * 64 * n, n);
  reportTime(
    `fft-64x${n}-complex128`,
    perCall(() => fft(z, n)),
    key,
    {
      peerName: "numpy.fft.fft(axis=-1)",
      path: (n & (n - 1)) === 0 ? "fft.js radix-4" : "Bluestein",
    },
  );
}
const z2 = random(2 * 256 * 256, 7);
reportTime(
  "fft2-256x256-complex128",
  perCall(() => fft2(z2, 256, 256)),
  "fft2_256",
  {
    peerName: "numpy.fft.fft2",
  },
);
const r2 = random(256 * 256, 8);
reportTime(
  "rfft2-256x256-float64",
  perCall(() => rfft2(r2, 256, 256)),
  "rfft2_256",
  {
    peerName: "numpy.fft.rfft2",
  },
);
