import { readFileSync } from "node:fs";
import { grad, prng, ready, tf } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { edm } from "../processes/edm.js";
import { vpLinear } from "../processes/vp.js";
import { gaussianScore, gmmScore } from "./gmm.js";

interface Case {
  name: string;
  logp: number[];
  score: number[][];
}
const fixture: { points: number[][]; cases: Case[] } = JSON.parse(
  readFileSync(new URL("../../test/fixtures/gmm.json", import.meta.url), "utf8"),
);

beforeAll(async () => {
  await ready();
});

const mix = () =>
  gmmScore(
    [0.2, 0.5, 0.3],
    [
      [-2, -1],
      [2, 0],
      [0, 2],
    ],
    [
      0.2,
      [
        [0.3, 0.1],
        [0.1, 0.2],
      ],
      0.1,
    ],
  );

describe("gmmScore: closed-form oracle vs scipy (test/fixtures/gen_gmm.py)", () => {
  const times: Record<string, [ReturnType<typeof vpLinear>, number]> = {
    "vp-linear t=0.3": [vpLinear(), 0.3],
    "edm sigma=0.7": [edm(), 0.7],
    "vp-linear t=0.05": [vpLinear(), 0.05],
  };
  it.each(fixture.cases.map((c) => [c.name, c] as [string, Case]))("%s: log-density and score", (name, c) => {
    const g = mix();
    const [path, t] = times[name]!;
    const x = tf.tensor2d(fixture.points);
    // float32 evaluation of float64 references: rtol 1e-4 on O(1-10) values (few ulps x condition of logsumexp).
    expectAllClose(g.logDensity(path, x, t), c.logp, { rtol: 1e-4, atol: 1e-4 });
    // Tweedie score vs scipy finite differences (FD error ~1e-9): rtol 1e-3 covers float32 cancellation in
    // (alpha D - x)/sigma^2 at sigma^2 ~ 0.0025 (t=0.05).
    expectAllClose(g.score(path, x, t), c.score, { rtol: 1e-3, atol: 2e-3 });
    // Independent path: autodiff of the log-density equals the Tweedie score.
    const auto = grad((z: tf.Tensor) => tf.sum(g.logDensity(path, z, t)))(x);
    expectAllClose(auto, c.score, { rtol: 1e-3, atol: 2e-3 });
    tf.dispose([x, auto]);
    g.dispose();
  });

  it("samples have the mixture moments (4 standard errors at n = 20000)", () => {
    const g = mix();
    const xs = g.sampleArray(20000, prng(0));
    const { mean, cov } = g.moments();
    for (let j = 0; j < 2; j++) {
      let s = 0;
      for (let i = 0; i < 20000; i++) s += xs[2 * i + j]!;
      expect(Math.abs(s / 20000 - mean[j]!)).toBeLessThan(4 * Math.sqrt(cov[3 * j]! / 20000));
    }
    g.dispose();
  });

  it("per-row times broadcast and the denoiser has no leaks", async () => {
    const g = gaussianScore(
      [1, -1],
      [
        [1, 0.5],
        [0.5, 2],
      ],
    );
    const p = vpLinear();
    const x = tf.tensor2d([
      [0.3, 0.2],
      [1, 1],
    ]);
    const both = g.denoised(p, x, [0.2, 0.7]);
    const a = g.denoised(p, tf.slice(x, [0, 0], [1, 2]), 0.2);
    const b = g.denoised(p, tf.slice(x, [1, 0], [1, 2]), 0.7);
    expectAllClose(both, tf.concat([a, b]), { rtol: 1e-6 });
    await expectNoLeaks(() => {
      g.denoised(p, x, 0.5).dispose();
    });
    tf.dispose([x, both, a, b]);
    g.dispose();
  });

  it("bad input names the argument", () => {
    expect(() => gmmScore([], [], [])).toThrow(/weights must be a non-empty array/);
    expect(() =>
      gmmScore(
        [1],
        [[0, 0]],
        [
          [
            [1, 2],
            [0, 1],
          ],
        ],
      ),
    ).toThrow(/covs\[0\] must be symmetric/);
    expect(() => gmmScore([1], [[0, 0]], [-1])).toThrow(/covs\[0\] must be a positive variance, received -1/);
    expect(() => gmmScore([1, -1], [[0], [1]], [1, 1])).toThrow(/weights\[1\] must be > 0, received -1/);
  });
});
