import { type PyTree, ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { antiderivativeDataset } from "../data/antiderivative.js";
import { deeponet } from "../models/deeponet.js";
import { evaluateOperator } from "./metrics.js";
import { refineWithLbfgs } from "./refine-with-lbfgs.js";

beforeAll(async () => {
  await ready();
});

/** A small antiderivative problem (16 functions, 10 sensors/points) and a ReLU DeepONet on it. */
function problem() {
  const d = antiderivativeDataset({ n: 16, sensors: 10, points: 10, seed: 3 });
  const inputs = tf.tensor2d(Float32Array.from(d.u), [16, 10]);
  const targets = tf.tensor2d(Float32Array.from(d.s), [16, 10]);
  const y = tf.tensor2d(Float32Array.from(d.y), [10, 1]);
  const net = deeponet({
    sensors: 10,
    coordinates: 1,
    branch: [12],
    trunk: [12],
    latent: 8,
    activation: "relu",
    trunkDomain: [[0, 1]],
    seed: 0,
  });
  const model = net.atPoints(y);
  const free = () => {
    tf.dispose([inputs, targets, y]);
    treeDispose(net.params as unknown as PyTree);
  };
  return { model, data: { inputs, targets }, free };
}

describe("refineWithLbfgs", () => {
  it("lowers the full-batch loss of an untrained DeepONet, reports it, and leaks nothing", async () => {
    const { model, data, free } = problem();
    const before = evaluateOperator(model, data.inputs, data.targets).relativeL2;
    const r = await expectNoLeaks(() => refineWithLbfgs(model, data, { maxIter: 80 }), { allow: 0 });
    const after = evaluateOperator(model, data.inputs, data.targets).relativeL2;
    expect(r.iterations).toBeLessThanOrEqual(80);
    expect(r.evaluations).toBeGreaterThanOrEqual(r.iterations);
    expect(["max-iterations", "stalled"]).toContain(r.status);
    // From a random start (relative L2 ≈ 1) 80 L-BFGS iterations on 16 functions cut the error several-fold;
    // 0.5 leaves a wide margin. The reported loss is the float32 loss of the final point (the metric is
    // float64-accumulated from the same float32 predictions: agreement to 1e-5 relative).
    expect(after).toBeLessThan(0.5 * before);
    expect(r.loss).toBeCloseTo(after, 5);
    free();
  });

  it("stops on the callback and on the time cap", () => {
    const { model, data, free } = problem();
    const seen: number[] = [];
    const r = refineWithLbfgs(model, data, {
      maxIter: 100,
      lossFn: "mse",
      callback: ({ iteration }) => {
        seen.push(iteration);
        return iteration === 3;
      },
    });
    expect(r.status).toBe("stopped");
    expect(r.iterations).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    const t = refineWithLbfgs(model, data, { maxIter: 100000, maxSeconds: 0.05 });
    expect(t.status).toBe("time-limit");
    free();
  });

  it("rejects bad options and data with messages naming them", () => {
    const { model, data, free } = problem();
    expect(() => refineWithLbfgs(model, data, { maxIter: 0 })).toThrow(
      /refineWithLbfgs: options.maxIter must be a positive integer, received 0/,
    );
    expect(() => refineWithLbfgs(model, data, { maxSeconds: -1 })).toThrow(
      /options.maxSeconds must be a positive number, received -1/,
    );
    expect(() => refineWithLbfgs(model, data, { maxRestarts: 1.5 })).toThrow(
      /options.maxRestarts must be a non-negative integer, received 1.5/,
    );
    expect(() => refineWithLbfgs(model, data, { lossFn: "l1" as never })).toThrow(
      /options.lossFn must be "relativeL2", "mse" or a function, received l1/,
    );
    const t = tf.tensor2d([[1, 2]]);
    expect(() => refineWithLbfgs(model, { inputs: data.inputs, targets: t })).toThrow(
      /must share the sample axis, received \[16,10\] and \[1,2\]/,
    );
    const bad = tf.fill([16, 10], Number.NaN);
    expect(() => refineWithLbfgs(model, { inputs: bad, targets: data.targets })).toThrow(/data.inputs/);
    // Targets [16, 10, 1] for a model giving [B, 10]: formerly broadcast to [B, 10, 10] inside the loss.
    const t3 = tf.reshape(data.targets, [16, 10, 1]);
    expect(() => refineWithLbfgs(model, { inputs: data.inputs, targets: t3 })).toThrow(
      /refineWithLbfgs: the model maps one input sample \[1,10\] to \[1,10\], but the targets have sample shape \[1,10,1\]/,
    );
    tf.dispose([t, bad, t3]);
    free();
  });
});
