import { describe, expect, it } from "vitest";
import { assertFinite, maxAbsError, mse, relativeL2Error, tf } from "./index.js";

describe("metrics and checks", () => {
  it("computes errors in float64", () => {
    expect(relativeL2Error([3, 4.5], [3, 4])).toBeCloseTo(0.1, 12);
    expect(mse(tf.tensor([1, 2]), [1, 4])).toBeCloseTo(2, 6);
    expect(maxAbsError([1, -3], [0, 0])).toBe(3);
    expect(() => relativeL2Error([1], [1, 2])).toThrow(/prediction has 1 values, reference has 2/);
    expect(() => relativeL2Error([1], [0])).toThrow(/identically zero/);
  });
  it("assertFinite names the argument and the index", () => {
    expect(() => assertFinite(tf.tensor([1, Number.NaN]), "loss")).toThrow("loss contains NaN at index 1");
    expect(() => assertFinite(Number.POSITIVE_INFINITY, "lr")).toThrow("lr is not finite");
  });
  it("refuses tensors whose shapes differ beyond size-1 axes (no silent transposed comparison)", () => {
    const pred = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const predT = tf.transpose(pred); // [2, 3], same 6 values in another order
    expect(() => mse(pred, predT)).toThrow(
      /mse: prediction has shape \[3, 2\] but reference has shape \[2, 3\]/,
    );
    expect(() => relativeL2Error(predT, pred)).toThrow(/relativeL2Error: prediction has shape \[2, 3\]/);
    // [N, 1] against [N] (a network output against a reference vector) is still compared directly: exact 0.
    const col = tf.tensor2d([[1], [2], [3]]);
    expect(maxAbsError(col, tf.tensor([1, 2, 3]))).toBe(0);
    tf.dispose([pred, predT, col]);
  });
});
