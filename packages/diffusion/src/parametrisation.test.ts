import { prng, ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { gaussianScore } from "./oracles/gmm.js";
import { denoise, noise, predictionTarget, predictionToNoise, score, velocity } from "./parametrisation.js";
import { flowLinear } from "./processes/flow.js";
import { subVp } from "./processes/sub-vp.js";
import { vpLinear } from "./processes/vp.js";

beforeAll(async () => {
  await ready();
});

describe("denoise / velocity / score at one time", () => {
  // Data N(m, v): D = m + alpha v / (alpha^2 v + sigma^2) (x - alpha m), score = (alpha D - x) / sigma^2 and the
  // flow-linear velocity x1 - x0 in expectation, here checked through the closed-form posterior mean.
  const m = 0.5;
  const v = 0.3;
  const g = gaussianScore([m], v);

  it("match the closed-form Gaussian posterior and leak nothing", async () => {
    const p = vpLinear();
    const t = 0.4;
    const x = tf.tensor2d([[-1], [0.2], [2]]);
    const [a, s] = [p.alpha(t), p.sigma(t)];
    const k = (a * v) / (a * a * v + s * s);
    const model = g.model(p);
    // allow: the returned tensor.
    const d = await expectNoLeaks(() => denoise(model, x, t), { allow: 1 });
    const sc = await expectNoLeaks(() => score(model, x, t), { allow: 1 });
    const xs = [-1, 0.2, 2];
    // float32 arithmetic on O(1) values: 1e-5 absolute.
    xs.forEach((xi, i) => {
      const Di = m + k * (xi - a * m);
      expect(d.dataSync()[i]).toBeCloseTo(Di, 5);
      expect(sc.dataSync()[i]).toBeCloseTo((a * Di - xi) / (s * s), 4);
    });
    tf.dispose([x, d, sc]);
  });

  it("predictionToNoise recovers eps from every prediction kind", () => {
    const p = vpLinear();
    const x0 = prng(1).normal([5, 3]);
    const eps = prng(2).normal([5, 3]);
    const ts = [0.05, 0.2, 0.5, 0.8, 0.95];
    const a = tf.tensor2d(ts.map((t) => [p.alpha(t)]));
    const s = tf.tensor2d(ts.map((t) => [p.sigma(t)]));
    const xt = tf.add(tf.mul(x0, a), tf.mul(eps, s));
    for (const k of ["eps", "x0", "v", "score", "velocity"] as const) {
      const back = predictionToNoise(p, k, predictionTarget(p, k, x0, eps, ts), xt, ts);
      // float32: the x0 route divides by sigma(0.05) = 0.23 and velocity by a sum of O(10) terms; 2e-4 absolute.
      expect(tf.max(tf.abs(tf.sub(back, eps))).dataSync()[0]).toBeLessThan(2e-4);
    }
    tf.dispose([x0, eps, a, s, xt]);
  });

  it("score at sub-VP t = 1e-3 (sigma = 1.1e-4) keeps float32 precision for an eps model", async () => {
    // score = -(x - alpha m) / (alpha^2 v + sigma^2). Through D (the old score(), and any x0-model) the
    // difference x - alpha D cancels below float32 resolution: [-0, -0, 2.47] for [-0.041, -2.667, 3.000].
    const p = subVp();
    const t = p.tLow;
    const [a, s] = [p.alpha(t), p.sigma(t)];
    const xs = [0.5123, 1.3, -0.4];
    const x = tf.tensor2d(xs, [3, 1]);
    const sc = await expectNoLeaks(() => score(g.model(p, "eps"), x, t), { allow: 1 });
    const e = await expectNoLeaks(() => noise(g.model(p, "eps"), x, t), { allow: 1 });
    xs.forEach((xi, i) => {
      const want = -(xi - a * m) / (a * a * v + s * s);
      // float32 of the oracle's O(1) quantities: 1e-5 relative.
      expect(Math.abs(sc.dataSync()[i]! - want)).toBeLessThan(1e-5 * Math.abs(want) + 1e-7);
      expect(Math.abs(e.dataSync()[i]! + s * want)).toBeLessThan(1e-9);
    });
    expect(() => g.model(p, "v" as never)).toThrow(
      /gmmScore.model: prediction must be 'x0' or 'eps', received v/,
    );
    expect(() => g.noise(p, x, 0)).toThrow(/gmmScore.noise: needs sigma\(t\) > 0/);
    tf.dispose([x, sc, e]);
  });

  it("reject times outside the path and sigma = 0 for velocity / score (were silent NaN)", () => {
    const p = flowLinear();
    const model = g.model(p);
    const x = prng(0).normal([3, 1]);
    const before = tf.memory().numTensors;
    expect(() => denoise(model, x, 2)).toThrow(
      /denoise: t must be in \[0, 1\] for path 'flow-linear', received 2/,
    );
    expect(() => denoise(model, x, Number.NaN)).toThrow(/denoise: t must be in .* received NaN/);
    expect(() => velocity(model, x, 0)).toThrow(
      /velocity: t must have sigma\(t\) > 0 \(the velocity divides by sigma\), received t = 0 with sigma = 0/,
    );
    expect(() => score(model, x, 0)).toThrow(/score: t must have sigma\(t\) > 0/);
    expect(() => score(model, x, -0.5)).toThrow(/score: t must be in \[0, 1\]/);
    expect(() => noise(model, x, 0)).toThrow(/noise: t must have sigma\(t\) > 0/);
    expect(tf.memory().numTensors).toBe(before);
    // denoise at sigma = 0 is well defined (the data itself).
    const d0 = denoise(model, x, 0);
    const [a0, x0] = [d0.dataSync(), x.dataSync()];
    for (let i = 0; i < 3; i++) expect(a0[i]).toBeCloseTo(x0[i]!, 6);
    tf.dispose([x, d0]);
  });
});
