import * as Plot from "@observablehq/plot";
import type { OptimResult } from "../scenarios/optim.js";
import { fmt, type View } from "./types.js";

const trajectories: View = {
  figures(r: OptimResult, { document }) {
    const g = r.grid;
    const pts = r.paths.flatMap((p) => p.path.map(([x, y], i) => ({ method: p.method, x, y, i })));
    const ends = r.paths.map((p) => ({ method: p.method, x: p.path.at(-1)![0], y: p.path.at(-1)![1] }));
    const clamp = (v: number, [a, b]: [number, number]) => Math.min(b, Math.max(a, v));
    const inside = pts.map((p) => ({ ...p, x: clamp(p.x, g.x), y: clamp(p.y, g.y) }));
    return [
      {
        title: `${r.fn}: log10(1 + f) contours and optimiser paths`,
        node: Plot.plot({
          document,
          width: 640,
          height: 560,
          x: { domain: g.x, label: "x" },
          y: { domain: g.y, label: "y" },
          color: { legend: true, type: "categorical" },
          marks: [
            Plot.contour(g.values, {
              x1: g.x[0],
              x2: g.x[1],
              y1: g.y[0],
              y2: g.y[1],
              width: g.nx,
              height: g.ny,
              stroke: "#bbb",
              strokeWidth: 0.7,
              thresholds: 20,
            }),
            Plot.line(inside, { x: "x", y: "y", stroke: "method", z: "method", strokeWidth: 1.5 }),
            Plot.dot(ends, { x: "x", y: "y", fill: "method", r: 4 }),
            Plot.text(ends, { x: "x", y: "y", text: "method", fill: "method", dx: 7, textAnchor: "start" }),
            Plot.dot([{ x: r.minimum[0], y: r.minimum[1] }], {
              x: "x",
              y: "y",
              symbol: "star",
              r: 7,
              fill: "black",
            }),
          ],
        }),
      },
    ];
  },
  summary(r: OptimResult) {
    return r.paths.map((p) => ({
      method: p.method,
      kind: p.kind,
      "final f": fmt(p.final),
      "final x": p.path
        .at(-1)!
        .map((v) => fmt(v))
        .join(", "),
      evaluations: p.evaluations,
      "time ms": fmt(p.ms),
    }));
  },
};

export const views: Record<string, View> = { trajectories };
