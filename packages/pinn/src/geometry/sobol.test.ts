import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { latinHypercube, unitCube } from "./sampling.js";
import { l2StarDiscrepancy, SOBOL_MAX_DIM, sobolSequence } from "./sobol.js";

// Reference: unscrambled scipy.stats.qmc.Sobol(d, bits=30) points and scipy's L2-star discrepancy
// (test/fixtures/gen_sobol.py).
const fixture = JSON.parse(
  readFileSync(new URL("../../test/fixtures/sobol_scipy.json", import.meta.url), "utf8"),
) as {
  cases: { dim: number; n: number; points: number[][]; discrepancyL2Star: number }[];
};

describe("sobolSequence", () => {
  it.each(fixture.cases.map((c) => [c.dim, c.n, c] as const))(
    "matches scipy for dim %i, n %i",
    (dim, n, c) => {
      const ours = sobolSequence(n, dim);
      // Both are exact dyadic rationals k / 2^30: equality up to float64 rounding of the scaling.
      expect(Math.max(...c.points.flat().map((v, i) => Math.abs(v - ours[i]!)))).toBeLessThan(1e-15);
    },
  );

  it.each(fixture.cases.filter((c) => c.n <= 128).map((c) => [c.dim, c] as const))(
    "L2-star discrepancy equals scipy's (dim %i)",
    (dim, c) => {
      const ours = l2StarDiscrepancy(sobolSequence(c.n, dim), dim);
      // Same formula in float64; sums of O(n²) terms: 1e-9 relative.
      expect(Math.abs(ours - c.discrepancyL2Star) / c.discrepancyL2Star).toBeLessThan(1e-9);
    },
  );

  it("is more uniform than pseudo-random and Latin hypercube points", () => {
    const n = 256;
    const sob = l2StarDiscrepancy(sobolSequence(n, 3), 3);
    const uni = l2StarDiscrepancy(unitCube(n, 3, { method: "uniform", seed: 1 }), 3);
    const lhs = l2StarDiscrepancy(latinHypercube(n, 3, 1), 3);
    expect(sob).toBeLessThan(uni);
    expect(sob).toBeLessThan(lhs);
  });

  it("skip continues the sequence", () => {
    const all = sobolSequence(20, 4);
    expect(Array.from(sobolSequence(10, 4, 10))).toEqual(Array.from(all.subarray(40)));
  });

  it("rejects bad arguments, naming them", () => {
    expect(() => sobolSequence(4, 0)).toThrow(/dim must be an integer in \[1, 64\], received 0/);
    expect(() => sobolSequence(4, SOBOL_MAX_DIM + 1)).toThrow(/dim/);
    expect(() => sobolSequence(-1, 2)).toThrow(/n must be/);
    expect(() => unitCube(4, 2, { method: "halton" as never })).toThrow(
      /options.method must be one of uniform, sobol, lhs, received 'halton'/,
    );
    // These used to return NaN (discrepancy), an empty array (dim 0) or a TypedArray length error.
    expect(() => unitCube(4, 0)).toThrow("unitCube: dim must be a positive integer, received 0");
    expect(() => l2StarDiscrepancy([0.5, 0.5, 0.5], 2)).toThrow(
      "l2StarDiscrepancy: data must hold n ≥ 1 points of 2 coordinates (length a positive multiple of 2), received length 3",
    );
    expect(() => l2StarDiscrepancy([], 2)).toThrow(/received length 0/);
    expect(() => l2StarDiscrepancy([0.5, 1.5], 2)).toThrow(
      "l2StarDiscrepancy: data[1] = 1.5 is outside the unit cube [0, 1]^2",
    );
    expect(() => l2StarDiscrepancy([0.5, 0.5], 0)).toThrow(
      "l2StarDiscrepancy: dim must be a positive integer, received 0",
    );
    expect(() => latinHypercube(-1, 2)).toThrow(
      "latinHypercube: n must be a non-negative integer, received -1",
    );
    expect(() => latinHypercube(3, 0)).toThrow("latinHypercube: dim must be a positive integer, received 0");
    expect(() => latinHypercube(3, 2, 0.5)).toThrow(
      "latinHypercube: seed must be a non-negative integer, received 0.5",
    );
  });
});

describe("latinHypercube", () => {
  it("puts exactly one point in each stratum of each axis", () => {
    const n = 50;
    const d = 3;
    const p = latinHypercube(n, d, 7);
    for (let j = 0; j < d; j++) {
      const strata = new Set<number>();
      for (let i = 0; i < n; i++) strata.add(Math.floor(p[i * d + j]! * n));
      expect(strata.size).toBe(n);
    }
  });
});
