import { describe, expect, it } from "vitest";
import { matvec } from "./blas.js";
import {
  cooFromTriplets,
  cooMatvec,
  cooToCsr,
  csrFromDense,
  csrFromTriplets,
  csrMatvec,
  csrToDense,
  csrTranspose,
} from "./sparse.js";
import { randomArray } from "./test-helpers.js";

describe("sparse CSR / COO", () => {
  it("builds from unsorted triplets, summing duplicates and sorting columns", () => {
    const A = csrFromTriplets(3, 3, [2, 0, 0, 2, 1, 0], [0, 2, 0, 0, 1, 2], [1, 5, 4, 2, 3, 1]);
    expect(Array.from(A.rowPtr)).toEqual([0, 2, 3, 4]);
    expect(Array.from(A.colIndices)).toEqual([0, 2, 1, 0]);
    expect(Array.from(A.values)).toEqual([4, 6, 3, 3]);
    expect(Array.from(csrToDense(A))).toEqual([4, 0, 6, 0, 3, 0, 3, 0, 0]);
    const C = cooFromTriplets(3, 3, [2, 0, 0, 2, 1, 0], [0, 2, 0, 0, 1, 2], [1, 5, 4, 2, 3, 1]);
    expect(Array.from(C.rowIndices)).toEqual([0, 0, 1, 2]);
    expect(Array.from(cooToCsr(C).values)).toEqual([4, 6, 3, 3]);
  });

  it("matvec agrees with the dense product (CSR, COO, transpose)", () => {
    const m = 7;
    const n = 5;
    const d = randomArray(m * n, 3).map((v) => (Math.abs(v) < 0.5 ? 0 : v));
    const A = csrFromDense(d, m, n);
    const x = randomArray(n, 4);
    const ref = matvec(d, x, m, n);
    // identical summation order per row → bitwise equal
    expect(Array.from(csrMatvec(A, x))).toEqual(Array.from(ref));
    const coo = cooFromTriplets(m, n, ...triplets(d, m, n));
    const y = cooMatvec(coo, x);
    for (let i = 0; i < m; i++) expect(y[i]).toBeCloseTo(ref[i], 14);
    const out = new Float64Array(m);
    expect(csrMatvec(A, x, out)).toBe(out);
    const At = csrTranspose(A);
    expect(At.rows).toBe(n);
    const dt = csrToDense(At);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(dt[j * m + i]).toBe(d[i * n + j]);
  });

  it("validates triplets and vector sizes", () => {
    expect(() => csrFromTriplets(2, 2, [0, 2], [0, 0], [1, 1])).toThrow(
      /rowIndices\[1\] must be an integer in \[0, 2\), received 2/,
    );
    expect(() => csrFromTriplets(2, 2, [0], [-1], [1])).toThrow(
      /colIndices\[0\] must be an integer in \[0, 2\), received -1/,
    );
    expect(() => csrFromTriplets(2, 2, [0, 1], [0], [1])).toThrow(/must have equal length, received 2, 1, 1/);
    expect(() => csrFromTriplets(2, 2, [0], [0], [Number.NaN])).toThrow(
      /values must be finite, received NaN at values\[0\]/,
    );
    expect(() => csrMatvec(csrFromTriplets(2, 3, [], [], []), new Float64Array(2))).toThrow(
      /csrMatvec: x must have length 3/,
    );
  });
});

function triplets(d: Float64Array, m: number, n: number): [number[], number[], number[]] {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (d[i * n + j] !== 0) {
        r.push(i);
        c.push(j);
        v.push(d[i * n + j]);
      }
    }
  }
  return [r, c, v];
}
