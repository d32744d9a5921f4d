import { ready } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { scenarios, type TrainCompareResult } from "./diffusion.js";

beforeAll(async () => {
  await ready();
});

const trainCompare = scenarios.find((s) => s.id === "train-compare")!;

describe("diffusion/train-compare scenario", () => {
  it("trains the three methods at quick settings without leaking tensors and reports a finite, positive SW2 at every NFE", async () => {
    expect(trainCompare.missing()).toEqual([]);
    const fractions: number[] = [];
    const ctx = { quick: true, progress: (f: number) => void fractions.push(f) };
    const t0 = performance.now();
    const r = (await expectNoLeaks(() =>
      trainCompare.run({ ...trainCompare.defaults, ...trainCompare.quick }, ctx),
    )) as TrainCompareResult;
    const ms = performance.now() - t0;
    expect(r.methods.map((m) => m.method)).toHaveLength(3);
    expect(r.self).toBeGreaterThan(0);
    const sws = r.methods.flatMap((m) => m.results.map((p) => p.sw));
    expect(sws).toHaveLength(12);
    for (const sw of sws) {
      expect(Number.isFinite(sw)).toBe(true);
      expect(sw).toBeGreaterThan(0);
    }
    for (const m of r.methods) {
      expect(m.results.map((p) => p.nfe)).toEqual([1, 2, 4, 10]);
      expect(m.samples2.length).toBeGreaterThan(0);
      expect(m.losses.length).toBeGreaterThan(0);
    }
    expect(fractions.length).toBeGreaterThan(10);
    expect(Math.max(...fractions)).toBe(1);
    // Printed for the report: SW2 per method per NFE and the run time.
    console.log(
      JSON.stringify({
        ms: Math.round(ms),
        self: r.self,
        methods: r.methods.map((m) => ({
          method: m.method,
          trainMs: Math.round(m.trainMs),
          sw: m.results.map((p) => [p.nfe, Number(p.sw.toPrecision(3))]),
        })),
      }),
    );
    // The quick run must fit the browser-test budget on the wasm backend.
    expect(ms).toBeLessThan(40_000);
  }, 60_000);

  it("rejects an unknown data set naming the parameter and the value", async () => {
    await expect(
      trainCompare.run(
        { ...trainCompare.defaults, dataset: "spirals" },
        { quick: true, progress: () => undefined },
      ),
    ).rejects.toThrow("parameter 'dataset' must be one of");
  });
});
