import * as Plot from "@observablehq/plot";
import type { CrowdResult, LqResult, ObstacleCrowdResult } from "../scenarios/mean-field-games.js";
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

const obstacleCrowd: View = {
  figures(r: ObstacleCrowdResult, { document }) {
    const figs = [];
    if (r.frames.length > 0) {
      const blocked = new Set(r.obstacles.map(([x, y]) => y * r.width + x));
      const label = (t: number) => `t = ${t}`;
      const cells = r.frames.flatMap(({ t, density }) =>
        density.flatMap((m, s) =>
          blocked.has(s) ? [] : [{ t: label(t), x: s % r.width, y: Math.floor(s / r.width), m }],
        ),
      );
      const walls = r.frames.flatMap(({ t }) => r.obstacles.map(([x, y]) => ({ t: label(t), x, y })));
      const exits = r.frames.map(({ t }) => ({ t: label(t), x: r.target[0], y: r.target[1] }));
      figs.push({
        title: "crowd density at four times (grey: walls, ring: exit)",
        node: Plot.plot({
          document,
          width: 760,
          height: 240,
          fx: { label: null, domain: r.frames.map(({ t }) => label(t)) },
          x: { axis: null },
          y: { axis: null, reverse: true },
          color: { type: "sqrt", scheme: "magma", legend: true, label: "mu" },
          marks: [
            Plot.cell(cells, { fx: "t", x: "x", y: "y", fill: "m", inset: 0.3 }),
            Plot.cell(walls, { fx: "t", x: "x", y: "y", fill: "#999", inset: 0.3 }),
            Plot.dot(exits, { fx: "t", x: "x", y: "y", stroke: "#2ca02c", r: 6, strokeWidth: 2 }),
          ],
        }),
      });
    }
    if (r.curve.length > 0) {
      figs.push({
        title: "exploitability of mirror descent",
        node: Plot.plot({
          document,
          width: 380,
          height: 260,
          y: { type: "log", label: "exploitability" },
          x: { label: "iteration" },
          marks: [
            Plot.line(
              r.curve.filter((c) => c.exploitability > 0),
              { x: "iteration", y: "exploitability" },
            ),
          ],
        }),
      });
    }
    if (r.stationary) {
      const { n, x, y, m } = r.stationary;
      const hx = x[1]! - x[0]!;
      const hy = y[1]! - y[0]!;
      const nodes = m.map((v, k) => ({ x: x[k % n]!, y: y[Math.floor(k / n)]!, m: v }));
      figs.push({
        title: "stationary crowd, 2-D finite differences (walls as a potential barrier)",
        node: Plot.plot({
          document,
          width: 380,
          height: 280,
          x: { label: "x" },
          y: { label: "y", reverse: true },
          color: { type: "sqrt", scheme: "magma", legend: true, label: "m" },
          marks: [
            Plot.rect(nodes, {
              x1: (d: { x: number }) => d.x - hx / 2,
              x2: (d: { x: number }) => d.x + hx / 2,
              y1: (d: { y: number }) => d.y - hy / 2,
              y2: (d: { y: number }) => d.y + hy / 2,
              fill: "m",
            }),
            Plot.rect(r.obstacles, {
              x1: (d: [number, number]) => d[0],
              x2: (d: [number, number]) => d[0] + 1,
              y1: (d: [number, number]) => d[1],
              y2: (d: [number, number]) => d[1] + 1,
              stroke: "#bbb",
              fill: "none",
            }),
          ],
        }),
      });
    }
    return figs;
  },
  summary(r: ObstacleCrowdResult) {
    const rows: Record<string, string | number>[] = [
      {
        method: "finite game, online mirror descent",
        size: `${r.width}×${r.height}, horizon ${r.horizon}`,
        "exploitability (start → end)": `${fmt(r.exploitability0)} → ${fmt(r.exploitability)}`,
        "time ms": fmt(r.ms),
      },
    ];
    if (r.stationary)
      rows.push({
        method: "ergodic HJB–FP, 2-D finite differences",
        size: `${r.stationary.n}×${r.stationary.n} nodes`,
        "exploitability (start → end)": `lambda ${fmt(r.stationary.lambda)}, mass ${fmt(r.stationary.mass)}`,
        "time ms": fmt(r.stationary.ms),
      });
    return rows;
  },
};

export const views: Record<string, View> = { crowd, "obstacle-crowd": obstacleCrowd, lq };
