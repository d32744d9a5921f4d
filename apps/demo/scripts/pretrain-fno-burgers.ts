// Pre-trains the operators page's FNO (same model and data generator as src/scenarios/operators.ts) and saves the
// weights as safetensors in public/weights/, which the worker fetches for the "pre-trained weights" comparison.
// The training functions are burgersDataset seed FNO_BURGERS.pretrainSeed (1); the page tests on seed 0, so the
// comparison is on functions the weights never saw.
//
// Run (from the repo root, packages built): nice -n 10 npx tsx apps/demo/scripts/pretrain-fno-burgers.ts
//   options: --nTrain=200 --epochs=100 --stride=4 --lr=3e-3 --out=apps/demo/public/weights/fno-burgers.safetensors
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@continuum/core-tensor";
import * as ops from "@continuum/operators";
import { FNO_BURGERS, fnoBurgersModel } from "../src/scenarios/operators.js";

const { tf } = core;
const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? ""];
  }),
);
const nTrain = Number(args.nTrain ?? 200);
const nVal = 20;
const epochs = Number(args.epochs ?? 100);
const stride = Number(args.stride ?? 4);
const lr = Number(args.lr ?? 3e-3);
const out = args.out ?? join(here, "..", "public", FNO_BURGERS.weightsPath);

await core.ready();
const S = FNO_BURGERS.resolution;
const t0 = performance.now();
const { u0, uT } = ops.burgersDataset({
  n: nTrain + nVal,
  resolution: S,
  seed: FNO_BURGERS.pretrainSeed,
  dt: FNO_BURGERS.dt,
});
console.log(`data: ${nTrain + nVal} pairs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const s = S / stride;
const sub = (a: Float64Array, from: number, n: number, st: number) => {
  const len = S / st;
  const o = new Float32Array(n * len);
  for (let i = 0; i < n; i++) for (let j = 0; j < len; j++) o[i * len + j] = a[(from + i) * S + j * st]!;
  return tf.tensor3d(o, [n, len, 1]);
};
const data = { inputs: sub(u0, 0, nTrain, stride), targets: sub(uT, 0, nTrain, stride) };
const val = { inputs: sub(u0, nTrain, nVal, stride), targets: sub(uT, nTrain, nVal, stride) };
const model = fnoBurgersModel(0);
// Keep the parameters of the best validation epoch (the relative-L2 training curve is noisy at this batch size).
const leaves = core.treeLeaves(model.params as unknown as core.PyTree) as core.tf.Variable[];
let best = { err: Number.POSITIVE_INFINITY, epoch: -1, values: [] as Float32Array[] };
const t1 = performance.now();
ops.trainOperator(model, data, {
  epochs,
  batchSize: 20,
  learningRate: ops.stepDecay(lr, Math.max(1, Math.round(epochs / 5)), 0.5),
  lossFn: "relativeL2",
  seed: 0,
  test: val,
  evalEvery: 1,
  callbacks: {
    onEpochEnd: (e: ops.EpochInfo) => {
      if (e.testRelativeL2 === undefined) return;
      if (e.testRelativeL2 < best.err)
        best = {
          err: e.testRelativeL2,
          epoch: e.epoch + 1,
          values: leaves.map((v) => Float32Array.from(v.dataSync())),
        };
      if ((e.epoch + 1) % 10 === 0)
        console.log(`epoch ${e.epoch + 1}: train ${e.loss.toFixed(4)} val ${e.testRelativeL2.toFixed(4)}`);
    },
  },
});
tf.tidy(() => {
  leaves.forEach((v, i) => {
    v.assign(tf.tensor(best.values[i]!, v.shape));
  });
});
console.log(`restored the best validation epoch ${best.epoch} (val rel. L2 ${best.err.toFixed(4)})`);
const trainS = (performance.now() - t1) / 1000;
const valErr = ops.evaluateOperator(model, val.inputs, val.targets).relativeL2;
const bytes = core.serializeSafetensors(model.params as unknown as core.PyTree, {
  metadata: {
    model: "fno1d",
    config: JSON.stringify(FNO_BURGERS.model),
    data: `burgersDataset seed ${FNO_BURGERS.pretrainSeed}, nu 0.1, T 1, dt ${FNO_BURGERS.dt}, S ${S}`,
    nTrain: String(nTrain),
    trainResolution: String(s),
    epochs: String(epochs),
    bestEpoch: String(best.epoch),
    learningRate: `${lr}, halved every ${Math.max(1, Math.round(epochs / 5))} epochs`,
    valRelativeL2: valErr.toFixed(5),
    trainSeconds: trainS.toFixed(1),
    script: "apps/demo/scripts/pretrain-fno-burgers.ts",
  },
});
writeFileSync(out, bytes);
console.log(
  `saved ${out} (${(bytes.length / 1024).toFixed(1)} kB): val rel. L2 ${valErr.toFixed(4)} after ${epochs} epochs, ${trainS.toFixed(1)} s`,
);
for (const t of [data.inputs, data.targets, val.inputs, val.targets]) t.dispose();
