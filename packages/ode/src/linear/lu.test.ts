import { describe, expect, it } from "vitest";
import { complexLuFactor, complexLuSolve, luFactor, luSolve } from "../index.js";

function rand(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
}

describe("dense LU", () => {
  it("solves a random 30×30 system to a residual near machine precision", () => {
    const n = 30;
    const r = rand(1);
    const A = Float64Array.from({ length: n * n }, r);
    const x = Float64Array.from({ length: n }, r);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i]! += A[i * n + j]! * x[j]!;
    const sol = luSolve(luFactor(A.slice(), n), b.slice());
    // Backward-stable with partial pivoting: error ~ cond(A)·eps; cond of this random matrix is ~1e2-1e3.
    for (let i = 0; i < n; i++) expect(Math.abs(sol[i]! - x[i]!)).toBeLessThan(1e-11);
  });
  it("needs pivoting and flags singular matrices", () => {
    expect(
      Array.from(luSolve(luFactor(new Float64Array([0, 1, 1, 0]), 2), new Float64Array([2, 3]))),
    ).toEqual([3, 2]);
    expect(luFactor(new Float64Array([1, 2, 2, 4]), 2).singular).toBe(true);
    expect(() => luFactor(new Float64Array(3), 2)).toThrow("luFactor: a has length 3, expected n*n = 4");
  });
  it("complex LU solves (A + iB) z = c", () => {
    const n = 12;
    const r = rand(5);
    const re = Float64Array.from({ length: n * n }, r);
    const im = Float64Array.from({ length: n * n }, r);
    const xr = Float64Array.from({ length: n }, r);
    const xi = Float64Array.from({ length: n }, r);
    const br = new Float64Array(n);
    const bi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        br[i]! += re[i * n + j]! * xr[j]! - im[i * n + j]! * xi[j]!;
        bi[i]! += re[i * n + j]! * xi[j]! + im[i * n + j]! * xr[j]!;
      }
    }
    complexLuSolve(complexLuFactor(re, im, n), br, bi);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(br[i]! - xr[i]!)).toBeLessThan(1e-11);
      expect(Math.abs(bi[i]! - xi[i]!)).toBeLessThan(1e-11);
    }
  });
});
