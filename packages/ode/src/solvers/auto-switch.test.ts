import { describe, expect, it } from "vitest";
import ref from "../../test/fixtures/scipy_reference.json" with { type: "json" };
import { autoSwitch, odeSolvers, solveIvp } from "../index.js";
import { TEST_PROBLEMS } from "../testing/index.js";

const reference = (name: string) =>
  (ref as unknown as { problems: Record<string, { reference: number[] }> }).problems[name]!.reference;
const relErr = (a: ArrayLike<number>, b: number[]) =>
  Math.max(...b.map((v, i) => Math.abs(a[i]! - v) / Math.max(Math.abs(v), 1e-3)));

describe("Auto: stiffness detection and switching (Tsit5 ↔ Rodas5P)", () => {
  it("on a non-stiff problem it never switches (same steps as Tsit5)", () => {
    const p = TEST_PROBLEMS.arenstorf!;
    const a = solveIvp(p.f, [0, p.t1], p.y0, { method: "Auto", rtol: 1e-6, atol: 1e-8 });
    const t = solveIvp(p.f, [0, p.t1], p.y0, { method: "Tsit5", rtol: 1e-6, atol: 1e-8 });
    expect(a.nfev).toBe(t.nfev);
    expect(a.njev).toBe(0);
  });
  it.each(["robertson", "hires", "vdp_eps1e-3"])(
    "%s: switches to the stiff solver and stays accurate",
    (name) => {
      const p = TEST_PROBLEMS[name]!;
      const a = solveIvp(p.f, [0, p.t1], p.y0, { method: "Auto", rtol: 1e-6, atol: 1e-8 });
      expect(a.status).toBe(0);
      expect(a.njev).toBeGreaterThan(0);
      // Same accuracy budget as the stiff-solver tests (global error within 1000× rtol).
      expect(relErr(a.y.at(-1)!, reference(name))).toBeLessThan(1e-3);
      const explicit = solveIvp(p.f, [0, p.t1], p.y0, {
        method: "Tsit5",
        rtol: 1e-6,
        atol: 1e-8,
        maxSteps: 20_000,
      });
      // Explicit alone needs many more evaluations (or fails within 20 000 steps). The closest case is
      // vdp_eps1e-3 (Tsit5 8804 vs Auto 3892 + 774 for Jacobians, 1.9×), hence the factor 1.5.
      expect(explicit.status === -1 || explicit.nfev > 1.5 * (a.nfev + a.stats.nfevJacobian)).toBe(true);
    },
  );
  it("switches on a stiff phase that Tsit5 crosses at |h|·ρ ≈ 3.16 (below DOPRI5's 3.25), and back after it", () => {
    // y′ = −k(t)(y − cos t), k = 1e4 on (3, 6) and 1 elsewhere. Tsit5 alone needs ~19000 f evaluations per
    // unit time in the stiff phase; "Auto" used to stay explicit there (33691 evaluations in all), Rodas5P
    // alone takes 2401. Reference: Radau at rtol 1e-10 (an independent implicit path; at 1e-12 no method can
    // step over the jump of f at t = 3 in float64: the step would have to be below an ulp of t).
    const f = (t: number, y: Float64Array, dy: Float64Array) => {
      const k = t > 3 && t < 6 ? 1e4 : 1;
      dy[0] = -k * (y[0]! - Math.cos(t));
    };
    const ref = solveIvp(f, [0, 10], [1], { method: "Radau", rtol: 1e-10, atol: 1e-12 });
    expect(ref.status).toBe(0);
    const auto = solveIvp(f, [0, 10], [1], { method: "Auto", rtol: 1e-8, atol: 1e-10 });
    expect(auto.status).toBe(0);
    expect(auto.njev).toBeGreaterThan(0);
    expect(auto.nfev).toBeLessThan(3000); // 1669 measured
    // Global error of an rtol-1e-8 solve through two discontinuities of f: 1e-7 leaves a margin of ~30.
    expect(Math.abs(auto.y.at(-1)![0]! - ref.y.at(-1)![0]!)).toBeLessThan(1e-7);
  });

  it("rejects fixed-step solvers", () => {
    expect(() => autoSwitch({ nonStiff: odeSolvers.get("RK4"), stiff: odeSolvers.get("Rodas5P") })).toThrow(
      /both solvers must be adaptive/,
    );
  });
});
