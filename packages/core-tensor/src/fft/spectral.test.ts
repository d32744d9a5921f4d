import { describe, expect, it } from "vitest";
import { maxAbsDiff } from "../linalg/test-helpers.js";
import { irfft, rfft, rfft2 } from "./real.js";
import { dealias, fftFreq, rfftFreq, spectralDerivative } from "./spectral.js";

describe("frequencies", () => {
  it("match numpy.fft.fftfreq / rfftfreq", () => {
    expect(Array.from(fftFreq(4))).toEqual([0, 0.25, -0.5, -0.25]);
    expect(Array.from(fftFreq(5, 0.1)).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, 2, 4, -4, -2]);
    expect(Array.from(rfftFreq(4))).toEqual([0, 0.25, 0.5]);
    expect(() => fftFreq(0)).toThrow(/fftFreq: n must be an integer >= 1, received 0/);
    // d = 0 or NaN used to return NaN/±Infinity frequencies silently
    expect(() => fftFreq(4, 0)).toThrow(
      /fftFreq: d \(sample spacing\) must be a finite non-zero number, received 0/,
    );
    expect(() => rfftFreq(4, Number.NaN)).toThrow(/rfftFreq: d \(sample spacing\) .* received NaN/);
    expect(Array.from(rfftFreq(4, -0.5))).toEqual([-0, -0.5, -1]); // NumPy allows a negative spacing (and gives -0)
  });
});

describe("spectralDerivative", () => {
  it("differentiates a trigonometric polynomial to machine precision (any order, any period)", () => {
    for (const n of [16, 15]) {
      const L = 3;
      const x = Float64Array.from({ length: n }, (_, j) => (j * L) / n);
      const w = (2 * Math.PI) / L;
      const u = x.map((t) => Math.sin(w * t) + 0.5 * Math.cos(3 * w * t));
      const du = x.map((t) => w * Math.cos(w * t) - 1.5 * w * Math.sin(3 * w * t));
      const d2u = x.map((t) => -(w ** 2) * Math.sin(w * t) - 4.5 * w ** 2 * Math.cos(3 * w * t));
      // exact for modes below n/2: error is rounding, ~ε·max|k|^p·n.
      expect(maxAbsDiff(spectralDerivative(u, { length: L }), du)).toBeLessThan(1e-12);
      expect(maxAbsDiff(spectralDerivative(u, { length: L, order: 2 }), d2u)).toBeLessThan(1e-10);
      expect(maxAbsDiff(spectralDerivative(u, { length: L, order: 0 }), u)).toBeLessThan(1e-14);
    }
  });

  it("converges spectrally for a smooth non-polynomial periodic function", () => {
    const n = 32;
    const x = Float64Array.from({ length: n }, (_, j) => (2 * Math.PI * j) / n);
    const u = x.map((t) => Math.exp(Math.sin(t)));
    const du = x.map((t) => Math.cos(t) * Math.exp(Math.sin(t)));
    // Trefethen, Spectral Methods in MATLAB, Output 4: error ~1e-14 at N = 32.
    expect(maxAbsDiff(spectralDerivative(u), du)).toBeLessThan(1e-12);
  });

  it("is batched and keeps Float32; validates options", () => {
    const n = 8;
    const row = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n));
    const two = new Float64Array(2 * n);
    two.set(row);
    two.set(
      row.map((v) => 2 * v),
      n,
    );
    const d = spectralDerivative(two, { n });
    expect(
      maxAbsDiff(
        d.subarray(n),
        d.subarray(0, n).map((v) => 2 * v),
      ),
    ).toBeLessThan(1e-14);
    expect(spectralDerivative(Float32Array.from(row))).toBeInstanceOf(Float32Array);
    expect(() => spectralDerivative(row, { order: 1.5 })).toThrow(
      /order must be an integer >= 0, received 1.5/,
    );
    expect(() => spectralDerivative(row, { length: -1 })).toThrow(
      /length must be a finite number > 0, received -1/,
    );
    expect(() => spectralDerivative(row, { n: 3 })).toThrow(/u.length must be a positive multiple of 3/);
  });
});

describe("dealias (2/3 rule)", () => {
  it("1-D half spectrum keeps |k| < N/3", () => {
    const spec = rfft(new Float64Array(12).fill(1).map((_, j) => j));
    const d = dealias(spec, [12], { half: true });
    for (let k = 0; k < 7; k++) {
      const kept = k < 4;
      expect(d[2 * k]).toBe(kept ? spec[2 * k] : 0);
      expect(d[2 * k + 1]).toBe(kept ? spec[2 * k + 1] : 0);
    }
    expect(spec[8]).not.toBe(0); // not in place by default
    dealias(spec, [12], { half: true, inPlace: true });
    expect(spec[8]).toBe(0);
  });

  it("removes the aliased part of a quadratic product", () => {
    // u = cos(5x) on N = 16: u² = ½ + ½cos(10x); mode 10 aliases to 6 on the grid. After the 2/3 rule
    // (keep |k| ≤ 5), truncating u first is a no-op and the product's aliased mode 6 is removed.
    const n = 16;
    const u = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 5 * j) / n));
    const u2 = u.map((v) => v * v);
    const spec = dealias(rfft(u2), [n], { half: true });
    const back = irfft(spec, n);
    expect(maxAbsDiff(back, new Float64Array(n).fill(0.5))).toBeLessThan(1e-14);
  });

  it("2-D full and half layouts zero rows and columns with 3|k| ≥ N", () => {
    const ny = 6;
    const nx = 6;
    const spec = rfft2(
      new Float64Array(ny * nx).map((_, i) => Math.sin(i * 1.7)),
      ny,
      nx,
    );
    const d = dealias(spec, [ny, nx], { half: true });
    const h = nx / 2 + 1;
    for (let r = 0; r < ny; r++) {
      const ky = Math.abs(r <= ny / 2 ? r : r - ny);
      for (let c = 0; c < h; c++) {
        const zero = 3 * ky >= ny || 3 * c >= nx;
        if (zero) expect(d[2 * (r * h + c)]).toBe(0);
        else expect(d[2 * (r * h + c)]).toBe(spec[2 * (r * h + c)]);
      }
    }
    const full = new Float64Array(2 * 6).fill(1);
    expect(Array.from(dealias(full, [6]))).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(() => dealias(full, [5])).toThrow(/dealias: spectrum.length must be a positive multiple of 10/);
    expect(() => dealias(full, [])).toThrow(/shape must be \[N\] or \[Ny, Nx\]/);
  });
});
