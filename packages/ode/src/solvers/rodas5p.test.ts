import { describe, expect, it } from "vitest";
import { RODAS5P_TABLEAU, type StepSizeController, createJacobian, solveIvp } from "../index.js";
import { TEST_PROBLEMS, logLogSlope } from "../testing/index.js";

/** Accepts every step unchanged: the adaptive Rosenbrock stepper then runs with the constant step `firstStep`. */
const acceptAll: StepSizeController<null> = {
  name: "accept-all",
  adaptive: true,
  init: () => null,
  adapt: (state) => ({ accept: true, factor: 1, state }),
};

describe("Rodas5P", () => {
  it("propagates the order-5 solution: fitted slope ≈ 5 with a constant step (was 4)", () => {
    // y' = −2(y − cos t) − sin t, y(0) = 2: y = cos t + e^{−2t}; non-autonomous, so the ∂f/∂t terms count too.
    const f = (t: number, y: Float64Array, dy: Float64Array) => {
      dy[0] = -2 * (y[0]! - Math.cos(t)) - Math.sin(t);
    };
    const T = 2;
    // 8…64 steps: errors 1e-9…1e-13, asymptotic and well above round-off (~1e-16).
    const steps = [8, 16, 32, 64];
    const errs = steps.map((n) => {
      const r = solveIvp(f, [0, T], [2], {
        method: "Rodas5P",
        controller: acceptAll,
        firstStep: T / n,
        jac: [[-2]],
      });
      return Math.abs(r.y.at(-1)![0]! - (Math.cos(T) + Math.exp(-2 * T)));
    });
    const slope = logLogSlope(
      steps.map((n) => T / n),
      errs,
    );
    // Order 5 gives 5 (measured 5.2, the linear part superconverges slightly); the embedded order-4 solution
    // that was propagated before gave 4.1. 0.5 separates the two.
    expect(slope).toBeGreaterThan(4.6);
    expect(slope).toBeLessThan(6.5);
  });

  it("the propagated weights include the last stage; the error estimate is that stage", () => {
    const { m, mErr } = RODAS5P_TABLEAU;
    expect(m.at(-1)).toBe(1);
    expect(mErr.at(-1)).toBe(0);
    expect(m.slice(0, -1)).toEqual(mErr.slice(0, -1));
  });

  it("at rtol = atol = 1e-8 the global error on a harmonic oscillator stays near the tolerance", () => {
    // y = cos t over ~3 periods. With the order-4 solution propagated the error was 1.4e-6 (140× tol); with
    // order 5 it is 3e-9. 3e-8 (3× tol) leaves room for error accumulation over 129 steps.
    const r = solveIvp(
      (_t, y, dy) => {
        dy[0] = y[1]!;
        dy[1] = -y[0]!;
      },
      [0, 20],
      [1, 0],
      { method: "Rodas5P", rtol: 1e-8, atol: 1e-8 },
    );
    expect(r.status).toBe(0);
    expect(Math.abs(r.y.at(-1)![0]! - Math.cos(20))).toBeLessThan(3e-8);
  });

  it("∂f/∂t does not depend on where t = 0 is: a shifted time origin and a 1e-8 span cost what they should", () => {
    // y' = −k(y − cos(t − s)) − sin(t − s), y(s) = 1: y = cos(t − s) for any shift s. The same problem at s = 0
    // and s = −1e6 must take about the same steps (the old increment √ε·max(1, |t|) = 1.5e-2 at |t| = 1e6
    // made ∂f/∂t useless: 16113 f evaluations instead of 83 at rtol 1e-6, and 1.6e6 instead of 83 at 1e-8).
    const k = 1e4;
    const run = (s: number, rtol: number) =>
      solveIvp(
        (t, y, dy) => {
          dy[0] = -k * (y[0]! - Math.cos(t - s)) - Math.sin(t - s);
        },
        [s, s + 2],
        [1],
        { method: "Rodas5P", rtol, atol: rtol * 1e-3 },
      );
    for (const rtol of [1e-6, 1e-8]) {
      const base = run(0, rtol);
      const shifted = run(-1e6, rtol);
      expect(shifted.status).toBe(0);
      // Rounding in t − s at |t| = 1e6 (1e-10) changes the steps a little, never by 2×.
      expect(shifted.nfev).toBeLessThan(2 * base.nfev);
      // Both within 100·rtol of the exact cos 2 (global error of a tolerance-controlled solve).
      expect(Math.abs(shifted.y.at(-1)![0]! - Math.cos(2))).toBeLessThan(100 * rtol);
      expect(Math.abs(base.y.at(-1)![0]! - Math.cos(2))).toBeLessThan(100 * rtol);
    }
    // A span of 1e-8 with a forcing of period 2π·1e-9: y = sin(1e9 t). The old increment (1.5e-8) exceeded the
    // span and the solve took 183826 f evaluations; an explicit method needs ~400.
    const fast = solveIvp(
      (t, _y, dy) => {
        dy[0] = 1e9 * Math.cos(1e9 * t);
      },
      [0, 1e-8],
      [0],
      { method: "Rodas5P", rtol: 1e-8, atol: 1e-10 },
    );
    expect(fast.nfev).toBeLessThan(3000);
    expect(Math.abs(fast.y.at(-1)![0]! - Math.sin(10))).toBeLessThan(1e-7);
  });

  it("finite-difference Jacobians are central: tight tolerances cost what an analytic Jacobian costs", () => {
    // Rosenbrock methods need the exact Jacobian for their order. With forward differences (error ~√ε ≈ 1e-8)
    // Rodas5P took 1 068 063 f evaluations on the Oregonator at rtol 1e-10 (analytic Jacobian: 85 320) and
    // hit maxSteps at 1e-12; central differences (error ~ε^⅔) give the analytic run's steps.
    const p = TEST_PROBLEMS.oregonator!;
    const jac = (_t: number, y: Float64Array) => [
      [77.27 * (1 - 2 * 8.375e-6 * y[0]! - y[1]!), 77.27 * (1 - y[0]!), 0],
      [-y[1]! / 77.27, -(1 + y[0]!) / 77.27, 1 / 77.27],
      [0.161, 0, -0.161],
    ];
    const opts = { method: "Rodas5P", rtol: 1e-10, atol: 1e-12 } as const;
    const fd = solveIvp(p.f, [0, p.t1], p.y0, opts);
    const an = solveIvp(p.f, [0, p.t1], p.y0, { ...opts, jac });
    expect(fd.status).toBe(0);
    expect(fd.stats.naccepted).toBeLessThan(1.1 * an.stats.naccepted);
    expect(fd.nfev).toBeLessThan(1.1 * an.nfev);
    // Same final state to well within the tolerance (relative, the components are O(1)…O(1e4)).
    fd.y.at(-1)!.forEach((v, i) => {
      expect(Math.abs(v - an.y.at(-1)![i]!)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)));
    });
    // The central Jacobian itself: relative error ~1e-10 on a nonlinear f (forward differences: ~1e-8).
    const f = (_t: number, y: Float64Array, o: Float64Array) => {
      o[0] = Math.sin(y[0]!) * y[1]!;
      o[1] = Math.exp(y[0]! - y[1]!);
    };
    const y = new Float64Array([0.7, 1.3]);
    const fy = new Float64Array(2);
    f(0, y, fy);
    const exact = [Math.cos(0.7) * 1.3, Math.sin(0.7), Math.exp(-0.6), -Math.exp(-0.6)];
    const atol = new Float64Array([1e-8, 1e-8]);
    const central = createJacobian(f, 2, undefined, undefined, atol, "test", "central").evaluate(0, y, fy);
    const forward = createJacobian(f, 2, undefined, undefined, atol).evaluate(0, y, fy);
    const err = (J: Float64Array) => Math.max(...exact.map((v, k) => Math.abs(J[k]! - v) / Math.abs(v)));
    expect(err(central)).toBeLessThan(1e-9);
    expect(err(forward)).toBeGreaterThan(1e-9);
  });
});
