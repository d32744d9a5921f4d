import { ready, tf } from "@continuum/core-tensor";
import { expectAllClose } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { classifierFreeGuidance } from "./guidance.js";
import { gmmScore } from "./oracles/gmm.js";
import { score } from "./parametrisation.js";
import { edm } from "./processes/edm.js";
import { vpLinear } from "./processes/vp.js";

beforeAll(async () => {
  await ready();
});

describe("classifier-free guidance", () => {
  it("guided score = (1+w) score(x|c) - w score(x) with exact GMM scores; w = 0 is the conditional", () => {
    const path = vpLinear();
    const uncond = gmmScore(
      [0.5, 0.5],
      [
        [-1, 0],
        [1, 0],
      ],
      [0.2, 0.2],
    );
    const cond = gmmScore([1], [[1, 0]], [0.2]);
    const x = tf.tensor2d([
      [0.2, 0.1],
      [-0.5, 0.3],
      [1.5, -0.2],
    ]);
    for (const w of [0, 1, 3]) {
      const guided = classifierFreeGuidance(cond.model(path), uncond.model(path), w);
      const want = tf.sub(
        tf.mul(score(cond.model(path), x, 0.4), 1 + w),
        tf.mul(score(uncond.model(path), x, 0.4), w),
      );
      // float32; the score divides by sigma^2 = 0.85 only: rtol 1e-4.
      expectAllClose(score(guided, x, 0.4), want, { rtol: 1e-4, atol: 1e-5 });
    }
    expect(() => classifierFreeGuidance(cond.model(path), uncond.model(path), Number.NaN)).toThrow(
      /scale must be a finite number, received NaN/,
    );
    expect(() => classifierFreeGuidance(cond.model(path), uncond.model(edm()), 1)).toThrow(
      /must share the path/,
    );
    // Two VP paths with other betas share the name 'vp-linear' and were accepted (a silently wrong guidance).
    expect(() =>
      classifierFreeGuidance(cond.model(path), uncond.model(vpLinear({ betaMax: 10 })), 1),
    ).toThrow(
      /must share the path, received 'vp-linear\(betaMin=0.1, betaMax=20\)' and 'vp-linear\(betaMin=0.1, betaMax=10\)'/,
    );
    // Equal but distinct path objects are fine.
    expect(() => classifierFreeGuidance(cond.model(path), uncond.model(vpLinear()), 1)).not.toThrow();
    // An unconditional output of shape [1, 2] was broadcast over the batch without a word.
    const bad = { path, prediction: "x0" as const, apply: () => tf.zeros([1, 2]) };
    const guided = classifierFreeGuidance(cond.model(path), bad, 1);
    const ts = tf.fill([3], 0.4);
    const before = tf.memory().numTensors;
    expect(() => guided.apply(x, ts)).toThrow(
      /outputs must have the input shape \[3,2\], received \[3,2\] and \[1,2\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ts]);
  });
});
