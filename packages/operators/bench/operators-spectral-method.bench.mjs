// The two spectral formulations on one forward + backward pass of a truncated transform pair
// (rows = B·C = 1280): truncated DFT as matmul ("dft") vs fft.js inside a custom-gradient op ("fft").
// The measured crossover sets `resolveSpectralMethod("auto", …)` (src/spectral/spectral-method.ts).
// Run: cd packages/operators && npx tsup && node bench/operators-spectral-method.bench.mjs
import { ready, tf } from "@continuum/core-tensor";
import { report } from "../../../bench/lib.mjs";
import { spectralConv1dChannelMajor } from "./helpers.mjs";

const BENCH = "operators-spectral-method";
await ready();
const cases = (process.env.CASES ?? "1024:16,1024:64,4096:64,4096:256")
  .split(",")
  .map((c) => c.split(":").map(Number));
const C = 64;
const B = 20;
function time(method, S, m) {
  const x = tf.randomNormal([C, B, S], 0, 1, "float32", 1);
  const wr = tf.randomNormal([m, C, C], 0, 0.01, "float32", 2);
  const wi = tf.randomNormal([m, C, C], 0, 0.01, "float32", 3);
  const run = () =>
    tf.tidy(() => {
      const g = tf.grad((z) => tf.sum(spectralConv1dChannelMajor(z, wr, wi, method)))(x);
      return g.dataSync()[0];
    });
  run();
  const ts = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    run();
    ts.push(performance.now() - t);
  }
  tf.dispose([x, wr, wi]);
  return Math.min(...ts);
}
for (const [S, m] of cases) {
  const dft = time("dft", S, m);
  const fft = time("fft", S, m);
  report({
    bench: BENCH,
    case: `fwd+bwd-C${C}-B${B}-S${S}-m${m}`,
    metric: "ms",
    ours: dft,
    peer: fft,
    extra: { oursName: "dft", peerName: "fft custom op", winner: dft < fft ? "dft" : "fft" },
  });
}
