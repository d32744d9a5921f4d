import { solveIvp } from "@continuum/ode";
import { describe, expect, it } from "vitest";
import lq2d from "../../test/fixtures/lq_mfg_2d.json";
import lq3d from "../../test/fixtures/lq_mfg_3d.json";
import { solveLqMfc, solveLqMfg, priceOfAnarchy } from "./lq-mfg.js";
import { lqMonteCarloCost } from "./lq-monte-carlo.js";
import type { LqProblem } from "./lq-problem.js";
import { systemicRiskAsLq, systemicRiskEta, systemicRiskValue } from "./systemic-risk.js";

const params = { a: 1, q: 0.8, eps: 2, c: 2, T: 1, sigma: 1 };

describe("systemic risk (Carmona–Fouque–Sun 2015)", () => {
  it("closed-form eta(0) = 0.36120026 (issue 14 acceptance value) to 1e-6", () => {
    expect(Math.abs(systemicRiskEta(params, 0) - 0.36120026)).toBeLessThan(1e-6);
    expect(systemicRiskEta(params, 1)).toBeCloseTo(2, 14); // terminal condition eta(T) = c
  });

  it("@continuum/ode (DOP853, backwards from T) integrates the derived Riccati ODE to the closed form", () => {
    const { a, q, eps, c } = params;
    const r = solveIvp(
      (_t: number, y: ArrayLike<number>, dy: Float64Array) => {
        dy[0] = 2 * (a + q) * y[0]! + y[0]! ** 2 - (eps - q * q);
      },
      [1, 0],
      [c],
      { method: "DOP853", rtol: 1e-12, atol: 1e-14 },
    );
    expect(Math.abs(r.y.at(-1)![0]! - systemicRiskEta(params, 0))).toBeLessThan(1e-9);
  });

  it("the general LQ solver (matrix Riccati, RK4) agrees with the closed form to 1e-9", () => {
    const sol = solveLqMfg(systemicRiskAsLq(params, { mean: 0.3, variance: 0.25 }), { steps: 400 });
    for (const i of [0, 100, 200, 400])
      expect(Math.abs(sol.P[i]![0]! - systemicRiskEta(params, sol.times[i]!))).toBeLessThan(1e-9);
    // the mean is conserved, Pi = -P, and alpha = (q + eta)(m - x)
    expect(sol.mean[400]![0]).toBeCloseTo(0.3, 12);
    expect(sol.K[0]![0]! + sol.P[0]![0]!).toBeCloseTo(0, 10);
    const alpha = sol.control(0, [1], [0.3])[0]! + params.q * (0.3 - 1);
    expect(alpha).toBeCloseTo((params.q + systemicRiskEta(params, 0)) * (0.3 - 1), 9);
    // cost: E[V(0, X0)] = eta(0)/2 Var(X0) + sigma^2/2 ∫ eta, using the closed form
    const exact = systemicRiskValue(params, 0.3, 0.3) + (systemicRiskEta(params, 0) / 2) * 0.25;
    expect(Math.abs(sol.cost - exact)).toBeLessThan(1e-9);
  });

  it("Monte Carlo of the controlled 8000-particle system matches the cost within 3 standard errors", () => {
    const problem = systemicRiskAsLq(params, { mean: 0, variance: 0.25 });
    const sol = solveLqMfg(problem, { steps: 200 });
    const mc = lqMonteCarloCost(problem, sol, { particles: 8000, steps: 100, seed: 7 });
    // Euler bias (dt = 0.01) measured at ~0.8 standard errors over seeds 1-7 (cost 0.379); checked at 3
    expect(Math.abs(mc.mean - sol.cost)).toBeLessThan(3 * mc.standardError);
  });

  it("mean-field control: same cost as the game for systemic risk (price of anarchy 1)", () => {
    const poa = priceOfAnarchy(systemicRiskAsLq(params, { mean: 0.5, variance: 0.25 }), { steps: 400 });
    expect(poa.ratio).toBeCloseTo(1, 9);
  });
});

describe("LQ example where Nash and social optimum differ", () => {
  // dX = alpha dt + 0.5 dW, cost (X - 0.5 m)^2 + alpha^2 / 2, terminal (X - 0.5 m)^2: players ignore their
  // effect on m, so the game is costlier than the social optimum.
  const f = (v: number) => Float64Array.of(v);
  const problem: LqProblem = {
    dim: 1,
    controlDim: 1,
    horizon: 1,
    A: f(0),
    Abar: f(0),
    B: f(1),
    R: f(1),
    Q: f(0),
    Qbar: f(2),
    S: f(0.5),
    QT: f(0),
    QbarT: f(2),
    ST: f(0.5),
    sigma: f(0.5),
    m0: f(1),
    cov0: f(0.1),
  };

  it("price of anarchy > 1 and both costs agree with Monte Carlo within 3 standard errors", () => {
    const game = solveLqMfg(problem, { steps: 200 });
    const control = solveLqMfc(problem, { steps: 200 });
    expect(game.cost / control.cost).toBeGreaterThan(1.01);
    for (const sol of [game, control]) {
      const mc = lqMonteCarloCost(problem, sol, { particles: 8000, steps: 100, seed: 3 });
      expect(Math.abs(mc.mean - sol.cost)).toBeLessThan(3 * mc.standardError);
    }
  });

  it("bad input names the field", () => {
    expect(() => solveLqMfg({ ...problem, A: new Float64Array(2) })).toThrow(
      /LqProblem.A must have length 1, received 2/,
    );
    expect(() => solveLqMfg(problem, { steps: 3 })).toThrow(/steps must be an even integer >= 2, received 3/);
    expect(() => systemicRiskEta({ ...params, sigma: 0 }, 0)).toThrow(/sigma must be > 0, received 0/);
  });

  it("lqMonteCarloCost: the solution must be this problem's, the seed an integer", () => {
    // a solution on T = 1 was silently applied to a problem on T = 0.5; a NaN seed silently meant seed 0
    const sol = solveLqMfg(problem, { steps: 20 });
    const half = { ...problem, horizon: problem.horizon / 2 };
    expect(() => lqMonteCarloCost(half, sol, { particles: 10, steps: 5 })).toThrow(
      /lqMonteCarloCost: solution is for horizon 1, the problem's horizon is 0.5/,
    );
    expect(() => lqMonteCarloCost(problem, sol, { particles: 10, steps: 5, seed: Number.NaN })).toThrow(
      /lqMonteCarloCost: seed must be an integer, received NaN/,
    );
  });
});

describe("systemic risk: degenerate parameters", () => {
  it("a + q = 0 and eps = q^2 (eta' = eta^2): eta = c/(1 + c(T - t)) instead of 0/0", () => {
    // closed form of eta' = eta^2, eta(T) = c; the previous exponential form returned NaN here
    const p = { a: 0, q: 0, eps: 0, c: 1, T: 1, sigma: 1 };
    for (const t of [0, 0.25, 0.5, 1]) expect(systemicRiskEta(p, t)).toBeCloseTo(1 / (1 + (1 - t)), 14);
    // r -> 0 continuously: eps = 1e-20 differs from the limit by O(eps) (the old form lost 7 digits here)
    expect(systemicRiskEta({ ...p, eps: 1e-20 }, 0)).toBeCloseTo(0.5, 14);
    // eps = q^2 with a + q > 0 still agrees with the general Riccati solver (RK4 error ~1e-12 at 400 steps)
    const q = { a: 0, q: 1, eps: 1, c: 1, T: 1, sigma: 1 };
    const sol = solveLqMfg(systemicRiskAsLq(q, { mean: 0, variance: 0 }), { steps: 400 });
    expect(Math.abs(sol.P[0]![0]! - systemicRiskEta(q, 0))).toBeLessThan(1e-10);
  });

  it("bad input names the argument", () => {
    expect(() => systemicRiskEta({ ...params, c: -1 }, 0)).toThrow(
      /c \(terminal penalty\) must be >= 0, received -1/,
    );
    // these returned NaN (x0) or built an LqProblem with a negative variance
    expect(() => systemicRiskValue(params, Number.NaN, 0)).toThrow(
      /systemicRiskValue: x0 must be a finite number, received NaN/,
    );
    expect(() => systemicRiskAsLq(params, { mean: 0, variance: -0.1 })).toThrow(
      /systemicRiskAsLq: initial must be \{ mean, variance \} with a finite mean and a variance >= 0, received mean 0, variance -0.1/,
    );
    const f = (v: number) => Float64Array.of(v);
    expect(() =>
      solveLqMfg({ ...systemicRiskAsLq(params, { mean: 0, variance: 0 }), sigma: f(Number.NaN) }),
    ).toThrow(/LqProblem.sigma\[0\] is not finite/);
  });
});

describe("2-D LQ MFG with a 1-D control and 3 noise channels (independent SciPy reference)", () => {
  // test/fixtures/gen_lq_mfg_2d.py solves the same game by fixed-point iteration on the mean path (no Pi-Riccati),
  // with DOP853 at rtol 1e-12; non-symmetric A, coupling Abar, S and ST not the identity.
  const F = (v: readonly number[]) => Float64Array.from(v);
  const q = lq2d.problem;
  const problem: LqProblem = {
    dim: 2,
    controlDim: 1,
    horizon: lq2d.horizon,
    A: F(q.A),
    Abar: F(q.Abar),
    B: F(q.B),
    R: F(q.R),
    Q: F(q.Q),
    Qbar: F(q.Qbar),
    S: F(q.S),
    QT: F(q.QT),
    QbarT: F(q.QbarT),
    ST: F(q.ST),
    sigma: F(q.sigma),
    m0: F(q.m0),
    cov0: F(q.cov0),
  };

  it("P(0), s(0) = Pi(0) m0, the mean path and the cost agree to 1e-10 (RK4, 400 steps)", () => {
    // measured with 200 steps: P0 2.7e-12, s0 1.4e-12, mean 4.4e-12, cost 2.0e-9 (Simpson on the RK4 midpoints)
    const sol = solveLqMfg(problem, { steps: 400 });
    const close = (a: ArrayLike<number>, b: readonly number[], tol: number) => {
      for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol);
    };
    close(sol.P[0]!, lq2d.P0, 1e-10);
    const K0 = sol.K[0]!;
    close([K0[0]! * q.m0[0]! + K0[1]! * q.m0[1]!, K0[2]! * q.m0[0]! + K0[3]! * q.m0[1]!], lq2d.s0, 1e-10);
    close(sol.mean[200]!, lq2d.meanHalf, 1e-10);
    close(sol.mean[400]!, lq2d.meanT, 1e-10);
    expect(Math.abs(sol.cost - lq2d.cost)).toBeLessThan(1e-9);
  });
});

describe("3-D LQ MFG, 2-D control, non-symmetric cost matrices (independent SciPy reference)", () => {
  // test/fixtures/gen_lq_mfg_3d.py: R, Q, Qbar, QT, QbarT are passed non-symmetric; the costs only see their
  // symmetric parts, which the script solves for by fixed-point iteration on the mean path (DOP853, rtol 1e-12).
  // Before the fix the Riccati right-hand sides used the raw matrices and P lost its symmetry (wrong P, cost).
  const F = (v: readonly number[]) => Float64Array.from(v);
  const q = lq3d.problem;
  const problem: LqProblem = {
    dim: 3,
    controlDim: 2,
    horizon: lq3d.horizon,
    A: F(q.A),
    Abar: F(q.Abar),
    B: F(q.B),
    R: F(q.R),
    Q: F(q.Q),
    Qbar: F(q.Qbar),
    S: F(q.S),
    QT: F(q.QT),
    QbarT: F(q.QbarT),
    ST: F(q.ST),
    sigma: F(q.sigma),
    m0: F(q.m0),
    cov0: F(q.cov0),
  };
  const close = (a: ArrayLike<number>, b: readonly number[], tol: number) => {
    expect(a.length).toBe(b.length);
    for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol);
  };

  it("P(0), s(0), m(T), the cost and the feedback agree to 1e-9 (RK4, 400 steps)", () => {
    // RK4 with h = T/800 is accurate to ~1e-12 here (as in the 2-D case); 1e-9 leaves room for the reference's
    // rtol 1e-12 and the Simpson quadrature of r(0) on RK4 midpoints (2e-9 in 2-D at 200 steps)
    const sol = solveLqMfg(problem, { steps: 400 });
    close(sol.P[0]!, lq3d.P0, 1e-9);
    const K0 = sol.K[0]!;
    const s0 = [0, 1, 2].map(
      (i) => K0[3 * i]! * q.m0[0]! + K0[3 * i + 1]! * q.m0[1]! + K0[3 * i + 2]! * q.m0[2]!,
    );
    close(s0, lq3d.s0, 1e-9);
    close(sol.mean[400]!, lq3d.meanT, 1e-9);
    expect(Math.abs(sol.cost - lq3d.cost)).toBeLessThan(1e-9);
    close(sol.control(0, lq3d.x, q.m0), lq3d.alpha0, 1e-9);
  });

  it("the social optimum is also computed from the symmetric parts", () => {
    // the control problem only sees the same quadratic forms: transposing every cost matrix changes nothing
    const tr = (m: Float64Array, n: number) =>
      Float64Array.from(m, (_, k) => m[(k % n) * n + Math.floor(k / n)]!);
    const transposed: LqProblem = {
      ...problem,
      R: tr(problem.R, 2),
      Q: tr(problem.Q, 3),
      Qbar: tr(problem.Qbar, 3),
      QT: tr(problem.QT, 3),
      QbarT: tr(problem.QbarT, 3),
    };
    const a = solveLqMfc(problem, { steps: 200 });
    const b = solveLqMfc(transposed, { steps: 200 });
    expect(Math.abs(a.cost - b.cost)).toBeLessThan(1e-12);
    close(a.P[0]!, Array.from(b.P[0]!), 1e-12);
    // and the equilibrium is no cheaper than the optimum (the Nash cost is the fixture's)
    expect(a.cost).toBeLessThanOrEqual(lq3d.cost + 1e-9);
  });

  it("bad input: R not positive definite, cov0 not a covariance, control off the grid or of the wrong size", () => {
    // symmetric part [[1, 2], [2, 1]] has eigenvalue -1 although both diagonal entries are positive (was NaN)
    expect(() => solveLqMfg({ ...problem, R: F([1, 2, 2, 1]) })).toThrow(
      /LqProblem.R must be positive definite \(its symmetric part\), received R = \[1,2,2,1\]/,
    );
    const cov = Float64Array.from(problem.cov0);
    cov[1] = 0.3;
    expect(() => solveLqMfg({ ...problem, cov0: cov })).toThrow(
      /LqProblem.cov0 must be symmetric, received cov0\[1,0\]=0.05 but cov0\[0,1\]=0.3/,
    );
    expect(() => solveLqMfg({ ...problem, cov0: F([0.2, 0, 0, 0, -0.1, 0, 0, 0, 0.3]) })).toThrow(
      /LqProblem.cov0 must be a covariance \(positive semi-definite\)/,
    );
    const sol = solveLqMfg(problem, { steps: 20 });
    expect(() => sol.control(0, [1, 2], q.m0)).toThrow(
      /LqSolution.control: x must have length dim=3, received 2/,
    );
    expect(() => sol.control(0, q.m0, [1, Number.NaN, 0])).toThrow(
      /LqSolution.control: m\[1\] must be finite/,
    );
    expect(() => sol.control(2, q.m0, q.m0)).toThrow(
      /LqSolution.control: t must be in \[0, T=1.2\], received 2/,
    );
    expect(() => sol.gains(Number.NaN)).toThrow(/LqSolution.gains: t must be in \[0, T=1.2\], received NaN/);
    // a singular but valid covariance (deterministic start) is accepted
    expect(Number.isFinite(solveLqMfg({ ...problem, cov0: new Float64Array(9) }, { steps: 20 }).cost)).toBe(
      true,
    );
  });
});

describe("LQ Riccati blow-up is an error, not NaN", () => {
  // 1-D, A = Abar = 0, B = R = 1, Q = -1, every other cost 0: Pi = 0 and P' = P^2 + 1, P(T) = 0, so
  // P(t) = -tan(T - t), finite on [0, T] iff T < pi/2
  const f = (v: number) => Float64Array.of(v);
  const concave = (T: number): LqProblem => ({
    dim: 1,
    controlDim: 1,
    horizon: T,
    A: f(0),
    Abar: f(0),
    B: f(1),
    R: f(1),
    Q: f(-1),
    Qbar: f(0),
    S: f(0),
    QT: f(0),
    QbarT: f(0),
    ST: f(0),
    sigma: f(0.5),
    m0: f(0),
    cov0: f(1),
  });

  it("T = 1.4 < pi/2: P(0) = -tan(1.4) (RK4 relative error < 1e-8 at 2000 steps)", () => {
    // P grows to -5.8 at t = 0; RK4's local error ~ h^5 P^(5) stays below 1e-8 relative with h = 1.4/4000
    const sol = solveLqMfg(concave(1.4));
    expect(Math.abs(sol.P[0]![0]! / -Math.tan(1.4) - 1)).toBeLessThan(1e-8);
  });

  it("T = 2 > pi/2: game and control solvers throw and name where the solution stops being finite", () => {
    // P has its pole at t = 2 - pi/2 = 0.4292; past it RK4 overflows within a few steps of h = 5e-4 (it returned
    // P = NaN and cost NaN before)
    const message = /the solution \(P, (Pi|Pm)\) of the Riccati equations is not finite at t = 0\.4[0-2]\d*/;
    expect(() => solveLqMfg(concave(2))).toThrow(message);
    expect(() => solveLqMfc(concave(2))).toThrow(message);
    expect(() => priceOfAnarchy(concave(2))).toThrow(/no solution on \[0, T\]/);
  });
});
