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
});
