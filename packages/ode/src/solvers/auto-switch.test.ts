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
  it("rejects fixed-step solvers", () => {
    expect(() => autoSwitch({ nonStiff: odeSolvers.get("RK4"), stiff: odeSolvers.get("Rodas5P") })).toThrow(
      /both solvers must be adaptive/,
    );
  });
});
