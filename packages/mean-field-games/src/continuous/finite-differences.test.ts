import { describe, expect, it } from "vitest";
import hopfCole from "../../test/fixtures/hopf_cole.json";
import { solveErgodicMfg1d } from "./ergodic-fd-1d.js";
import { solveErgodicMfg2d } from "./ergodic-fd-2d.js";
import { solveTimeDependentMfg1d } from "./time-dependent-fd-1d.js";

// Exact solution of -u'' + u'^2/2 + lambda = x^2/2 + log m, -m'' - (m u')' = 0, ∫m = 1 (nu = 1):
// u = a x^2/2 with a^2 + a - 1 = 0, m = N(0, 1/a), lambda = a - log(2 pi / a)/2.
const A = (Math.sqrt(5) - 1) / 2;
const EXACT_VARIANCE = 1 / A; // (1 + sqrt 5)/2 = 1.618034
const EXACT_LAMBDA = A - 0.5 * Math.log((2 * Math.PI) / A); // -0.541510

function moments(x: Float64Array, m: Float64Array): { mean: number; variance: number } {
  const h = x[1]! - x[0]!;
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += h * m[i]! * x[i]!;
  let variance = 0;
  for (let i = 0; i < x.length; i++) variance += h * m[i]! * (x[i]! - mean) ** 2;
  return { mean, variance };
}

describe("ergodic 1-D MFG on [-8, 8] (Gaussian tails beyond 6.3 standard deviations: truncation < 1e-9)", () => {
  it("first-order scheme on 12801 nodes matches variance and lambda to 1e-3; mass to 1e-10", () => {
    const res = solveErgodicMfg1d({ points: 12801, domain: [-8, 8] });
    expect(res.status).toBe("converged");
    const { variance } = moments(res.x, res.m);
    expect(Math.abs(variance - EXACT_VARIANCE)).toBeLessThan(1e-3);
    expect(Math.abs(res.lambda - EXACT_LAMBDA)).toBeLessThan(1e-3);
    expect(Math.abs(res.mass - 1)).toBeLessThan(1e-10);
    for (const v of res.m) expect(v).toBeGreaterThan(0);
  });

  it("errors halve with h (order 1); Richardson extrapolation gains two digits", () => {
    const coarse = solveErgodicMfg1d({ points: 1601 });
    const fine = solveErgodicMfg1d({ points: 3201 });
    const ec = moments(coarse.x, coarse.m).variance - EXACT_VARIANCE;
    const ef = moments(fine.x, fine.m).variance - EXACT_VARIANCE;
    expect(Math.log2(ec / ef)).toBeGreaterThan(0.9);
    expect(Math.log2(ec / ef)).toBeLessThan(1.1);
    // 2 U(h/2) - U(h) cancels the O(h) term: observed errors ~1e-5
    expect(
      Math.abs(2 * moments(fine.x, fine.m).variance - moments(coarse.x, coarse.m).variance - EXACT_VARIANCE),
    ).toBeLessThan(1e-4);
    expect(Math.abs(2 * fine.lambda - coarse.lambda - EXACT_LAMBDA)).toBeLessThan(1e-4);
  });

  it("bad input names the argument", () => {
    expect(() => solveErgodicMfg1d({ nu: 0 })).toThrow(/nu \(diffusion\) must be > 0, received 0/);
    expect(() => solveErgodicMfg1d({ nu: -1 })).toThrow(/nu \(diffusion\) must be > 0, received -1/);
    expect(() => solveErgodicMfg1d({ points: 3 })).toThrow(/points must be an integer >= 5, received 3/);
    expect(() => solveErgodicMfg1d({ domain: [1, -1] })).toThrow(/lower < upper, received \[1, -1\]/);
  });
});

describe("time-dependent 1-D MFG (implicit monotone scheme)", () => {
  const run = (k: number) =>
    solveTimeDependentMfg1d({
      points: 20 * k + 1,
      timeSteps: 10 * k,
      initialDensity: (x) => 1 + 0.5 * Math.cos(Math.PI * x),
      terminalCost: (x) => 2 * (x - 0.7) ** 2,
      damping: 0.7,
    });

  it("converges at first order under joint refinement (h, dt) -> (h/2, dt/2), mass conserved", () => {
    const levels = [1, 2, 4, 8].map(run);
    const diffs = levels.slice(0, -1).map((a, k) => {
      const b = levels[k + 1]!;
      let eu = 0;
      for (let i = 0; i < a.x.length; i++) eu += Math.abs(a.u[0]![i]! - b.u[0]![2 * i]!) / a.x.length;
      return eu;
    });
    // successive differences of u(0, .) shrink by 2^p; measured p = 1.07, 1.10 (first-order scheme)
    for (let k = 1; k < diffs.length; k++) {
      const p = Math.log2(diffs[k - 1]! / diffs[k]!);
      expect(p).toBeGreaterThan(0.85);
      expect(p).toBeLessThan(1.25);
    }
    for (const r of levels) {
      expect(r.status).toBe("converged");
      expect(r.massError).toBeLessThan(1e-10);
    }
  });

  it("bad input names the argument", () => {
    expect(() => solveTimeDependentMfg1d({ nu: 0 })).toThrow(/nu \(diffusion\) must be > 0, received 0/);
    expect(() => solveTimeDependentMfg1d({ kappa: -1 })).toThrow(/kappa must be >= 0/);
    expect(() => solveTimeDependentMfg1d({ timeSteps: 0 })).toThrow(
      /timeSteps must be a positive integer, received 0/,
    );
  });
});

describe("ergodic 1-D MFG off the default setting (nu != 1, off-centre domain)", () => {
  // For V = x^2/2, f = log m and any nu: u = a x^2/2 with a^2 + a/nu - 1 = 0, m = N(0, nu/a),
  // lambda = nu a - log(2 pi nu / a)/2.
  const exactLambda = (nu: number) => {
    const a = (-1 / nu + Math.sqrt(1 / nu ** 2 + 4)) / 2;
    return nu * a - 0.5 * Math.log((2 * Math.PI * nu) / a);
  };

  it.each([
    [0.5, [-6, 6]],
    [1, [-7, 9]],
  ] as const)(
    "nu = %s on %j converges at first order (Newton used to stall from the flat start)",
    (nu, domain) => {
      // With additive Newton steps halved until m > 0 both runs ended at maxIterations with lambda off by 1.4–1.8.
      const coarse = solveErgodicMfg1d({ nu, domain: [...domain], points: 401 });
      const fine = solveErgodicMfg1d({ nu, domain: [...domain], points: 801 });
      for (const r of [coarse, fine]) {
        expect(r.status).toBe("converged");
        expect(Math.abs(r.mass - 1)).toBeLessThan(1e-10);
      }
      const ec = coarse.lambda - exactLambda(nu);
      const ef = fine.lambda - exactLambda(nu);
      // measured errors 2.3e-3 -> 1.1e-3 (nu 0.5) and 7.8e-3 -> 3.9e-3 (off-centre): order 1.0 (first-order scheme)
      expect(Math.abs(ec)).toBeLessThan(1e-2);
      expect(Math.log2(ec / ef)).toBeGreaterThan(0.9);
      expect(Math.log2(ec / ef)).toBeLessThan(1.1);
    },
  );

  it("bad input names the argument", () => {
    expect(() => solveErgodicMfg1d({ points: 101, tolerance: -1 })).toThrow(
      /tolerance must be > 0, received -1/,
    );
    expect(() => solveErgodicMfg1d({ points: 101, maxIterations: Number.NaN })).toThrow(
      /maxIterations must be a positive integer, received NaN/,
    );
    expect(() => solveErgodicMfg1d({ points: 101, potential: (x) => (x > 0 ? Number.NaN : 0) })).toThrow(
      /potential must be finite on the grid, received V\(0.16\d*\) = NaN/,
    );
  });
});

describe("time-dependent 1-D MFG against the linear-quadratic closed form (kappa = 0)", () => {
  // kappa = 0, V = x^2/2, g = c x^2/2: u = p(t) x^2/2 + r(t) with p' = p^2 - 1, p(T) = c, and the density stays
  // Gaussian, dX = -p X dt + sqrt(2 nu) dW, mean' = -p mean, variance' = -2 p variance + 2 nu.
  const nu = 0.3;
  const c = 2;
  const p = (t: number) => {
    const th = Math.tanh(1 - t);
    return (c + th) / (1 + c * th);
  };
  // moments at T = 1 from X_0 ~ N(0.5, 0.09): the linear moment ODEs by RK4 on 20000 steps (error ~1e-15)
  const exactMoments = () => {
    let mean = 0.5;
    let v = 0.09;
    const K = 20000;
    const h = 1 / K;
    const f = (t: number, y: [number, number]): [number, number] => [-p(t) * y[0], -2 * p(t) * y[1] + 2 * nu];
    for (let i = 0; i < K; i++) {
      const t = i * h;
      const k1 = f(t, [mean, v]);
      const k2 = f(t + h / 2, [mean + (h / 2) * k1[0], v + (h / 2) * k1[1]]);
      const k3 = f(t + h / 2, [mean + (h / 2) * k2[0], v + (h / 2) * k2[1]]);
      const k4 = f(t + h, [mean + h * k3[0], v + h * k3[1]]);
      mean += (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
      v += (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    }
    return { mean, v };
  };

  it("mean and variance of m(T) and u(0) converge at first order; mass conserved, m >= 0", () => {
    const ex = exactMoments();
    const errs = [1, 2].map((k) => {
      const r = solveTimeDependentMfg1d({
        nu,
        domain: [-4, 4],
        horizon: 1,
        points: 40 * k + 1,
        timeSteps: 10 * k,
        potential: (x) => (x * x) / 2,
        kappa: 0,
        terminalCost: (x) => (c * x * x) / 2,
        initialDensity: (x) => Math.exp(-((x - 0.5) ** 2) / 0.18),
      });
      expect(r.status).toBe("converged");
      expect(r.massError).toBeLessThan(1e-12);
      for (const mn of r.m) for (const v of mn) expect(v).toBeGreaterThanOrEqual(0);
      const { mean, variance } = moments(r.x, r.m.at(-1)!);
      const i0 = (r.x.length - 1) / 2;
      let eu = 0;
      for (let i = 0; i < r.x.length; i++)
        if (Math.abs(r.x[i]!) <= 2)
          eu = Math.max(eu, Math.abs(r.u[0]![i]! - r.u[0]![i0]! - (p(0) * r.x[i]! ** 2) / 2));
      return [Math.abs(mean - ex.mean), Math.abs(variance - ex.v), eu];
    });
    // measured: mean 3.1e-2 -> 1.6e-2, variance 6.2e-2 -> 3.2e-2, u 0.19 -> 0.095 (orders 0.98, 0.94, 0.99)
    for (let j = 0; j < 3; j++) {
      expect(errs[0]![j]!).toBeLessThan([0.04, 0.08, 0.25][j]!);
      const order = Math.log2(errs[0]![j]! / errs[1]![j]!);
      expect(order).toBeGreaterThan(0.85);
      expect(order).toBeLessThan(1.15);
    }
  });

  it("bad input names the argument", () => {
    expect(() => solveTimeDependentMfg1d({ horizon: Number.POSITIVE_INFINITY })).toThrow(
      /horizon must be > 0 and finite, received Infinity/,
    );
    expect(() => solveTimeDependentMfg1d({ kappa: Number.POSITIVE_INFINITY })).toThrow(
      /kappa must be >= 0 and finite/,
    );
    expect(() => solveTimeDependentMfg1d({ domain: [0, Number.POSITIVE_INFINITY] })).toThrow(
      /domain must be \[lower, upper\] with lower < upper, received \[0, Infinity\]/,
    );
    expect(() => solveTimeDependentMfg1d({ initialDensity: (x) => x - 0.4 })).toThrow(
      /initialDensity must be >= 0 and finite, received -0.4 at x = 0/,
    );
  });
});

describe("time-dependent and ergodic solvers agree on a long horizon (turnpike)", () => {
  it("m(T/2) equals the ergodic density and -u_t equals lambda, on the same grid, to 1e-8", () => {
    // Two independent solvers of the same spatial scheme: for T = 8 the time-dependent solution is stationary in
    // the middle of [0, T] up to exp(-rate T/2), and backward Euler is exact on a stationary solution.
    // Measured: max |m(T/2) - m_ergodic| = 5e-11, lambda from u_t off by 1.3e-10.
    const V = (x: number) => 2 * Math.cos(2 * Math.PI * x);
    const common = { nu: 0.3, domain: [0, 1] as [number, number], points: 51, potential: V };
    const erg = solveErgodicMfg1d({ ...common, coupling: { f: (m) => m, df: () => 1 } });
    const td = solveTimeDependentMfg1d({
      ...common,
      horizon: 8,
      timeSteps: 40,
      kappa: 1,
      terminalCost: () => 0,
      initialDensity: () => 1,
    });
    expect(erg.status).toBe("converged");
    expect(td.status).toBe("converged");
    let err = 0;
    for (let i = 0; i < 51; i++) err = Math.max(err, Math.abs(td.m[20]![i]! - erg.m[i]!));
    expect(err).toBeLessThan(1e-8);
    // u(t, x) ≈ lambda (T - t) + u_erg(x) in the middle: -u_t from t = 3 to t = 5 at x = 0
    const lambda = (td.u[15]![0]! - td.u[25]![0]!) / 2;
    expect(Math.abs(lambda - erg.lambda)).toBeLessThan(1e-8);
  });
});

describe("time-dependent 1-D MFG: uncoupled HJB (kappa = 0) and the implicit Newton steps", () => {
  const residual = (
    r: ReturnType<typeof solveTimeDependentMfg1d>,
    o: { nu: number; potential: (x: number) => number; kappa: number; horizon: number },
  ) => {
    // the implicit scheme written out independently: (u^n - u^{n+1})/dt - nu D2 u^n + H(Du^n) = V + kappa m^{n+1}
    const N = r.x.length;
    const h = r.x[1]! - r.x[0]!;
    const dt = o.horizon / (r.u.length - 1);
    let res = 0;
    for (let n = 0; n + 1 < r.u.length; n++) {
      const u = r.u[n]!;
      const next = r.u[n + 1]!;
      for (let i = 0; i < N; i++) {
        const p1 = i < N - 1 ? (u[i + 1]! - u[i]!) / h : 0;
        const p2 = i > 0 ? (u[i]! - u[i - 1]!) / h : 0;
        const F =
          (u[i]! - next[i]!) / dt -
          (o.nu * (p1 - p2)) / h +
          0.5 * (Math.min(p1, 0) ** 2 + Math.max(p2, 0) ** 2) -
          o.potential(r.x[i]!) -
          o.kappa * r.m[n + 1]![i]!;
        res = Math.max(res, Math.abs(F));
      }
    }
    return res;
  };

  it("u(0) converges at first order to the Hopf-Cole solution (test/fixtures/gen_hopf_cole.py)", () => {
    // with kappa = 0 u does not depend on m, so one outer iteration gives the final u
    const errors = [1, 2].map((k) => {
      const r = solveTimeDependentMfg1d({
        nu: hopfCole.nu,
        horizon: hopfCole.horizon,
        kappa: 0,
        points: 50 * k + 1,
        timeSteps: 25 * k,
        maxIterations: 1,
      });
      return Math.max(...hopfCole.x.map((_, j) => Math.abs(r.u[0]![5 * k * j]! - hopfCole.u0[j]!)));
    });
    // measured 0.0416 and 0.0211 (and 0.0107, 0.0054 at levels 4, 8): first order in (h, dt)
    expect(errors[0]).toBeLessThan(0.05);
    expect(Math.log2(errors[0]! / errors[1]!)).toBeGreaterThan(0.9);
    expect(Math.log2(errors[0]! / errors[1]!)).toBeLessThan(1.1);
  });

  it("an oscillating potential needs 32 Newton steps in one implicit step: u solves the scheme", () => {
    // V = 1000 (1 + sin(20 pi x)), nu = 1e-3, one time step on 401 nodes: Newton (policy iteration) needs 32
    // steps; the former cap of 30 returned an iterate with scheme residual ~80 and reported "converged". Newton
    // stops at residual < 1e-12 (1 + 1/h^2) = 1.6e-7, so 1e-6 bounds a converged step.
    const o = {
      nu: 1e-3,
      kappa: 0,
      horizon: 1,
      potential: (x: number) => 1000 * (1 + Math.sin(20 * Math.PI * x)),
    };
    const r = solveTimeDependentMfg1d({ ...o, points: 401, timeSteps: 1, maxIterations: 1 });
    expect(r.status).not.toBe("failed");
    expect(residual(r, o)).toBeLessThan(1e-6);
  });

  it("bad input: a terminal cost that is not finite, options that are not functions", () => {
    // a NaN terminal cost reached core-tensor's banded LU ("bandedLu: band must be finite … band[0, 1]")
    expect(() => solveTimeDependentMfg1d({ terminalCost: () => Number.NaN })).toThrow(
      /terminalCost must be finite on the grid, received g\(0\) = NaN/,
    );
    expect(() => solveTimeDependentMfg1d({ terminalCost: (x) => (x > 0.5 ? Infinity : 0) })).toThrow(
      /terminalCost must be finite on the grid, received g\(0.5\d*\) = Infinity/,
    );
    expect(() => solveTimeDependentMfg1d({ potential: 3 as never })).toThrow(
      /potential must be a function of x, received 3/,
    );
  });
});

describe("ergodic solvers: couplings and grids that cannot work are named", () => {
  it("coupling without its derivative, potential not a function (1-D and 2-D)", () => {
    // with only f, Newton used the default derivative 1/m of log m and ended at maxIterations (residual ~1)
    const coupling = { f: (m: number) => m } as never;
    expect(() => solveErgodicMfg1d({ points: 101, coupling })).toThrow(
      /solveErgodicMfg1d: coupling.df must be a function \(coupling needs both f and its derivative df\), received undefined/,
    );
    expect(() => solveErgodicMfg2d({ points: 9, coupling })).toThrow(
      /solveErgodicMfg2d: coupling.df must be a function/,
    );
    expect(() => solveErgodicMfg1d({ points: 101, potential: 1 as never })).toThrow(
      /potential must be a function, received 1/,
    );
  });

  it("a coupling that is NaN at the initial guess fails with a reason (was max-iterations after 0 steps)", () => {
    const coupling = { f: (m: number) => (m < 1 ? Number.NaN : Math.log(m)), df: (m: number) => 1 / m };
    for (const r of [
      solveErgodicMfg1d({ points: 101, coupling }),
      solveErgodicMfg2d({ points: 9, coupling }),
    ]) {
      expect(r.status).toBe("failed");
      expect(r.message).toMatch(
        /residual is not finite at the initial guess \(NaN\); coupling.f must be finite/,
      );
    }
    expect(() => solveErgodicMfg1d({ points: 101, coupling, throw: true })).toThrow(
      /not finite at the initial guess/,
    );
  });

  it("2-D points must be one number or [nx, ny]", () => {
    // [21, 31, 4] silently used 21 x 31; [21] reported "points (ny) … received undefined"
    expect(() => solveErgodicMfg2d({ points: [21, 31, 4] as never })).toThrow(
      /points must be a number or \[nx, ny\], received \[21,31,4\]/,
    );
    expect(() => solveErgodicMfg2d({ points: [21] as never })).toThrow(
      /points must be a number or \[nx, ny\], received \[21\]/,
    );
  });
});
