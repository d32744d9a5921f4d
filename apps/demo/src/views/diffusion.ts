import * as Plot from "@observablehq/plot";
import type { ReverseResult, SweepPoint, TrainCompareResult } from "../scenarios/diffusion.js";
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

const METHOD_COLORS = ["#d62728", "#1f77b4", "#2ca02c"];

const trainCompare: View = {
  figures(r: TrainCompareResult, { document }) {
    const methods = r.methods.map((m) => m.method);
    const color = { domain: methods, range: METHOD_COLORS.slice(0, methods.length), legend: true };
    const figs: ReturnType<View["figures"]> = [];
    const sw = r.methods.flatMap((m) => m.results.map((p) => ({ method: m.method, nfe: p.nfe, sw: p.sw })));
    if (sw.length > 0)
      figs.push({
        title: `sliced W2 to fresh ${r.dataset} data vs NFE (dashed: data vs data, ${fmt(r.self)})`,
        node: Plot.plot({
          document,
          width: 560,
          height: 360,
          x: { type: "log", label: "function evaluations (NFE)", ticks: [1, 2, 4, 10], tickFormat: "d" },
          y: { type: "log", label: "sliced W2" },
          color,
          marks: [
            Plot.ruleY([r.self], { stroke: "#777", strokeDasharray: "4 3" }),
            Plot.line(sw, { x: "nfe", y: "sw", stroke: "method" }),
            Plot.dot(sw, { x: "nfe", y: "sw", stroke: "method", fill: "method", tip: true }),
          ],
        }),
      });
    // Axis box from the data (samples far outside it, e.g. few-step diffusion, are clipped).
    const xs = r.data.map((p) => p[0]!);
    const ys = r.data.map((p) => p[1]!);
    const pad = (lo: number, hi: number): [number, number] => {
      const m = 0.15 * (hi - lo || 1);
      return [lo - m, hi + m];
    };
    const xDomain = pad(Math.min(...xs), Math.max(...xs));
    const yDomain = pad(Math.min(...ys), Math.max(...ys));
    const panels = ["data", ...r.methods.filter((m) => m.samples2.length > 0).map((m) => m.method)];
    const pts = [
      ...r.data.map(([x, y]) => ({ panel: "data", x, y })),
      ...r.methods.flatMap((m) => m.samples2.map(([x, y]) => ({ panel: m.method, x, y }))),
    ];
    figs.push({
      title: "samples at NFE = 2 next to the data (800 shown; points outside the data box are clipped)",
      node: Plot.plot({
        document,
        width: Math.min(1100, 250 * panels.length),
        height: 260,
        fx: { domain: panels, label: null },
        x: { domain: xDomain, axis: null },
        y: { domain: yDomain, axis: null },
        color: { domain: ["data", ...methods], range: ["#999", ...METHOD_COLORS.slice(0, methods.length)] },
        marks: [
          Plot.frame({ stroke: "#ddd" }),
          Plot.dot(pts, { fx: "panel", x: "x", y: "y", r: 1, fill: "panel", fillOpacity: 0.5, clip: true }),
        ],
      }),
    });
    const losses = r.methods.flatMap((m) => m.losses.map((l) => ({ method: m.method, ...l })));
    if (losses.length > 0)
      figs.push({
        title: "training loss (DSM and CFM losses are on different scales)",
        node: Plot.plot({
          document,
          width: 560,
          height: 300,
          x: { label: "step" },
          y: { type: "log", label: "loss" },
          color,
          marks: [Plot.line(losses, { x: "step", y: "loss", stroke: "method" })],
        }),
      });
    return figs;
  },
  summary(r: TrainCompareResult) {
    return [
      ...r.methods.flatMap((m) =>
        m.results.map((p) => ({
          method: `${m.method} · ${m.sampler}`,
          NFE: p.nfe,
          "sliced W2": fmt(p.sw),
          "train ms": fmt(m.trainMs),
        })),
      ),
      { method: "data vs data (floor)", NFE: "-", "sliced W2": fmt(r.self), "train ms": "-" },
    ];
  },
};

export const views: Record<string, View> = {
  "reverse-process": reverse,
  "nfe-sweep": sweep,
  "train-compare": trainCompare,
};
