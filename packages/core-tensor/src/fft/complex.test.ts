import { describe, expect, it } from "vitest";
import { loadFixture, randomArray, relErr } from "../linalg/test-helpers.js";
import { fft, fft2, ifft, ifft2 } from "./complex.js";

const fx = loadFixture("fft");

describe("fft / ifft", () => {
  const cases: { n: number; x: number[]; fft: number[]; ifft: number[] }[] = fx.complex;
  it.each(cases)("n = $n matches numpy.fft to <= 1e-12 relative", ({ x, fft: X, ifft: xi }) => {
    // both are O(ε·log n) accurate; Bluestein adds a constant factor: 1e-12 is the bound.
    expect(relErr(fft(Float64Array.from(x)), X)).toBeLessThan(1e-12);
    expect(relErr(ifft(Float64Array.from(x)), xi)).toBeLessThan(1e-12);
  });

  it("known signals: impulse, constant, single tone", () => {
    expect(Array.from(fft(new Float64Array([1, 0, 0, 0, 0, 0, 0, 0])))).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    const c = fft(new Float64Array([1, 0, 1, 0, 1, 0]));
    expect(c[0]).toBeCloseTo(3, 14);
    for (let i = 1; i < 6; i++) expect(Math.abs(c[i])).toBeLessThan(1e-15);
    // e^{2πi·3j/n} → n at bin 3, for a power of two and a Bluestein size
    for (const n of [16, 20]) {
      const z = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) {
        z[2 * j] = Math.cos((2 * Math.PI * 3 * j) / n);
        z[2 * j + 1] = Math.sin((2 * Math.PI * 3 * j) / n);
      }
      const Z = fft(z);
      const expected = new Float64Array(2 * n);
      expected[6] = n;
      expect(relErr(Z, expected)).toBeLessThan(1e-14);
    }
  });

  it("round trip and Parseval for power-of-two and Bluestein sizes", () => {
    for (const n of [64, 100, 97, 1000]) {
      const z = randomArray(2 * n, n);
      const Z = fft(z);
      expect(relErr(ifft(Z), z)).toBeLessThan(1e-13);
      let ex = 0;
      let eX = 0;
      for (let i = 0; i < 2 * n; i++) {
        ex += z[i] ** 2;
        eX += Z[i] ** 2;
      }
      expect(eX / n / ex).toBeCloseTo(1, 12);
    }
  });

  it("batches along leading axes and keeps Float32", () => {
    const n = 12;
    const z = randomArray(2 * n * 3, 5);
    const batched = fft(z, n);
    for (let b = 0; b < 3; b++) {
      const one = fft(z.slice(2 * n * b, 2 * n * (b + 1)));
      expect(relErr(batched.subarray(2 * n * b, 2 * n * (b + 1)), one)).toBe(0);
    }
    const f32 = fft(Float32Array.from(z), n);
    expect(f32).toBeInstanceOf(Float32Array);
    // float32 storage: rounding of input and output, ~1e-7 relative.
    expect(relErr(f32, batched)).toBeLessThan(1e-6);
  });

  it("2-D transforms match numpy.fft.fft2 and round-trip", () => {
    const { rows, cols, x, fft2: X } = fx.fft2;
    const ours = fft2(Float64Array.from(x), rows, cols);
    expect(relErr(ours, X)).toBeLessThan(1e-12);
    expect(relErr(ifft2(ours, rows, cols), x)).toBeLessThan(1e-13);
    // batch of two 4×6 blocks
    const two = new Float64Array(2 * x.length);
    two.set(x);
    two.set(x, x.length);
    const tw = fft2(two, rows, cols);
    expect(relErr(tw.subarray(x.length), X)).toBeLessThan(1e-12);
    expect(fft2(Float32Array.from(x), rows, cols)).toBeInstanceOf(Float32Array);
  });

  it("validates input, naming sizes", () => {
    expect(() => fft(new Float64Array(3))).toThrow(
      /fft: x must hold interleaved \(re, im\) pairs, so its length must be even, received 3/,
    );
    expect(() => fft(new Float64Array(12), 4)).toThrow(
      /fft: x.length must be a positive multiple of 8 .*received length 12/,
    );
    expect(() => fft([1, 0] as unknown as Float64Array)).toThrow(
      /x must be a Float64Array or Float32Array, received Array\(2\)/,
    );
    expect(() => fft(new Float64Array(4), 0)).toThrow(/fft: n must be an integer >= 1, received 0/);
    expect(() => fft(new Float64Array(0))).toThrow(/x.length \/ 2 must be an integer >= 1, received 0/);
    expect(() => fft(new Float64Array([1, Number.NaN]))).toThrow(
      /fft: x must be finite, received NaN at x\[1\]/,
    );
    expect(() => fft2(new Float64Array(10), 2, 3)).toThrow(
      /fft2: x.length must be a positive multiple of 12/,
    );
    expect(() => ifft2(new Float64Array([0, 0, Number.POSITIVE_INFINITY, 0]), 1, 2)).toThrow(
      /Infinity at x\[2\]/,
    );
  });
});
