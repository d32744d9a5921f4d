import * as core from "@continuum/core-tensor";
import * as pinn from "@continuum/pinn";
import { allenCahnReference } from "./allen-cahn-reference.js";
import { type Params, type RunContext, type Scenario, missingExports, now, num, str } from "./types.js";

/**
 * Burgers' equation u_t + u u_x = nu u_xx on [-1, 1] × [0, 1], u(x, 0) = -sin(pi x), u(±1, t) = 0, solved exactly by
 * the Hopf–Cole transform: u = -∫ sin(pi(x-η)) f(x-η) G(η) dη / ∫ f(x-η) G(η) dη with f(y) = exp(-cos(pi y)/(2 pi nu))
 * and G the heat kernel. The integrals are done in log space on η = sqrt(4 nu t)·s, s ∈ [-10, 10] (trapezoid on a
 * Gaussian-weighted smooth integrand: error far below float32 at 4001 nodes).
 */
export function burgersHopfCole(x: number, t: number, nu: number): number {
  if (t === 0) return -Math.sin(Math.PI * x);
  const m = 4001;
  const scale = Math.sqrt(4 * nu * t);
  const logs = new Float64Array(m);
  const ss = new Float64Array(m);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    const s = -10 + (20 * i) / (m - 1);
    const y = x - scale * s;
    ss[i] = y;
    logs[i] = -Math.cos(Math.PI * y) / (2 * Math.PI * nu) - s * s;
    if (logs[i]! > max) max = logs[i]!;
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < m; i++) {
    const w = Math.exp(logs[i]! - max) * (i === 0 || i === m - 1 ? 0.5 : 1);
    num += -Math.sin(Math.PI * ss[i]!) * w;
    den += w;
  }
  return num / den;
}

export interface PinnResult {
  nx: number;
  nt: number;
  xs: number[];
  ts: number[];
  /** Values on the grid, index i * nt + k for (xs[i], ts[k]). */
  reference: number[];
  prediction: number[];
  history: { step: number; term: string; loss: number }[];
  relL2: number;
  steps: number;
  msPerStep: number;
  status: string;
}

async function burgersRun(params: Params, ctx: RunContext): Promise<PinnResult> {
  const steps = num(params, "steps");
  const width = num(params, "width");
  const collocation = num(params, "collocation");
  const lr = num(params, "lr");
  const derivatives = str(params, "derivatives") as "auto" | "nested-grad";
  const nu = 0.01 / Math.PI;
  const nx = 64;
  const nt = 26;
  const xs = Array.from({ length: nx }, (_, i) => -1 + (2 * i) / (nx - 1));
  const ts = Array.from({ length: nt }, (_, k) => k / (nt - 1));
  const reference = xs.flatMap((x) => ts.map((t) => burgersHopfCole(x, t, nu)));
  const points = pinn.grid([xs, ts]);
  const problem = pinn.pde({
    geometry: pinn.product(pinn.interval(-1, 1), pinn.timeDomain(0, 1)),
    residual: pinn.burgers({ nu }),
    conditions: [
      pinn.initial({ value: ([x]: readonly number[]) => -Math.sin(Math.PI * x!) }),
      pinn.dirichlet({ value: 0 }),
    ],
  });
  const net = core.mlp({ inputs: 2, hidden: [width, width, width], outputs: 1, seed: 0 });
  const res: PinnResult = {
    nx,
    nt,
    xs,
    ts,
    reference,
    prediction: [],
    history: [],
    relL2: Number.NaN,
    steps: 0,
    msPerStep: 0,
    status: "",
  };
  const snapshot = () => {
    res.prediction = Array.from(pinn.predict(problem, net, points));
    res.relL2 = pinn.evaluate(problem, net, { points, values: reference });
  };
  const every = Math.max(1, Math.round(steps / 10));
  const r = await pinn.train(problem, net, {
    collocation,
    points: { initial: 64, dirichlet: 64 },
    derivatives,
    seed: 0,
    yieldEvery: 5,
    logEvery: Math.max(1, Math.round(steps / 100)),
    schedule: [{ optimizer: "adam", lr, steps }],
    onStep: (s: pinn.StepInfo) => {
      res.history.push({ step: s.step, term: "total", loss: s.loss });
      for (const [term, loss] of Object.entries(s.terms)) res.history.push({ step: s.step, term, loss });
      if (s.step % every === 0 || s.step >= steps - 1) {
        snapshot();
        ctx.progress(
          s.step / steps,
          `step ${s.step}: loss ${s.loss.toExponential(2)}, rel. L2 ${res.relL2.toFixed(3)}`,
          res,
        );
      } else {
        ctx.progress(s.step / steps, `step ${s.step}: loss ${s.loss.toExponential(2)}`);
      }
      return undefined;
    },
  });
  snapshot();
  res.steps = r.steps;
  res.msPerStep = (r as { msPerStep?: number }).msPerStep ?? 0;
  res.status = r.status;
  core.treeDispose(net.params);
  return res;
}

/** One training run of the Allen–Cahn scenario (plain or causal). */
export interface AllenCahnRun {
  label: "plain" | "causal";
  prediction: number[];
  relL2: number;
  history: { step: number; term: string; loss: number }[];
  /** Mean squared PDE residual per time chunk on the residual grid (time order). */
  chunkLoss: number[];
  /** Causal weights w_i = exp(−ε Σ_{k<i} L_k) from `chunkLoss` at the run's current ε (causal run only). */
  causalWeights: number[];
  /** Current causality parameter and the smallest weight seen by the optimiser (causal run only). */
  epsilon: number | null;
  minCausalWeight: number | null;
  steps: number;
  msPerStep: number;
  status: string;
}

export interface AllenCahnResult {
  nx: number;
  nt: number;
  xs: number[];
  ts: number[];
  /** ETDRK4 reference at (xs[i], ts[k]) stored at index i * nt + k. */
  reference: number[];
  referenceMs: number;
  /** Chunk midpoints in time (for the chunk plots). */
  chunkTimes: number[];
  runs: AllenCahnRun[];
}

async function allenCahnRun(params: Params, ctx: RunContext): Promise<AllenCahnResult> {
  const steps = num(params, "steps");
  const width = num(params, "width");
  const collocation = num(params, "collocation");
  const lr = num(params, "lr");
  const chunks = num(params, "chunks");
  const which = str(params, "runs");
  if (!["both", "plain", "causal"].includes(which))
    throw new Error(`parameter 'runs' must be 'both', 'plain' or 'causal', received '${which}'`);
  const labels: ("plain" | "causal")[] =
    which === "both" ? ["plain", "causal"] : [which as "plain" | "causal"];
  // Reference: 512 Fourier modes, dt = 1e-3 (spatial error 1.3e-4 at the fronts, time error < 1e-10), shown on a
  // 64 × 26 grid (every 8th node, every 4th of 101 times).
  const t0 = now();
  const ref = allenCahnReference({ modes: 512, dt: 1e-3, nt: 101, stride: 8 });
  const referenceMs = now() - t0;
  const nx = ref.x.length;
  const tIdx = Array.from({ length: 26 }, (_, k) => 4 * k);
  const nt = tIdx.length;
  const xs = ref.x;
  const ts = tIdx.map((k) => ref.t[k]!);
  const reference = xs.flatMap((_, i) => tIdx.map((k) => ref.u[k * nx + i]!));
  const points = pinn.grid([xs, ts]);
  // Residual grid for the per-chunk losses: 64 x-points × 4 t-points per chunk, at chunk-interior times.
  const perChunk = 4;
  const tRes = Array.from({ length: chunks * perChunk }, (_, j) => (j + 0.5) / (chunks * perChunk));
  const resPoints = pinn.grid([xs, tRes]);
  const chunkTimes = Array.from({ length: chunks }, (_, c) => (c + 0.5) / chunks);
  const problem = pinn.pde({
    geometry: pinn.product(pinn.interval(-1, 1), pinn.timeDomain(0, 1)),
    residual: pinn.allenCahn({ eps: 1e-4, a: 5 }),
    conditions: [
      pinn.initial({ value: ([x]: readonly number[]) => x! * x! * Math.cos(Math.PI * x!), weight: 100 }),
    ],
  });
  const out: AllenCahnResult = { nx, nt, xs, ts, reference, referenceMs, chunkTimes, runs: [] };
  for (const [r, label] of labels.entries()) {
    const net = pinn.withEmbedding(
      pinn.periodicEmbedding({ inputs: 2, periods: { 0: 2 } }),
      core.mlp({ inputs: 3, hidden: [width, width, width], outputs: 1, seed: 0 }),
    );
    const run: AllenCahnRun = {
      label,
      prediction: [],
      relL2: Number.NaN,
      history: [],
      chunkLoss: [],
      causalWeights: [],
      epsilon: null,
      minCausalWeight: null,
      steps: 0,
      msPerStep: 0,
      status: "running",
    };
    out.runs.push(run);
    const snapshot = () => {
      run.prediction = Array.from(pinn.predict(problem, net, points));
      run.relL2 = pinn.evaluate(problem, net, { points, values: reference });
      const res = pinn.residualAt(problem, net, resPoints)[0]!;
      // resPoints is x-major with t fastest: point (i, j) at i * tRes.length + j; chunk of j = floor(j / perChunk).
      const loss = new Float64Array(chunks);
      for (let i = 0; i < nx; i++)
        for (let j = 0; j < tRes.length; j++)
          loss[Math.floor(j / perChunk)]! += res[i * tRes.length + j]! ** 2;
      run.chunkLoss = Array.from(loss, (l) => l / (nx * perChunk));
      run.causalWeights =
        run.epsilon === null ? [] : Array.from(pinn.causalWeights(run.chunkLoss, run.epsilon));
    };
    // Five snapshots per run: each redraws five heat maps on the page.
    const every = Math.max(1, Math.round(steps / 5));
    const progress = (s: number) => (r + s / steps) / labels.length;
    const result = await pinn.train(problem, net, {
      collocation,
      points: { initial: Math.min(256, collocation) },
      seed: 0,
      yieldEvery: 5,
      logEvery: Math.max(1, Math.round(steps / 100)),
      resample: { every: 100 },
      schedule: [{ optimizer: "adam", lr: (k: number) => lr * 0.9 ** (k / 500), steps }],
      ...(label === "causal" ? { causal: { epsilon: [1e-2, 1e-1, 1, 10, 100], chunks } } : {}),
      onStep: (s: pinn.StepInfo) => {
        run.history.push({ step: s.step, term: "total", loss: s.loss });
        for (const [term, loss] of Object.entries(s.terms)) run.history.push({ step: s.step, term, loss });
        run.epsilon = s.epsilon ?? null;
        run.minCausalWeight = s.minCausalWeight ?? null;
        const eps = s.epsilon === undefined ? "" : `, ε ${s.epsilon}, min w ${s.minCausalWeight?.toFixed(3)}`;
        if (s.step % every === 0 || s.step >= steps - 1) {
          snapshot();
          ctx.progress(
            progress(s.step),
            `${label} step ${s.step}: loss ${s.loss.toExponential(2)}${eps}, rel. L2 ${run.relL2.toFixed(3)}`,
            out,
          );
        } else
          ctx.progress(progress(s.step), `${label} step ${s.step}: loss ${s.loss.toExponential(2)}${eps}`);
        return undefined;
      },
    });
    run.epsilon = result.history.at(-1)?.epsilon ?? run.epsilon;
    snapshot();
    run.steps = result.steps;
    run.msPerStep = result.msPerStep;
    run.status = result.status;
    core.treeDispose(net.params);
  }
  return out;
}

export const scenarios: readonly Scenario[] = [
  {
    id: "burgers",
    title: "Burgers' equation trained live",
    description:
      "A tanh MLP trained with Adam on the residual of u_t + u u_x = (0.01/π) u_xx plus initial and boundary " +
      "terms; the prediction and its error are compared with the exact Hopf–Cole solution as training runs.",
    controls: [
      { key: "steps", label: "Adam steps", kind: "number", min: 10, max: 20000, step: 10 },
      { key: "width", label: "width (3 layers)", kind: "number", min: 4, max: 64, step: 1 },
      { key: "collocation", label: "collocation points", kind: "number", min: 64, max: 8192, step: 64 },
      { key: "lr", label: "learning rate", kind: "number", min: 1e-5, max: 1e-1, step: 1e-4 },
      { key: "derivatives", label: "derivatives", kind: "select", options: ["auto", "nested-grad"] },
    ],
    defaults: { steps: 1000, width: 20, collocation: 1024, lr: 5e-3, derivatives: "auto" },
    quick: { steps: 60, collocation: 256 },
    missing: () =>
      missingExports("@continuum/pinn", pinn, [
        "pde",
        "train",
        "burgers",
        "initial",
        "dirichlet",
        "predict",
        "evaluate",
      ]),
    run: burgersRun,
  },
  {
    id: "allen-cahn-causal",
    title: "Allen–Cahn with and without causal weights",
    description:
      "u_t − 1e-4 u_xx + 5u³ − 5u = 0, u(x, 0) = x² cos(πx), periodic in x (exact through a periodic embedding): the " +
      "same network trained twice, plainly and with the causal weights of Wang, Sankaran & Perdikaris (2022), " +
      "against a pseudo-spectral ETDRK4 reference computed here with @continuum/core-tensor/fft.",
    controls: [
      { key: "steps", label: "Adam steps per run", kind: "number", min: 10, max: 100000, step: 10 },
      { key: "width", label: "width (3 layers)", kind: "number", min: 4, max: 128, step: 1 },
      { key: "collocation", label: "collocation points", kind: "number", min: 64, max: 8192, step: 64 },
      { key: "lr", label: "learning rate", kind: "number", min: 1e-5, max: 1e-1, step: 1e-4 },
      { key: "chunks", label: "causal time chunks", kind: "number", min: 2, max: 128, step: 1 },
      { key: "runs", label: "runs", kind: "select", options: ["both", "plain", "causal"] },
    ],
    defaults: { steps: 500, width: 32, collocation: 1024, lr: 1e-3, chunks: 32, runs: "both" },
    quick: { steps: 20, width: 16, collocation: 256, chunks: 16 },
    missing: () =>
      missingExports("@continuum/pinn", pinn, [
        "pde",
        "train",
        "allenCahn",
        "initial",
        "periodicEmbedding",
        "withEmbedding",
        "causalWeights",
        "residualAt",
        "predict",
        "evaluate",
      ]),
    run: allenCahnRun,
  },
];
