import * as Plot from "@observablehq/plot";
import type { ReverseResult, SweepPoint } from "../scenarios/diffusion.js";
import { fmt, type View } from "./types.js";

const reverse: View = {
  figures(r: ReverseResult, { document }) {
    const frames =
      r.frames.length > 6
        ? [0, 1, 2, 3, 4]
            .map((i) => r.frames[Math.round((i * (r.frames.length - 1)) / 5)]!)
            .concat(r.frames.at(-1)!)
        : r.frames;
    const pts = frames.flatMap((f) =>
      f.points.map(([x, y]) => ({ frame: `step ${f.step} · t=${fmt(f.t, 2)}`, x, y })),
    );
    const order = frames.map((f) => `step ${f.step} · t=${fmt(f.t, 2)}`);
    const last = r.frames.at(-1);
    return [
      {
        title: `${r.sampler} on the ${r.path} path`,
        node: Plot.plot({
          document,
          width: Math.min(1100, 190 * Math.max(frames.length, 1)),
          height: 230,
          fx: { domain: order, label: null },
          x: { domain: [-4, 4], axis: null },
          y: { domain: [-4, 4], axis: null },
          marks: [
            Plot.frame({ stroke: "#ddd" }),
            Plot.dot(pts, { fx: "frame", x: "x", y: "y", r: 1, fill: "#1f77b4", fillOpacity: 0.5 }),
          ],
        }),
      },
      ...(last
        ? [
            {
              title: "final samples (blue) over exact samples (grey)",
              node: Plot.plot({
                document,
                width: 360,
                height: 340,
                x: { domain: [-3.5, 3.5] },
                y: { domain: [-3.5, 3.5] },
                marks: [
                  Plot.dot(
                    r.target.map(([x, y]) => ({ x, y })),
                    { x: "x", y: "y", r: 1, fill: "#999", fillOpacity: 0.5 },
                  ),
                  Plot.dot(
                    last.points.map(([x, y]) => ({ x, y })),
                    { x: "x", y: "y", r: 1.2, fill: "#1f77b4" },
                  ),
                ],
              }),
            },
          ]
        : []),
    ];
  },
  summary(r: ReverseResult) {
    return [
      {
        sampler: r.sampler,
        path: r.path,
        steps: r.frames.at(-1)?.step ?? 0,
        NFE: r.nfe,
        "sliced W2 to exact": fmt(r.sw),
      },
    ];
  },
};

const sweep: View = {
  figures(r: { points: SweepPoint[] }, { document }) {
    return [
      {
        title: "sliced Wasserstein distance to exact samples vs NFE",
        node: Plot.plot({
          document,
          width: 640,
          height: 400,
          x: { type: "log", label: "function evaluations (NFE)" },
          y: { type: "log", label: "sliced W2" },
          color: { legend: true },
          marks: [
            Plot.line(r.points, { x: "nfe", y: "sw", stroke: "method" }),
            Plot.dot(r.points, { x: "nfe", y: "sw", stroke: "method", tip: true }),
          ],
        }),
      },
    ];
  },
  summary(r: { points: SweepPoint[] }) {
    return r.points.map((p) => ({
      method: p.method,
      steps: p.steps,
      NFE: p.nfe,
      "sliced W2": fmt(p.sw),
      "time ms": fmt(p.ms),
    }));
  },
};

export const views: Record<string, View> = { "reverse-process": reverse, "nfe-sweep": sweep };
