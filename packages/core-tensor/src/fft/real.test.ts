import { describe, expect, it } from "vitest";
import { loadFixture, randomArray, relErr } from "../linalg/test-helpers.js";
import { fft } from "./complex.js";
import { irfft, irfft2, rfft, rfft2 } from "./real.js";

const fx = loadFixture("fft");

describe("rfft / irfft", () => {
  const cases: { n: number; x: number[]; rfft: number[] }[] = fx.real;
  it.each(cases)("n = $n matches numpy.fft.rfft; irfft inverts it", ({ n, x, rfft: X }) => {
    const ours = rfft(Float64Array.from(x));
    expect(relErr(ours, X)).toBeLessThan(1e-12);
    expect(relErr(irfft(ours, n), x)).toBeLessThan(1e-13);
  });

  it("agrees with the complex transform for every size 1..40", () => {
    for (let n = 1; n <= 40; n++) {
      const x = randomArray(n, 100 + n);
      const z = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) z[2 * j] = x[j];
      const full = fft(z);
      const half = rfft(x);
      expect(half.length).toBe(2 * (Math.floor(n / 2) + 1));
      expect(relErr(half, full.subarray(0, half.length))).toBeLessThan(1e-13);
      expect(relErr(irfft(half, n), x)).toBeLessThan(1e-13);
    }
  });

  it("batched over leading axes like numpy's axis=-1, Float32 in → Float32 out", () => {
    const { shape, x, rfft: X } = fx.batched;
    const n = shape[2];
    const ours = rfft(Float64Array.from(x), n);
    expect(relErr(ours, X)).toBeLessThan(1e-12);
    expect(relErr(irfft(ours, n), x)).toBeLessThan(1e-13);
    const f32 = rfft(Float32Array.from(x), n);
    expect(f32).toBeInstanceOf(Float32Array);
    expect(relErr(f32, X)).toBeLessThan(1e-6); // float32 rounding
  });

  it("cosine signal puts n/2 in bin k (known signal)", () => {
    const n = 64;
    const x = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 5 * j) / n));
    const X = rfft(x);
    for (let k = 0; k <= n / 2; k++) {
      expect(X[2 * k]).toBeCloseTo(k === 5 ? n / 2 : 0, 12);
      expect(X[2 * k + 1]).toBeCloseTo(0, 12);
    }
  });

  it("2-D real transforms match numpy.fft.rfft2 and round-trip", () => {
    const { rows, cols, x, rfft2: X } = fx.rfft2;
    const ours = rfft2(Float64Array.from(x), rows, cols);
    expect(relErr(ours, X)).toBeLessThan(1e-12);
    expect(relErr(irfft2(ours, rows, cols), x)).toBeLessThan(1e-13);
    const f32 = irfft2(Float32Array.from(ours), rows, cols);
    expect(f32).toBeInstanceOf(Float32Array);
    expect(relErr(f32, x)).toBeLessThan(1e-6);
  });

  it("validates input", () => {
    expect(() => rfft(new Float64Array(10), 4)).toThrow(/rfft: x.length must be a positive multiple of 4/);
    expect(() => irfft(new Float64Array(6), 0)).toThrow(/irfft: n must be an integer >= 1, received 0/);
    expect(() => irfft(new Float64Array(6), 8)).toThrow(
      /irfft: x.length must be a positive multiple of 10 \(⌊n\/2⌋\+1 = 5 complex bins/,
    );
    expect(() => irfft(new Float64Array(6), undefined as unknown as number)).toThrow(
      /n must be an integer >= 1, received undefined/,
    );
    expect(() => rfft(new Float32Array([1, Number.NaN, 3, 4]))).toThrow(
      /rfft: x must be finite, received NaN at x\[1\]/,
    );
    expect(() => rfft2(new Float64Array(5), 2, 3)).toThrow(
      /rfft2: x.length must be a positive multiple of 6/,
    );
  });
});

describe("rfft of odd length (Bluestein path)", () => {
  it.each([3, 97, 1009])("n = %i: the DC bin is exactly real, as in NumPy", (n) => {
    const x = randomArray(n, 7 * n);
    const X = rfft(x);
    // bin 0 is Σ x_j, a real number; Bluestein's convolution used to leave ~1e-16·‖x‖·√n in its imaginary part.
    expect(X[1]).toBe(0);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += x[j]!;
    // the real part is the sum up to the transform's rounding (~ε·log n·Σ|x_j|)
    expect(Math.abs(X[0]! - sum)).toBeLessThan(1e-13 * n);
    expect(relErr(irfft(X, n), x)).toBeLessThan(1e-13);
  });
});

describe("overflow of finite input", () => {
  it("returns ±Infinity like NumPy instead of claiming the input is not finite", () => {
    // [1e308, 1e308]: bin 0 = 2e308 overflows to Infinity (NumPy: inf), bin 1 = 0 exactly.
    expect(Array.from(fft(new Float64Array([1e308, 0, 1e308, 0])))).toEqual([
      Number.POSITIVE_INFINITY,
      0,
      0,
      0,
    ]);
    expect(rfft(new Float64Array([1e308, 1e308, 1e308, 1e308]))[0]).toBe(Number.POSITIVE_INFINITY);
    // a genuinely non-finite entry is still named
    expect(() => rfft(new Float64Array([1, 2, Number.NEGATIVE_INFINITY]))).toThrow(
      /rfft: x must be finite, received -Infinity at x\[2\]/,
    );
  });
});

describe("irfft ignores the imaginary parts of the DC and Nyquist bins (as NumPy does)", () => {
  it.each([16, 15])("n = %i", (n) => {
    const h = Math.floor(n / 2) + 1;
    const spec = new Float64Array(2 * h).map((_, i) => Math.sin(1.3 * i + 0.2));
    const clean = spec.slice();
    clean[1] = 0;
    if (n % 2 === 0) clean[2 * (h - 1) + 1] = 0;
    const a = irfft(spec, n);
    const b = irfft(clean, n);
    for (let i = 0; i < n; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-15);
    // and the round trip of a real signal is unaffected
    const x = new Float64Array(n).map((_, i) => Math.cos(0.7 * i) + i / n);
    const back = irfft(rfft(x), n);
    for (let i = 0; i < n; i++) expect(Math.abs(back[i]! - x[i]!)).toBeLessThan(1e-13);
  });
});
