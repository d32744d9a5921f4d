import { ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { sgd } from "@continuum/optim";
import { beforeAll, describe, expect, it } from "vitest";
import { grf1d } from "../data/grf.js";
import { heatSolution } from "../data/linear-pdes.js";
import { superResolution } from "../eval/super-resolution.js";
import { fno1d } from "../models/fno1d.js";
import { mseLoss, relativeL2Loss } from "./losses.js";
import { evaluateOperator } from "./metrics.js";
import { cosineDecay, stepDecay, trainOperator } from "./train-operator.js";
import { internalAdam } from "./variable-optimizer.js";

beforeAll(async () => {
  await ready();
});

/** Heat-equation operator data at resolution S (the same functions at every S: sampled from a 64-point field). */
function heatData(n: number, S: number, seed: number) {
  const F = 64;
  const u0 = grf1d({ n, resolution: F, spectrum: { kind: "fno", alpha: 2, tau: 5, sigma: 25 }, seed });
  const a = new Float32Array(n * S);
  const u = new Float32Array(n * S);
  for (let i = 0; i < n; i++) {
    const ui = u0.subarray(i * F, (i + 1) * F);
    const ut = heatSolution(ui, 0.005, 1);
    for (let j = 0; j < S; j++) {
      a[i * S + j] = ui[(j * F) / S]!;
      u[i * S + j] = ut[(j * F) / S]!;
    }
  }
  return { inputs: tf.tensor3d(a, [n, S, 1]), targets: tf.tensor3d(u, [n, S, 1]) };
}

describe("trainOperator", () => {
  it("learns the heat operator with a small FNO, resolution-invariantly, without leaks", async () => {
    const train = heatData(32, 32, 0);
    const test64 = heatData(8, 64, 1);
    const model = fno1d({
      inChannels: 1,
      outChannels: 1,
      modes: 8,
      width: 12,
      layers: 2,
      projection: 16,
      seed: 0,
    });
    const before = evaluateOperator(model, train.inputs, train.targets).relativeL2;
    const epochs: number[] = [];
    const res = await expectNoLeaks(
      () =>
        trainOperator(model, train, {
          epochs: 25,
          batchSize: 8,
          learningRate: stepDecay(1e-2, 15, 0.5),
          seed: 0,
          callbacks: { onEpochEnd: (e) => epochs.push(e.epoch) },
        }),
      { allow: 0 },
    );
    expect(res.status).toBe("ok");
    expect(epochs).toHaveLength(25);
    const after = res.history.at(-1)!.loss;
    // A linear diagonal-in-Fourier operator is easy for an FNO: 25 epochs cut the error at least 5x.
    expect(after).toBeLessThan(before / 5);
    // Trained at S = 32, evaluated at 64 (stride 1) and 32 (stride 2): errors of the same size.
    const sr = superResolution(model, test64, { strides: [2, 1] });
    expect(sr.map((r) => r.resolution)).toEqual([32, 64]);
    expect(sr[1]!.relativeL2).toBeLessThan(2 * sr[0]!.relativeL2 + 0.02);
    treeDispose(model.params as never);
    tf.dispose([train.inputs, train.targets, test64.inputs, test64.targets]);
  });

  it("rejects NaN data, reports divergence as a status, and checks options", () => {
    const model = fno1d({
      inChannels: 1,
      outChannels: 1,
      modes: 2,
      width: 4,
      layers: 1,
      projection: 4,
      seed: 0,
    });
    const x = tf.ones([4, 8, 1]);
    const bad = tf.tensor3d([Number.NaN, ...new Array(31).fill(1)], [4, 8, 1]);
    expect(() => trainOperator(model, { inputs: x, targets: bad }, { epochs: 1, batchSize: 2 })).toThrow(
      /data.targets/,
    );
    const res = trainOperator(
      model,
      { inputs: x, targets: x },
      { epochs: 2, batchSize: 2, lossFn: (p, t) => tf.mul(relativeL2Loss(p, t), Number.NaN) as tf.Scalar },
    );
    expect(res.status).toBe("diverged");
    expect(res.message).toMatch(/lower the learning rate/);
    // The NaN gradients of the diverged step never reach the parameters (formerly Adam made them all NaN).
    expect(tf.all(tf.isFinite(model.params.lift.w)).dataSync()[0]).toBe(1);
    // onEpochEnd returning false stops after that epoch (a wall-time budget or early stopping).
    const seen: number[] = [];
    const stopped = trainOperator(
      model,
      { inputs: x, targets: x },
      { epochs: 5, batchSize: 2, callbacks: { onEpochEnd: (e) => seen.push(e.epoch) < 2 } },
    );
    expect(seen).toEqual([0, 1]);
    expect(stopped.history).toHaveLength(2);
    expect(stopped.status).toBe("ok");
    expect(stopped.message).toMatch(/stopped by onEpochEnd after epoch 1/);
    expect(() => trainOperator(model, { inputs: x, targets: x }, { epochs: 0, batchSize: 2 })).toThrow(
      /options.epochs must be a positive integer, received 0/,
    );
    expect(stepDecay(1e-3, 100, 0.5)(250)).toBeCloseTo(2.5e-4, 12);
    const c = cosineDecay(1e-3, 60);
    expect([c(0), c(30), c(60), c(90)]).toEqual([1e-3, expect.closeTo(5e-4, 15), 0, 0]);
    expect(c(15)).toBeCloseTo(0.5e-3 * (1 + Math.SQRT1_2), 15);
    expect(() => cosineDecay(0, 10)).toThrow(/lr must be a positive number/);
    expect(() => cosineDecay(1e-3, 2.5)).toThrow(/epochs/);
    treeDispose(model.params as never);
    tf.dispose([x, bad]);
  });

  it("losses refuse broadcasting between mismatched shapes; training names bad learning rates and evalEvery", async () => {
    // Formerly mseLoss([[1],[2],[3],[4]], [1,2,3,4]) broadcast to a 4×4 difference and returned 2.5 instead of
    // 0, and a model output [B, S, 1] trained against targets [B, S, 2] without complaint.
    tf.tidy(() => {
      const col = tf.tensor2d([[1], [2], [3], [4]]);
      const row = tf.tensor1d([1, 2, 3, 4]);
      expect(() => mseLoss(col, row)).toThrow(
        /mseLoss: pred and target must have the same shape.*\[4,1\].*\[4\]/,
      );
      expect(() => relativeL2Loss(tf.ones([2, 3, 1]), tf.ones([2, 3, 2]))).toThrow(
        /relativeL2Loss: .*pred \[2,3,1\] and target \[2,3,2\]/,
      );
      // Same shapes: exact values (0 for equal data; ‖(1,1)−(1,0)‖/‖(1,0)‖ = 1).
      expect(mseLoss(col, tf.reshape(row, [4, 1])).dataSync()[0]).toBe(0);
      expect(relativeL2Loss(tf.tensor2d([[1, 1]]), tf.tensor2d([[1, 0]])).dataSync()[0]).toBeCloseTo(1, 6);
    });
    const model = fno1d({
      inChannels: 1,
      outChannels: 1,
      modes: 2,
      width: 4,
      layers: 1,
      projection: 4,
      seed: 0,
    });
    const x = tf.ones([4, 8, 1]);
    const two = tf.ones([4, 8, 2]);
    model.apply(model.params, x).dispose(); // builds the cached DFT bases outside the leak check
    await expectNoLeaks(() => {
      expect(() => trainOperator(model, { inputs: x, targets: two }, { epochs: 1, batchSize: 2 })).toThrow(
        /trainOperator: the model maps one input sample \[1,8,1\] to \[1,8,1\], but the targets have sample shape \[1,8,2\]/,
      );
      for (const [learningRate, msg] of [
        [Number.NaN, /options.learningRate must be a positive finite number, received NaN/],
        [-1e-3, /options.learningRate must be a positive finite number, received -0.001/],
        ["1e-3", /options.learningRate must be a positive number or a schedule/],
      ] as const)
        expect(() =>
          trainOperator(model, { inputs: x, targets: x }, { epochs: 1, batchSize: 2, learningRate } as never),
        ).toThrow(msg);
      expect(() =>
        trainOperator(model, { inputs: x, targets: x }, { epochs: 1, batchSize: 2, evalEvery: 0 }),
      ).toThrow(/options.evalEvery must be a positive integer, received 0/);
      expect(() =>
        trainOperator(model, { inputs: x, targets: x }, { epochs: 1, batchSize: 2, seed: Number.NaN }),
      ).toThrow(/seed/);
    });
    // stepDecay(…, 0, …) formerly gave NaN rates (0/0) that only failed inside the optimiser.
    expect(() => stepDecay(1e-3, 0, 0.5)).toThrow(/stepDecay: step must be a positive integer, received 0/);
    expect(() => stepDecay(-1e-3, 10, 0.5)).toThrow(/stepDecay: lr must be a positive finite number/);
    expect(() => stepDecay(1e-3, 10, 0)).toThrow(/stepDecay: gamma must be a positive finite number/);
    // An empty evaluation set formerly reported relativeL2 = NaN.
    expect(() => evaluateOperator(model, tf.ones([0, 8, 1]), tf.ones([0, 8, 1]))).toThrow(
      /evaluateOperator: inputs must hold at least one sample, received \[0,8,1\]/,
    );
    treeDispose(model.params as never);
    tf.dispose([x, two]);
  });

  it("evaluateOperator and superResolution check batch sizes and shapes; report every axis of 2-D grids", () => {
    const id = { params: {}, apply: (_: unknown, x: tf.Tensor) => tf.clone(x) };
    const x = tf.randomNormal([2, 8, 12, 1], 0, 1, "float32", 4);
    // batchSize 0 formerly looped forever; a model output of the wrong size gave NaN errors.
    expect(() => evaluateOperator(id, x, x, { batchSize: 0 })).toThrow(
      /evaluateOperator: options.batchSize must be a positive integer, received 0/,
    );
    const half = {
      params: {},
      apply: (_: unknown, t: tf.Tensor) => tf.slice(t, [0, 0, 0, 0], [-1, 4, -1, -1]),
    };
    expect(() => evaluateOperator(half, x, x)).toThrow(
      /maps inputs \[2,8,12,1\] to \[2,4,12,1\].*targets \[2,8,12,1\]/,
    );
    const sr = superResolution(id, { inputs: x, targets: x }, { strides: [2, 1] });
    expect(sr.map((r) => r.shape)).toEqual([
      [4, 6],
      [8, 12],
    ]);
    expect(sr.map((r) => r.relativeL2)).toEqual([0, 0]);
    // Stride 3 on 8 points formerly kept x = 0, 3/8, 6/8: spacing 3/8 then a 2/8 wrap, evaluated as uniform.
    expect(() => superResolution(id, { inputs: x, targets: x }, { strides: [3] })).toThrow(
      /superResolution: stride 3 divides neither 8 nor 7 \(spatial axis 1 of the inputs\)/,
    );
    expect(() => superResolution(id, { inputs: x, targets: x }, { strides: [7] })).toThrow(
      /stride 7 divides neither 12 nor 11 \(spatial axis 2/,
    );
    // Grids with both ends (the FNO Darcy 421 → 85 subsampling): stride 4 divides 9 − 1, giving 3 points.
    const ends = tf.randomNormal([1, 9, 9, 1], 0, 1, "float32", 5);
    expect(superResolution(id, { inputs: ends, targets: ends }, { strides: [4] })[0]!.shape).toEqual([3, 3]);
    ends.dispose();
    expect(() => superResolution(id, { inputs: x, targets: x }, { strides: [] })).toThrow(
      /options.strides must be a non-empty array/,
    );
    x.dispose();
  });

  it("takes any @continuum/optim transformation or a legacy VariableOptimizer, and rejects anything else", async () => {
    const model = fno1d({
      inChannels: 1,
      outChannels: 1,
      modes: 2,
      width: 4,
      layers: 1,
      projection: 4,
      seed: 0,
    });
    const x = tf.tensor3d(
      Float32Array.from({ length: 32 }, (_, i) => Math.sin(i)),
      [4, 8, 1],
    );
    const y = tf.mul(x, 2);
    const sgdRes = await expectNoLeaks(
      () =>
        trainOperator(model, { inputs: x, targets: y }, { epochs: 2, batchSize: 2, optimizer: sgd(1e-2) }),
      { allow: 0 },
    );
    expect(sgdRes.status).toBe("ok");
    // The transformation carries its own learning rate, so none is reported.
    expect(Number.isNaN(sgdRes.history[0]!.lr)).toBe(true);
    const legacy = internalAdam();
    const lrs: number[] = [];
    const res = trainOperator(
      model,
      { inputs: x, targets: y },
      { epochs: 2, batchSize: 2, learningRate: (e) => 1e-3 / (e + 1), optimizer: legacy },
    );
    legacy.dispose();
    for (const h of res.history) lrs.push(h.lr);
    expect(lrs).toEqual([1e-3, 5e-4]);
    expect(() =>
      trainOperator(model, { inputs: x, targets: y }, { epochs: 1, batchSize: 2, optimizer: {} as never }),
    ).toThrow(/options.optimizer must be a GradientTransformation.*received an object with keys \[\]/);
    treeDispose(model.params as never);
    tf.dispose([x, y]);
  });
});
