import * as Plot from "@observablehq/plot";
import type { CrowdResult, LqResult } from "../scenarios/mean-field-games.js";
import { fmt, type View } from "./types.js";

const crowd: View = {
  figures(r: CrowdResult, { document }) {
    const figs = [
      {
        title: "exploitability per iteration",
        node: Plot.plot({
          document,
          width: 460,
          height: 340,
          y: { type: "log", label: "exploitability" },
          x: { label: "iteration" },
          color: { legend: true },
          marks: [
            Plot.line(
              r.curves.filter((c) => c.exploitability > 0),
              { x: "iteration", y: "exploitability", stroke: "algorithm" },
            ),
          ],
        }),
      },
    ];
    if (r.distribution.length > 0) {
      const n = r.width * r.height;
      if (r.height === 1) {
        const cells = r.distribution.map((m, k) => ({ x: k % n, t: Math.floor(k / n), m }));
        figs.push({
          title: `density mu(t, x) of ${r.best}`,
          node: Plot.plot({
            document,
            width: 460,
            height: 340,
            color: { scheme: "magma", legend: true, label: "mu" },
            marks: [Plot.cell(cells, { x: "x", y: "t", fill: "m", inset: 0 })],
          }),
        });
      } else {
        const times = [0, Math.floor(r.horizon / 3), Math.floor((2 * r.horizon) / 3), r.horizon];
        const cells = times.flatMap((t) =>
          Array.from({ length: n }, (_, s) => ({
            t: `t = ${t}`,
            x: s % r.width,
            y: Math.floor(s / r.width),
            m: r.distribution[t * n + s]!,
          })),
        );
        figs.push({
          title: `crowd density at four times (${r.best})`,
          node: Plot.plot({
            document,
            width: 700,
            height: 220,
            fx: { label: null, domain: times.map((t) => `t = ${t}`) },
            x: { axis: null },
            y: { axis: null, reverse: true },
            color: { type: "sqrt", scheme: "magma", legend: true, label: "mu" },
            marks: [Plot.cell(cells, { fx: "t", x: "x", y: "y", fill: "m", inset: 0.5 })],
          }),
        });
      }
    }
    return figs;
  },
  summary(r: CrowdResult) {
    return r.final.map((f) => ({
      algorithm: f.algorithm,
      "final exploitability": fmt(f.exploitability),
      status: f.status,
      "time ms": fmt(f.ms),
    }));
  },
};

const lq: View = {
  figures(r: LqResult, { document }) {
    return [
      {
        title: "eta(t): closed form (line) vs Riccati RK4 (dots)",
        node: Plot.plot({
          document,
          width: 420,
          height: 300,
          marks: [
            Plot.line(r.eta, { x: "t", y: "exact" }),
            Plot.dot(r.eta, { x: "t", y: "riccati", stroke: "#d62728", r: 2.5 }),
          ],
        }),
      },
      {
        title: "max |error| vs RK4 steps (slope −4 expected)",
        node: Plot.plot({
          document,
          width: 420,
          height: 300,
          x: { type: "log", label: "steps" },
          y: { type: "log", label: "max error" },
          marks: [Plot.line(r.convergence, { x: "steps", y: "maxError", marker: "dot" })],
        }),
      },
    ];
  },
  summary(r: LqResult) {
    return r.convergence.map((c, i) => ({
      steps: c.steps,
      "max error": fmt(c.maxError),
      "observed order": i === 0 ? "" : fmt(Math.log2(r.convergence[i - 1]!.maxError / c.maxError)),
    }));
  },
};

export const views: Record<string, View> = { crowd, lq };
