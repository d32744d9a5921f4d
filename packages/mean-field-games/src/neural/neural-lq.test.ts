import { mlp, ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { trainNeuralLqMfg } from "./neural-lq.js";

// Measured with these settings: control error 0.068, value error 0.057, cost 5.9% above Riccati. With 8 Euler
// steps the discretised game's optimal gain is up to 6% off the continuous p(t) (discrete Riccati recursion
// P_k = qbar dt + P_{k+1}/(1 + P_{k+1} dt)) and its value carries the same O(dt) bias, so the bounds are that
// bias plus about as much again for optimisation and Monte Carlo noise. (The plain MLP, linearShortcut "none",
// measured 0.143 under the same budget.)
const ITERATIONS = 80;
const CONTROL_TOLERANCE = 0.12;
const VALUE_TOLERANCE = 0.1;

describe("neural LQ MFG (2-D; the 10-D and 50-D accuracy runs are in bench/)", () => {
  beforeAll(async () => {
    await ready();
  });
  const problem = { dim: 2, sigma: 0.5, qbar: 1, c: 2, horizon: 1, initialStd: 1 };

  it("learns the Riccati feedback and value in 2-D within a few percent, and leaks no tensors", async () => {
    // core-tensor's mlp() may leave the pre-`tf.variable` copies of its initial weights behind; allow exactly what
    // constructing and disposing the same network leaks (0 with the current core-tensor), so our code must be clean.
    const n0 = tf.memory().numTensors;
    treeDispose(mlp({ inputs: 3, hidden: [16, 16], outputs: 2 }).params);
    const mlpLeak = tf.memory().numTensors - n0;
    await expectNoLeaks(
      () => {
        const res = trainNeuralLqMfg(problem, {
          iterations: ITERATIONS,
          particles: 256,
          timeSteps: 8,
          hidden: [16, 16],
          learningRate: 0.1,
        });
        // the loss estimates the cost of the current policy: it ends near the Riccati cost (within 10%: 256
        // particles and the O(dt) Euler bias of 8 steps; measured 5.9%)
        const tail = res.losses.slice(-20).reduce((a, b) => a + b) / 20;
        expect(Math.abs(tail / res.riccatiCost - 1)).toBeLessThan(0.1);
        const control = res.controlError(512);
        expect(control).toBeLessThan(CONTROL_TOLERANCE);
        const value = res.valueError({ probes: 32, replicas: 64, populationParticles: 512 });
        expect(value).toBeLessThan(VALUE_TOLERANCE);
        // the single-time path used in training equals the general [t, x - m] path
        const y = tf.randomNormal([5, 2], 0, 1, "float32", 3);
        const viaApply = tf.tidy(() =>
          res.policy.apply(res.policy.params, tf.concat([tf.fill([5, 1], 0.37), y], 1)),
        );
        const viaAt = res.policy.applyAt(res.policy.params, 0.37, y);
        expectAllClose(viaAt, viaApply, { rtol: 1e-5, atol: 1e-6 });
        tf.dispose([y, viaApply, viaAt]);
        res.dispose();
      },
      { allow: mlpLeak },
    );
  });

  it("5-D without running coupling (qbar = 0): gain c/(1 + c(T - t)), feedback and value within 10%", async () => {
    // qbar = 0: p' = p^2, p(T) = c, so p(t) = c/(1 + c(T - t)) (1/3 at t = 0 for c = 1, T = 2). Measured with
    // these settings: control error 0.039, value error 0.059, loss 5.6% above the Riccati cost (10 Euler steps
    // of 0.2: the discrete game's gain is O(dt) off, plus optimisation and Monte Carlo noise)
    const p5 = { dim: 5, sigma: 1, qbar: 0, c: 1, horizon: 2, initialStd: 0.5 };
    await expectNoLeaks(() => {
      const res = trainNeuralLqMfg(p5, {
        iterations: 80,
        particles: 256,
        timeSteps: 10,
        hidden: [16, 16],
        learningRate: 0.1,
      });
      expect(res.status).toBe("ok");
      // t on nodes of the 1000-step RK4 Riccati grid (RK4 error ~1e-13; between nodes linear interpolation adds h^2)
      for (const t of [0, 0.5, 1.3, 2]) expect(res.gain(t)).toBeCloseTo(1 / (1 + (2 - t)), 9);
      expect(res.controlError(512)).toBeLessThan(0.1);
      expect(res.valueError({ probes: 32, replicas: 64, populationParticles: 512 })).toBeLessThan(0.12);
      const tail = res.losses.slice(-20).reduce((a, b) => a + b) / 20;
      expect(Math.abs(tail / res.riccatiCost - 1)).toBeLessThan(0.1);
      res.dispose();
    });
  });

  it("bad input names the argument", () => {
    expect(() => trainNeuralLqMfg({ ...problem, sigma: 0 })).toThrow(
      /sigma must be > 0 and finite, received 0/,
    );
    expect(() => trainNeuralLqMfg({ ...problem, dim: 0 })).toThrow(
      /dim must be a positive integer, received 0/,
    );
    expect(() => trainNeuralLqMfg(problem, { iterations: 1.5 })).toThrow(
      /options.iterations must be a positive integer, received 1.5/,
    );
    expect(() => trainNeuralLqMfg(problem, { linearShortcut: "cubic" as never })).toThrow(
      /linearShortcut must be one of none, static, time-varying, received cubic/,
    );
    expect(() => trainNeuralLqMfg(problem, { shortcutKnots: 1 })).toThrow(
      /shortcutKnots must be an integer >= 2, received 1/,
    );
    // one particle is its own mean: the loss was identically 0 and nothing was learnt
    expect(() => trainNeuralLqMfg(problem, { particles: 1 })).toThrow(
      /options.particles must be an integer >= 2, received 1/,
    );
    expect(() => trainNeuralLqMfg(problem, { seed: Number.NaN })).toThrow(
      /options.seed must be an integer, received NaN/,
    );
  });

  it("a rejected learning rate or a throwing callback leaves no tensors behind", async () => {
    // learningRate Infinity used to reach the cosine schedule after the network was built: 8 tensors leaked
    await expectNoLeaks(() => {
      expect(() => trainNeuralLqMfg(problem, { learningRate: Number.POSITIVE_INFINITY })).toThrow(
        /options.learningRate must be > 0 and finite, received Infinity/,
      );
      expect(() =>
        trainNeuralLqMfg(problem, {
          iterations: 2,
          particles: 8,
          timeSteps: 2,
          hidden: [4],
          callback: () => {
            throw new Error("stop");
          },
        }),
      ).toThrow(/stop/);
    });
  });

  it("a diverging run reports status 'diverged'; gain and controlError check their arguments", async () => {
    await expectNoLeaks(() => {
      // a step size of 1e6 sends the weights to +-1e6 after one Adam step: the loss overflows float32
      const res = trainNeuralLqMfg(problem, {
        iterations: 5,
        particles: 16,
        timeSteps: 4,
        hidden: [4],
        learningRate: 1e6,
      });
      expect(res.status).toBe("diverged");
      expect(res.message).toMatch(/the loss became (NaN|Infinity) at iteration \d; lower learningRate/);
      expect(() => res.gain(2)).toThrow(/gain: t must be in \[0, horizon=1\], received 2/);
      expect(() => res.controlError(0)).toThrow(
        /controlError: samples must be a positive integer, received 0/,
      );
      res.dispose();
    });
  });
});
