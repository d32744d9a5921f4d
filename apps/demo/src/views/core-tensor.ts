import * as Plot from "@observablehq/plot";
import type { AutodiffResult } from "../scenarios/core-tensor.js";
import { fmt, type View } from "./types.js";

const higherOrder: View = {
  figures(r: AutodiffResult, { document }) {
    const exact = r.orders.flatMap((o) => o.exact.map((y, i) => ({ x: r.x[i]!, y, order: `d${o.k}` })));
    const auto = r.orders.flatMap((o) => o.auto.map((y, i) => ({ x: r.x[i]!, y, order: `d${o.k}` })));
    const err = r.orders.flatMap((o) =>
      o.auto.map((y, i) => ({
        x: r.x[i]!,
        err: Math.max(Math.abs(y - o.exact[i]!), 1e-12),
        order: `d${o.k}`,
      })),
    );
    return [
      {
        title: `d^k ${r.fn}(x): autodiff (dots) vs closed form (lines), backend ${r.backend}`,
        node: Plot.plot({
          document,
          width: 560,
          height: 320,
          color: { legend: true },
          marks: [
            Plot.ruleY([0], { stroke: "#ccc" }),
            Plot.line(exact, { x: "x", y: "y", stroke: "order" }),
            Plot.dot(auto, { x: "x", y: "y", stroke: "order", r: 2 }),
          ],
        }),
      },
      {
        title: "absolute error (log scale)",
        node: Plot.plot({
          document,
          width: 420,
          height: 320,
          y: { type: "log", label: "|autodiff − exact|" },
          color: { legend: true },
          marks: [Plot.line(err, { x: "x", y: "err", stroke: "order" })],
        }),
      },
    ];
  },
  summary(r: AutodiffResult) {
    return [
      ...r.orders.map((o) => ({ check: `d${o.k} ${r.fn} on [-3, 3]`, "max abs error": fmt(o.maxAbsErr) })),
      ...r.rosenbrock.map((h) => ({
        check: `Rosenbrock Hessian at (${h.point.join(", ")})`,
        "max abs error": fmt(h.maxAbsErr),
      })),
    ];
  },
};

export const views = { "higher-order": higherOrder };
