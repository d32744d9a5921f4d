import { mlp, ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { trainNeuralLqMfg } from "./neural-lq.js";

describe("neural LQ MFG (small smoke run; 10-D and 50-D accuracy runs are in bench/)", () => {
  beforeAll(async () => {
    await ready();
  });
  const problem = { dim: 2, sigma: 0.5, qbar: 1, c: 1, horizon: 1, initialStd: 1 };

  it("training lowers the cost towards the Riccati cost and leaks no tensors", async () => {
    // core-tensor's mlp() currently leaves the pre-`tf.variable` copies of its initial weights behind (2 per
    // layer); allow exactly what constructing and disposing the same network leaks, so our own code must be clean.
    const n0 = tf.memory().numTensors;
    treeDispose(mlp({ inputs: 3, hidden: [16], outputs: 2 }).params);
    const mlpLeak = tf.memory().numTensors - n0;
    await expectNoLeaks(
      () => {
        const res = trainNeuralLqMfg(problem, {
          iterations: 60,
          particles: 128,
          timeSteps: 10,
          hidden: [16],
          learningRate: 1e-2,
        });
        const first = res.losses.slice(0, 5).reduce((a, b) => a + b) / 5;
        const last = res.losses.slice(-5).reduce((a, b) => a + b) / 5;
        expect(last).toBeLessThan(first);
        // the loss is a Monte Carlo estimate of the cost of the current policy: it cannot go far below the optimum
        // (10% margin covers 128-particle noise and the O(dt) Euler bias)
        expect(last).toBeGreaterThan(0.9 * res.riccatiCost);
        expect(res.controlError(128)).toBeLessThan(1);
        res.dispose();
      },
      { allow: mlpLeak },
    );
  });

  it("bad input names the argument", () => {
    expect(() => trainNeuralLqMfg({ ...problem, sigma: 0 })).toThrow(/sigma must be > 0, received 0/);
    expect(() => trainNeuralLqMfg({ ...problem, dim: 0 })).toThrow(
      /dim must be a positive integer, received 0/,
    );
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});
