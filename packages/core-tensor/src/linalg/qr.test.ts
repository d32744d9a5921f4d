import { describe, expect, it } from "vitest";
import { matmul, matvec, norm2, transpose } from "./blas.js";
import { solve } from "./lu.js";
import { lstsq, qr } from "./qr.js";
import { loadFixture, maxAbsDiff, randomArray, relErr } from "./test-helpers.js";

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

  it("underdetermined (m < n): the minimum-norm solution, as numpy.linalg.lstsq", () => {
    // x₀ + x₂ = 1, x₁ + x₂ = 2: x = Aᵀ(AAᵀ)⁻¹b = [0, 1, 1] exactly.
    const two = lstsq(new Float64Array([1, 0, 1, 0, 1, 1]), new Float64Array([1, 2]), 2, 3);
    expect(two.status).toBe("ok");
    expect(relErr(two.x, [0, 1, 1])).toBeLessThan(4 * Number.EPSILON);
    expect(two.residualNorm).toBeLessThan(1e-15);
    // one equation x₀ + x₁ = 2: x = [1, 1]
    expect(relErr(lstsq(new Float64Array([1, 1]), new Float64Array([2]), 1, 2).x, [1, 1])).toBeLessThan(
      1e-15,
    );
    // random 6×15 against the normal-equations formula x = Aᵀ·(A·Aᵀ)⁻¹·b (an independent path):
    // κ₂(A) = 2.2 for this uniform 6×15 matrix, so both agree to ~κ²·ε·n; 1e-13 leaves a wide margin.
    const m = 6;
    const n = 15;
    const A = randomArray(m * n, 42);
    const b = randomArray(m, 43);
    const ours = lstsq(A, b, m, n);
    const At = transpose(A, m, n);
    const ref = matvec(At, solve(matmul(A, At, m, n, m), b, m), n, m);
    expect(relErr(ours.x, ref)).toBeLessThan(1e-13);
    const r = matvec(A, ours.x, m, n);
    for (let i = 0; i < m; i++) r[i] -= b[i];
    expect(norm2(r) / norm2(b)).toBeLessThan(1e-14);
    expect(ours.residualNorm).toBeCloseTo(norm2(r), 15);
    // dependent rows are reported like dependent columns
    const dep = lstsq(new Float64Array([1, 2, 3, 2, 4, 6]), new Float64Array([1, 2]), 2, 3);
    expect(dep.status).toBe("rank-deficient");
    expect(dep.message).toMatch(/rows are \(nearly\) linearly dependent/);
  });

  it("huge entries (2^520 ≈ 3e156): ‖A‖_F no longer overflows into a false rank-deficiency", () => {
    const { m, n, a, b, x } = fx.lstsq;
    const f = 2 ** 520;
    // x(2^k·A, b) = 2^−k·x(A, b) exactly in exact arithmetic; same 1e-13 bound as the unscaled fixture test
    const res = lstsq(
      Float64Array.from(a, (v: number) => v * f),
      Float64Array.from(b),
      m,
      n,
    );
    expect(res.status).toBe("ok");
    expect(
      relErr(
        Float64Array.from(res.x, (v) => v * f),
        x,
      ),
    ).toBeLessThan(1e-13);
  });

  it("rejects a right-hand side holding NaN or Infinity", () => {
    expect(() =>
      lstsq(new Float64Array([1, 0, 0, 1, 1, 1]), new Float64Array([1, Number.NaN, 2]), 3, 2),
    ).toThrow(/lstsq: b must be finite, received NaN at b\[1\]/);
  });

  it("reports rank deficiency and rejects m < n in qr", () => {
    const r = lstsq(new Float64Array([1, 2, 2, 4, 3, 6]), new Float64Array([1, 2, 3]), 3, 2);
    expect(r.status).toBe("rank-deficient");
    expect(r.message).toMatch(
      /columns are \(nearly\) linearly dependent \(numerical rank 1 < 2\); returned the minimum-norm/,
    );
    expect(() =>
      lstsq(new Float64Array([1, 2, 2, 4, 3, 6]), new Float64Array([1, 2, 3]), 3, 2, { throw: true }),
    ).toThrow(/rank-deficient: \|R\[1, 1\]\| = .*use `svd`/);
    expect(() => qr(new Float64Array(6), 2, 3)).toThrow(
      /qr: a must have at least as many rows as columns \(m >= n\), received m=2, n=3/,
    );
    expect(() => lstsq(new Float64Array(6), new Float64Array(2), 3, 2)).toThrow(
      /lstsq: b must have length 3/,
    );
  });

  it("rank-deficient systems get NumPy's minimum-norm solution (tall, wide, square) instead of NaN", () => {
    // Analytic: A = a·vᵀ with a = [1, 2, 3], v = [1, 2] has A⁺ = v·aᵀ/(‖a‖²‖v‖²), so for b = a, x = v/‖v‖² = [0.2, 0.4].
    const rank1 = lstsq(new Float64Array([1, 2, 2, 4, 3, 6]), new Float64Array([1, 2, 3]), 3, 2);
    expect(rank1.rank).toBe(1);
    expect(maxAbsDiff(rank1.x, [0.2, 0.4])).toBeLessThan(1e-15);
    expect(rank1.residualNorm).toBeLessThan(1e-14);
    // The zero matrix has rank 0 and minimum-norm solution 0 (NumPy gives the same).
    const zero = lstsq(new Float64Array(4), new Float64Array([1, 1]), 2, 2);
    expect([zero.rank, ...zero.x, zero.residualNorm]).toEqual([0, 0, 0, Math.SQRT2]);
    const rd = loadFixture("lstsq_rank_deficient");
    for (const name of ["tall", "wide", "square"]) {
      const { m, n, a, b, x, rank, residualNorm } = rd[name];
      const ours = lstsq(Float64Array.from(a), Float64Array.from(b), m, n);
      expect(ours.status).toBe("rank-deficient");
      expect(ours.rank).toBe(rank);
      // Backward-stable SVD on O(1) entries with condition number (of the nonzero part) below ~1e2: ~1e-13 is
      // a few hundred ulps, ample for two different SVD codes (LAPACK gesdd vs LINPACK dsvdc).
      expect(relErr(ours.x, x)).toBeLessThan(1e-12);
      expect(Math.abs(ours.residualNorm - residualNorm)).toBeLessThan(1e-12);
    }
    // Full-rank results report their rank too.
    expect(lstsq(new Float64Array([1, 0, 1, 1, 1, 2]), new Float64Array([1, 3, 5]), 3, 2).rank).toBe(2);
  });
});
