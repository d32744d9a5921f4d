import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import "../register-minimizers.js";
import * as P from "../testing/problems.js";
import { minimize } from "./minimize.js";
import { powell } from "./powell.js";

// References: test/fixtures/gen_scipy_powell.py (SciPy 1.10.1 minimize(method='Powell'), default options).
interface Ref {
  name: string;
  x0: number[];
  x: number[];
  fun: number;
  nit: number;
  nfev: number;
  status: number;
}
interface BoundedRef extends Ref {
  bounds: [number | null, number | null][];
  warned: boolean;
}
const refs: { cases: Ref[]; bounded: BoundedRef[] } = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../test/fixtures/scipy_powell.json"), "utf8"),
);
const problems: Record<string, P.TestProblem> = {
  "rosenbrock-2": P.rosenbrock(2),
  beale: P.beale(),
  "extended-powell-4": P.extendedPowell(4),
  "rosenbrock-5": P.rosenbrock(5, [1.3, 0.7, 0.8, 1.9, 1.2]),
};
const boundedProblems: Record<string, P.TestProblem> = {
  "rosenbrock-2-box": P.rosenbrock(2),
  "rosenbrock-5-box": P.rosenbrock(5),
  "beale-one-sided": P.beale(),
  "extended-powell-4-mixed": P.extendedPowell(4),
  "rosenbrock-2-x0-outside": P.rosenbrock(2),
};

describe("minimize(method: 'Powell')", () => {
  it.each(refs.cases.map((c) => [c.name, c] as const))("%s: same nit, nfev and solution as SciPy", (_, c) => {
    const p = problems[c.name]!;
    const r = minimize(p.f, c.x0, { method: "Powell" });
    expect(r.status).toBe(c.status);
    expect(r.success).toBe(true);
    // Same algorithm and the same floating-point operations as SciPy's Powell/Brent/bracket, so the
    // iteration and evaluation counts are equal; the iterates may differ in the last bits (numpy vs V8 sums).
    expect(r.nit).toBe(c.nit);
    expect(r.nfev).toBe(c.nfev);
    // Solutions: SciPy's own accuracy at its stopping point (|x − x_scipy| well under SciPy's xtol = 1e-4).
    r.x.forEach((v, i) => {
      expect(Math.abs(v - c.x[i]!)).toBeLessThan(1e-6);
    });
    expect(Math.abs(r.fun - c.fun)).toBeLessThan(1e-10);
  });

  it("solves a convex quadratic in one sweep plus one conjugate direction", () => {
    const f = (x: Float64Array) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2 + x[0]! * x[1]!;
    const r = powell(f, Float64Array.of(0, 0), { tol: 1e-10 });
    // exact minimiser of the quadratic: [2 1; 1 20]x = [2; -40] → x = [80/39, -82/39]
    expect(r.x[0]).toBeCloseTo(80 / 39, 7);
    expect(r.x[1]).toBeCloseTo(-82 / 39, 7);
  });

  it("reports the evaluation limit and the callback stop as statuses", () => {
    const p = P.rosenbrock(2);
    const r = minimize(p.f, p.x0, { method: "Powell", maxFev: 50 });
    expect(r.status).toBe(1);
    expect(r.nfev).toBe(50);
    expect(r.message).toMatch(/function evaluations/);
    const s = minimize(p.f, p.x0, { method: "Powell", callback: () => true });
    expect(s.nit).toBe(1);
    expect(s.message).toMatch(/callback/);
  });

  it.each(refs.bounded.map((c) => [c.name, c] as const))(
    "%s (bounds): same nit, nfev, status and solution as SciPy",
    (_, c) => {
      const p = boundedProblems[c.name]!;
      const bounds = c.bounds.map(
        ([l, u]) => [l ?? Number.NEGATIVE_INFINITY, u ?? Number.POSITIVE_INFINITY] as const,
      );
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const seen: Float64Array[] = [];
      const f = (x: Float64Array) => {
        seen.push(Float64Array.from(x));
        return p.f(x);
      };
      const r = minimize(f, c.x0, { method: "Powell", bounds });
      // SciPy warns (OptimizeWarning) exactly when x0 is outside the box; so do we.
      expect(warn.mock.calls.length > 0).toBe(c.warned);
      warn.mockRestore();
      expect(r.status).toBe(c.status);
      // Same algorithm (bounded Brent = SciPy's fminbound, same step intervals), so the counts are equal.
      expect(r.nit).toBe(c.nit);
      expect(r.nfev).toBe(c.nfev);
      // Iterates may differ from SciPy's in the last bits (numpy vs V8 sums); 1e-6 is far under xtol = 1e-4.
      r.x.forEach((v, i) => {
        expect(Math.abs(v - c.x[i]!)).toBeLessThan(1e-6);
      });
      expect(Math.abs(r.fun - c.fun)).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.fun)));
      // SciPy's guarantee: from a feasible x0 every evaluation is inside the box; from an infeasible x0 every
      // evaluation after the first sweep is (we check the final point and, when feasible, all points).
      const inside = (x: Float64Array) => x.every((v, i) => v >= bounds[i]![0] && v <= bounds[i]![1]);
      expect(inside(r.x)).toBe(true);
      if (!c.warned) expect(seen.every(inside)).toBe(true);
    },
  );

  it("finds the box corner of a separable quadratic whose minimum is outside the box", () => {
    const f = (x: Float64Array) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2;
    const r = powell(f, Float64Array.of(0, 0), {
      bounds: [
        [-1, 0.5],
        [-1, 1],
      ],
      tol: 1e-8,
    });
    // analytic: the minimiser over the box is the projection (0.5, -1) of (1, -2) (the objective is separable)
    expect(r.x[0]).toBeCloseTo(0.5, 6);
    expect(r.x[1]).toBeCloseTo(-1, 6);
    expect(r.status).toBe(0);
  });

  it("rejects bad bounds and bad x0 with a message naming them", () => {
    expect(() => minimize((x) => x[0]! ** 2, [1], { method: "Powell", bounds: [[2, 0]] })).toThrow(
      /bounds\[0\] must satisfy lower <= upper, received \[2, 0\]/,
    );
    expect(() =>
      powell((x) => x[0]!, Float64Array.of(1), {
        bounds: [
          [0, 2],
          [0, 1],
        ],
      }),
    ).toThrow(/bounds must hold 1 \[lower, upper\] pairs, received 2/);
    expect(() => minimize((x) => x[0]!, [Number.NaN], { method: "Powell" })).toThrow(
      /x0\[0\] must be finite/,
    );
  });
});
