import { describe, expect, it } from "vitest";
import { matvec, norm2 } from "./blas.js";
import { det, inv, logDet, lu, luCond, luSolve, solve } from "./lu.js";
import { hilbert, loadFixture, relErr } from "./test-helpers.js";

const fx = loadFixture("linalg");
const eps = Number.EPSILON;

function residual(a: Float64Array, x: Float64Array, b: Float64Array, n: number): number {
  const r = matvec(a, x, n, n);
  for (let i = 0; i < n; i++) r[i] -= b[i];
  return norm2(r);
}

describe("lu / luSolve / solve", () => {
  it("solves the well-conditioned NumPy system to backward-error level", () => {
    const { n, a, b, x } = fx.dense;
    const A = Float64Array.from(a);
    const B = Float64Array.from(b);
    const ours = solve(A, B, n);
    // cond1 ≈ 20: forward error ≤ cond·n·ε ≈ 5e-14; 1e-13 leaves room for different pivot order.
    expect(relErr(ours, x)).toBeLessThan(1e-13);
    // normwise backward error ‖r‖/(‖A‖‖x‖) at the ε·n level (partial pivoting is backward stable in practice).
    expect(residual(A, ours, B, n) / (norm2(A) * norm2(ours))).toBeLessThan(10 * n * eps);
  });

  it("reuses one factorisation for several right-hand sides and for Aᵀ", () => {
    const { n, a, b } = fx.dense;
    const A = Float64Array.from(a);
    const f = lu(A, n);
    const B = Float64Array.from(b);
    const x1 = luSolve(f, B);
    const x2 = luSolve(
      f,
      B.map((v) => 2 * v),
    );
    expect(
      relErr(
        x2,
        x1.map((v) => 2 * v),
      ),
    ).toBeLessThan(1e-15);
    // transpose solve: check Aᵀ x = b
    const xt = luSolve(f, B, { transpose: true });
    const At = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) At[j * n + i] = A[i * n + j];
    expect(residual(At, xt, B, n) / norm2(B)).toBeLessThan(1e-13);
    // n×2 block right-hand side equals two single solves
    const block = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      block[2 * i] = B[i];
      block[2 * i + 1] = -B[i];
    }
    const X = luSolve(f, block);
    for (let i = 0; i < n; i++) {
      expect(X[2 * i]).toBeCloseTo(x1[i], 13);
      expect(X[2 * i + 1]).toBeCloseTo(-x1[i], 13);
    }
    // in-place solve into b
    const bb = Float64Array.from(B);
    luSolve(f, bb, { out: bb });
    expect(relErr(bb, x1)).toBe(0);
    // the input matrix is not modified
    expect(Array.from(A)).toEqual(a);
  });

  it("det and inv match NumPy; logDet matches log|det|", () => {
    const { n, a, det: d, inv: ainv } = fx.dense;
    const A = Float64Array.from(a);
    expect(Math.abs(det(A, n) - d) / Math.abs(d)).toBeLessThan(1e-13);
    expect(relErr(inv(A, n), ainv)).toBeLessThan(1e-13);
    const ld = logDet(A, n);
    expect(ld.sign).toBe(Math.sign(d));
    expect(ld.logAbs).toBeCloseTo(Math.log(Math.abs(d)), 12);
    expect(det(new Float64Array([1, 2, 3, 4]), 2)).toBeCloseTo(-2, 14);
    expect(Array.from(inv(new Float64Array([2, 0, 0, 4]), 2))).toEqual([0.5, 0, 0, 0.25]);
  });

  it("ill-conditioned system: error bounded by cond·ε and the condition estimate is close to NumPy's exact κ₁", () => {
    const { n, a, b, x, cond1 } = fx.illConditioned;
    const A = Float64Array.from(a);
    const f = lu(A, n);
    const ours = luSolve(f, Float64Array.from(b));
    // both solutions carry forward error ~ κ·ε ≈ 1e-6; they agree within twice that bound.
    expect(relErr(ours, x)).toBeLessThan(2 * cond1 * eps * n);
    const est = luCond(f);
    // Hager–Higham estimate is a lower bound, in practice within a factor 3.
    expect(est).toBeLessThanOrEqual(cond1 * (1 + 1e-6));
    expect(est).toBeGreaterThan(cond1 / 3);
  });

  it("Hilbert condition numbers: estimate equals the exact κ₁ from NumPy to a few digits", () => {
    for (const { n, cond1 } of fx.hilbert) {
      const est = luCond(lu(hilbert(n), n));
      // κ₁(H₈) ≈ 3.4e10, computed through a matrix with that condition number: ~1e-6 relative accuracy.
      expect(Math.abs(est - cond1) / cond1).toBeLessThan(1e-4);
    }
    expect(luCond(lu(new Float64Array([1, 0, 0, 1e-8]), 2))).toBeCloseTo(1e8, 0);
    expect(luCond(lu(new Float64Array([5]), 1))).toBe(1);
  });

  it("known inverse: the Hilbert matrix H₄ has the integer inverse", () => {
    const exact = [
      16, -120, 240, -140, -120, 1200, -2700, 1680, 240, -2700, 6480, -4200, -140, 1680, -4200, 2800,
    ];
    // κ(H₄) ≈ 2.8e4, so entries are accurate to ~1e4·ε relative.
    expect(relErr(inv(hilbert(4), 4), exact)).toBeLessThan(1e-11);
  });

  it("reports singular matrices with the pivot index, never returning Infinity", () => {
    const S = new Float64Array([1, 2, 3, 2, 4, 6, 1, 1, 1]); // row 1 = 2·row 0
    const f = lu(S, 3);
    expect(f.status).toBe("singular");
    expect(f.singularPivot).toBe(2);
    expect(f.message).toMatch(/pivot 2 \(0-based\) is exactly zero/);
    expect(() => luSolve(f, new Float64Array(3))).toThrow(
      /luSolve: cannot solve with a singular factorisation/,
    );
    expect(() => solve(S, new Float64Array(3), 3)).toThrow(/solve: lu: matrix is singular: pivot 2/);
    expect(() => inv(S, 3)).toThrow(/inv: lu: matrix is singular/);
    expect(() => lu(S, 3, { throw: true })).toThrow(/singular/);
    expect(det(S, 3)).toBe(0);
    expect(logDet(S, 3)).toEqual({ sign: 0, logAbs: Number.NEGATIVE_INFINITY });
    expect(luCond(f)).toBe(Number.POSITIVE_INFINITY);
    const z = lu(new Float64Array(4), 2);
    expect(z.singularPivot).toBe(0);
  });

  it("throws on matrices singular to working precision, but not on merely badly scaled ones", () => {
    // rank 2: partial pivoting meets no exactly-zero pivot (U[2,2] ≈ 1e-16, status "ok"), so without the
    // conditioning test `solve` would return ~1e15-sized noise. NumPy/SciPy: rcond ≈ 1.5e-18 (SciPy warns).
    const S = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lu(S, 3).status).toBe("ok");
    expect(() => solve(S, new Float64Array([1, 1, 1]), 3)).toThrow(
      /solve: a is singular to working precision: estimated reciprocal condition number rcond = .* < ε/,
    );
    expect(() => inv(S, 3)).toThrow(/inv: a is singular to working precision/);
    // lu + luSolve stay available for the backward-stable answer (residual at the ε level).
    const xs = luSolve(lu(S, 3), new Float64Array([6, 15, 24]));
    expect(residual(S, xs, new Float64Array([6, 15, 24]), 3) / 24).toBeLessThan(1e-14);
    // rank 1, n = 20 (the WebAssembly kernel's path): κ is infinite in exact arithmetic.
    const n = 20;
    const R = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) R[i * n + j] = Math.sin(i + 1) * Math.cos(j + 2);
    expect(() => solve(R, new Float64Array(n).fill(1), n)).toThrow(/singular to working precision/);
    // Hilbert n = 13: κ₁ > 1/ε (NumPy's cond(hilbert(13), 1) = 7.8e17, itself inaccurate at this size).
    expect(() => inv(hilbert(13), 13)).toThrow(/inv: a is singular to working precision/);
    // κ₁ = 1e400 by norms, yet diagonal: equilibration removes the scaling and the solve is exact.
    const D = new Float64Array([1e-200, 0, 0, 0, 1, 0, 0, 0, 1e200]);
    expect(Array.from(solve(D, new Float64Array([1, 2, 3]), 3))).toEqual([1e200, 2, 3e-200]);
    // Row-scaled well-conditioned matrix (κ₁ = 1.2e150 unscaled, NumPy): solved to full accuracy, x = [1, 1].
    const W = new Float64Array([2, 1, 1e-150, 3e-150]);
    expect(relErr(solve(W, new Float64Array([3, 4e-150]), 2), [1, 1])).toBeLessThan(4 * eps);
    // A fixture system with κ₁ ≈ 2e10 (far from 1/ε) is still solved.
    const { n: m, a, b } = fx.illConditioned;
    expect(() => solve(Float64Array.from(a), Float64Array.from(b), m)).not.toThrow();
  });

  it("rejects a right-hand side holding NaN or Infinity, naming the entry", () => {
    const A = new Float64Array([4, 3, 6, 3]);
    expect(() => solve(A, new Float64Array([1, Number.NaN]), 2)).toThrow(
      /solve: b must be finite, received NaN at b\[1\]/,
    );
    expect(() => solve(A, new Float64Array([1, 2, Number.POSITIVE_INFINITY, 4]), 2)).toThrow(
      /solve: b must be finite, received Infinity at b\[1, 0\]/,
    );
    expect(() => solve(A, new Float64Array(3), 2)).toThrow(/solve: b must have length 2 or a multiple of 2/);
  });

  it("validates input, naming the argument, expectation and received value", () => {
    expect(() => lu(new Float64Array(6), 3)).toThrow(
      /lu: a must have length 9 \(3x3 row-major\), received length 6/,
    );
    expect(() => lu(new Float64Array(4), 0)).toThrow(/lu: n must be an integer >= 1, received 0/);
    expect(() => lu(new Float64Array([1, Number.NaN, 0, 1]), 2)).toThrow(
      /lu: a must be finite, received NaN at a\[0, 1\]/,
    );
    expect(() => lu(new Float64Array([1, 0, 0, Number.POSITIVE_INFINITY]), 2)).toThrow(
      /received Infinity at a\[1, 1\]/,
    );
    expect(() => lu([1, 0, 0, 1] as unknown as Float64Array, 2)).toThrow(
      /a must be a Float64Array .*received Array\(4\)/,
    );
    const f = lu(new Float64Array([1, 0, 0, 1]), 2);
    expect(() => luSolve(f, new Float64Array(3))).toThrow(/luSolve: b must have length 2 or a multiple of 2/);
    expect(() => solve(new Float64Array(4), new Float64Array(2), 3)).toThrow(/received length 4/);
  });
});
