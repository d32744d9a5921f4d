import { prng, ready, tf } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { frechetDistance, meanCov } from "./frechet.js";
import { energyDistance, mmdRbf } from "./mmd.js";
import { slicedWasserstein } from "./sliced-wasserstein.js";

beforeAll(async () => {
  await ready();
});

const rows = (f: Float64Array, d: number) =>
  Array.from({ length: f.length / d }, (_, i) => Array.from(f.subarray(i * d, i * d + d)));

describe("sample-quality metrics", () => {
  it("sliced W2 of a shift m in 2-D equals |m|/sqrt(2) (E[(m.theta)^2] = |m|^2/2)", () => {
    const a = rows(prng(0).normalArray(4000), 2);
    const b = a.map(([x, y]) => [x! + 1, y! + 1]);
    // Exact translation: every projected W2 is |m . theta| exactly; only the direction average is random
    // (512 directions: relative error of the mean of cos^2 < 3%).
    const sw = slicedWasserstein(a, b, { rng: prng(1), projections: 512 });
    expect(Math.abs(sw - 1)).toBeLessThan(0.04);
    expect(slicedWasserstein(a, a, { rng: prng(2) })).toBe(0);
  });
  it("MMD and energy distance are ~0 for equal laws and clearly positive for different laws", () => {
    const a = rows(prng(3).normalArray(1000), 2);
    const b = rows(prng(4).normalArray(1000), 2);
    const c = b.map(([x, y]) => [x! + 0.5, y!]);
    expect(Math.abs(mmdRbf(a, b))).toBeLessThan(0.01);
    expect(mmdRbf(a, c)).toBeGreaterThan(0.03);
    // Energy distance of N(0,I) vs N((0.5,0),I): positive, ~ |shift|^2 * O(1); equal laws: U-statistic ~ 0.
    expect(Math.abs(energyDistance(a, b))).toBeLessThan(0.02);
    expect(energyDistance(a, c)).toBeGreaterThan(0.05);
  });
  it("Fréchet distance of two Gaussians matches the closed form on large samples", () => {
    // N(0, I) vs N((1, 0), diag(4, 1)): |dm|^2 + tr(I + S - 2 S^(1/2)) = 1 + (1 + 4 - 4) + (1 + 1 - 2) = 2.
    const a = rows(prng(5).normalArray(40000), 2);
    const z = rows(prng(6).normalArray(40000), 2);
    const b = z.map(([x, y]) => [1 + 2 * x!, y!]);
    // Sampling error at n = 20000: |dm|^2 has SE ~ 2|dm| sqrt(5/n) = 0.03, the trace term ~ 0.5 * SE(var 4) =
    // 0.5 * 4 sqrt(2/n) = 0.02, plus O(d/n) bias: total SE ~ 0.04; tolerance 0.15 (~4 SE).
    expect(Math.abs(frechetDistance(a, b) - 2)).toBeLessThan(0.15);
    const mc = meanCov(tf.tensor2d(b.slice(0, 10)));
    expect(mc.d).toBe(2);
  });
  it("bad input names the argument", () => {
    expect(() => slicedWasserstein([[1, 2]], [[1]], { rng: prng(0) })).toThrow(
      /a has dimension 2 but b has 1/,
    );
    expect(() => slicedWasserstein([[1]], [[1]], { rng: prng(0), projections: 0 })).toThrow(
      /projections must be an integer >= 1, received 0/,
    );
    expect(() => mmdRbf([[1]], [[1], [2]])).toThrow(/at least 2 points/);
    // A NaN point gave NaN for sliced W2 / MMD / energy distance (and an eigensolver error for Frechet).
    const a = [
      [0, 0],
      [1, Number.NaN],
      [2, 1],
    ];
    const b = [
      [0, 1],
      [1, 1],
      [2, 2],
    ];
    expect(() => slicedWasserstein(a, b, { rng: prng(0) })).toThrow(
      /slicedWasserstein: a must be finite: row 1, entry 1 is NaN/,
    );
    expect(() => mmdRbf(b, a)).toThrow(/mmdRbf: b must be finite: row 1, entry 1 is NaN/);
    expect(() => energyDistance(a, b)).toThrow(/energyDistance: a must be finite/);
    const t = tf.tensor2d([
      [0, 0],
      [Infinity, 1],
    ]);
    expect(() => frechetDistance(b, t)).toThrow(/meanCov: x must be finite: row 1, entry 0 is Infinity/);
    t.dispose();
  });
});
