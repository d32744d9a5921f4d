import { describe, expect, it } from "vitest";
import { fastTanh, tanhArray, transposeLast2 } from "./fast-math.js";

describe("fastTanh", () => {
  it("is within 1 float32 ulp of the correctly rounded tanh on a dense sweep of [-10, 10]", () => {
    // Reference: Math.tanh in float64 rounded once to float32 (Math.fround). Measured: 6e-8 absolute, i.e. one
    // ulp (6e-8 = 2^-24) just below 1, and 2.4e-7 relative (two ulps) for small |x|, as Eigen documents.
    let maxAbs = 0;
    let maxRel = 0;
    for (let i = -200000; i <= 200000; i++) {
      const x = Math.fround(i * 5e-5);
      const ref = Math.fround(Math.tanh(x));
      const got = Math.fround(fastTanh(x));
      maxAbs = Math.max(maxAbs, Math.abs(got - ref));
      if (ref !== 0) maxRel = Math.max(maxRel, Math.abs(got - ref) / Math.abs(ref));
    }
    expect(maxAbs).toBeLessThanOrEqual(6e-8);
    expect(maxRel).toBeLessThanOrEqual(2.4e-7);
  });
  it("handles tiny, huge, infinite and NaN inputs", () => {
    expect(Math.abs(fastTanh(1e-30) - 1e-30)).toBeLessThan(1e-36); // relative 1e-6: no underflow to 0
    expect(fastTanh(0)).toBe(0);
    expect(Math.fround(fastTanh(50))).toBe(1);
    expect(Math.fround(fastTanh(-Infinity))).toBe(-1);
    expect(Math.fround(fastTanh(Infinity))).toBe(1);
    expect(fastTanh(Number.NaN)).toBeNaN();
  });
  it("tanhArray fills the output", () => {
    const out = tanhArray(new Float32Array([0, 1, -2]), new Float32Array(3));
    expect(Array.from(out)).toEqual([0, Math.fround(Math.tanh(1)), Math.fround(Math.tanh(-2))]);
  });
});

describe("transposeLast2", () => {
  it("transposes each matrix of a batch (sizes not multiples of the tile)", () => {
    const [batch, rows, cols] = [2, 37, 45];
    const src = Float32Array.from({ length: batch * rows * cols }, (_, i) => i);
    const out = transposeLast2(src, new Float32Array(src.length), batch, rows, cols);
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
          expect(out[b * rows * cols + j * rows + i]).toBe(src[b * rows * cols + i * cols + j]);
  });
});

describe("fastSinCos", () => {
  it("is within 1e-13 of Math.sin / Math.cos over ±1e4, and propagates NaN", async () => {
    const { fastSinCos } = await import("./fast-math.js");
    const out = new Float64Array(2);
    let worst = 0;
    for (let i = 0; i <= 200000; i++) {
      const x = -1e4 + (2e4 * i) / 200000 + 1e-3 * Math.sin(i);
      fastSinCos(x, out);
      worst = Math.max(worst, Math.abs(out[0]! - Math.sin(x)), Math.abs(out[1]! - Math.cos(x)));
    }
    // Truncation of the polynomials < 2e-14; the reduction adds ~|k|·2⁻⁵³·π/2 ≈ 2e-12 at |x| = 1e4 in the worst
    // case, well under float32 rounding (6e-8), which is all the fused layers keep.
    expect(worst).toBeLessThan(1e-11);
    fastSinCos(Number.NaN, out);
    expect(Number.isNaN(out[0]!) && Number.isNaN(out[1]!)).toBe(true);
  });
});
