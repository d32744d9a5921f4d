import * as core from "@continuum/core-tensor";
import * as diffusion from "@continuum/diffusion";
import { type Params, type RunContext, type Scenario, missingExports, now, num, str, tick } from "./types.js";

/** Eight Gaussians on a circle of radius 2: the exact score of this mixture is known under every Gaussian path. */
function eightGaussians(): diffusion.GaussianMixture {
  const means = Array.from({ length: 8 }, (_, k) => [
    2 * Math.cos((k * Math.PI) / 4),
    2 * Math.sin((k * Math.PI) / 4),
  ]);
  return diffusion.gmmScore(new Array(8).fill(1 / 8), means, new Array(8).fill(0.02));
}

function rows(t: core.Tensor): number[][] {
  return t.arraySync() as number[][];
}

function pathOf(name: string): diffusion.GaussianPath {
  return name === "flow-linear" ? diffusion.flowLinear() : diffusion.vpLinear();
}

export interface ReverseResult {
  sampler: string;
  path: string;
  target: number[][];
  frames: { t: number; step: number; points: number[][] }[];
  nfe: number;
  sw: number;
}

async function reverseProcess(params: Params, ctx: RunContext): Promise<ReverseResult> {
  const sampler = str(params, "sampler");
  const pathName = str(params, "path");
  const steps = num(params, "steps");
  const n = num(params, "n");
  const gmm = eightGaussians();
  const path = pathOf(pathName);
  const model = gmm.model(path);
  const target = rows(core.tf.tidy(() => gmm.sample(n, core.prng(7))));
  const full = diffusion.timeGrid(path, steps, {});
  const res: ReverseResult = { sampler, path: pathName, target, frames: [], nfe: 0, sw: Number.NaN };
  // Snapshots of the same trajectories: the sampler run on prefixes of one grid, from the same prior draw.
  const stride = Math.ceil(steps / 24);
  const cuts = [
    ...new Set(Array.from({ length: Math.floor(steps / stride) }, (_, i) => (i + 1) * stride).concat(steps)),
  ];
  for (const [i, k] of cuts.entries()) {
    const r = diffusion.sample(model, {
      sampler,
      steps: k,
      grid: full.slice(0, k + 1),
      n,
      shape: [2],
      rng: core.prng(0),
    });
    res.frames.push({ t: full[k]!, step: k, points: rows(r.samples) });
    if (k === steps) {
      res.nfe = r.nfe;
      res.sw = diffusion.slicedWasserstein(r.samples, target, { rng: core.prng(3) });
    }
    r.samples.dispose();
    ctx.progress((i + 1) / cuts.length, `step ${k}/${steps}, t = ${full[k]!.toPrecision(3)}`, res);
    await tick();
  }
  return res;
}

export interface SweepPoint {
  method: string;
  steps: number;
  nfe: number;
  sw: number;
  ms: number;
}

const SWEEP: [string, string][] = [
  ["vp", "euler"],
  ["vp", "heun"],
  ["vp", "ddim"],
  ["vp", "dpm-solver++2m"],
  ["vp", "dpm-solver++3m"],
  ["vp", "euler-maruyama"],
  ["flow-linear", "euler"],
  ["flow-linear", "heun"],
];

async function nfeSweep(params: Params, ctx: RunContext): Promise<{ points: SweepPoint[] }> {
  const n = num(params, "n");
  const maxSteps = num(params, "maxSteps");
  const gmm = eightGaussians();
  const target = gmm.sample(n, core.prng(7));
  const ladder = [2, 4, 8, 16, 32, 64].filter((s) => s <= maxSteps);
  const points: SweepPoint[] = [];
  const total = SWEEP.length * ladder.length;
  for (const [pathName, sampler] of SWEEP) {
    if (!diffusion.samplers.has(sampler)) continue;
    const model = gmm.model(pathOf(pathName));
    for (const steps of ladder) {
      const t0 = now();
      const r = diffusion.sample(model, { sampler, steps, n, shape: [2], rng: core.prng(0) });
      const sw = diffusion.slicedWasserstein(r.samples, target, { rng: core.prng(3) });
      r.samples.dispose();
      points.push({ method: `${pathName} · ${sampler}`, steps, nfe: r.nfe, sw, ms: now() - t0 });
      ctx.progress(
        points.length / total,
        `${pathName} ${sampler} ${steps} steps: SW ${sw.toExponential(2)}`,
        { points },
      );
      await tick();
    }
  }
  target.dispose();
  return { points };
}

export interface TrainCompareMethod {
  method: string;
  sampler: string;
  /** Training wall time in ms (for rectified flow: the reflow pair generation plus the retraining). */
  trainMs: number;
  /** Training loss every `logEvery` steps. */
  losses: { step: number; loss: number }[];
  /** SW2 to fresh data at each NFE. */
  results: { nfe: number; sw: number; ms: number }[];
  /** Samples drawn at NFE = 2. */
  samples2: number[][];
}

export interface TrainCompareResult {
  dataset: string;
  steps: number;
  /** SW2 between two independent data draws of the evaluation size: the floor a perfect model would reach. */
  self: number;
  data: number[][];
  methods: TrainCompareMethod[];
}

const NFES = [1, 2, 4, 10] as const;

function flatRows(f: Float64Array): number[][] {
  return Array.from({ length: f.length / 2 }, (_, i) => [f[2 * i]!, f[2 * i + 1]!]);
}

/**
 * The recipe of packages/diffusion/bench/diffusion-toy.bench.mjs at smaller settings: VP eps-prediction DSM
 * (sampled with DPM-Solver++(2M)), I-CFM flow matching and one reflow of it (rectified flow), both with Euler.
 */
async function trainCompare(params: Params, ctx: RunContext): Promise<TrainCompareResult> {
  const { tf } = core;
  const dataset = str(params, "dataset");
  if (!(diffusion.TOY_DATASETS as readonly string[]).includes(dataset))
    throw new Error(
      `parameter 'dataset' must be one of ${diffusion.TOY_DATASETS.join(", ")}, received '${dataset}'`,
    );
  const ds = dataset as diffusion.ToyDataset;
  const steps = Math.round(num(params, "steps"));
  const width = Math.round(num(params, "width"));
  const batch = Math.round(num(params, "batch"));
  const n = Math.round(num(params, "n"));
  const pairs = Math.round(num(params, "pairs"));
  if (!(steps >= 2)) throw new Error(`parameter 'steps' must be an integer >= 2, received ${steps}`);
  if (!(width >= 4)) throw new Error(`parameter 'width' must be an integer >= 4, received ${width}`);
  if (!(batch >= 8)) throw new Error(`parameter 'batch' must be an integer >= 8, received ${batch}`);
  if (!(n >= 50)) throw new Error(`parameter 'n' must be an integer >= 50, received ${n}`);
  if (!(pairs >= batch))
    throw new Error(`parameter 'pairs' must be an integer >= batch (${batch}), received ${pairs}`);
  const reflowSteps = Math.max(2, Math.round(steps / 2));
  const test = flatRows(diffusion.toyDataArray(ds, n, core.prng(1000)));
  const self = diffusion.slicedWasserstein(flatRows(diffusion.toyDataArray(ds, n, core.prng(1001))), test, {
    rng: core.prng(5),
    projections: 128,
  });
  const res: TrainCompareResult = {
    dataset,
    steps,
    self,
    data: test.slice(0, Math.min(n, 800)),
    methods: [],
  };
  // Work units for the progress bar: training steps, plus the reflow pair generation counted as 10% of a run.
  const total = 2 * steps + reflowSteps + Math.round(steps / 10);
  let done = 0;
  const logEvery = Math.max(1, Math.round(steps / 40));
  const report = (m: TrainCompareMethod, base: number) => (i: number, loss: number) => {
    m.losses.push({ step: i, loss });
    ctx.progress((base + i + 1) / total, `${m.method}: step ${i + 1}, loss ${loss.toFixed(4)}`, res);
  };
  const evaluate = async (m: TrainCompareMethod, model: diffusion.DiffusionModel) => {
    for (const nfe of NFES) {
      const t0 = now();
      const r = diffusion.sample(model, {
        sampler: m.sampler,
        steps: nfe,
        n,
        shape: [2],
        rng: core.prng(11),
      });
      const pts = rows(r.samples);
      r.samples.dispose();
      const sw = diffusion.slicedWasserstein(pts, test, { rng: core.prng(5), projections: 128 });
      m.results.push({ nfe, sw, ms: now() - t0 });
      if (nfe === 2) m.samples2 = pts.slice(0, Math.min(n, 800));
    }
    ctx.progress(done / total, `${m.method}: SW2 at NFE 10 = ${fmtSw(m.results.at(-1)!.sw)}`, res);
    await tick();
  };
  const fmtSw = (x: number) => x.toExponential(2);
  const nets: diffusion.MlpDenoiser[] = [];
  try {
    const specs = [
      {
        method: "diffusion (VP, DSM)",
        path: diffusion.vpLinear(),
        prediction: "eps" as const,
        sampler: "dpm-solver++2m",
        embedScale: 1000,
        loss: (m: diffusion.DiffusionModel, x: core.Tensor, r: core.Rng) =>
          diffusion.dsmLoss(m, x, { rng: r }),
      },
      {
        method: "flow matching (I-CFM)",
        path: diffusion.flowLinear(),
        prediction: "velocity" as const,
        sampler: "euler",
        embedScale: 10,
        loss: (m: diffusion.DiffusionModel, x: core.Tensor, r: core.Rng) =>
          diffusion.cfmLoss(m, x, { rng: r }),
      },
    ];
    let fmModel: diffusion.DiffusionModel | undefined;
    let fmNet: diffusion.MlpDenoiser | undefined;
    for (const spec of specs) {
      const net = diffusion.mlpDenoiser({
        dim: 2,
        hidden: [width, width, width],
        embedScale: spec.embedScale,
        seed: 0,
      });
      nets.push(net);
      const model = net.model(spec.path, spec.prediction);
      const m: TrainCompareMethod = {
        method: spec.method,
        sampler: spec.sampler,
        trainMs: 0,
        losses: [],
        results: [],
        samples2: [],
      };
      res.methods.push(m);
      ctx.progress(done / total, `training ${spec.method}`, res);
      await tick();
      const t0 = now();
      diffusion.train(
        net.params,
        (r) => {
          const x = diffusion.toyData(ds, batch, r);
          const l = spec.loss(model, x, r);
          x.dispose();
          return l;
        },
        { steps, lr: 2e-3, rng: core.prng(7), logEvery, onLog: report(m, done) },
      );
      m.trainMs = now() - t0;
      done += steps;
      await evaluate(m, model);
      fmModel = model;
      fmNet = net;
    }
    // Rectified flow: couplings from the flow-matching model's deterministic ODE (Heun, 20 steps), then retrain a
    // copy of it on the fixed pairs. The flow-matching results above are already recorded.
    if (fmModel === undefined || fmNet === undefined)
      throw new Error("trainCompare: flow-matching model missing");
    const fm = fmModel;
    const rf: TrainCompareMethod = {
      method: "rectified flow (1 reflow)",
      sampler: "euler",
      trainMs: 0,
      losses: [],
      results: [],
      samples2: [],
    };
    res.methods.push(rf);
    ctx.progress(done / total, `generating ${pairs} reflow couplings`, res);
    await tick();
    const t0 = now();
    const noise = core.prng(21).normal([pairs, 2]);
    const { x0, x1 } = diffusion.reflowPairs(fm, noise, { steps: 20, sampler: "heun" });
    noise.dispose();
    done += Math.round(steps / 10);
    try {
      diffusion.train(
        fmNet.params,
        (r) => {
          const idx = tf.tensor1d(
            Int32Array.from({ length: batch }, () => r.int(0, pairs)),
            "int32",
          );
          const a = tf.gather(x0, idx);
          const b = tf.gather(x1, idx);
          const l = diffusion.cfmLoss(fm, a, { rng: r, x1: b });
          tf.dispose([idx, a, b]);
          return l;
        },
        { steps: reflowSteps, lr: 1e-3, rng: core.prng(8), logEvery, onLog: report(rf, done) },
      );
    } finally {
      tf.dispose([x0, x1]);
    }
    rf.trainMs = now() - t0;
    done += reflowSteps;
    await evaluate(rf, fm);
  } finally {
    for (const net of nets) net.dispose();
  }
  ctx.progress(1, "done", res);
  return res;
}

export const scenarios: readonly Scenario[] = [
  {
    id: "reverse-process",
    title: "Samples along the reverse process",
    description:
      "Noise turned into an eight-Gaussian mixture by a sampler driven by the mixture's exact score (no network), " +
      "shown at intermediate times of one time grid; grey points are exact samples.",
    controls: [
      {
        key: "sampler",
        label: "sampler",
        kind: "select",
        options: [
          "dpm-solver++2m",
          "dpm-solver++3m",
          "ddim",
          "heun",
          "euler",
          "ddpm",
          "euler-maruyama",
          "rk4",
        ],
      },
      { key: "path", label: "path", kind: "select", options: ["vp", "flow-linear"] },
      { key: "steps", label: "steps", kind: "number", min: 1, max: 200, step: 1 },
      { key: "n", label: "samples", kind: "number", min: 50, max: 5000, step: 50 },
    ],
    defaults: { sampler: "dpm-solver++2m", path: "vp", steps: 16, n: 800 },
    quick: { n: 400 },
    missing: () =>
      missingExports("@continuum/diffusion", diffusion, [
        "gmmScore",
        "sample",
        "timeGrid",
        "vpLinear",
        "slicedWasserstein",
      ]),
    run: reverseProcess,
  },
  {
    id: "nfe-sweep",
    title: "Sample quality vs function evaluations",
    description:
      "Sliced Wasserstein distance to exact samples as the step budget grows, for diffusion (VP) samplers and for " +
      "the straight flow-matching path integrated with the same ODE methods: few-step behaviour compared.",
    controls: [
      { key: "maxSteps", label: "max steps", kind: "number", min: 2, max: 64, step: 1 },
      { key: "n", label: "samples", kind: "number", min: 100, max: 5000, step: 100 },
    ],
    defaults: { maxSteps: 32, n: 1000 },
    quick: { maxSteps: 8, n: 300 },
    missing: () =>
      missingExports("@continuum/diffusion", diffusion, ["gmmScore", "sample", "flowLinear", "samplers"]),
    run: nfeSweep,
  },
  {
    id: "train-compare",
    title: "Diffusion vs flow matching vs rectified flow, trained",
    description:
      "Three small MLPs trained live on a 2-D toy set with the package's own losses: VP diffusion (denoising score " +
      "matching, sampled with DPM-Solver++(2M)), flow matching (I-CFM, Euler) and rectified flow (one reflow of the " +
      "flow-matching model, Euler); sliced W2 to fresh data at 1, 2, 4 and 10 function evaluations, next to the " +
      "data's own self-distance.",
    controls: [
      { key: "dataset", label: "data set", kind: "select", options: diffusion.TOY_DATASETS ?? [] },
      { key: "steps", label: "training steps", kind: "number", min: 10, max: 5000, step: 10 },
      { key: "width", label: "MLP width (3 layers)", kind: "number", min: 16, max: 256, step: 16 },
      { key: "batch", label: "batch", kind: "number", min: 32, max: 1024, step: 32 },
      { key: "pairs", label: "reflow pairs", kind: "number", min: 256, max: 8192, step: 256 },
      { key: "n", label: "evaluation samples", kind: "number", min: 200, max: 5000, step: 100 },
    ],
    defaults: { dataset: "two-moons", steps: 1500, width: 128, batch: 256, pairs: 4096, n: 2000 },
    quick: { steps: 400, width: 64, batch: 128, pairs: 1024, n: 1000 },
    missing: () =>
      missingExports("@continuum/diffusion", diffusion, [
        "train",
        "dsmLoss",
        "cfmLoss",
        "mlpDenoiser",
        "reflowPairs",
        "toyData",
        "toyDataArray",
        "TOY_DATASETS",
        "slicedWasserstein",
        "sample",
        "vpLinear",
        "flowLinear",
      ]),
    run: trainCompare,
  },
];
