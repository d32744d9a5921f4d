import { prng, ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { dsmLoss } from "../losses/dsm.js";
import { unet } from "../networks/unet.js";
import { vpCosine } from "../processes/vp.js";
import { train } from "../train.js";
import { GLYPH_SIZE, glyphData, glyphImages } from "./glyphs.js";

beforeAll(async () => {
  await ready();
});

describe("procedural 28x28 glyphs", () => {
  it("are seeded, in [0, 1], MNIST-like in ink coverage, and differ between classes", () => {
    const a = glyphImages(40, prng(0));
    const b = glyphImages(40, prng(0));
    expect(a.images).toEqual(b.images);
    expect(a.labels).toEqual(b.labels);
    expect(a.images.length).toBe(40 * GLYPH_SIZE * GLYPH_SIZE);
    let lo = 1;
    let hi = 0;
    let ink = 0;
    for (const v of a.images) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      ink += v / a.images.length;
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    // MNIST's mean intensity is 0.13; strokes of 2-3 px on 28x28 glyphs land in the same range.
    expect(ink).toBeGreaterThan(0.06);
    expect(ink).toBeLessThan(0.25);
    // Class means differ more than two independent draws of the same class mean (signal, not noise).
    const classMean = (c: number, seed: number) => {
      const { images } = glyphImages(30, prng(seed), { classes: [c] });
      const m = new Float64Array(784);
      for (let i = 0; i < images.length; i++) m[i % 784] += images[i]! / 30;
      return m;
    };
    const dist = (p: Float64Array, q: Float64Array) => Math.hypot(...p.map((v, i) => v - q[i]!));
    const one = classMean(1, 1);
    expect(dist(one, classMean(0, 2))).toBeGreaterThan(2 * dist(one, classMean(1, 3)));
    const x = glyphData(3, prng(1), { jitter: 0 });
    expect(x.shape).toEqual([3, 28, 28, 1]);
    expect(x.min().dataSync()[0]).toBe(-1);
    x.dispose();
    expect(() => glyphImages(0, prng(0))).toThrow(/n must be a positive integer, received 0/);
    expect(() => glyphImages(2, prng(0), { classes: [10] })).toThrow(
      /options.classes must be integers in 0..9, received \[10\]/,
    );
    expect(() => glyphImages(2, prng(0), { jitter: -1 })).toThrow(
      /options.jitter must be a finite number >= 0, received -1/,
    );
  });

  it("a 28x28 U-Net keeps the image shape, a few DSM steps lower the loss, and nothing leaks", async () => {
    const net = unet({ size: [28, 28], channels: 1, base: 4, levels: 2, embedDim: 16, seed: 0 });
    const model = net.model(vpCosine(), "eps");
    const x = glyphData(4, prng(2));
    const out = model.apply(x, tf.fill([4], 0.5));
    expect(out.shape).toEqual([4, 28, 28, 1]);
    out.dispose();
    // Same t and noise before and after: only the parameters change between the two evaluations.
    const fixed = () => tf.tidy(() => dsmLoss(model, x, { rng: prng(9) }).dataSync()[0]!);
    const before = fixed();
    await expectNoLeaks(() => {
      train(net.params, (r) => dsmLoss(model, x, { rng: r }), {
        steps: 12,
        lr: 1e-2,
        rng: prng(3),
        logEvery: 100,
      });
    });
    const after = fixed();
    // He-initialised residual nets start with outputs of O(several) so the eps-MSE is well above its trivial
    // level; 6 Adam steps at lr 1e-2 must at least cut it by a quarter (observed: more than half).
    expect(after).toBeLessThan(0.75 * before);
    x.dispose();
    net.dispose();
  });
});
