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
];
