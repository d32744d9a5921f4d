import * as Plot from "@observablehq/plot";
import type {
  CnfTwoMoonsResult,
  NeuralOdeResult,
  StiffRun,
  TrajectoryResult,
  WorkPrecisionPoint,
} from "../scenarios/ode.js";
import { fmt, type View } from "./types.js";

const trajectory: View = {
  figures(r: TrajectoryResult, { document }) {
    const lorenz = r.problem === "lorenz";
    const pts = r.y.map((y, i) => ({ t: r.t[i]!, a: y[0]!, b: lorenz ? y[2]! : y[1]! }));
    return [
      {
        title: lorenz
          ? `Lorenz attractor (x, z), ${r.method}, rtol ${fmt(r.rtol)}`
          : `Arenstorf orbit (x, y), ${r.method}, rtol ${fmt(r.rtol)}`,
        node: Plot.plot({
          document,
          width: 520,
          height: 420,
          x: { label: "x" },
          y: { label: lorenz ? "z" : "y" },
          color: { scheme: "viridis", label: "t" },
          marks: [
            Plot.line(pts, { x: "a", y: "b", stroke: "t", z: null, strokeWidth: 1 }),
            ...(lorenz
              ? []
              : [
                  Plot.dot(
                    [
                      { x: 0, y: 0 },
                      { x: 1, y: 0 },
                    ],
                    { x: "x", y: "y", fill: "black", r: 4 },
                  ),
                ]),
          ],
        }),
      },
      {
        title: "accepted step sizes",
        node: Plot.plot({
          document,
          width: 420,
          height: 420,
          y: { type: "log", label: "step size h" },
          x: { label: "t" },
          marks: [
            Plot.line(
              pts.slice(1).map((p, i) => ({ t: p.t, h: p.t - pts[i]!.t })),
              { x: "t", y: "h" },
            ),
          ],
        }),
      },
    ];
  },
  summary(r: TrajectoryResult) {
    return [
      {
        method: r.method,
        rtol: fmt(r.rtol),
        status: r.status,
        steps: r.steps,
        nfev: r.nfev,
        "time ms": fmt(r.ms),
        ...(r.endError !== undefined ? { "|y(T) − y(0)|": fmt(r.endError) } : {}),
      },
    ];
  },
};

const workPrecision: View = {
  figures(r: { points: WorkPrecisionPoint[] }, { document }) {
    return [
      {
        title: "Arenstorf: error at one period vs right-hand-side evaluations",
        node: Plot.plot({
          document,
          width: 620,
          height: 400,
          x: { type: "log", label: "function evaluations" },
          y: { type: "log", label: "|y(T) − y(0)|" },
          color: { legend: true },
          marks: [
            Plot.line(r.points, { x: "nfev", y: "error", stroke: "method" }),
            Plot.dot(r.points, { x: "nfev", y: "error", stroke: "method", tip: true }),
          ],
        }),
      },
    ];
  },
  summary(r: { points: WorkPrecisionPoint[] }) {
    return r.points.map((p) => ({
      method: p.method,
      rtol: fmt(p.rtol),
      error: fmt(p.error),
      nfev: p.nfev,
      "time ms": fmt(p.ms),
    }));
  },
};

const stiff: View = {
  figures(r: { problem: string; runs: StiffRun[] }, { document }) {
    const rob = r.problem === "robertson";
    const data = r.runs.flatMap((run) =>
      run.t.map((t, i) => ({
        method: run.method,
        t: Math.max(t, 1e-6),
        y: rob ? run.y[i]![1]! * 1e4 : run.y[i]![0]!,
      })),
    );
    return [
      {
        title: rob ? "Robertson: 1e4·y2 (explicit runs stop where they run out of steps)" : "Van der Pol: y1",
        node: Plot.plot({
          document,
          width: 560,
          height: 360,
          x: { type: rob ? "log" : "linear", label: "t" },
          color: { legend: true },
          marks: [Plot.line(data, { x: "t", y: "y", stroke: "method" })],
        }),
      },
      {
        title: "function evaluations (log)",
        node: Plot.plot({
          document,
          width: 380,
          height: 360,
          marginLeft: 70,
          x: { type: "log", label: "nfev" },
          y: { label: null },
          color: { domain: ["explicit", "implicit"], range: ["#d62728", "#2ca02c"], legend: true },
          marks: [Plot.barX(r.runs, { y: "method", x: "nfev", fill: "kind" })],
        }),
      },
    ];
  },
  summary(r: { runs: StiffRun[] }) {
    return r.runs.map((run) => ({
      method: run.method,
      kind: run.kind,
      status: run.status === 0 ? "ok" : "failed",
      "t reached": fmt(run.tReached),
      steps: run.steps,
      nfev: run.nfev,
      njev: run.njev,
      "time ms": fmt(run.ms),
      message: run.status === 0 ? "" : run.message.slice(0, 160),
    }));
  },
};

const neuralOde: View = {
  figures(r: NeuralOdeResult, { document }) {
    const paths = [
      ...r.truth.map(([x, y], i) => ({ x, y, i, curve: "true spiral" })),
      ...r.prediction.map(([x, y], i) => ({ x, y, i, curve: "neural ODE from y(0)" })),
    ];
    return [
      {
        title: "phase portrait",
        node: Plot.plot({
          document,
          width: 420,
          height: 400,
          color: {
            legend: true,
            domain: ["true spiral", "neural ODE from y(0)"],
            range: ["#1f77b4", "#d62728"],
          },
          marks: [Plot.line(paths, { x: "x", y: "y", stroke: "curve", z: "curve" })],
        }),
      },
      {
        title: "training loss (mean |error| on 8-point windows)",
        node: Plot.plot({
          document,
          width: 380,
          height: 400,
          y: { type: "log", label: "loss" },
          marks: [Plot.line(r.losses, { x: "step", y: "loss" })],
        }),
      },
    ];
  },
  summary(r: NeuralOdeResult) {
    const err = r.prediction.length
      ? Math.max(...r.prediction.map((p, i) => Math.hypot(p[0]! - r.truth[i]![0]!, p[1]! - r.truth[i]![1]!)))
      : Number.NaN;
    return [
      {
        steps: r.steps,
        "final loss": fmt(r.losses.at(-1)?.loss ?? Number.NaN),
        "max |y − y*| on [0, 10]": fmt(err),
        "time s": fmt(r.ms / 1000),
      },
    ];
  },
};

const cnfTwoMoons: View = {
  figures(r: CnfTwoMoonsResult, { document }) {
    const box = { x: { domain: [-2.5, 2.5], label: "x₁" }, y: { domain: [-2.5, 2.5], label: "x₂" } };
    const pts = (a: [number, number][]) => a.map(([x, y]) => ({ x, y }));
    return [
      {
        title: "training data (two moons)",
        node: Plot.plot({
          document,
          width: 320,
          height: 320,
          ...box,
          marks: [Plot.dot(pts(r.data), { x: "x", y: "y", r: 1.5, fill: "#1f77b4" })],
        }),
      },
      {
        title: `samples from the CNF (step ${r.steps})`,
        node: Plot.plot({
          document,
          width: 320,
          height: 320,
          ...box,
          marks: [Plot.dot(pts(r.samples), { x: "x", y: "y", r: 1.5, fill: "#d62728" })],
        }),
      },
      {
        title: "model log-density log p(x)",
        node: Plot.plot({
          document,
          width: 360,
          height: 320,
          ...box,
          color: { scheme: "viridis", legend: true, label: "log p", domain: [-8, 0.5], clamp: true } as never,
          marks: [
            Plot.rect(r.grid, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "logp", inset: 0 }),
            Plot.dot(pts(r.data.slice(0, 150)), { x: "x", y: "y", r: 1, fill: "white", fillOpacity: 0.6 }),
          ],
        }),
      },
      {
        title: "training loss (negative log-likelihood, nats)",
        node: Plot.plot({
          document,
          width: 320,
          height: 320,
          y: { label: "NLL" },
          marks: [Plot.line(r.losses, { x: "step", y: "loss" })],
        }),
      },
    ];
  },
  summary(r: CnfTwoMoonsResult) {
    return [
      {
        steps: r.steps,
        "final train NLL": fmt(r.losses.at(-1)?.loss ?? Number.NaN),
        "test NLL": fmt(r.testNll),
        "best Gaussian NLL": fmt(r.gaussianNll),
        "time s": fmt(r.ms / 1000),
      },
    ];
  },
};

export const views: Record<string, View> = {
  trajectory,
  "work-precision": workPrecision,
  stiff,
  "neural-ode": neuralOde,
  "cnf-two-moons": cnfTwoMoons,
};
