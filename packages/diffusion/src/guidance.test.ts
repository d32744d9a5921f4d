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
    x.dispose();
  });
});
