import * as core from "@continuum/core-tensor";
import * as ops from "@continuum/operators";
import { type Params, type RunContext, type Scenario, missingExports, num, tick } from "./types.js";

const { tf } = core;

export interface FnoResult {
  resolution: number;
  trainResolution: number;
  history: { epoch: number; loss: number; testRelativeL2?: number }[];
  example: { x: number[]; u0: number[]; truth: number[]; prediction: number[] };
  superResolution: { resolution: number; relativeL2: number }[];
  nTrain: number;
  nTest: number;
  dataMs: number;
  trainMs: number;
}

/** Every `stride`-th grid value of each row of a row-major n × S array. */
function subsample(a: Float64Array, n: number, S: number, stride: number): Float32Array {
  const s = S / stride;
  const out = new Float32Array(n * s);
  for (let i = 0; i < n; i++) for (let j = 0; j < s; j++) out[i * s + j] = a[i * S + j * stride]!;
  return out;
}

async function fnoBurgers(params: Params, ctx: RunContext): Promise<FnoResult> {
  const nTrain = num(params, "nTrain");
  const nTest = num(params, "nTest");
  const epochs = num(params, "epochs");
  const stride = num(params, "stride");
  const S = 256;
  const n = nTrain + nTest;
  const t0 = performance.now();
  // Seeded float64 data: GRF initial conditions, Burgers (nu = 0.1, T = 1) by pseudo-spectral ETDRK4.
  const { u0, uT } = ops.burgersDataset({
    n,
    resolution: S,
    seed: 0,
    dt: 2e-3,
    onProgress: (done: number, total: number) =>
      ctx.progress((0.3 * done) / total, `generating data ${done}/${total}`),
  });
  const dataMs = performance.now() - t0;
  await tick();
  const s = S / stride;
  const toTensor = (a: Float32Array, rows: number, len: number) => tf.tensor3d(a, [rows, len, 1]);
  const trainIn = subsample(u0.subarray(0, nTrain * S), nTrain, S, stride);
  const trainOut = subsample(uT.subarray(0, nTrain * S), nTrain, S, stride);
  const data = { inputs: toTensor(trainIn, nTrain, s), targets: toTensor(trainOut, nTrain, s) };
  const testFine = {
    inputs: toTensor(Float32Array.from(u0.subarray(nTrain * S)), nTest, S),
    targets: toTensor(Float32Array.from(uT.subarray(nTrain * S)), nTest, S),
  };
  const testCoarse = {
    inputs: toTensor(subsample(u0.subarray(nTrain * S), nTest, S, stride), nTest, s),
    targets: toTensor(subsample(uT.subarray(nTrain * S), nTest, S, stride), nTest, s),
  };
  const model = ops.fno1d({
    inChannels: 1,
    outChannels: 1,
    modes: 12,
    width: 16,
    layers: 3,
    projection: 32,
    seed: 0,
  });
  const res: FnoResult = {
    resolution: S,
    trainResolution: s,
    history: [],
    example: { x: [], u0: [], truth: [], prediction: [] },
    superResolution: [],
    nTrain,
    nTest,
    dataMs,
    trainMs: 0,
  };
  const xs = Array.from({ length: S }, (_, j) => j / S);
  const fillExample = () => {
    const pred = tf.tidy(() => model.apply(model.params, testFine.inputs.slice([0, 0, 0], [1, S, 1])));
    res.example = {
      x: xs,
      u0: Array.from(u0.subarray(nTrain * S, nTrain * S + S)),
      truth: Array.from(uT.subarray(nTrain * S, nTrain * S + S)),
      prediction: Array.from(pred.dataSync()),
    };
    pred.dispose();
  };
  const t1 = performance.now();
  ops.trainOperator(model, data, {
    epochs,
    batchSize: Math.min(10, nTrain),
    learningRate: ops.stepDecay(5e-3, Math.max(1, Math.round(epochs / 3)), 0.5),
    lossFn: "relativeL2",
    seed: 0,
    test: testCoarse,
    evalEvery: 1,
    callbacks: {
      onEpochEnd: (e: ops.EpochInfo) => {
        res.history.push({ epoch: e.epoch, loss: e.loss, testRelativeL2: e.testRelativeL2 });
        if (e.epoch % Math.max(1, Math.round(epochs / 8)) === 0) fillExample();
        ctx.progress(
          0.3 + (0.65 * (e.epoch + 1)) / epochs,
          `epoch ${e.epoch + 1}: train ${e.loss.toFixed(4)}`,
          res,
        );
      },
    },
  });
  res.trainMs = performance.now() - t1;
  fillExample();
  res.superResolution = ops
    .superResolution(model, testFine, {
      strides: [stride, Math.max(1, stride / 2), 1].filter((v, i, a) => a.indexOf(v) === i),
    })
    .map((e: ops.ResolutionError) => ({ resolution: e.resolution, relativeL2: e.relativeL2 }));
  ctx.progress(1, "super-resolution evaluated", res);
  for (const t of [
    data.inputs,
    data.targets,
    testFine.inputs,
    testFine.targets,
    testCoarse.inputs,
    testCoarse.targets,
  ])
    t.dispose();
  core.treeDispose(model.params as unknown as core.PyTree);
  return res;
}

export const scenarios: readonly Scenario[] = [
  {
    id: "fno-burgers",
    title: "FNO on Burgers: prediction and super-resolution",
    description:
      "A 1-D Fourier neural operator learns u(·, 0) ↦ u(·, 1) for Burgers (ν = 0.1) from seeded GRF initial " +
      "conditions solved by ETDRK4 in the worker, trained on a coarse grid and evaluated on finer ones.",
    controls: [
      { key: "epochs", label: "epochs", kind: "number", min: 1, max: 500, step: 1 },
      { key: "nTrain", label: "training pairs", kind: "number", min: 4, max: 1000, step: 1 },
      { key: "nTest", label: "test pairs", kind: "number", min: 2, max: 200, step: 1 },
      { key: "stride", label: "train at 256 / ", kind: "number", min: 1, max: 8, step: 1 },
    ],
    defaults: { epochs: 30, nTrain: 60, nTest: 12, stride: 4 },
    quick: { epochs: 10, nTrain: 20, nTest: 4 },
    missing: () =>
      missingExports("@continuum/operators", ops, [
        "burgersDataset",
        "fno1d",
        "trainOperator",
        "superResolution",
        "stepDecay",
      ]),
    run: fnoBurgers,
  },
];
