import { mlp, ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { boundaryResidual, dirichlet, neumann, robin } from "./conditions/boundary.js";
import { observations } from "./conditions/observations.js";
import { interval } from "./geometry/box.js";
import { product, timeDomain } from "./geometry/product.js";
import { initial } from "./conditions/initial.js";
import { trainable } from "./parameters.js";
import { pde } from "./pde.js";
import { heat } from "./pde-terms.js";
import { grid, points } from "./points.js";
import { evaluate, predict, residualAt } from "./predict.js";
import { train } from "./train.js";

beforeAll(async () => {
  await ready();
});

// -u'' = π² sin(πx) on [-1, 1], u(±1) = 0: u = sin(πx).
const poisson1d = () =>
  pde({
    geometry: interval(-1, 1),
    residual: ({ d, u, coords }) =>
      tf.add(d(u, "x", "x"), tf.mul(Math.PI ** 2, tf.sin(tf.mul(Math.PI, coords.x)))),
    conditions: [dirichlet({ value: 0, points: 2 })],
  });
const xs = Array.from({ length: 101 }, (_, i) => -1 + i / 50);
const ref = { points: grid([xs]), values: xs.map((x) => Math.sin(Math.PI * x)) };

describe("train", () => {
  it("solves 1-D Poisson to ~1e-3 relative L2 with Adam then L-BFGS", async () => {
    const problem = poisson1d();
    const net = mlp({ inputs: 1, hidden: [10, 10], outputs: 1, seed: 0 });
    const r = await train(problem, net, {
      collocation: 32,
      schedule: [
        { optimizer: "adam", lr: 1e-2, steps: 100 },
        { optimizer: "lbfgs", steps: 80 },
      ],
      logEvery: 50,
    });
    expect(r.status).toBe("completed");
    expect(r.history[0]!.loss).toBeGreaterThan(10 * r.loss);
    const err = evaluate(problem, net, ref);
    // Measured ≈ 5e-4 with this seed; 3e-3 leaves room for float32 and backend differences.
    expect(err).toBeLessThan(3e-3);
    expect(Object.keys(r.terms)).toEqual(["residual", "dirichlet"]);
  });

  it("does not leak tensors (Adam, L-BFGS, RAR, gradNorm)", async () => {
    const problem = poisson1d();
    const net = mlp({ inputs: 1, hidden: [8], outputs: 1, seed: 0 });
    await expectNoLeaks(async () => {
      await train(problem, net, {
        collocation: 16,
        schedule: [
          { optimizer: "adam", steps: 6 },
          { optimizer: "lbfgs", steps: 3 },
        ],
        resample: { every: 3, method: "rar", add: 2 },
        weighting: { method: "gradNorm", every: 2 },
      });
    });
  });

  it("detects divergence: reports the step and the term, restores the last good checkpoint", async () => {
    const problem = pde({
      geometry: interval(0, 1),
      residual: ({ u, d }) => tf.sub(d(u, "x"), tf.div(1, tf.sub(u, u))), // 1/0: Infinity residual
      conditions: [dirichlet({ value: 0, points: 2 })],
    });
    const net = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 0 });
    const before = net.params.layers[0]!.w.dataSync().slice();
    const r = await train(problem, net, { collocation: 8, schedule: [{ optimizer: "adam", steps: 5 }] });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(
      /diverged at step 0.*non-finite loss terms: residual.*last good checkpoint \(step 0\)/,
    );
    expect(Array.from(net.params.layers[0]!.w.dataSync())).toEqual(Array.from(before));
    await expect(
      train(problem, net, {
        collocation: 8,
        schedule: [{ optimizer: "adam", steps: 5 }],
        throwOnDivergence: true,
      }),
    ).rejects.toThrow(/diverged/);
  });

  it("causal training with a non-finite residual reports a divergence (the causal weights do not throw)", async () => {
    // 0/0 residual: the chunk losses are NaN at the first step.
    const problem = pde({
      geometry: product(interval(0, 1), timeDomain(0, 1)),
      residual: ({ u, coords }) => tf.div(u, tf.sub(coords.t!, coords.t!)),
    });
    const net = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 0 });
    const r = await train(problem, net, {
      collocation: 16,
      causal: { chunks: 4 },
      schedule: [{ optimizer: "adam", steps: 2 }],
    });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(/the loss is NaN; non-finite loss terms: residual/);
  });

  it("gradNorm weighting balances the terms (λ̂ₖ = Σ‖∇L‖/‖∇Lₖ‖)", async () => {
    const problem = poisson1d();
    const net = mlp({ inputs: 1, hidden: [8], outputs: 1, seed: 0 });
    const r = await train(problem, net, {
      collocation: 32,
      schedule: [{ optimizer: "adam", steps: 3 }],
      weighting: { method: "gradNorm", every: 1, alpha: 0 },
    });
    // With alpha = 0 the weights are exactly balanced: 1/λ_res + 1/λ_bc = 1.
    const w = r.weights;
    expect(1 / w.residual! + 1 / w.dirichlet!).toBeCloseTo(1, 6);
    const ntk = await train(problem, net, {
      collocation: 32,
      schedule: [{ optimizer: "adam", steps: 2 }],
      weighting: { method: "ntk", every: 1, alpha: 0, samples: 2 },
    });
    expect(1 / ntk.weights.residual! + 1 / ntk.weights.dirichlet!).toBeCloseTo(1, 6);
  });

  it("causal training on the heat equation reports ε and the smallest causal weight", async () => {
    const problem = pde({
      geometry: product(interval(0, 1), timeDomain(0, 1)),
      residual: heat({ alpha: 0.1 }),
      conditions: [initial({ value: ([x]) => Math.sin(Math.PI * x!) }), dirichlet({ value: 0 })],
    });
    const net = mlp({ inputs: 2, hidden: [8], outputs: 1, seed: 0 });
    const r = await train(problem, net, {
      collocation: 64,
      points: { initial: 32, dirichlet: 32 },
      schedule: [{ optimizer: "adam", lr: 1e-2, steps: 20 }],
      causal: { epsilon: [1, 10], chunks: 8 },
      logEvery: 10,
    });
    // ε advances through the schedule when every weight exceeds delta = 0.99.
    expect([1, 10]).toContain(r.history[0]!.epsilon);
    expect(r.history[1]!.epsilon!).toBeGreaterThanOrEqual(r.history[0]!.epsilon!);
    expect(r.history[0]!.minCausalWeight).toBeGreaterThan(0);
    expect(r.history[0]!.minCausalWeight).toBeLessThanOrEqual(1);
  });

  it("identifies an unknown coefficient from observations (inverse problem)", async () => {
    // u'' + c π² sin(πx) = 0 with data from u = 2 sin(πx): c = 2.
    const problem = pde({
      geometry: interval(-1, 1),
      residual: ({ d, u, coords, params }) =>
        tf.add(d(u, "x", "x"), tf.mul(tf.mul(params.c!, Math.PI ** 2), tf.sin(tf.mul(Math.PI, coords.x)))),
      conditions: [
        observations({
          points: points(Array.from({ length: 15 }, (_, i) => [-0.9 + (i * 1.8) / 14])),
          values: Array.from({ length: 15 }, (_, i) => 2 * Math.sin(Math.PI * (-0.9 + (i * 1.8) / 14))),
        }),
      ],
      parameters: { c: trainable(1, { positive: true }) },
    });
    const net = mlp({ inputs: 1, hidden: [10, 10], outputs: 1, seed: 0 });
    const r = await train(problem, net, {
      collocation: 32,
      schedule: [
        { optimizer: "adam", lr: 1e-2, steps: 100 },
        { optimizer: "lbfgs", steps: 100 },
      ],
    });
    // c moves from 1 to 2: measured errors 0.1%–7% (the 120 L-BFGS iterations are sensitive to float32 summation
    // order across runs); the benchmark checks accuracy, this test checks that the unknown is learnt.
    expect(Math.abs(r.parameters.c! - 2) / 2).toBeLessThan(0.1);
  });

  it("parameterLr sets the learning rate of the unknowns in Adam phases", async () => {
    // Same inverse problem as above; Adam moves each leaf by about lr per step, so after 10 steps log c moves
    // ≲ 10 × 1e-3 with the network's rate and ≈ 10 × 0.05 (while the gradient keeps its sign) with its own rate.
    const moved = async (parameterLr?: number) => {
      const problem = pde({
        geometry: interval(-1, 1),
        residual: ({ d, u, coords, params }) =>
          tf.add(d(u, "x", "x"), tf.mul(tf.mul(params.c!, Math.PI ** 2), tf.sin(tf.mul(Math.PI, coords.x)))),
        conditions: [observations({ points: points([[-0.5], [0.5]]), values: [-2, 2] })],
        parameters: { c: trainable(1, { positive: true }) },
      });
      const net = mlp({ inputs: 1, hidden: [8], outputs: 1, seed: 0 });
      const r = await train(problem, net, {
        collocation: 16,
        schedule: [{ optimizer: "adam", lr: 1e-3, steps: 10, ...(parameterLr ? { parameterLr } : {}) }],
      });
      problem.dispose();
      return Math.abs(Math.log(r.parameters.c!));
    };
    expect(await moved()).toBeLessThan(0.011);
    expect(await moved(0.05)).toBeGreaterThan(0.1);
  });

  it("bad input fails fast, naming the argument", async () => {
    const problem = poisson1d();
    const net = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 0 });
    await expect(train(problem, net, { schedule: [] })).rejects.toThrow(
      "train: options.schedule must be a non-empty array",
    );
    await expect(
      train(problem, net, { schedule: [{ optimizer: "sgd" as never, steps: 1 }] }),
    ).rejects.toThrow(
      /schedule\[0\].optimizer must be 'adam', 'lbfgs' or a GradientTransformation, received sgd/,
    );
    await expect(
      train(problem, mlp({ inputs: 1, hidden: [4], outputs: 2 }), {
        schedule: [{ optimizer: "adam", steps: 1 }],
      }),
    ).rejects.toThrow("train: the network has 2 outputs but the problem has 1 (u)");
    const wrongShape = pde({ geometry: interval(0, 1), residual: ({ u, x }) => tf.add(u, x) });
    await expect(
      train(wrongShape, net, { collocation: 8, schedule: [{ optimizer: "adam", steps: 1 }] }),
    ).rejects.toThrow(/pde residual has shape \[(\d+), \1\], expected \[\1\].*broadcast/);
    const empty = pde({
      geometry: interval(0, 1),
      residual: ({ u }) => u,
      conditions: [dirichlet({ value: 0, on: ([x]) => x === 0.5 })],
    });
    await expect(
      train(empty, net, { collocation: 8, schedule: [{ optimizer: "adam", steps: 1 }] }),
    ).rejects.toThrow(/dirichlet: the region filter 'on' selected none of/);
    const unknownVar = pde({ geometry: interval(0, 1), residual: ({ u, d }) => d(u, "t") });
    await expect(
      train(unknownVar, net, { collocation: 8, schedule: [{ optimizer: "adam", steps: 1 }] }),
    ).rejects.toThrow("d: unknown variable 't'; the problem's variables are x");
    await expect(
      train(problem, net, { schedule: [{ optimizer: "adam", steps: 1 }], causal: {} }),
    ).rejects.toThrow(/causal training needs a space-time geometry/);
    await expect(
      train(problem, net, { schedule: [{ optimizer: "adam", steps: 1 }], weights: { bc: 2 } }),
    ).rejects.toThrow("train: weights.bc names no loss term; terms are residual, dirichlet");
    // Options that used to be ignored or reported by inner functions under their own names.
    const one = [{ optimizer: "adam" as const, steps: 1 }];
    await expect(train(problem, net, { schedule: one, points: { dirichet: 4 } })).rejects.toThrow(
      "train: points.dirichet names no condition; conditions are dirichlet",
    );
    await expect(train(problem, net, { schedule: one, sampling: "halton" as never })).rejects.toThrow(
      "train: sampling must be 'uniform', 'sobol' or 'lhs', received 'halton'",
    );
    await expect(
      train(problem, net, { schedule: [{ optimizer: "adam", lr: -1, steps: 1 }] }),
    ).rejects.toThrow(
      "train: schedule[0].lr must be a positive number or a schedule (step) => number, received -1",
    );
    await expect(
      train(problem, net, { schedule: [{ optimizer: "lbfgs", lr: 0.1, steps: 1 }] }),
    ).rejects.toThrow("train: schedule[0].lr applies to optimizer 'adam' only");
    await expect(
      train(problem, net, { schedule: [{ optimizer: "adam", steps: 1, redrawOnStall: true }] }),
    ).rejects.toThrow("train: schedule[0].redrawOnStall applies to 'lbfgs' phases only");
    await expect(
      train(problem, net, { schedule: [{ optimizer: "lbfgs", steps: 1, redrawOnStall: "yes" as never }] }),
    ).rejects.toThrow("train: schedule[0].redrawOnStall must be a boolean, received yes");
    await expect(
      train(problem, net, { schedule: [{ optimizer: "lbfgs", history: 0, steps: 1 }] }),
    ).rejects.toThrow("train: schedule[0].history (L-BFGS memory) must be a positive integer, received 0");
    // Non-finite data and meaningless factors used to reach the loop: a NaN loss at step 0 reported as a
    // divergence ("lower the learning rate"), divergence at the first step (factor < 1) or no check at all (NaN).
    await expect(
      train(problem, net, { schedule: one, collocationPoints: points([[0.5], [Number.NaN]]) }),
    ).rejects.toThrow("train: collocationPoints row 1 has coordinate 0 = NaN; coordinates must be finite");
    for (const factor of [-1, 0.5, Number.NaN])
      await expect(train(problem, net, { schedule: one, divergenceFactor: factor })).rejects.toThrow(
        `train: divergenceFactor must be a finite number >= 1 (loss > divergenceFactor × best loss is divergence), received ${factor}`,
      );
    // Resampling options that used to be taken as given (a negative RAD exponent, RAR adding no points).
    await expect(
      train(problem, net, { schedule: one, resample: { every: 1, method: "rad", k: -1 } }),
    ).rejects.toThrow("train: resample.k must be a finite number >= 0, received -1");
    await expect(
      train(problem, net, { schedule: one, resample: { every: 1, method: "rar", add: 0 } }),
    ).rejects.toThrow("train: resample.add must be a positive integer, received 0");
    // Non-finite evaluation points used to give NaN predictions and a NaN relative error.
    for (const f of [predict, residualAt])
      expect(() => f(problem, net, points([[0.1], [Number.NaN]]))).toThrow(
        /(predict|residualAt): points row 1 has coordinate 0 = NaN; coordinates must be finite/,
      );
    expect(() => evaluate(problem, net, { points: points([[0.1], [0.2]]), values: [1, Number.NaN] })).toThrow(
      "evaluate: reference.values[1] is NaN; reference values must be finite",
    );
  });

  it("redrawOnStall continues a stalled L-BFGS phase on fresh collocation points, without leaks", async () => {
    const run = async (redrawOnStall: boolean) => {
      const problem = poisson1d();
      const net = mlp({ inputs: 1, hidden: [10, 10], outputs: 1, seed: 0 });
      let r: Awaited<ReturnType<typeof train>> | undefined;
      await expectNoLeaks(async () => {
        r = await train(problem, net, {
          collocation: 16,
          schedule: [
            { optimizer: "adam", lr: 1e-2, steps: 100 },
            { optimizer: "lbfgs", steps: 600, redrawOnStall },
          ],
          logEvery: 1000,
        });
      });
      return { r: r!, err: evaluate(problem, net, ref) };
    };
    const plain = await run(false);
    const redrawn = await run(true);
    // Without redraws the float32 line search stalls long before 600 iterations (the premise of the option;
    // measured: 313 iterations).
    expect(plain.r.redraws).toBe(0);
    expect(plain.r.steps - 100).toBeLessThan(600);
    // With them the phase goes on: more iterations (measured: all 600, after 5 redraws), on points other than
    // the first draw.
    expect(redrawn.r.redraws).toBeGreaterThan(0);
    expect(redrawn.r.steps).toBeGreaterThan(plain.r.steps);
    expect(redrawn.r.steps - 100).toBeLessThanOrEqual(600);
    expect(Array.from(redrawn.r.collocation.data)).not.toEqual(Array.from(plain.r.collocation.data));
    expect(redrawn.r.status).toBe("completed");
    // Measured 1.7e-4 (single draw) and 5.3e-4 (redrawn; 1.1e-3 with pseudo-random instead of Sobol redraws): a
    // draw of only 16 points is a coarse quadrature of the residual, and each moves the minimum. Both stay within
    // the 3e-3 of the first test.
    expect(plain.err).toBeLessThan(3e-3);
    expect(redrawn.err).toBeLessThan(3e-3);
  });

  it("a non-finite loss at the start of L-BFGS is a diverged status, not an exception", async () => {
    const problem = pde({
      geometry: interval(0, 1),
      residual: ({ u }) => tf.div(1, tf.sub(u, u)),
    });
    const net = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 0 });
    const r = await train(problem, net, { collocation: 8, schedule: [{ optimizer: "lbfgs", steps: 5 }] });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(/the loss is Infinity at the start of L-BFGS; non-finite loss terms: residual/);
  });

  it("trains a 1-D problem with Neumann and Robin conditions (normals of an interval)", async () => {
    // −u'' = π² sin(πx) − 2 on [0, 1] with ∂u/∂n = −π at x = 0 and u + ∂u/∂n = 3 − π at x = 1: u = sin(πx) + x².
    // Used to crash: 1-D normals were stored as [N] and the normal derivative summed no column.
    const problem = pde({
      geometry: interval(0, 1),
      residual: ({ d, u, coords }) =>
        tf.sub(tf.add(d(u, "x", "x"), tf.mul(Math.PI ** 2, tf.sin(tf.mul(Math.PI, coords.x)))), 2),
      conditions: [
        neumann({ value: -Math.PI, on: ([x]) => x! < 0.5, points: 1 }),
        robin({ a: 1, b: 1, value: 3 - Math.PI, on: ([x]) => x! > 0.5, points: 1 }),
      ],
    });
    const net = mlp({ inputs: 1, hidden: [8], outputs: 1, seed: 0 });
    const r = await train(problem, net, {
      collocation: 16,
      schedule: [
        { optimizer: "adam", lr: 1e-2, steps: 5 },
        { optimizer: "lbfgs", steps: 5 },
      ],
      logEvery: 5,
    });
    expect(r.status).toBe("completed");
    expect(Object.keys(r.terms)).toEqual(["residual", "neumann", "robin"]);
    expect(r.loss).toBeLessThan(r.history[0]!.loss);
    // (The full run, 200 Adam + 300 L-BFGS steps on [16, 16], reaches a relative L2 error of 4.6e-4; too slow here.)
  });

  it("trains with a nonlinear boundaryResidual condition to the analytic solution, without leaks", async () => {
    // −u'' = π² sin(πx) on [0, 1], u(0) = 0 and u' + u² = 2 − π at x = 1 (outward normal +1): u = sin(πx) + x.
    const problem = pde({
      geometry: interval(0, 1),
      residual: ({ d, u, coords }) =>
        tf.add(d(u, "x", "x"), tf.mul(Math.PI ** 2, tf.sin(tf.mul(Math.PI, coords.x)))),
      conditions: [
        dirichlet({ value: 0, on: ([x]) => x! < 0.5, points: 1 }),
        boundaryResidual({
          on: ([x]) => x! > 0.5,
          points: 1,
          residual: ({ u, normalDerivative }) =>
            tf.sub(tf.add(normalDerivative(), tf.square(u)), 2 - Math.PI),
        }),
      ],
    });
    const net = mlp({ inputs: 1, hidden: [16], outputs: 1, seed: 0 });
    const xs01 = Array.from({ length: 51 }, (_, i) => i / 50);
    await expectNoLeaks(async () => {
      const r = await train(problem, net, {
        collocation: 32,
        schedule: [
          { optimizer: "adam", lr: 1e-2, steps: 150 },
          { optimizer: "lbfgs", steps: 150 },
        ],
      });
      expect(r.status).toBe("completed");
    });
    // This budget reaches 3e-5; 1e-2 is loose but fails if the condition is ignored or mis-signed (no condition
    // at x = 1, or u' − u² = 2 − π, end at errors of about 0.5).
    const err = evaluate(problem, net, {
      points: grid([xs01]),
      values: xs01.map((x) => Math.sin(Math.PI * x) + x),
    });
    expect(err).toBeLessThan(1e-2);
  });
});

describe("self-adaptive weights (SA-PINN, McClenny & Braga-Neto)", () => {
  it("one Adam step ascends every point weight by η·rᵢ²/N at the starting parameters", async () => {
    const problem = poisson1d();
    const net = mlp({ inputs: 1, hidden: [8], outputs: 1, seed: 2 });
    const n = 16;
    const colloc = problem.geometry.sampleInterior(n, { method: "sobol", seed: 0 });
    const r0 = residualAt(problem, net, colloc)[0]!;
    const bnd = problem.conditions[0]!.sample(problem.geometry, 2, { method: "sobol", seed: 1009 });
    const u0 = predict(problem, net, bnd.points);
    const eta = 0.5;
    const r = await train(problem, net, {
      collocation: n,
      schedule: [{ optimizer: "adam", lr: 1e-3, steps: 1 }],
      weighting: { method: "selfAdaptive", lr: eta, init: 1 },
    });
    const w = r.pointWeights!;
    expect(Object.keys(w)).toEqual(["residual", "dirichlet"]);
    expect(w.residual!.length).toBe(n);
    // float32 residuals of order 10 (r² ~ 1e2, relative rounding 1e-6): agreement to 1e-4 relative.
    r0.forEach((ri, i) => {
      expect(w.residual![i]!).toBeCloseTo(1 + (eta * ri * ri) / n, 3);
    });
    u0.forEach((ui, i) => {
      expect(w.dirichlet![i]!).toBeCloseTo(1 + (eta * ui * ui) / 2, 5);
    });
    expect(r.history.at(-1)!.meanPointWeights!.residual).toBeGreaterThan(1);
  });

  it("trains 1-D Poisson with per-point weights (square mask) without leaks", async () => {
    const problem = poisson1d();
    const net = mlp({ inputs: 1, hidden: [10, 10], outputs: 1, seed: 0 });
    await expectNoLeaks(async () => {
      const r = await train(problem, net, {
        collocation: 32,
        schedule: [
          { optimizer: "adam", lr: 1e-2, steps: 100 },
          { optimizer: "lbfgs", steps: 80 },
        ],
        weighting: { method: "selfAdaptive", lr: 1e-2, mask: "square" },
        logEvery: 50,
      });
      expect(r.status).toBe("completed");
      expect(Object.keys(r.pointWeights!)).toEqual(["residual", "dirichlet"]);
      // Square mask: weights m(λ) = λ² start at 1 and only grow.
      expect(Math.min(...r.pointWeights!.residual!)).toBeGreaterThanOrEqual(1);
    });
    // Measured 1.5e-3 (the unweighted run above: ≈ 5e-4; on this smooth problem SA weights are not expected to
    // help); 3e-3 keeps the same bound as the unweighted test.
    expect(evaluate(problem, net, ref)).toBeLessThan(3e-3);
  });

  it("rejects bad options naming the argument", async () => {
    const problem = poisson1d();
    const net = mlp({ inputs: 1, hidden: [4], outputs: 1, seed: 0 });
    const schedule = [{ optimizer: "adam" as const, steps: 1 }];
    await expect(
      train(problem, net, { schedule, weighting: { method: "selfAdaptive", terms: ["bc"] } }),
    ).rejects.toThrow("train: weighting.terms names 'bc', not a loss term; terms are residual, dirichlet");
    await expect(
      train(problem, net, { schedule, weighting: { method: "selfAdaptive", lr: -1 } }),
    ).rejects.toThrow("train: weighting.lr must be a finite number >= 0, received -1");
  });
});
