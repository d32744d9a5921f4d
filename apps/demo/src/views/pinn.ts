import * as Plot from "@observablehq/plot";
import type { PinnResult } from "../scenarios/pinn.js";
import { fmt, type View } from "./types.js";

function field(r: PinnResult, values: number[]) {
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
  const dx = 1 / 63;
  const dt = 0.5 / 25;
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

export const views: Record<string, View> = { burgers };
