import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mlp, ready, tf } from "@continuum/core-tensor";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { interval } from "./geometry/box.js";
import { trainable } from "./parameters.js";
import { pde } from "./pde.js";
import { train } from "./train.js";

const dir = mkdtempSync(join(tmpdir(), "pinn-ckpt-"));
beforeAll(async () => {
  await ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("saves and restores network and PDE unknowns (safetensors), also from train", async () => {
  const problem = pde({
    geometry: interval(0, 1),
    residual: ({ u, d, params }) => tf.sub(d(u, "x"), params.k!),
    parameters: { k: trainable(0.5) },
  });
  const net = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 0 });
  const path = join(dir, "a.safetensors");
  await train(problem, net, {
    collocation: 8,
    schedule: [{ optimizer: "adam", lr: 0.05, steps: 4 }],
    checkpointEvery: 2,
    checkpointPath: path,
  });
  const w = Array.from(net.params.layers[0]!.w.dataSync());
  const k = problem.parameters.values().k!;
  const other = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 9 });
  const p2 = pde({ geometry: interval(0, 1), residual: ({ u }) => u, parameters: { k: trainable(0.5) } });
  await loadCheckpoint(p2, other, path);
  expect(Array.from(other.params.layers[0]!.w.dataSync())).toEqual(w);
  expect(p2.parameters.values().k).toBeCloseTo(k, 6);
  await saveCheckpoint(p2, other, join(dir, "b.safetensors"), { step: 3 });
  await expect(
    loadCheckpoint(p2, mlp({ inputs: 1, hidden: [5], outputs: 1 }), join(dir, "b.safetensors")),
  ).rejects.toThrow();
});
