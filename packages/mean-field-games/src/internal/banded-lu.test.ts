import { describe, expect, it } from "vitest";
import { BandedMatrix } from "./banded-lu.js";

describe("BandedMatrix", () => {
  it("solves a random banded system that needs pivoting (residual < 1e-12)", () => {
    const n = 60;
    const kl = 3;
    const ku = 2;
    const dense: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
    const M = new BandedMatrix(n, kl, ku);
    let seed = 1;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    for (let i = 0; i < n; i++) {
      for (let j = Math.max(0, i - kl); j <= Math.min(n - 1, i + ku); j++) {
        const v = i === j ? 0.01 * rand() : rand(); // tiny diagonal forces row swaps
        dense[i]![j] = v;
        M.add(i, j, v);
      }
    }
    const b = Array.from({ length: n }, () => rand());
    expect(M.factor()).toBe(true);
    const x = M.solve(b);
    for (let i = 0; i < n; i++) {
      let r = -b[i]!;
      for (let j = 0; j < n; j++) r += dense[i]![j]! * x[j]!;
      expect(Math.abs(r)).toBeLessThan(1e-12);
    }
  });
  it("refuses entries outside the band", () => {
    expect(() => new BandedMatrix(5, 1, 1).add(0, 3, 1)).toThrow(/outside the band/);
  });
});
