import { readFileSync } from "node:fs";
import { ready, tf } from "@continuum/core-tensor";
import { beforeAll, expect, it } from "vitest";
import { burgersDataset, fno1d, superResolution, trainOperator } from "./index.js";

beforeAll(async () => {
  await ready();
});

it("the README example runs as written (same calls, same result shape)", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  expect(readme).toContain("burgersDataset({ n: 16, resolution: 64, seed: 0, dt: 2e-3 })");
  const { u0, uT } = burgersDataset({ n: 16, resolution: 64, seed: 0, dt: 2e-3 });
  const data = {
    inputs: tf.tensor3d(Float32Array.from(u0), [16, 64, 1]),
    targets: tf.tensor3d(Float32Array.from(uT), [16, 64, 1]),
  };
  const model = fno1d({
    inChannels: 1,
    outChannels: 1,
    modes: 8,
    width: 8,
    layers: 2,
    projection: 16,
    seed: 0,
  });
  const { history } = trainOperator(model, data, { epochs: 3, batchSize: 8, learningRate: 1e-2 });
  const errors = superResolution(model, data, { strides: [2, 1] });
  expect(Number.isFinite(history.at(-1)!.loss)).toBe(true);
  expect(errors.map((e) => e.resolution)).toEqual([32, 64]);
});
