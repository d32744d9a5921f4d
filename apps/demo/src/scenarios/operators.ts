import * as core from "@continuum/core-tensor";
import * as ops from "@continuum/operators";
import { type Params, type RunContext, type Scenario, missingExports, num, str, tick } from "./types.js";

const { tf } = core;

/**
 * The demo's FNO and data settings, shared by the live run and `scripts/pretrain-fno-burgers.ts` so the
 * pre-trained weights fit the same model on the same kind of data.
 */
export const FNO_BURGERS = {
  resolution: 256,
  dt: 2e-3,
  model: { inChannels: 1, outChannels: 1, modes: 12, width: 16, layers: 3, projection: 32 },
  /** The demo's test functions use `burgersDataset` seed 0; the pre-trained weights saw only seed 1 (disjoint). */
  testSeed: 0,
  pretrainSeed: 1,
  /** Served from `public/`: `<base>weights/fno-burgers.safetensors`. */
  weightsPath: "weights/fno-burgers.safetensors",
} as const;

/** A fresh FNO with the demo's settings. */
export function fnoBurgersModel(seed = 0): ops.FnoModel<ops.Fno1dParams> {
  return ops.fno1d({ ...FNO_BURGERS.model, seed });
}

// A variable specifier keeps Vite from resolving (and warning about) a Node-only module in the browser build.
const nodeImport = (m: string): Promise<any> => import(/* @vite-ignore */ m);

/**
 * The bytes of a file under the demo's `public/` folder: fetched relative to the app's base URL in a browser or
 * worker, read from disk in Node (examples, pretrain script).
 */
export async function publicAsset(path: string): Promise<Uint8Array> {
  const inBrowser =
    typeof (globalThis as { document?: unknown }).document !== "undefined" ||
    typeof (globalThis as { importScripts?: unknown }).importScripts === "function";
  if (inBrowser) {
    const url = new URL(`${import.meta.env.BASE_URL}${path}`, globalThis.location.origin);
    const r = await fetch(url);
    if (!r.ok) throw new Error(`fetch ${url.pathname}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  }
  const file = decodeURIComponent(new URL(`../../public/${path}`, import.meta.url).pathname);
  const fs = await nodeImport("node:fs/promises");
  return new Uint8Array(await fs.readFile(file));
}

/** Test error of the pre-trained weights on the run's test functions, next to the live-trained model's. */
export interface PretrainedComparison {
  /** Metadata stored in the safetensors file by the pretrain script. */
  metadata: Record<string, string>;
  bytes: number;
  loadMs: number;
  /** Relative L2 on the same held-out test functions at each resolution. */
  superResolution: { resolution: number; relativeL2: number }[];
  /** The pre-trained model's prediction for the plotted example. */
  prediction: number[];
}

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
  /** Pre-trained weights evaluated on the same test set (`pretrained: "compare"`), or why they are not. */
  pretrained?: PretrainedComparison;
  pretrainedError?: string;
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
  const compare = str(params, "pretrained");
  if (compare !== "compare" && compare !== "off")
    throw new Error(`parameter 'pretrained' must be 'compare' or 'off', received '${compare}'`);
  const S = FNO_BURGERS.resolution;
  const n = nTrain + nTest;
  const t0 = performance.now();
  // Seeded float64 data: GRF initial conditions, Burgers (nu = 0.1, T = 1) by pseudo-spectral ETDRK4.
  const { u0, uT } = ops.burgersDataset({
    n,
    resolution: S,
    seed: FNO_BURGERS.testSeed,
    dt: FNO_BURGERS.dt,
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
  const model = fnoBurgersModel(0);
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
  const strides = [stride, Math.max(1, stride / 2), 1].filter((v, i, a) => a.indexOf(v) === i);
  if (compare === "compare") {
    try {
      res.pretrained = await evaluatePretrained(testFine, strides);
    } catch (e) {
      res.pretrainedError = `could not load ${FNO_BURGERS.weightsPath}: ${(e as Error).message}`;
    }
  }
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

/** Load the pre-trained weights into a fresh model and evaluate them on `testFine` at each stride. */
async function evaluatePretrained(
  testFine: { inputs: core.tf.Tensor; targets: core.tf.Tensor },
  strides: number[],
): Promise<PretrainedComparison> {
  const t0 = performance.now();
  const bytes = await publicAsset(FNO_BURGERS.weightsPath);
  const { metadata } = core.parseSafetensors(bytes);
  const model = fnoBurgersModel(0);
  try {
    await core.loadSafetensors(bytes, { into: model.params as unknown as core.PyTree, allowExtra: false });
    const loadMs = performance.now() - t0;
    const S = testFine.inputs.shape[1]!;
    const pred = tf.tidy(() => model.apply(model.params, testFine.inputs.slice([0, 0, 0], [1, S, 1])));
    const prediction = Array.from(pred.dataSync());
    pred.dispose();
    const superRes = ops
      .superResolution(model, testFine, { strides })
      .map((e: ops.ResolutionError) => ({ resolution: e.resolution, relativeL2: e.relativeL2 }));
    return { metadata, bytes: bytes.length, loadMs, superResolution: superRes, prediction };
  } finally {
    core.treeDispose(model.params as unknown as core.PyTree);
  }
}

export const scenarios: readonly Scenario[] = [
  {
    id: "fno-burgers",
    title: "FNO on Burgers: prediction and super-resolution",
    description:
      "A 1-D Fourier neural operator learns u(·, 0) ↦ u(·, 1) for Burgers (ν = 0.1) from seeded GRF initial " +
      "conditions solved by ETDRK4 in the worker, trained on a coarse grid and evaluated on finer ones; " +
      "pre-trained weights (safetensors, trained offline on disjoint samples) are evaluated on the same test set.",
    controls: [
      { key: "epochs", label: "epochs", kind: "number", min: 1, max: 500, step: 1 },
      { key: "nTrain", label: "training pairs", kind: "number", min: 4, max: 1000, step: 1 },
      { key: "nTest", label: "test pairs", kind: "number", min: 2, max: 200, step: 1 },
      { key: "stride", label: "train at 256 / ", kind: "number", min: 1, max: 8, step: 1 },
      { key: "pretrained", label: "pre-trained weights", kind: "select", options: ["compare", "off"] },
    ],
    defaults: { epochs: 30, nTrain: 60, nTest: 12, stride: 4, pretrained: "compare" },
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
