import { describe, expect, it } from "vitest";
import { csrFromTriplets, csrMatvec } from "./sparse.js";
import { reverseCuthillMcKee, sparseLu, sparseLuSolve, sparseSolve } from "./sparse-lu.js";
import { loadFixture, poisson2d, randomArray, relErr } from "./test-helpers.js";

const fx = loadFixture("linalg");

describe("sparse direct solver (RCM + banded LU)", () => {
  it("matches SciPy's spsolve on the 2-D Poisson matrix", () => {
    const { N, x } = fx.poisson;
    const P = poisson2d(N);
    const f = sparseLu(P);
    expect(f.status).toBe("ok");
    // direct solve: error ~ κ·ε ≈ 440·1e-16.
    expect(relErr(sparseLuSolve(f, new Float64Array(N * N).fill(1)), x)).toBeLessThan(1e-12);
  });

  it("solves a non-symmetric scrambled sparse system", () => {
    const n = 60;
    const r: number[] = [];
    const c: number[] = [];
    const v: number[] = [];
    const rnd = randomArray(4 * n, 11);
    for (let i = 0; i < n; i++) {
      r.push(i, i, i);
      c.push(i, (i * 7 + 3) % n, (i * 13 + 5) % n);
      v.push(4 + rnd[i], rnd[n + i], rnd[2 * n + i]);
    }
    const A = csrFromTriplets(n, n, r, c, v);
    const xs = randomArray(n, 12);
    // diagonally dominant: κ small, so 1e-12 is generous.
    expect(relErr(sparseSolve(A, csrMatvec(A, xs)), xs)).toBeLessThan(1e-12);
  });

  it("RCM returns a permutation that shrinks the bandwidth of a shuffled path graph", () => {
    const n = 30;
    const shuffle = Array.from({ length: n }, (_, i) => (i * 7) % n); // 7 is coprime to 30
    const r: number[] = [];
    const c: number[] = [];
    for (let i = 0; i + 1 < n; i++) {
      r.push(shuffle[i], shuffle[i + 1]);
      c.push(shuffle[i + 1], shuffle[i]);
    }
    const perm = reverseCuthillMcKee(csrFromTriplets(n, n, r, c, new Float64Array(r.length).fill(1)));
    expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    const inv = new Int32Array(n);
    for (let i = 0; i < n; i++) inv[perm[i]] = i;
    let bw = 0;
    for (let k = 0; k < r.length; k++) bw = Math.max(bw, Math.abs(inv[r[k]] - inv[c[k]]));
    expect(bw).toBe(1);
  });

  it("reports singular matrices and rejects non-square ones", () => {
    const S = csrFromTriplets(3, 3, [0, 1, 1], [0, 0, 1], [1, 2, 0]); // zero third row
    const f = sparseLu(S);
    expect(f.status).toBe("singular");
    expect(f.message).toMatch(/zero pivot at position \d+ of the RCM ordering/);
    expect(() => sparseSolve(S, new Float64Array(3))).toThrow(/singular/);
    expect(() => sparseLu(csrFromTriplets(2, 3, [], [], []))).toThrow(
      /sparseLu: a must be square, received 2x3/,
    );
    expect(() => sparseLuSolve(sparseLu(csrFromTriplets(1, 1, [0], [0], [1])), new Float64Array(2))).toThrow(
      /b must have length 1/,
    );
    expect(() =>
      sparseSolve(csrFromTriplets(2, 2, [0, 1], [0, 1], [2, 4]), new Float64Array([Number.NaN, 1])),
    ).toThrow(/sparseSolve: b must be finite, received NaN at b\[0\]/);
    expect(() => sparseLu(csrFromTriplets(0, 0, [], [], []))).toThrow(
      /sparseLu: a must be at least 1x1, received 0x0/,
    );
  });
});
