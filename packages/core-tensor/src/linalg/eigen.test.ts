import { describe, expect, it } from "vitest";
import { matmul } from "./blas.js";
import { eig, eigh, svd } from "./eigen.js";
import { loadFixture, maxAbsDiff, relErr } from "./test-helpers.js";

const fx = loadFixture("linalg");

function sortPairs(re: ArrayLike<number>, im: ArrayLike<number>): number[][] {
  return Array.from(re, (r, i) => [r, im[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe("eigh", () => {
  it("matches numpy.linalg.eigvalsh and gives an orthonormal eigenbasis", () => {
    const { n, sym, symValues } = fx.eig;
    const S = Float64Array.from(sym);
    const { values, vectors } = eigh(S, n);
    // symmetric eigenvalues are perfectly conditioned: error ≤ n·ε·‖S‖ ≈ 1e-14.
    expect(maxAbsDiff(values, symValues)).toBeLessThan(1e-13);
    const vt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vt[j * n + i] = vectors[i * n + j];
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    expect(maxAbsDiff(matmul(vt, vectors, n, n, n), eye)).toBeLessThan(1e-13);
    // S·V = V·diag(λ)
    const sv = matmul(S, vectors, n, n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sv[i * n + j] -= vectors[i * n + j] * values[j];
    expect(Math.max(...Array.from(sv, Math.abs))).toBeLessThan(1e-12);
  });

  it("2x2 example and validation", () => {
    expect(
      Array.from(eigh(new Float64Array([2, 1, 1, 2]), 2).values).map((v) => Math.round(v * 1e12) / 1e12),
    ).toEqual([1, 3]);
    expect(() => eigh(new Float64Array(3), 2)).toThrow(/eigh: a must have length 4/);
    expect(() => eigh(new Float64Array([1, Number.NaN, 0, 1]), 2)).toThrow(/a must be finite/);
  });
});

describe("eig", () => {
  it("matches numpy.linalg.eigvals for a random non-symmetric matrix; A·v = λ·v", () => {
    const { n, a, real, imag } = fx.eig;
    const A = Float64Array.from(a);
    const r = eig(A, n);
    const ours = sortPairs(r.real, r.imag);
    const ref = sortPairs(real, imag);
    // well-separated eigenvalues of a Gaussian 6×6: accurate to ~1e-14.
    expect(maxAbsDiff(ours.flat(), ref.flat())).toBeLessThan(1e-12);
    for (let j = 0; j < n; j++) {
      let res = 0;
      for (let i = 0; i < n; i++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < n; k++) {
          re += A[i * n + k] * r.vectors[2 * (k * n + j)];
          im += A[i * n + k] * r.vectors[2 * (k * n + j) + 1];
        }
        const vr = r.vectors[2 * (i * n + j)];
        const vi = r.vectors[2 * (i * n + j) + 1];
        re -= r.real[j] * vr - r.imag[j] * vi;
        im -= r.real[j] * vi + r.imag[j] * vr;
        res += re * re + im * im;
      }
      expect(Math.sqrt(res)).toBeLessThan(1e-12);
    }
  });

  it("rotation matrix has eigenvalues ±i", () => {
    const r = eig(new Float64Array([0, -1, 1, 0]), 2);
    expect(Array.from(r.real)).toEqual([0, 0]);
    expect(Array.from(r.imag)).toEqual([1, -1]);
  });

  it("defective matrix (3×3 Jordan block, similarity-transformed): eigenvalue 2 to the expected ε^(1/3) accuracy", () => {
    const { defective, defectiveReal } = fx.eig;
    const r = eig(Float64Array.from(defective), 3);
    // A Jordan block of size 3 perturbs eigenvalues by ~(κ(V)·ε)^(1/3) ≈ 1e-5; NumPy shows the same spread.
    for (let i = 0; i < 3; i++) {
      expect(Math.hypot(r.real[i] - 2, r.imag[i])).toBeLessThan(1e-3);
      expect(Math.abs(defectiveReal[i] - 2)).toBeLessThan(1e-3);
    }
    // the mean of the cluster is well-conditioned (trace/3 = 2)
    expect((r.real[0] + r.real[1] + r.real[2]) / 3).toBeCloseTo(2, 12);
  });
});

describe("svd", () => {
  it("singular values match NumPy and U·diag(s)·Vᵀ reconstructs A", () => {
    for (const c of [fx.svd.random, fx.svd.rankDeficient]) {
      const { m, n, a, s } = c;
      const A = Float64Array.from(a);
      const r = svd(A, m, n);
      // singular values are perfectly conditioned: absolute error ≤ few·ε·s₀.
      expect(maxAbsDiff(r.s, s)).toBeLessThan(1e-13 * s[0]);
      const k = Math.min(m, n);
      const us = new Float64Array(m * k);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * k + j] = r.u[i * k + j] * r.s[j];
      expect(relErr(matmul(us, r.vt, m, k, n), A)).toBeLessThan(1e-14);
    }
    expect(svd(Float64Array.from(fx.svd.rankDeficient.a), 6, 5).rank).toBe(fx.svd.rankDeficient.rank);
    expect(svd(Float64Array.from(fx.svd.random.a), 7, 4).rank).toBe(4);
  });

  it("wide matrices work (m < n) and input is validated", () => {
    const r = svd(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3);
    expect(r.s.length).toBe(2);
    const us = new Float64Array([r.u[0] * r.s[0], r.u[1] * r.s[1], r.u[2] * r.s[0], r.u[3] * r.s[1]]);
    expect(relErr(matmul(us, r.vt, 2, 2, 3), [1, 2, 3, 4, 5, 6])).toBeLessThan(1e-14);
    expect(() => svd(new Float64Array(5), 2, 3)).toThrow(/svd: a must have length 6/);
    expect(() => svd(new Float64Array(0), 0, 3)).toThrow(/svd: m must be an integer >= 1, received 0/);
  });
});

describe("extreme scales (entries near 1e±160 and 1e±300)", () => {
  // Scaling by a power of two is exact, so NumPy's values for A give those of 2^k·A exactly: λ(2^k·A) = 2^k·λ(A).
  // Before rescaling, eigh at 2^-540 ≈ 1e-163 was wrong in the first digit (underflowing squares), and at
  // 2^1000 ≈ 1e301 it crashed on NaN.
  const exponents = [-1000, -540, 540, 1000];

  it.each(exponents)("eigh(2^%i·S) = 2^k·eigvalsh(S)", (k) => {
    const { n, sym, symValues } = fx.eig;
    const f = 2 ** k;
    const { values, vectors } = eigh(
      Float64Array.from(sym, (v: number) => v * f),
      n,
    );
    // same bound as the unscaled test (n·ε·‖S‖), relative to the scale
    expect(
      maxAbsDiff(
        Float64Array.from(values, (v) => v / f),
        symValues,
      ),
    ).toBeLessThan(1e-13);
    const unscaled = eigh(Float64Array.from(sym), n).vectors;
    // IEEE arithmetic commutes with scaling by powers of two while nothing under/overflows (which the
    // rescaling ensures), so the eigenvectors are bitwise those of S
    expect(maxAbsDiff(vectors, unscaled)).toBe(0);
  });

  it.each(exponents)("eig(2^%i·A) = 2^k·eigvals(A)", (k) => {
    const { n, a, real, imag } = fx.eig;
    const f = 2 ** k;
    const r = eig(
      Float64Array.from(a, (v: number) => v * f),
      n,
    );
    const ours = sortPairs(
      Float64Array.from(r.real, (v) => v / f),
      Float64Array.from(r.imag, (v) => v / f),
    );
    expect(maxAbsDiff(ours.flat(), sortPairs(real, imag).flat())).toBeLessThan(1e-12);
  });

  it.each(exponents)("svd(2^%i·A) = 2^k·svd(A)", (k) => {
    const { m, n, a, s } = fx.svd.random;
    const f = 2 ** k;
    const r = svd(
      Float64Array.from(a, (v: number) => v * f),
      m,
      n,
    );
    expect(
      maxAbsDiff(
        Float64Array.from(r.s, (v) => v / f),
        s,
      ),
    ).toBeLessThan(1e-13 * s[0]);
    expect(r.rank).toBe(4);
  });

  it("does not flush the small entries of a huge matrix: eig(diag(1e-200, 1, 1e200))", () => {
    // rescaling goes only to the edge of the safe range (as LAPACK does), so 1e-200 survives it
    const r = eig(new Float64Array([1e-200, 0, 0, 0, 1, 0, 0, 0, 1e200]), 3);
    expect(Array.from(r.real).sort((p, q) => p - q)).toEqual([1e-200, 1, 1e200]);
  });
});
