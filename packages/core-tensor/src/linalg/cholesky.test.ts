import { describe, expect, it } from "vitest";
import { cholesky, choleskySolve } from "./cholesky.js";
import { loadFixture, relErr } from "./test-helpers.js";

const fx = loadFixture("linalg");

describe("cholesky", () => {
  it("matches NumPy's factor and solution on an SPD system", () => {
    const { n, a, b, l, x } = fx.spd;
    const f = cholesky(Float64Array.from(a), n);
    expect(f.status).toBe("ok");
    // κ(A) ≈ 10: factor and solution are accurate to a few ε.
    expect(relErr(f.l, l)).toBeLessThan(1e-14);
    expect(relErr(choleskySolve(f, Float64Array.from(b)), x)).toBeLessThan(1e-13);
  });

  it("worked 2x2 example", () => {
    const f = cholesky(new Float64Array([4, 2, 2, 3]), 2);
    expect(Array.from(f.l)).toEqual([2, 0, 1, Math.SQRT2]);
    const x = choleskySolve(f, new Float64Array([6, 5]));
    expect(x[0]).toBeCloseTo(1, 15);
    expect(x[1]).toBeCloseTo(1, 15);
  });

  it("reports a non-SPD matrix with the failing pivot, and throws on request", () => {
    const f = cholesky(new Float64Array([1, 2, 2, 1]), 2);
    expect(f.status).toBe("not-positive-definite");
    expect(f.failedIndex).toBe(1);
    expect(f.message).toMatch(/pivot 1 \(0-based\) is -3 <= 0/);
    expect(() => choleskySolve(f, new Float64Array(2))).toThrow(/cannot solve with a failed factorisation/);
    expect(() => cholesky(new Float64Array([-1]), 1, { throw: true })).toThrow(/not positive definite/);
  });

  it("validates input", () => {
    expect(() => cholesky(new Float64Array(3), 2)).toThrow(/cholesky: a must have length 4/);
    expect(() => cholesky(new Float64Array([Number.NaN]), 1)).toThrow(
      /a must be finite, received NaN at a\[0, 0\]/,
    );
    expect(() => choleskySolve(cholesky(new Float64Array([1]), 1), new Float64Array(2))).toThrow(
      /b must have length 1/,
    );
  });
});
