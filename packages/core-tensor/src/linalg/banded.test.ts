import { describe, expect, it } from "vitest";
import { bandedLu, bandedLuSolve, bandFromDense, solveBanded } from "./banded.js";
import { matvec } from "./blas.js";
import { loadFixture, randomArray, relErr } from "./test-helpers.js";
import { solveTridiagonal } from "./tridiagonal.js";

const fx = loadFixture("linalg");

describe("solveTridiagonal (Thomas)", () => {
  it("solves the 1-D Poisson matrix exactly for a known solution", () => {
    const n = 50;
    const xs = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const lower = new Float64Array(n - 1).fill(-1);
    const upper = new Float64Array(n - 1).fill(-1);
    const diag = new Float64Array(n).fill(2);
    const rhs = new Float64Array(n);
    for (let i = 0; i < n; i++) rhs[i] = 2 * xs[i] - (i > 0 ? xs[i - 1] : 0) - (i < n - 1 ? xs[i + 1] : 0);
    // κ ≈ 4n²/π² ≈ 1000: error ≤ κ·ε·few.
    expect(relErr(solveTridiagonal(lower, diag, upper, rhs), xs)).toBeLessThan(1e-12);
    expect(
      Array.from(
        solveTridiagonal(
          new Float64Array(0),
          new Float64Array([4]),
          new Float64Array(0),
          new Float64Array([2]),
        ),
      ),
    ).toEqual([0.5]);
  });

  it("throws on a zero pivot with a hint, and validates lengths", () => {
    expect(() =>
      solveTridiagonal(
        new Float64Array([1]),
        new Float64Array([0, 1]),
        new Float64Array([1]),
        new Float64Array(2),
      ),
    ).toThrow(/zero pivot at row 0 .*solveBanded/);
    expect(() =>
      solveTridiagonal(new Float64Array(2), new Float64Array(2), new Float64Array(1), new Float64Array(2)),
    ).toThrow(/solveTridiagonal: lower must have length 1, received length 2/);
    expect(() =>
      solveTridiagonal(
        new Float64Array(1),
        new Float64Array([1, Number.NaN]),
        new Float64Array(1),
        new Float64Array(2),
      ),
    ).toThrow(/diag must be finite, received NaN at diag\[1\]/);
  });
});

describe("banded LU", () => {
  it("matches NumPy on a non-symmetric kl=2, ku=1 system", () => {
    const { n, kl, ku, a, b, x } = fx.banded;
    const band = bandFromDense(Float64Array.from(a), n, kl, ku);
    expect(relErr(solveBanded(band, n, kl, ku, Float64Array.from(b)), x)).toBeLessThan(1e-13);
  });

  it("pivots where Thomas fails, and agrees with the dense product", () => {
    // [0 1; 1 0]-like tridiagonal: zero leading pivot needs a row swap
    const band = new Float64Array([0, 0, 1, 1, 0, 2, 3, 1, 0]); // rows: [0 1 0], [1 0 2], [0 3 1]
    const dense = new Float64Array([0, 1, 0, 1, 0, 2, 0, 3, 1]);
    const xs = new Float64Array([1, 2, 3]);
    const b = matvec(dense, xs, 3, 3);
    expect(relErr(solveBanded(band, 3, 1, 1, b), xs)).toBeLessThan(1e-15);
    // random wide band, n = 40
    const n = 40;
    const kl = 3;
    const ku = 2;
    const d = new Float64Array(n * n);
    const r = randomArray(n * n, 7);
    for (let i = 0; i < n; i++)
      for (let j = Math.max(0, i - kl); j <= Math.min(n - 1, i + ku); j++) d[i * n + j] = r[i * n + j];
    const x2 = randomArray(n, 8);
    const f = bandedLu(bandFromDense(d, n, kl, ku), n, kl, ku);
    expect(f.status).toBe("ok");
    // random band matrix: κ is moderate (≲1e4), so 1e-10 is a safe bound.
    expect(relErr(bandedLuSolve(f, matvec(d, x2, n, n)), x2)).toBeLessThan(1e-10);
  });

  it("reports singularity with the pivot index", () => {
    const f = bandedLu(new Float64Array([0, 1, 1, 1, 1, 0]), 2, 1, 1); // [[1,1],[1,1]]
    expect(f.status).toBe("singular");
    expect(f.singularPivot).toBe(1);
    expect(() => bandedLuSolve(f, new Float64Array(2))).toThrow(/singular/);
    expect(() => solveBanded(new Float64Array(5), 2, 1, 1, new Float64Array(2))).toThrow(
      /bandedLu: band must have length 6/,
    );
    expect(() => bandedLu(new Float64Array(6), 2, -1, 1)).toThrow(/kl must be an integer >= 0, received -1/);
    expect(() =>
      solveBanded(new Float64Array([0, 4, 1, 1, 4, 0]), 2, 1, 1, new Float64Array([1, Number.NaN])),
    ).toThrow(/solveBanded: b must be finite, received NaN at b\[1\]/);
    expect(() => solveBanded(new Float64Array([0, 4, 1, 1, 4, 0]), 2, 1, 1, new Float64Array(3))).toThrow(
      /solveBanded: b must have length 2, received length 3/,
    );
  });
});
