import { describe, expect, it } from "vitest";
import { matmul } from "./blas.js";
import { lstsq, qr } from "./qr.js";
import { loadFixture, maxAbsDiff, relErr } from "./test-helpers.js";

const fx = loadFixture("linalg");

describe("qr / lstsq", () => {
  it("Q has orthonormal columns, R is upper triangular and Q·R = A", () => {
    const { m, n, a } = fx.lstsq;
    const A = Float64Array.from(a);
    const { q, r } = qr(A, m, n);
    const qt = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) qt[j * m + i] = q[i * n + j];
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    // Householder QR: ‖QᵀQ − I‖ and ‖QR − A‖/‖A‖ are O(m·ε).
    expect(maxAbsDiff(matmul(qt, q, n, m, n), eye)).toBeLessThan(1e-14);
    expect(relErr(matmul(q, r, m, n, n), A)).toBeLessThan(1e-15 * m);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(r[i * n + j]).toBe(0);
  });

  it("least squares matches numpy.linalg.lstsq", () => {
    const { m, n, a, b, x, residualNorm } = fx.lstsq;
    const res = lstsq(Float64Array.from(a), Float64Array.from(b), m, n);
    expect(res.status).toBe("ok");
    // κ(A) ≈ 3 for this Gaussian 15×5 matrix: agreement to ~1e-14.
    expect(relErr(res.x, x)).toBeLessThan(1e-13);
    expect(Math.abs(res.residualNorm - residualNorm) / residualNorm).toBeLessThan(1e-13);
  });

  it("exact fit of a line and a square system", () => {
    const fit = lstsq(new Float64Array([1, 0, 1, 1, 1, 2]), new Float64Array([1, 3, 5]), 3, 2);
    expect(fit.x[0]).toBeCloseTo(1, 14);
    expect(fit.x[1]).toBeCloseTo(2, 14);
    expect(fit.residualNorm).toBeLessThan(1e-14);
  });

  it("reports rank deficiency and rejects m < n", () => {
    const r = lstsq(new Float64Array([1, 2, 2, 4, 3, 6]), new Float64Array([1, 2, 3]), 3, 2);
    expect(r.status).toBe("rank-deficient");
    expect(r.message).toMatch(/rank-deficient: \|R\[1, 1\]\|/);
    expect(() =>
      lstsq(new Float64Array([1, 2, 2, 4, 3, 6]), new Float64Array([1, 2, 3]), 3, 2, { throw: true }),
    ).toThrow(/use `svd`/);
    expect(() => qr(new Float64Array(6), 2, 3)).toThrow(
      /qr: a must have at least as many rows as columns \(m >= n\), received m=2, n=3/,
    );
    expect(() => lstsq(new Float64Array(6), new Float64Array(2), 3, 2)).toThrow(
      /lstsq: b must have length 3/,
    );
  });
});
