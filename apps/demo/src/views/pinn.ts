import * as Plot from "@observablehq/plot";
import type { AllenCahnResult, PinnResult } from "../scenarios/pinn.js";
import { fmt, type View } from "./types.js";

function field(r: { xs: number[]; ts: number[]; nt: number }, values: number[]) {
  return values.map((u, j) => ({ x: r.xs[Math.floor(j / r.nt)]!, t: r.ts[j % r.nt]!, u }));
}

/** A heat map of u(t, x) drawn as SVG rectangles (Plot.raster needs a canvas, which Node reports lack). */
function heat(
  document: Document,
  data: { x: number; t: number; u: number }[],
  scheme: string,
  label: string,
  domain?: [number, number],
) {
  // Half cell sizes from the (uniform) grid the data lives on.
  const xsU = [...new Set(data.map((d) => d.x))];
  const tsU = [...new Set(data.map((d) => d.t))];
  const dx = xsU.length > 1 ? (Math.max(...xsU) - Math.min(...xsU)) / (xsU.length - 1) / 2 : 0.5;
  const dt = tsU.length > 1 ? (Math.max(...tsU) - Math.min(...tsU)) / (tsU.length - 1) / 2 : 0.5;
  const rects = data.map((d) => ({ ...d, x1: d.t - dt, x2: d.t + dt, y1: d.x - dx, y2: d.x + dx }));
  return Plot.plot({
    document,
    width: 330,
    height: 260,
    x: { label: "t" },
    y: { label: "x" },
    color: { scheme: scheme as Plot.ColorScheme, legend: true, label, ...(domain ? { domain } : {}) },
    marks: [Plot.rect(rects, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "u" })],
  });
}

const burgers: View = {
  figures(r: PinnResult, { document }) {
    const figs = [
      {
        title: "loss per term",
        node: Plot.plot({
          document,
          width: 380,
          height: 260,
          y: { type: "log", label: "loss" },
          x: { label: "step" },
          color: { legend: true },
          marks: [
            Plot.line(
              r.history.filter((h) => h.loss > 0),
              { x: "step", y: "loss", stroke: "term" },
            ),
          ],
        }),
      },
      { title: "exact (Hopf–Cole)", node: heat(document, field(r, r.reference), "RdBu", "u", [-1, 1]) },
    ];
    if (r.prediction.length > 0) {
      figs.push({
        title: `PINN prediction (rel. L2 ${fmt(r.relL2)})`,
        node: heat(document, field(r, r.prediction), "RdBu", "u", [-1, 1]),
      });
      figs.push({
        title: "|error|",
        node: heat(
          document,
          field(
            r,
            r.prediction.map((p, j) => Math.abs(p - r.reference[j]!)),
          ),
          "YlOrRd",
          "|u − u*|",
        ),
      });
    }
    return figs;
  },
  summary(r: PinnResult) {
    const last = (term: string) => r.history.filter((h) => h.term === term).at(-1)?.loss ?? Number.NaN;
    const terms = [...new Set(r.history.map((h) => h.term))];
    return [
      {
        status: r.status,
        steps: r.steps,
        "ms/step": fmt(r.msPerStep),
        "rel. L2 vs Hopf–Cole": fmt(r.relL2),
        ...Object.fromEntries(terms.map((t) => [`loss ${t}`, fmt(last(t))])),
      },
    ];
  },
};

const allenCahn: View = {
  figures(r: AllenCahnResult, { document }) {
    const losses = r.runs.flatMap((run) =>
      run.history.filter((h) => h.loss > 0).map((h) => ({ ...h, curve: `${run.label}: ${h.term}` })),
    );
    const figs = [
      {
        title: "loss per term (unweighted)",
        node: Plot.plot({
          document,
          width: 380,
          height: 260,
          y: { type: "log", label: "loss" },
          x: { label: "step" },
          color: { legend: true },
          marks: [Plot.line(losses, { x: "step", y: "loss", stroke: "curve" })],
        }),
      },
      {
        title: "reference (ETDRK4, 512 modes)",
        node: heat(document, field(r, r.reference), "RdBu", "u", [-1, 1]),
      },
    ];
    for (const run of r.runs) {
      if (run.prediction.length === 0) continue;
      figs.push({
        title: `${run.label} PINN (rel. L2 ${fmt(run.relL2)})`,
        node: heat(document, field(r, run.prediction), "RdBu", "u", [-1, 1]),
      });
      figs.push({
        title: `${run.label} |error|`,
        node: heat(
          document,
          field(
            r,
            run.prediction.map((p, j) => Math.abs(p - r.reference[j]!)),
          ),
          "YlOrRd",
          "|u − u*|",
          [0, 2],
        ),
      });
    }
    const chunkRows = r.runs.flatMap((run) =>
      run.chunkLoss.map((loss, c) => ({ t: r.chunkTimes[c]!, loss, run: run.label })),
    );
    if (chunkRows.length > 0)
      figs.push({
        title: "mean squared residual per time chunk",
        node: Plot.plot({
          document,
          width: 380,
          height: 260,
          y: { type: "log", label: "residual²" },
          x: { label: "t", domain: [0, 1] },
          color: { legend: true },
          marks: [Plot.line(chunkRows, { x: "t", y: "loss", stroke: "run", marker: "dot" })],
        }),
      });
    const causal = r.runs.find((run) => run.causalWeights.length > 0);
    if (causal)
      figs.push({
        title: `causal weights at ε = ${causal.epsilon} (min seen in training ${fmt(causal.minCausalWeight ?? Number.NaN)})`,
        node: Plot.plot({
          document,
          width: 380,
          height: 260,
          y: { label: "wᵢ = exp(−ε Σₖ₍ₖ<ᵢ₎ Lₖ)", domain: [0, 1.05] },
          x: { label: "t (chunk midpoint)", domain: [0, 1] },
          marks: [
            Plot.ruleY([0]),
            Plot.line(
              causal.causalWeights.map((w, c) => ({ t: r.chunkTimes[c]!, w })),
              { x: "t", y: "w", marker: "dot" },
            ),
          ],
        }),
      });
    return figs;
  },
  summary(r: AllenCahnResult) {
    return r.runs.map((run) => {
      const last = (term: string) => run.history.filter((h) => h.term === term).at(-1)?.loss ?? Number.NaN;
      const terms = [...new Set(run.history.map((h) => h.term))];
      return {
        run: run.label,
        status: run.status,
        steps: run.steps,
        "ms/step": fmt(run.msPerStep),
        "rel. L2 vs ETDRK4": fmt(run.relL2),
        "final ε": run.epsilon ?? "–",
        "min causal w": run.minCausalWeight === null ? "–" : fmt(run.minCausalWeight),
        "reference ms": fmt(r.referenceMs),
        ...Object.fromEntries(terms.map((t) => [`loss ${t}`, fmt(last(t))])),
      };
    });
  },
};

export const views: Record<string, View> = { burgers, "allen-cahn-causal": allenCahn };
