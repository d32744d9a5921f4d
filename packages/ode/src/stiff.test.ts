import { describe, expect, it } from "vitest";
import ref from "../test/fixtures/scipy_reference.json" with { type: "json" };
import { groupColumns, solveIvp } from "./index.js";
import { TEST_PROBLEMS } from "./testing/index.js";

const reference = (name: string) =>
  (ref as unknown as { problems: Record<string, { reference: number[] }> }).problems[name]!.reference;
function mixedErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < b.length; i++)
    e = Math.max(e, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-3));
  return e;
}

describe("stiff solvers on the DETEST stiff set", () => {
  const cases = [
    ["robertson", "Radau", 1e-6, 1e-10],
    ["robertson", "BDF", 1e-6, 1e-10],
    ["robertson", "Rodas5P", 1e-6, 1e-10],
    ["vdp_eps1e-3", "Rodas5P", 1e-6, 1e-6],
    ["vdp_eps1e-6", "Rodas5P", 1e-6, 1e-6],
    ["hires", "Rodas5P", 1e-6, 1e-9],
    ["oregonator", "Rodas5P", 1e-6, 1e-6],
    ["vdp_mu1000", "Rodas5P", 1e-6, 1e-6],
  ] as const;
  it.each(cases)("%s with %s at rtol %s", (name, method, rtol, atol) => {
    const p = TEST_PROBLEMS[name]!;
    const r = solveIvp(p.f, [0, p.t1], p.y0, { method, rtol, atol });
    expect(r.status).toBe(0);
    // Global error (relative, floor 1e-3 on tiny components) within 1000× rtol: error accumulates over the
    // long stiff transients (Robertson to 1e5, VdP relaxation jumps), as for SciPy's own runs (fixture).
    expect(mixedErr(r.y.at(-1)!, reference(name))).toBeLessThan(1000 * rtol);
  });

  it("a user Jacobian gives the same accuracy as finite differences and counts njev", () => {
    const p = TEST_PROBLEMS.robertson!;
    for (const method of ["Radau", "BDF", "Rodas5P"]) {
      const fd = solveIvp(p.f, [0, p.t1], p.y0, { method, rtol: 1e-6, atol: 1e-10 });
      const an = solveIvp(p.f, [0, p.t1], p.y0, { method, rtol: 1e-6, atol: 1e-10, jac: p.jac });
      expect(an.status).toBe(0);
      expect(an.stats.nfevJacobian).toBe(0);
      expect(fd.stats.nfevJacobian).toBeGreaterThan(0);
      expect(an.njev).toBeGreaterThan(0);
      expect(mixedErr(an.y.at(-1)!, reference("robertson"))).toBeLessThan(1e-3);
    }
  });

  it("a constant Jacobian (linear problem) is accepted as a matrix", () => {
    const A = [
      [-1000, 1],
      [0, -0.5],
    ];
    const f = (_t: number, y: Float64Array) => [A[0]![0]! * y[0]! + A[0]![1]! * y[1]!, A[1]![1]! * y[1]!];
    const r = solveIvp(f, [0, 10], [1, 1], { method: "Radau", jac: A, rtol: 1e-8, atol: 1e-10 });
    // y2 = e^{-t/2}; y1 = c e^{-1000t} + e^{-t/2}/999.5
    expect(r.y.at(-1)![1]).toBeCloseTo(Math.exp(-5), 8);
    expect(r.y.at(-1)![0]).toBeCloseTo(Math.exp(-5) / 999.5, 8);
    expect(r.njev).toBe(1);
  });

  it("jacSparsity groups columns (tridiagonal: 3 f evaluations per Jacobian instead of n)", () => {
    expect(
      Array.from(groupColumns(new Uint8Array([1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1]), 4)),
    ).toEqual([0, 1, 2, 0]);
    // 1-D heat equation u_t = u_xx, n = 40, Dirichlet zero ends: stiff, tridiagonal Jacobian.
    const n = 40;
    const dx = 1 / (n + 1);
    const f = (_t: number, u: Float64Array, du: Float64Array) => {
      for (let i = 0; i < n; i++)
        du[i] = ((i > 0 ? u[i - 1]! : 0) - 2 * u[i]! + (i < n - 1 ? u[i + 1]! : 0)) / dx ** 2;
    };
    const u0 = Array.from({ length: n }, (_, i) => Math.sin(Math.PI * (i + 1) * dx));
    const S = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (Math.abs(i - j) <= 1 ? 1 : 0)),
    );
    const dense = solveIvp(f, [0, 0.1], u0, { method: "Radau", rtol: 1e-6, atol: 1e-9 });
    const sparse = solveIvp(f, [0, 0.1], u0, { method: "Radau", rtol: 1e-6, atol: 1e-9, jacSparsity: S });
    expect(sparse.stats.nfevJacobian).toBe(3 * sparse.njev);
    expect(dense.stats.nfevJacobian).toBe(n * dense.njev);
    // Exact semi-discrete solution: the sine mode decays at rate (2 − 2cos(πdx))/dx².
    const lam = (2 - 2 * Math.cos(Math.PI * dx)) / dx ** 2;
    const exact = u0.map((v) => v * Math.exp(-lam * 0.1));
    expect(mixedErr(sparse.y.at(-1)!, exact)).toBeLessThan(1e-3);
    expect(mixedErr(sparse.y.at(-1)!, dense.y.at(-1)!)).toBeLessThan(1e-5);
  });

  it("bad Jacobian shapes are reported with both sizes", () => {
    const p = TEST_PROBLEMS.robertson!;
    expect(() => solveIvp(p.f, [0, 1], p.y0, { method: "Radau", jac: [[1, 2]] })).toThrow(
      /jac must be 3×3, received 1 rows/,
    );
    expect(() => solveIvp(p.f, [0, 1], p.y0, { method: "Radau", jacSparsity: [1, 0] })).toThrow(
      /jacSparsity must have n\*n = 9 entries, received 2/,
    );
  });

  it.each(["Radau", "BDF", "Rodas5P"])(
    "%s: a non-finite user Jacobian is named (it used to be reported as f returning non-finite values)",
    (method) => {
      const decay = (_t: number, y: Float64Array) => [-y[0]!];
      expect(() => solveIvp(decay, [0, 1], [1], { method, jac: [[Number.NaN]] })).toThrow(
        "solveIvp: jac[0][0] must be a finite number, received NaN",
      );
      expect(() =>
        solveIvp((_t, y) => [-y[0]!, -y[1]!], [0, 1], [1, 1], {
          method,
          jac: [1, 0, 0, Number.POSITIVE_INFINITY],
        }),
      ).toThrow("jac[1][1] must be a finite number, received Infinity");
      expect(() => solveIvp(decay, [0, 1], [1], { method, jac: () => [[Number.NaN]] })).toThrow(
        /^solveIvp: jac\(t, y\) at t=0: jac\[0\]\[0\] must be a finite number, received NaN$/,
      );
    },
  );
});
