import { describe, expect, it } from "vitest";
import { jacobianStructure, shiftedSolver } from "../index.js";
import { hashUniform } from "../sde/random.js";

/** A deterministic n×n matrix with `lower`/`upper` bands (plus optional corner entries: periodic coupling). */
function bandMatrix(n: number, lower: number, upper: number, corners = false): Float64Array {
  const J = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - lower); j <= Math.min(n - 1, i + upper); j++) {
      J[i * n + j] = hashUniform(7, k++, 0, 0) * 2 - 1 - (i === j ? 3 : 0);
    }
  }
  if (corners) {
    J[n - 1] = 0.7;
    J[(n - 1) * n] = -0.4;
  }
  return J;
}

const rhs = (n: number, seed: number) =>
  Float64Array.from({ length: n }, (_, i) => hashUniform(seed, i, 0, 0) - 0.5);
const maxDiff = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe("shifted Newton-matrix solvers (dense, banded, sparse)", () => {
  const n = 40;
  it("banded and sparse LU solve (αI − βJ)x = b like the dense LU", () => {
    const J = bandMatrix(n, 2, 1);
    const dense = shiftedSolver(n, { kind: "dense" }).factor(2.5, 0.7, J);
    const banded = shiftedSolver(n, { kind: "banded", lower: 2, upper: 1 }).factor(2.5, 0.7, J);
    const sparsity = Uint8Array.from(J, (v) => (v !== 0 ? 1 : 0));
    const sparse = shiftedSolver(n, { kind: "sparse", sparsity }).factor(2.5, 0.7, J);
    const b0 = rhs(n, 1);
    const [x, y, z] = [b0.slice(), b0.slice(), b0.slice()];
    dense.solve(x);
    banded.solve(y);
    sparse.solve(z);
    // Well-conditioned (diagonally dominant) 40×40 systems: agreement to ~1e-15 relative; 1e-12 is generous.
    expect(maxDiff(x, y)).toBeLessThan(1e-12);
    expect(maxDiff(x, z)).toBeLessThan(1e-12);
  });
  it("complex shifts (Radau IIA) via the interleaved real form match the dense complex LU", () => {
    const J = bandMatrix(n, 1, 2, true);
    const sparsity = Uint8Array.from(J, (v) => (v !== 0 ? 1 : 0));
    const solvers = [
      shiftedSolver(n, { kind: "dense" }),
      shiftedSolver(n, { kind: "banded", lower: n - 1, upper: n - 1 }),
      shiftedSolver(n, { kind: "sparse", sparsity }),
    ];
    const out = solvers.map((s) => {
      const br = rhs(n, 2);
      const bi = rhs(n, 3);
      s.factorComplex(1.3, 2.1, J).solve(br, bi);
      return [br, bi] as const;
    });
    for (const [br, bi] of out.slice(1)) {
      expect(maxDiff(br, out[0]![0])).toBeLessThan(1e-12);
      expect(maxDiff(bi, out[0]![1])).toBeLessThan(1e-12);
    }
  });
  it("a singular Newton matrix gives NaN (Newton then fails and the step shrinks), not an exception", () => {
    const f = shiftedSolver(n, { kind: "banded", lower: 1, upper: 1 }).factor(0, 1, new Float64Array(n * n));
    expect(f.singular).toBe(true);
    const b = rhs(n, 4);
    f.solve(b);
    expect(Number.isNaN(b[0]!)).toBe(true);
  });
  it("picks the structure from jacBandwidth / jacSparsity and rejects bad bandwidths", () => {
    expect(jacobianStructure(200, undefined, [2, 2])).toEqual({ kind: "banded", lower: 2, upper: 2 });
    const tri = Uint8Array.from(bandMatrix(n, 1, 1), (v) => (v !== 0 ? 1 : 0));
    expect(jacobianStructure(n, tri, undefined)).toEqual({ kind: "banded", lower: 1, upper: 1 });
    const periodic = Uint8Array.from(bandMatrix(n, 1, 1, true), (v) => (v !== 0 ? 1 : 0));
    expect(jacobianStructure(n, periodic, undefined).kind).toBe("sparse");
    expect(jacobianStructure(n, new Uint8Array(n * n).fill(1), undefined).kind).toBe("dense");
    expect(jacobianStructure(4, tri, undefined).kind).toBe("dense");
    expect(() => shiftedSolver(3, { kind: "banded", lower: -1, upper: 1 })).toThrow(
      /jacBandwidth.*\[-1, 1\]/,
    );
  });
});
