import { prng, ready, tf } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { conv2dSame } from "./im2col-conv.js";

beforeAll(async () => {
  await ready();
});

describe("conv2dSame (custom-gradient conv)", () => {
  it.each([
    [3, 3],
    [3, 1],
    [5, 3],
  ])("%ix%i kernel: value and both gradients equal tf.conv2d's", async (kh, kw) => {
    const rng = prng(kh * 10 + kw);
    const x = rng.normal([2, 6, 5, 3]) as tf.Tensor4D;
    const w = rng.normal([kh, kw, 3, 4]) as tf.Tensor4D;
    const up = rng.normal([2, 6, 5, 4]);
    const ref = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same"), up));
    const ours = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(conv2dSame(a as tf.Tensor4D, b as tf.Tensor4D), up));
    // float32 sums of 3*kh*kw products of O(1) terms: 1e-4 relative covers the different summation order.
    expectAllClose(conv2dSame(x, w), tf.conv2d(x, w, 1, "same"), { rtol: 1e-4, atol: 1e-4 });
    const [gx, gw] = tf.grads(ours)([x, w]);
    const [rx, rw] = tf.grads(ref)([x, w]);
    expectAllClose(gx!, rx!, { rtol: 1e-4, atol: 1e-4 });
    expectAllClose(gw!, rw!, { rtol: 1e-4, atol: 1e-3 });
    tf.dispose([gx!, gw!, rx!, rw!]);
    await expectNoLeaks(() => {
      const [a, b] = tf.grads(ours)([x, w]);
      tf.dispose([a!, b!]);
    });
    tf.dispose([x, w, up]);
  });
  it("rejects channel mismatch and even kernels, naming the argument", () => {
    const x = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    expect(() => conv2dSame(x, tf.zeros([3, 3, 3, 1]) as tf.Tensor4D)).toThrow(
      /x must be \[N, H, W, 3\], received \[1,4,4,2\]/,
    );
    expect(() => conv2dSame(x, tf.zeros([2, 2, 2, 1]) as tf.Tensor4D)).toThrow(
      /kernel size must be odd, received 2x2/,
    );
  });
});
