import { describe, expect, it } from "vitest";
import { tf } from "../index.js";
import { expectAllClose, expectNoLeaks, gradcheck } from "./index.js";

describe("testing helpers", () => {
  it("expectAllClose reports the worst index", () => {
    expect(() => expectAllClose([1, 2, 3], [1, 2.5, 3])).toThrow(
      /1 of 3 values differ.*index 1: actual 2, expected 2.5/,
    );
    expect(() => expectAllClose(tf.ones([2]), tf.ones([3]))).toThrow(/shape mismatch/);
    expectAllClose([Number.NaN, 1], [Number.NaN, 1 + 1e-7]);
  });
  it("expectNoLeaks catches a leak", async () => {
    await expect(expectNoLeaks(() => void tf.ones([2]))).rejects.toThrow(/tensor leak: 1 tensors/);
  });
  it("gradcheck passes on correct derivatives and fails on a wrong one", () => {
    gradcheck((x) => tf.sum(tf.mul(tf.tanh(x), tf.exp(x))), tf.tensor([0.2, -0.3]), { order: 3 });
    // A custom op with a deliberately wrong gradient (2x instead of cos x) must be caught.
    const bad = tf.customGrad(((x: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
      save([x]);
      return { value: tf.sin(x), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, tf.mul(s!, 2)) };
    }) as never) as (x: tf.Tensor) => tf.Tensor;
    expect(() => gradcheck((x) => tf.sum(bad(x)), tf.tensor([0.4]), { order: 1 })).toThrow(
      /order-1 derivative/,
    );
  });
});
