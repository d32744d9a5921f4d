import * as core from "@continuum/core-tensor";
import * as pinn from "@continuum/pinn";
import { type Params, type RunContext, type Scenario, missingExports, num, str } from "./types.js";

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
      "Not wired in the demo yet: needs a reference solution shipped to the browser (the package keeps it as a test fixture).",
    controls: [],
    defaults: {},
    missing: () => ["apps/demo → an Allen–Cahn reference for the browser (pinn keeps it in test/fixtures)"],
    run: async () => {
      throw new Error("not wired");
    },
  },
];
