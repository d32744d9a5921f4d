import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../register-minimizers.js";
import * as P from "../testing/problems.js";
import { moreThuente } from "./line-search.js";
import { minimize } from "./minimize.js";

// References: test/fixtures/gen_scipy_minimize.py (SciPy 1.10, default options, analytic gradients).
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../test/fixtures/scipy_minimize.json"), "utf8"),
);
const problems: Record<string, P.TestProblem> = {
  "rosenbrock-2": P.rosenbrock(2),
  "rosenbrock-5": P.rosenbrock(5, [1.3, 0.7, 0.8, 1.9, 1.2]),
  "rosenbrock-10": P.rosenbrock(10),
  "rosenbrock-100": P.rosenbrock(100),
  beale: P.beale(),
  booth: P.booth(),
  "extended-powell-8": P.extendedPowell(8),
  "trigonometric-10": P.trigonometric(10),
};
const cases = Object.entries(problems).flatMap(([name]) =>
  Object.keys(fixture.problems[name])
    .filter((m) => m !== "x0")
    .map((m) => [name, m] as const),
);

describe("minimize matches SciPy", () => {
  it("SciPy's 5-D Rosenbrock converges within 40 L-BFGS iterations (acceptance)", () => {
    const p = problems["rosenbrock-5"]!;
    const r = minimize(p.f, p.x0, { method: "L-BFGS", jac: p.grad });
    expect(r.success).toBe(true);
    expect(r.nit).toBeLessThanOrEqual(40);
    for (const v of r.x) expect(Math.abs(v - 1)).toBeLessThan(1e-5);
  });

  it.each(cases)("%s with %s", (name, m) => {
    const p = problems[name]!;
    const ref = fixture.problems[name][m];
    const method = m === "L-BFGS-B" ? "L-BFGS" : m;
    const r = minimize(p.f, Float64Array.from(fixture.problems[name].x0), {
      method,
      jac: method === "Nelder-Mead" ? undefined : p.grad,
    });
    expect(r.success).toBe(true);
    // Same algorithm and line search as SciPy: iteration and evaluation counts agree exactly on most rows; CG
    // (no SciPy "extra condition" in our line search) and the long 100-D runs drift by rounding, so allow 25%.
    const slack = (k: number) => Math.max(2, Math.ceil(0.25 * k));
    expect(Math.abs(r.nit - ref.nit)).toBeLessThanOrEqual(slack(ref.nit));
    expect(Math.abs(r.nfev - ref.nfev)).toBeLessThanOrEqual(slack(ref.nfev));
    // Both stop at the same tolerance: values agree to the stopping tolerance (absolute 1e-7 near 0).
    expect(Math.abs(r.fun - ref.fun)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref.fun)) + 1e-7);
    // Extended Powell's minimum is singular (f ~ |x|⁴), so f = 1e-8 leaves |x| ~ 1e-2; elsewhere 1e-4.
    const xtol = name.startsWith("extended-powell") ? 2e-2 : 1e-4;
    r.x.forEach((v, i) => {
      expect(Math.abs(v - ref.x[i])).toBeLessThanOrEqual(xtol);
    });
  });

  it("L-BFGS-B with box bounds finds SciPy's constrained minimum", () => {
    const b = fixture.bounded;
    const p = P.rosenbrock(5);
    const r = minimize(p.f, b.x0, { bounds: b.bounds, jac: p.grad });
    expect(r.success).toBe(true);
    // different (projected) subspace step than SciPy's Cauchy point, same KKT point to the gtol of 1e-5
    expect(Math.abs(r.fun - b.fun)).toBeLessThan(1e-8);
    r.x.forEach((v, i) => {
      expect(Math.abs(v - b.x[i])).toBeLessThan(1e-5);
    });
    expect(Math.abs(r.nit - b.nit)).toBeLessThanOrEqual(5);
  });

  it("falls back to finite differences when jac is omitted (counted in nfev)", () => {
    const p = P.rosenbrock(2);
    const r = minimize(p.f, p.x0);
    expect(r.success).toBe(true);
    expect(r.nfev).toBeGreaterThan(3 * r.nit);
    for (const v of r.x) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
  });

  it("population methods run through minimize", () => {
    const p = P.sphere(3);
    const r = minimize(p.f, [1, 2, 3], { method: "CMA-ES", seed: 1, tol: 1e-10, sigma0: 1 });
    expect(r.success).toBe(true);
    expect(r.fun).toBeLessThanOrEqual(1e-10);
  });
});

describe("minimize bad input", () => {
  const f = (x: Float64Array) => x[0]! ** 2;
  it("names unknown methods and lists the known ones", () => {
    expect(() => minimize(f, [1], { method: "newton" })).toThrow(
      /unknown minimize method 'newton'; known: L-BFGS, L-BFGS-B, BFGS/,
    );
  });
  it("rejects non-finite and empty x0", () => {
    expect(() => minimize(f, [Number.NaN])).toThrow(/x0\[0\] must be finite, received NaN/);
    expect(() => minimize(f, [])).toThrow(/x0 must be a non-empty array/);
  });
  it("rejects inconsistent bounds and an x0 outside them", () => {
    expect(() => minimize(f, [1], { bounds: [[2, 0]] })).toThrow(
      /bounds\[0\] must satisfy lower <= upper, received \[2, 0\]/,
    );
    expect(() => minimize(f, [5], { bounds: [[0, 1]] })).toThrow(
      /x0\[0\] = 5 lies outside bounds\[0\] = \[0, 1\]/,
    );
  });
  it("rejects bad numeric options naming them (before: RangeError, ignored, or a silently broken history)", () => {
    expect(() => minimize(f, [1], { m: 0 })).toThrow(
      /options.m \(L-BFGS history size\) must be an integer >= 1, received 0/,
    );
    expect(() => minimize(f, [1], { m: -1 })).toThrow(/options.m .* received -1/);
    expect(() => minimize(f, [1], { maxIter: Number.NaN })).toThrow(
      /options.maxIter must be an integer >= 0, received NaN/,
    );
    expect(() => minimize(f, [1], { method: "CMA-ES", maxFev: -5 })).toThrow(
      /options.maxFev must be an integer >= 1, received -5/,
    );
    expect(() => minimize(f, [1], { ftol: -1 })).toThrow(/options.ftol must be >= 0, received -1/);
    expect(() => minimize(f, [1], { jac: "3-point" as "central" })).toThrow(
      /options.jac must be a function, '2-point' or 'central' \(SciPy's '3-point'\), received '3-point'/,
    );
  });
  it("rejects unknown option names (SciPy spellings were ignored without a word)", () => {
    // before: maxiter: 1 ran the full default budget, options.gtol changed nothing
    expect(() => minimize(f, [1], { maxiter: 1 } as never)).toThrow(
      /minimize: unknown option 'maxiter'; known: method, jac, bounds, tol, ftol, maxIter, maxFev,/,
    );
    expect(() => minimize(f, [1], { method: "L-BFGS", options: { gtol: 1e-8 } })).toThrow(
      /minimize: method 'L-BFGS' has no option options.gtol; it takes no method-specific options/,
    );
    expect(() => minimize(f, [1], { method: "Nelder-Mead", options: { adaptve: true } })).toThrow(
      /method 'Nelder-Mead' has no option options.adaptve; known: adaptive/,
    );
    expect(minimize(f, [1], { method: "Nelder-Mead", options: { adaptive: true } }).success).toBe(true);
    // a non-function callback used to fail mid-run with a bare TypeError
    expect(() => minimize(f, [1], { callback: true } as never)).toThrow(
      /minimize: options.callback must be a function, received boolean/,
    );
  });
  it("reports a non-finite objective at x0", () => {
    expect(() => minimize(() => Number.NaN, [1])).toThrow(/objective is NaN at x0/);
  });
  it("reports a broken gradient as a status with a hint", () => {
    const r = minimize((x) => x[0]! ** 2, [1], { jac: (x) => Float64Array.of(-2 * x[0]!) });
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/check the gradient/);
  });
});

describe("non-finite values during the line search", () => {
  // Σ (i+1)(x_i − ln x_i) is NaN for x_i < 0; minimum (i+1)·1 summed = 55 at all ones (analytic). From x0 = 20 the
  // extrapolating search steps into x_i < 0 twice in a row; the second NaN used to end it with "rounding errors"
  // (a stale stmin above the bisected step), i.e. status 2 after 6 evaluations. SciPy 1.10 fails here too.
  const w = (i: number) => i + 1;
  const f = (x: Float64Array) => x.reduce((s, v, i) => s + w(i) * (v - Math.log(v)), 0);
  const jac = (x: Float64Array) => Float64Array.from(x, (v, i) => w(i) * (1 - 1 / v));
  it.each(["L-BFGS", "BFGS", "CG"])("%s backs off from the NaN region and converges", (method) => {
    const r = minimize(f, new Float64Array(10).fill(20), { method, jac });
    expect(r.success).toBe(true);
    // stops on ftol = 2.2e-9 relative or ‖g‖∞ ≤ 1e-5: f within 1e-7 of 55, x within ~1e-3 (f − 55 ≈ Σ w_i δ_i²/2)
    expect(Math.abs(r.fun - 55)).toBeLessThan(1e-7);
    for (const v of r.x) expect(Math.abs(v - 1)).toBeLessThan(1e-3);
  });
});

describe("moreThuente", () => {
  it("finds the minimiser of a 1-D quadratic along the ray", () => {
    const r = moreThuente((a) => [(a - 2) ** 2, 2 * (a - 2)], 4, -4, 1, { ftol: 1e-4, gtol: 0.1 });
    expect(r.task).toBe("CONVERGENCE");
    expect(Math.abs(r.stp - 2)).toBeLessThan(0.2);
  });
  it("rejects the inputs MINPACK-2's dcsrch rejects, naming them", () => {
    // before: stp0 = −1 spent all 20 evaluations and returned MAXEVAL at stp 0, f0 = NaN returned a "rounding
    // errors" warning, ftol = 2 returned "STP = STPMIN" after 2 evaluations
    let calls = 0;
    const phi = (a: number) => {
      calls++;
      return [(a - 2) ** 2, 2 * (a - 2)] as const;
    };
    expect(() => moreThuente(phi, 4, -4, -1)).toThrow(
      /moreThuente: stp0 must be a finite number >= 0, received -1/,
    );
    expect(() => moreThuente(phi, Number.NaN, -4, 1)).toThrow(/moreThuente: f0 must be finite, received NaN/);
    expect(() => moreThuente(phi, 4, Number.NEGATIVE_INFINITY, 1)).toThrow(
      /the initial derivative must be negative \(descent\), received -Infinity/,
    );
    expect(() => moreThuente(phi, 4, -4, 1, { ftol: 2 })).toThrow(
      /options.ftol must be in \[0, 1\), received 2/,
    );
    expect(() => moreThuente(phi, 4, -4, 1, { gtol: Number.NaN })).toThrow(
      /options.gtol must be in \[0, 1\), received NaN/,
    );
    expect(() => moreThuente(phi, 4, -4, 1, { xtol: -1 })).toThrow(/options.xtol must be >= 0, received -1/);
    expect(() => moreThuente(phi, 4, -4, 1, { stpmin: 2, stpmax: 1 })).toThrow(
      /0 <= stpmin <= stpmax, received 2 and 1/,
    );
    expect(() => moreThuente(phi, 4, -4, 1, { maxEval: 0 })).toThrow(
      /options.maxEval must be an integer >= 1, received 0/,
    );
    expect(calls).toBe(0); // rejected before any evaluation
  });
});
