import { describe, expect, it } from "vitest";
import { VERN7, constantStepSize, odeSolvers, odeTerm, solve, solveIvp } from "../index.js";
import { logLogSlope } from "../testing/index.js";
import { orderConditionResidual } from "./order-conditions.js";

describe("Vern7", () => {
  it("satisfies the 85 order conditions up to order 7, its embedded pair has order 6", () => {
    // defineTableau already checked these on import; 1e-13 is double-precision round-off of 40-digit data.
    expect(orderConditionResidual(VERN7.a, VERN7.b, 7)).toBeLessThan(1e-13);
    expect(orderConditionResidual(VERN7.a, VERN7.b, 8)).toBeGreaterThan(1e-6);
    const bHat = VERN7.b.map((b, i) => b - VERN7.bErr![i]!);
    expect(orderConditionResidual(VERN7.a, bHat, 6)).toBeLessThan(1e-13);
    expect(orderConditionResidual(VERN7.a, bHat, 7)).toBeGreaterThan(1e-6);
    expect(odeSolvers.get("Vern7").name).toBe("Vern7");
  });

  it("converges at order 7 with a constant step (fitted slope within 0.2)", () => {
    const f = (t: number, y: Float64Array, dy: Float64Array) => {
      dy[0] = y[0]! * Math.cos(t);
      dy[1] = -y[1]!;
    };
    const T = 10;
    // 40…112 steps: errors 1e-9…2e-11, in the asymptotic regime and well above round-off (~1e-14).
    const steps = [40, 56, 80, 112];
    const errs = steps.map((n) => {
      const s = solve({
        term: odeTerm(f),
        solver: odeSolvers.get("Vern7"),
        t0: 0,
        t1: T,
        y0: [1, 1],
        dt0: T / n,
        controller: constantStepSize(),
      });
      return Math.max(Math.abs(s.ys[0]![0]! - Math.exp(Math.sin(T))), Math.abs(s.ys[0]![1]! - Math.exp(-T)));
    });
    const slope = logLogSlope(
      steps.map((n) => T / n),
      errs,
    );
    expect(Math.abs(slope - 7)).toBeLessThan(0.2);
  });
});

describe("Vern7 adaptive", () => {
  it("meets rtol 1e-10 on the two-body problem with fewer f-evaluations than Dopri5", () => {
    // Circular Kepler orbit, period 2π: the exact solution is (cos t, sin t, −sin t, cos t).
    const kepler = (_t: number, y: Float64Array, dy: Float64Array) => {
      const r3 = Math.hypot(y[0]!, y[1]!) ** 3;
      dy[0] = y[2]!;
      dy[1] = y[3]!;
      dy[2] = -y[0]! / r3;
      dy[3] = -y[1]! / r3;
    };
    const T = 2 * Math.PI;
    const r = solveIvp(kepler, [0, T], [1, 0, 0, 1], { method: "Vern7", rtol: 1e-10, atol: 1e-10 });
    expect(r.success).toBe(true);
    const y = r.y.at(-1)!;
    const err = Math.max(Math.abs(y[0]! - 1), Math.abs(y[1]!), Math.abs(y[2]!), Math.abs(y[3]! - 1));
    // Global error over one period is a small multiple of the tolerance (local error control).
    expect(err).toBeLessThan(1e-8);
    // 10 stages per step, a few dozen steps: far fewer evaluations than a 5th-order method at this tolerance.
    const dopri = solveIvp(kepler, [0, T], [1, 0, 0, 1], { method: "RK45", rtol: 1e-10, atol: 1e-10 });
    expect(r.nfev).toBeLessThan(dopri.nfev);
  });

  it("dense output is Verner's 7th-order interpolant: as accurate between steps as at them", () => {
    // y = cos t. With the former cubic Hermite fallback the error between steps was 8000× the error at the
    // steps (3.9e-5 vs 4.7e-9 at tol 1e-8); the 7th-order interpolant keeps it at the step error.
    const osc = (_t: number, y: Float64Array, dy: Float64Array) => {
      dy[0] = y[1]!;
      dy[1] = -y[0]!;
    };
    const r = solveIvp(osc, [0, 20], [1, 0], { method: "Vern7", rtol: 1e-8, atol: 1e-8, denseOutput: true });
    let atSteps = 0;
    r.t.forEach((t, i) => {
      atSteps = Math.max(atSteps, Math.abs(r.y[i]![0]! - Math.cos(t)));
    });
    let between = 0;
    const ts = r.sol!.ts;
    for (let i = 0; i + 1 < ts.length; i++) {
      for (const th of [0.2, 0.5, 0.8]) {
        const t = ts[i]! + th * (ts[i + 1]! - ts[i]!);
        between = Math.max(between, Math.abs(r.sol!.evaluate(t)[0]! - Math.cos(t)));
      }
    }
    // Measured 4.65e-9 vs 4.67e-9; factor 2 allows for the interpolation error of the 7th-order polynomial.
    expect(between).toBeLessThan(2 * atSteps);
    // Five new f evaluations per step for the interpolant: its stage at c = 1 reuses f(t₁, y₁).
    const plain = solveIvp(osc, [0, 20], [1, 0], { method: "Vern7", rtol: 1e-8, atol: 1e-8 });
    expect(r.nfev - plain.nfev).toBe(5 * (r.t.length - 1));
  });

  it("events are located to the step accuracy (cos t = 0 at π/2 + kπ)", () => {
    const r = solveIvp(
      (_t, y, dy) => {
        dy[0] = y[1]!;
        dy[1] = -y[0]!;
      },
      [0, 20],
      [1, 0],
      { method: "Vern7", rtol: 1e-10, atol: 1e-12, events: (_t, y) => y[0]! },
    );
    expect(r.tEvents[0]!.length).toBe(6);
    r.tEvents[0]!.forEach((t, k) => {
      // Measured ≤ 2e-11 (was 1.2e-8 with the cubic Hermite interpolant); 1e-9 = 10× rtol.
      expect(Math.abs(t - (Math.PI / 2 + k * Math.PI))).toBeLessThan(1e-9);
    });
  });
});
