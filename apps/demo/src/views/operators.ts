import * as Plot from "@observablehq/plot";
import type { FnoResult } from "../scenarios/operators.js";
import { fmt, type View } from "./types.js";

const fno: View = {
  figures(r: FnoResult, { document }) {
    const curves = r.history.flatMap((h) => [
      { epoch: h.epoch + 1, value: h.loss, set: "train" },
      ...(h.testRelativeL2 !== undefined
        ? [{ epoch: h.epoch + 1, value: h.testRelativeL2, set: "test" }]
        : []),
    ]);
    const ex = r.example;
    const lines = ex.x.flatMap((x, j) => [
      { x, u: ex.u0[j]!, curve: "u(x, 0) input" },
      { x, u: ex.truth[j]!, curve: "u(x, 1) truth" },
      ...(ex.prediction.length ? [{ x, u: ex.prediction[j]!, curve: "FNO prediction" }] : []),
    ]);
    return [
      {
        title: `relative L2 per epoch (trained at ${r.trainResolution} points)`,
        node: Plot.plot({
          document,
          width: 360,
          height: 280,
          y: { type: "log", label: "relative L2" },
          color: { legend: true },
          marks: [Plot.line(curves, { x: "epoch", y: "value", stroke: "set", marker: "dot" })],
        }),
      },
      {
        title: `held-out input u(x, 0) at ${r.resolution} points`,
        node: Plot.plot({
          document,
          width: 300,
          height: 280,
          marks: [
            Plot.line(
              lines.filter((l) => l.curve === "u(x, 0) input"),
              { x: "x", y: "u", stroke: "#888" },
            ),
          ],
        }),
      },
      {
        title: "its u(x, 1): truth vs FNO prediction",
        node: Plot.plot({
          document,
          width: 420,
          height: 280,
          color: { legend: true, domain: ["u(x, 1) truth", "FNO prediction"], range: ["#1f77b4", "#d62728"] },
          marks: [
            Plot.line(
              lines.filter((l) => l.curve === "u(x, 1) truth"),
              { x: "x", y: "u", stroke: "curve" },
            ),
            Plot.line(
              lines.filter((l) => l.curve === "FNO prediction"),
              { x: "x", y: "u", stroke: "curve", strokeDasharray: "5,3", strokeWidth: 2 },
            ),
          ],
        }),
      },
      ...(r.superResolution.length
        ? [
            {
              title: "test error vs evaluation resolution",
              node: Plot.plot({
                document,
                width: 300,
                height: 280,
                x: { type: "band", label: "grid points" },
                y: { label: "relative L2", grid: true },
                marks: [
                  Plot.barY(r.superResolution, { x: "resolution", y: "relativeL2", fill: "#4c78a8" }),
                  Plot.ruleY([0]),
                ],
              }),
            },
          ]
        : []),
    ];
  },
  summary(r: FnoResult) {
    const last = r.history.at(-1);
    return [
      {
        "train pairs": r.nTrain,
        "test pairs": r.nTest,
        "data s": fmt(r.dataMs / 1000),
        "train s": fmt(r.trainMs / 1000),
        "final train rel. L2": last ? fmt(last.loss) : "",
        ...Object.fromEntries(
          r.superResolution.map((e) => [`test rel. L2 @${e.resolution}`, fmt(e.relativeL2)]),
        ),
      },
    ];
  },
};

export const views: Record<string, View> = { "fno-burgers": fno };
