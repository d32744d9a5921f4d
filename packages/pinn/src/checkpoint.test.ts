import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mlp, ready, tf } from "@continuum/core-tensor";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { dirichlet } from "./conditions/boundary.js";
import { grid } from "./points.js";
import { predict } from "./predict.js";
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

it("the file holds the final parameters after L-BFGS, and an earlier run's file is not overwritten silently", async () => {
  const make = () =>
    pde({
      geometry: interval(0, 1),
      residual: ({ u, d, params }) => tf.sub(d(u, "x"), params.k!),
      parameters: { k: trainable(0.5, { positive: true }) },
      conditions: [dirichlet({ value: 0, points: 2 })],
    });
  const problem = make();
  const net = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 0 });
  const path = join(dir, "lbfgs.safetensors");
  const r = await train(problem, net, {
    collocation: 8,
    schedule: [
      { optimizer: "adam", lr: 0.05, steps: 4 },
      { optimizer: "lbfgs", steps: 6 },
    ],
    checkpointEvery: 2,
    checkpointPath: path,
  });
  // Resuming from the file gives the trained field exactly (the file used to stop at the last Adam checkpoint).
  const p2 = make();
  const net2 = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 5 });
  const { step } = await loadCheckpoint(p2, net2, path);
  expect(step).toBe(r.steps);
  const xs = grid([[0, 0.25, 0.5, 1]]);
  expect(Array.from(predict(p2, net2, xs))).toEqual(Array.from(predict(problem, net, xs)));
  expect(p2.parameters.values().k).toBe(problem.parameters.values().k);
  // A second run refuses the existing file up front, and replaces it only when asked to.
  const bytes = readFileSync(path);
  const again = {
    collocation: 8,
    schedule: [{ optimizer: "adam" as const, steps: 2 }],
    checkpointPath: path,
  };
  await expect(train(make(), net2, again)).rejects.toThrow(
    /train: checkpointPath '.*lbfgs\.safetensors' already exists; pass overwriteCheckpoint: true/,
  );
  expect(readFileSync(path).equals(bytes)).toBe(true);
  await train(make(), net2, { ...again, overwriteCheckpoint: true });
  expect(readFileSync(path).equals(bytes)).toBe(false);
  // Loading into a problem without the identified coefficient would drop it: refused.
  const forward = pde({ geometry: interval(0, 1), residual: ({ u }) => u });
  await expect(loadCheckpoint(forward, net2, path)).rejects.toThrow(
    /loadCheckpoint: .*the file has tensors the target lacks: pde\.k/,
  );
});
