import * as Plot from "@observablehq/plot";
import type { FnoResult } from "../scenarios/operators.js";
import { fmt, type SummaryRow, type View } from "./types.js";

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
      ...(r.pretrained ? [{ x, u: r.pretrained.prediction[j]!, curve: "pre-trained FNO" }] : []),
    ]);
    const bars = [
      ...r.superResolution.map((e) => ({ ...e, model: "live" })),
      ...(r.pretrained?.superResolution ?? []).map((e) => ({ ...e, model: "pre-trained" })),
    ];
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
          color: {
            legend: true,
            domain: ["u(x, 1) truth", "FNO prediction", "pre-trained FNO"],
            range: ["#1f77b4", "#d62728", "#2ca02c"],
          },
          marks: [
            Plot.line(
              lines.filter((l) => l.curve === "u(x, 1) truth"),
              { x: "x", y: "u", stroke: "curve" },
            ),
            Plot.line(
              lines.filter((l) => l.curve === "FNO prediction"),
              { x: "x", y: "u", stroke: "curve", strokeDasharray: "5,3", strokeWidth: 2 },
            ),
            Plot.line(
              lines.filter((l) => l.curve === "pre-trained FNO"),
              { x: "x", y: "u", stroke: "curve", strokeDasharray: "2,2", strokeWidth: 2 },
            ),
          ],
        }),
      },
      ...(r.superResolution.length
        ? [
            {
              title: r.pretrained
                ? "test error vs evaluation resolution: live vs pre-trained"
                : "test error vs evaluation resolution",
              node: Plot.plot({
                document,
                width: 340,
                height: 280,
                x: { axis: null },
                fx: { label: "grid points" },
                y: { label: "relative L2", grid: true },
                color: { legend: true, domain: ["live", "pre-trained"], range: ["#4c78a8", "#2ca02c"] },
                marks: [
                  Plot.barY(bars, { fx: "resolution", x: "model", y: "relativeL2", fill: "model" }),
                  Plot.ruleY([0]),
                ],
              }),
            },
          ]
        : []),
    ];
  },
  summary(r: FnoResult): SummaryRow[] {
    const last = r.history.at(-1);
    return [
      {
        model: "live",
        "train pairs": r.nTrain,
        epochs: r.history.length,
        "test pairs": r.nTest,
        "data s": fmt(r.dataMs / 1000),
        "train s": fmt(r.trainMs / 1000),
        "final train rel. L2": last ? fmt(last.loss) : "",
        ...Object.fromEntries(
          r.superResolution.map((e) => [`test rel. L2 @${e.resolution}`, fmt(e.relativeL2)]),
        ),
      },
      ...(r.pretrained
        ? [
            {
              model: "pre-trained",
              "train pairs": r.pretrained.metadata.nTrain ?? "",
              epochs: `${r.pretrained.metadata.epochs ?? "?"} (best ${r.pretrained.metadata.bestEpoch ?? "?"})`,
              "test pairs": r.nTest,
              "train s": `${r.pretrained.metadata.trainSeconds ?? "?"} (offline)`,
              "final train rel. L2": `val ${r.pretrained.metadata.valRelativeL2 ?? "?"}`,
              load: `${fmt(r.pretrained.bytes / 1024)} kB in ${fmt(r.pretrained.loadMs)} ms`,
              ...Object.fromEntries(
                r.pretrained.superResolution.map((e) => [`test rel. L2 @${e.resolution}`, fmt(e.relativeL2)]),
              ),
            },
          ]
        : r.pretrainedError
          ? [{ model: "pre-trained", status: r.pretrainedError }]
          : []),
    ];
  },
};

export const views: Record<string, View> = { "fno-burgers": fno };
