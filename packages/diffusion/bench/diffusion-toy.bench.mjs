// Training on generated 2-D toy sets: diffusion (VP, eps-prediction DSM) vs flow matching (I-CFM) vs OT-CFM
// (exact minibatch OT) vs rectified flow (one reflow of the I-CFM model), compared at equal NFE (1, 2, 4, 10)
// by sliced W2 to held-out data, next to the data's own self-distance. Also the training-step time of the
// MLP vs an equivalent PyTorch script (bench/peers/train_step.py).
// Run: npx tsup && node bench/diffusion-toy.bench.mjs [steps=400] [datasets=eight-gaussians,two-moons] (checkerboard, swiss-roll also available)
// `datasets=none` runs only the training-step comparison and records it as bench "diffusion-train-step".
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { prng, ready, tf } from "@continuum/core-tensor";
import {
  cfmLoss,
  dsmLoss,
  flowLinear,
  mlpDenoiser,
  reflowPairs,
  sample,
  slicedWasserstein,
  toyData,
  toyDataArray,
  train,
  vpLinear,
} from "../dist/index.js";
import { adam, cosineDecaySchedule } from "@continuum/optim";
import { report, runPeer } from "../../../bench/lib.mjs";

await ready();
const STEPS = Number(process.argv[2] ?? 400);
const DATASETS = (process.argv[3] ?? "eight-gaussians,two-moons").split(",").filter((d) => d !== "none");
const B = DATASETS.length === 0 ? "diffusion-train-step" : "diffusion-toy";
const rows = (f) => Array.from({ length: f.length / 2 }, (_, i) => [f[2 * i], f[2 * i + 1]]);

// Training-step time vs PyTorch (same MLP, batch 256, Adam). `train` runs its default Adam on one flat vector
// of all parameters; the "leafwise" row passes the same Adam explicitly, which takes the per-leaf path (the
// behaviour before that change), so both are measured side by side with the peer under the same load.
{
  const peer = runPeer(fileURLToPath(new URL("./peers/train_step.py", import.meta.url)), ["256"], {
    modules: ["torch"],
  });
  // Interleave the two variants over 12 rounds of 10 steps (the machine is shared: alternating spreads the load
  // noise evenly); report the median and the minimum per step.
  const variants = ["leafwise Adam", "flat Adam (default)"];
  const nets = variants.map(() => mlpDenoiser({ dim: 2, hidden: [128, 128, 128], embedScale: 10, seed: 0 }));
  const times = variants.map(() => []);
  for (let round = 0; round < 13; round++)
    for (let v = 0; v < variants.length; v++) {
      const model = nets[v].model(flowLinear(), "velocity");
      const t0 = performance.now();
      train(
        nets[v].params,
        (r) => {
          const x = r.normal([256, 2]);
          const l = cfmLoss(model, x, { rng: r });
          x.dispose();
          return l;
        },
        {
          steps: 10,
          rng: prng(round),
          logEvery: 1000,
          optimizer:
            v === 0 ? adam(cosineDecaySchedule({ init: 1e-3, decaySteps: 10, alpha: 0.1 })) : undefined,
        },
      );
      if (round > 0) times[v].push((performance.now() - t0) / 10); // round 0 is warm-up
    }
  for (let v = 0; v < variants.length; v++) {
    const ts = times[v].sort((x, y) => x - y);
    report({
      bench: B,
      case: `train step, MLP 3x128, batch 256, ${variants[v]} (tfjs wasm vs torch cpu 1 thread)`,
      metric: "ms",
      ours: ts[Math.floor(ts.length / 2)],
      peer: peer?.ms ?? null,
      extra: { minMs: ts[0], loadavg1: loadavg()[0] },
    });
    nets[v].dispose();
  }
}

const methods = {
  diffusion: {
    path: vpLinear(),
    prediction: "eps",
    loss: (m, x, r) => dsmLoss(m, x, { rng: r }),
    sampler: "dpm-solver++2m",
  },
  "flow-matching": {
    path: flowLinear(),
    prediction: "velocity",
    loss: (m, x, r) => cfmLoss(m, x, { rng: r }),
    sampler: "euler",
  },
  "ot-cfm": {
    path: flowLinear(),
    prediction: "velocity",
    loss: (m, x, r) => cfmLoss(m, x, { rng: r, coupling: "exact" }),
    sampler: "euler",
  },
};

for (const ds of DATASETS) {
  const test = rows(toyDataArray(ds, 2000, prng(1000)));
  const self = slicedWasserstein(rows(toyDataArray(ds, 2000, prng(1001))), test, {
    rng: prng(5),
    projections: 128,
  });
  report({ bench: B, case: `${ds} self-distance (n=2000)`, metric: "SW2", ours: self });
  const trained = {};
  for (const [name, m] of Object.entries(methods)) {
    const net = mlpDenoiser({
      dim: 2,
      hidden: [128, 128, 128],
      embedScale: name === "diffusion" ? 1000 : 10,
      seed: 0,
    });
    const model = net.model(m.path, m.prediction);
    const t0 = performance.now();
    const hist = train(
      net.params,
      (r) => {
        const x = toyData(ds, 256, r);
        const l = m.loss(model, x, r);
        x.dispose();
        return l;
      },
      { steps: STEPS, lr: 2e-3, rng: prng(7) },
    );
    const trainMs = performance.now() - t0;
    trained[name] = { net, model };
    for (const nfe of [1, 2, 4, 10]) {
      const r = sample(model, { sampler: m.sampler, steps: nfe, n: 2000, shape: [2], rng: prng(11) });
      const sw = slicedWasserstein(r.samples.arraySync(), test, { rng: prng(5), projections: 128 });
      r.samples.dispose();
      report({
        bench: B,
        case: `${ds} ${name} (${m.sampler}) NFE=${nfe}`,
        metric: "SW2",
        ours: sw,
        extra: { self, finalLoss: hist.at(-1), trainSec: trainMs / 1000 },
      });
    }
  }
  // Rectified flow: one reflow of the I-CFM model (pairs from its Heun ODE, 20 steps), then retrain from it.
  {
    const base = trained["flow-matching"];
    const noise = prng(21).normal([4096, 2]);
    const { x0, x1 } = reflowPairs(base.model, noise, { steps: 20, sampler: "heun" });
    noise.dispose();
    const t0 = performance.now();
    train(
      base.net.params,
      (r) => {
        const idx = tf.tensor1d(
          Int32Array.from({ length: 256 }, () => r.int(0, 4096)),
          "int32",
        );
        const a = tf.gather(x0, idx);
        const b = tf.gather(x1, idx);
        const l = cfmLoss(base.model, a, { rng: r, x1: b });
        tf.dispose([idx, a, b]);
        return l;
      },
      { steps: Math.round(STEPS / 2), lr: 1e-3, rng: prng(8) },
    );
    const trainMs = performance.now() - t0;
    for (const nfe of [1, 2, 4, 10]) {
      const r = sample(base.model, { sampler: "euler", steps: nfe, n: 2000, shape: [2], rng: prng(11) });
      const sw = slicedWasserstein(r.samples.arraySync(), test, { rng: prng(5), projections: 128 });
      r.samples.dispose();
      report({
        bench: B,
        case: `${ds} rectified-flow (reflow 1, euler) NFE=${nfe}`,
        metric: "SW2",
        ours: sw,
        extra: { self, reflowTrainSec: trainMs / 1000 },
      });
    }
    tf.dispose([x0, x1]);
  }
  for (const v of Object.values(trained)) v.net.dispose();
}
