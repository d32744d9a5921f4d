import { readFileSync } from "node:fs";
import { ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks, gradcheck } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { superResolution } from "../eval/super-resolution.js";
import { fno3d } from "../models/fno3d.js";
import { spectralConv3d, spectralConv3dChannelMajor } from "./spectral-conv3d.js";
import type { SpectralMethod } from "./spectral-method.js";
import { roll } from "./test-helpers.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../test/fixtures/spectral_conv3d.json", import.meta.url), "utf8"),
) as {
  conv3d: {
    b: number;
    ci: number;
    co: number;
    n1: number;
    n2: number;
    n3: number;
    m1: number;
    m2: number;
    m3: number;
    x: number[];
    wr: number[];
    wi: number[];
    y: number[];
  }[];
};

beforeAll(async () => {
  await ready();
});

// Tolerances: float32 transforms of O(1) data over ≤ 16 points per axis (three passes) accumulate ~1e-6
// relative error (measured max 1.7e-7 of the output scale); 1e-4 leaves a wide margin.
describe("spectralConv3d vs numpy.fft reference (gen_spectral_conv3d.py)", () => {
  for (const [i, c] of fixture.conv3d.entries()) {
    const methods: SpectralMethod[] = (c.n3 & (c.n3 - 1)) === 0 ? ["dft", "fft"] : ["dft"];
    for (const method of methods)
      it(`case ${i} (${c.n1}x${c.n2}x${c.n3}, modes ${c.m1}×${c.m2}×${c.m3}) with ${method}`, () => {
        const shape = [2 * c.m1, 2 * c.m2, c.m3, c.ci, c.co];
        const y = tf.tidy(() => {
          const x = tf.transpose(
            tf.tensor(c.x, [c.b, c.n1, c.n2, c.n3, c.ci]),
            [4, 0, 1, 2, 3],
          ) as tf.Tensor5D;
          const out = spectralConv3dChannelMajor(x, tf.tensor(c.wr, shape), tf.tensor(c.wi, shape), method);
          return tf.transpose(out, [1, 2, 3, 4, 0]);
        });
        expectAllClose(y, c.y, { rtol: 1e-4, atol: 1e-4 });
        y.dispose();
      });
  }
});

describe("spectralConv3d and fno3d", () => {
  it("input and weight gradients match finite differences; no leaks", async () => {
    // Linear in x and in the weights: central differences are exact up to float32 rounding, which gradcheck's
    // default tolerance (rtol 2e-2, atol 1e-3) covers for O(1) values.
    const conv = spectralConv3d({ inChannels: 2, outChannels: 1, modes1: 2, modes2: 1, modes3: 2, seed: 1 });
    const x0 = tf.randomNormal([1, 4, 3, 5, 2], 0, 1, "float32", 3);
    const r = tf.randomNormal([1, 4, 3, 5, 1], 0, 1, "float32", 4);
    conv.apply(conv.params, x0).dispose(); // builds the cached DFT bases outside the leak check
    await expectNoLeaks(() => {
      gradcheck((x: tf.Tensor) => tf.sum(tf.mul(conv.apply(conv.params, x), r)), x0, { directions: 3 });
      gradcheck(
        (w: tf.Tensor) => tf.sum(tf.mul(conv.apply({ wr: conv.params.wr, wi: w as tf.Variable }, x0), r)),
        conv.params.wi,
        { directions: 3 },
      );
    });
    tf.dispose([x0, r, conv.params.wr, conv.params.wi]);
  });

  it("fno3d without grid channels is shift-equivariant along each axis; padding keeps shapes", () => {
    const m = fno3d({
      inChannels: 1,
      outChannels: 2,
      modes1: 2,
      modes2: 3,
      modes3: 2,
      width: 4,
      layers: 2,
      projection: 6,
      grid: false,
      seed: 5,
    });
    tf.tidy(() => {
      // Shifts 1, 2, 3 along axes of 4, 6, 5 points: a swap of axes or of their modes would break this.
      const x = tf.randomNormal([1, 4, 6, 5, 1], 0, 1, "float32", 8);
      const y = m.apply(m.params, x);
      expect(y.shape).toEqual([1, 4, 6, 5, 2]);
      const ys = m.apply(m.params, roll(roll(roll(x, 1, 1), 2, 2), 3, 3));
      // float32 spectral round trips of O(1) values: agreement to ~1e-6; 1e-5 bound.
      expect(tf.max(tf.abs(tf.sub(ys, roll(roll(roll(y, 1, 1), 2, 2), 3, 3)))).dataSync()[0]).toBeLessThan(
        1e-5,
      );
    });
    const padded = fno3d({
      inChannels: 1,
      outChannels: 1,
      modes1: 2,
      modes2: 2,
      modes3: 3,
      width: 4,
      layers: 1,
      projection: 4,
      domainPadding: 0.25,
    });
    tf.tidy(() => {
      // modes3 = 3 needs (S3 + pad)/2 ≥ 3: S3 = 5 pads round(1.25) = 1 point, enough; S3 = 4 pads 1, not enough.
      expect(padded.apply(padded.params, tf.ones([2, 4, 4, 5, 1])).shape).toEqual([2, 4, 4, 5, 1]);
      expect(() => padded.apply(padded.params, tf.ones([1, 4, 4, 4, 1]))).toThrow(
        /fno3d.apply: modes3 \(3\) must be at most \(resolution \+ padding\)\/2 = 2 for resolution 4/,
      );
    });
    // superResolution takes the three spatial axes: an untrained fno3d on data strided to 2×2×3 and 4×4×5.
    const fine = tf.randomNormal([2, 4, 4, 5, 1], 0, 1, "float32", 9);
    const small = fno3d({
      inChannels: 1,
      outChannels: 1,
      modes1: 1,
      modes2: 1,
      modes3: 1,
      width: 2,
      layers: 1,
      projection: 2,
    });
    const sr = superResolution(small, { inputs: fine, targets: fine }, { strides: [2, 1] });
    expect(sr.map((r) => r.shape)).toEqual([
      [2, 2, 3],
      [4, 4, 5],
    ]);
    tf.dispose(fine);
    treeDispose([m.params, padded.params, small.params] as never);
  });

  it("rejects bad shapes, modes and weights, naming them", () => {
    const conv = spectralConv3d({ inChannels: 1, outChannels: 1, modes1: 2, modes2: 2, modes3: 3 });
    tf.tidy(() => {
      expect(() => conv.apply(conv.params, tf.ones([1, 8, 8, 8, 2]))).toThrow(
        /spectralConv3d.apply: x must have shape \[B, S1, S2, S3, 1\], received \[1,8,8,8,2\]/,
      );
      expect(() => conv.apply(conv.params, tf.ones([1, 8, 3, 8, 1]))).toThrow(
        /spectralConv3d \(modes2\): modes \(2\) must be at most resolution\/2 = 1 for resolution 3/,
      );
      expect(() => conv.apply(conv.params, tf.ones([0, 8, 8, 8, 1]))).toThrow(/no empty axis/);
      const w = tf.ones([3, 4, 2, 1, 1]);
      expect(() => spectralConv3dChannelMajor(tf.ones([1, 1, 8, 8, 8]) as tf.Tensor5D, w, w)).toThrow(
        /first two weight axes .* must be even, received \[3,4,2,1,1\]/,
      );
      expect(() =>
        spectralConv3d({ inChannels: 1, outChannels: 1, modes1: 2, modes2: 2, modes3: 0 }),
      ).toThrow(/spectralConv3d: options.modes3 must be a positive integer, received 0/);
      expect(() =>
        fno3d({
          inChannels: 1,
          outChannels: 1,
          modes1: 2,
          modes2: 2,
          modes3: 2,
          width: 4,
          method: "x" as never,
        }),
      ).toThrow(/fno3d: options.method must be "auto", "dft" or "fft"/);
    });
    tf.dispose([conv.params.wr, conv.params.wi]);
  });
});
