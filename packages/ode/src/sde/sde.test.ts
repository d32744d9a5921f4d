import { describe, expect, it } from "vitest";
import {
  controlTerm,
  multiTerm,
  odeTerm,
  sdeSolvers,
  solve,
  solveSde,
  virtualBrownianTree,
} from "../index.js";
import { logLogSlope } from "../testing/index.js";

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

describe("virtual Brownian tree", () => {
  it("is one path whatever the query grid, and is reproducible from the seed", () => {
    const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 2, seed: 11 });
    const whole = bm.increment(0, 1);
    const a = bm.increment(0, 0.3);
    const b = bm.increment(0.3, 0.8);
    const c = bm.increment(0.8, 1);
    for (let k = 0; k < 2; k++) expect(a[k]! + b[k]! + c[k]!).toBeCloseTo(whole[k]!, 12);
    expect(Array.from(virtualBrownianTree({ t0: 0, t1: 1, dim: 2, seed: 11 }).increment(0.3, 0.8))).toEqual(
      Array.from(b),
    );
    expect(virtualBrownianTree({ t0: 0, t1: 1, dim: 2, seed: 12 }).increment(0, 1)[0]).not.toBe(whole[0]);
    // Time integral is additive too: ∫₀¹ = ∫₀^½ + ∫_½¹ + ½·(W(½) − W(0)).
    const I = bm.timeIntegral(0, 1)[0]!;
    const I1 = bm.timeIntegral(0, 0.5)[0]!;
    const I2 = bm.timeIntegral(0.5, 1)[0]!;
    expect(I1 + I2 + 0.5 * bm.increment(0, 0.5)[0]!).toBeCloseTo(I, 12);
  });

  it("has the Brownian covariance structure (4000 seeds)", () => {
    const N = 4000;
    const d1: number[] = [];
    const d2: number[] = [];
    const iz: number[] = [];
    const w1: number[] = [];
    for (let s = 0; s < N; s++) {
      const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: s });
      d1.push(bm.increment(0.25, 0.5)[0]!);
      d2.push(bm.increment(0.5, 0.875)[0]!);
      iz.push(bm.timeIntegral(0, 0.5)[0]!);
      w1.push(bm.increment(0, 0.5)[0]!);
    }
    const v = (x: number[]) => mean(x.map((a) => a * a));
    // Sampling s.d. of a variance estimate is var·sqrt(2/N) ≈ 2.2% of var; we allow ~4 s.d. (10%).
    expect(Math.abs(mean(d1))).toBeLessThan(4 * Math.sqrt(0.25 / N));
    expect(v(d1) / 0.25).toBeCloseTo(1, 0);
    expect(Math.abs(v(d1) / 0.25 - 1)).toBeLessThan(0.1);
    expect(Math.abs(v(d2) / 0.375 - 1)).toBeLessThan(0.1);
    expect(Math.abs(mean(d1.map((a, i) => a * d2[i]!)))).toBeLessThan(4 * Math.sqrt((0.25 * 0.375) / N));
    // ∫₀^½ W: variance (½)³/3, covariance with W(½) is (½)²/2.
    expect(Math.abs(v(iz) / (0.125 / 3) - 1)).toBeLessThan(0.1);
    expect(Math.abs(mean(iz.map((a, i) => a * w1[i]!)) / 0.125 - 1)).toBeLessThan(0.1);
  });

  it("rejects bad arguments", () => {
    expect(() => virtualBrownianTree({ t0: 1, t1: 0, dim: 1, seed: 0 })).toThrow(/need finite t0 < t1/);
    expect(() => virtualBrownianTree({ t0: 0, t1: 1, dim: 0, seed: 0 })).toThrow(
      /dim must be a positive integer/,
    );
    const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 0 });
    expect(() => bm.increment(0.5, 2)).toThrow(/need 0 ≤ s ≤ t ≤ 1/);
  });
});

// Geometric Brownian motion dX = μX dt + σX dW: Itô X_T = X₀exp((μ − σ²/2)T + σW_T),
// Stratonovich (X ∘ dW) X_T = X₀exp(μT + σW_T).
const MU = 1.5;
const SIGMA = 1.0;
const PATHS = 200;
const STEPS = [8, 16, 32, 64, 128];

function strongErrors(solver: string, stratonovich: boolean): number[] {
  return STEPS.map((nSteps) => {
    const errs: number[] = [];
    for (let s = 0; s < PATHS; s++) {
      const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 1000 + s });
      const r = solveSde({
        drift: (_t, y) => [MU * y[0]!],
        diffusion: (_t, y) => [SIGMA * y[0]!],
        t0: 0,
        t1: 1,
        y0: [1],
        dt0: 1 / nSteps,
        solver,
        brownian: bm,
      });
      const W = bm.increment(0, 1)[0]!;
      const exact = Math.exp((stratonovich ? MU : MU - SIGMA ** 2 / 2) + SIGMA * W);
      errs.push(Math.abs(r.ys[0]![0]! - exact));
    }
    return mean(errs);
  });
}

describe("SDE solvers: strong order on geometric Brownian motion (same Brownian paths at every dt)", () => {
  it.each([
    ["EulerMaruyama", 0.5, false],
    ["Milstein", 1.0, false],
    ["Heun", 1.0, true],
  ] as const)("%s has strong order %s", (solver, order, strat) => {
    const errs = strongErrors(solver, strat);
    const slope = logLogSlope(
      STEPS.map((n) => 1 / n),
      errs,
    );
    // Issue #7 criterion: fitted slope within 0.5 of the strong order; 200 paths keep the Monte Carlo
    // scatter of the fitted slope around ±0.1 (measured 0.49 / 0.98 / 0.98 with 1000 paths in bench/).
    expect(Math.abs(slope - order)).toBeLessThan(0.5);
    expect(Math.abs(slope - order)).toBeLessThan(0.25);
  });

  it("SRA1 has strong order 1.5 on additive noise (EM: 1.0), against a 2¹⁰-step SRA1 reference", () => {
    // dX = −sin(X)·X dt + 0.5 dW (additive noise, nonlinear drift).
    const drift = (_t: number, y: Float64Array) => [-Math.sin(y[0]!) * y[0]!];
    const diffusion = () => [0.5];
    const steps = [4, 8, 16, 32, 64];
    const errs: Record<string, number[]> = { SRA1: [], EulerMaruyama: [] };
    const paths = 80;
    const refs: number[] = [];
    for (let s = 0; s < paths; s++) {
      const bm = virtualBrownianTree({ t0: 0, t1: 2, dim: 1, seed: 77 + s });
      refs.push(
        solveSde({ drift, diffusion, t0: 0, t1: 2, y0: [1], dt0: 2 / 1024, solver: "SRA1", brownian: bm })
          .ys[0]![0]!,
      );
    }
    for (const solver of ["SRA1", "EulerMaruyama"]) {
      for (const n of steps) {
        const e: number[] = [];
        for (let s = 0; s < paths; s++) {
          const bm = virtualBrownianTree({ t0: 0, t1: 2, dim: 1, seed: 77 + s });
          const r = solveSde({ drift, diffusion, t0: 0, t1: 2, y0: [1], dt0: 2 / n, solver, brownian: bm });
          e.push(Math.abs(r.ys[0]![0]! - refs[s]!));
        }
        errs[solver]!.push(mean(e));
      }
    }
    const h = steps.map((n) => 2 / n);
    expect(Math.abs(logLogSlope(h, errs.SRA1!) - 1.5)).toBeLessThan(0.3);
    expect(Math.abs(logLogSlope(h, errs.EulerMaruyama!) - 1.0)).toBeLessThan(0.3);
  });
});

describe("SDE solvers: weak order", () => {
  it("Euler–Maruyama has weak order 1 for E[X_T] (control variate: exact solution on the same path)", () => {
    // E[X_N − X_T] is the weak error; subtracting the exact X_T on the same path removes most of the Monte
    // Carlo variance (what remains is the strong error, O(√h)/√paths ≪ O(h) here).
    const paths = 1000;
    const steps = [4, 8, 16, 32];
    const errs = steps.map((n) => {
      const d: number[] = [];
      for (let s = 0; s < paths; s++) {
        const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 5000 + s });
        const r = solveSde({
          drift: (_t, y) => [MU * y[0]!],
          diffusion: (_t, y) => [0.3 * y[0]!],
          t0: 0,
          t1: 1,
          y0: [1],
          dt0: 1 / n,
          brownian: bm,
        });
        d.push(r.ys[0]![0]! - Math.exp(MU - 0.045 + 0.3 * bm.increment(0, 1)[0]!));
      }
      return Math.abs(mean(d));
    });
    // Closed form of the EM weak error here: e^{μ} − (1 + μ/N)^N.
    steps.forEach((n, i) => {
      expect(Math.abs(errs[i]! - (Math.exp(MU) - (1 + MU / n) ** n)) / errs[i]!).toBeLessThan(0.1);
    });
    expect(
      Math.abs(
        logLogSlope(
          steps.map((n) => 1 / n),
          errs,
        ) - 1,
      ),
    ).toBeLessThan(0.2);
  });
});

describe("SDEs through solve() with diffrax-shaped terms", () => {
  it("multiTerm(odeTerm, controlTerm) with an SDE solver equals solveSde", () => {
    const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 3 });
    const drift = (_t: number, y: Float64Array) => [-y[0]!];
    const diffusion = (_t: number, y: Float64Array) => [0.2 * y[0]!];
    const a = solve({
      term: multiTerm(odeTerm(drift), controlTerm(diffusion, bm)),
      solver: "Milstein",
      t0: 0,
      t1: 1,
      y0: [1],
      dt0: 0.01,
    });
    const b = solveSde({
      drift,
      diffusion,
      t0: 0,
      t1: 1,
      y0: [1],
      dt0: 0.01,
      solver: "Milstein",
      brownian: bm,
    });
    expect(a.ys[0]![0]).toBe(b.ys[0]![0]);
    expect(() =>
      solve({
        term: multiTerm(odeTerm(drift), controlTerm(diffusion, bm)),
        solver: "Tsit5",
        t0: 0,
        t1: 1,
        y0: [1],
        dt0: 0.01,
      }),
    ).toThrow(/unknown SDE solver 'Tsit5'; known: EulerMaruyama, Milstein, Heun, SRA1/);
  });

  it("general noise (n×m diffusion) and bad input", () => {
    // 2-D state driven by 3 Brownian motions: X = x0 + G W(t) exactly for constant G (any scheme).
    const G = [1, 0.5, 0, 0, 2, -1];
    const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 3, seed: 9 });
    const r = solveSde({
      drift: () => [0, 0],
      diffusion: () => G,
      t0: 0,
      t1: 1,
      y0: [0, 0],
      dt0: 0.1,
      noise: "general",
      brownian: bm,
    });
    const W = bm.increment(0, 1);
    expect(r.ys[0]![0]).toBeCloseTo(W[0]! + 0.5 * W[1]!, 12);
    expect(r.ys[0]![1]).toBeCloseTo(2 * W[1]! - W[2]!, 12);
    expect(() =>
      solveSde({
        drift: () => [0],
        diffusion: () => [1],
        t0: 0,
        t1: 1,
        y0: [0],
        dt0: 0.1,
        solver: "Milstein",
        noise: "general",
      }),
    ).toThrow(/supports noise diagonal, scalar, received "general"/);
    expect(() =>
      solveSde({ drift: () => [0, 1], diffusion: () => [1], t0: 0, t1: 1, y0: [0], dt0: 0.1 }),
    ).toThrow("solveSde: drift returned 2 components, expected 1");
    expect(() =>
      solveSde({ drift: () => [0], diffusion: () => [1], t0: 0, t1: 1, y0: [0], dt0: -1 }),
    ).toThrow("dt0 must be > 0");
    expect(sdeSolvers.names()).toEqual(["EulerMaruyama", "Milstein", "Heun", "SRA1"]);
  });

  it("an exploding SDE returns a non-finite status with t", () => {
    const r = solveSde({
      drift: (_t, y) => [y[0]! ** 3],
      diffusion: () => [0],
      t0: 0,
      t1: 10,
      y0: [2],
      dt0: 0.1,
    });
    expect(r.status).toBe(-1);
    expect(r.message).toMatch(/non-finite state at t=/);
  });

  it("a span shorter than dt0 still takes its one step (it used to return y0 as y(t1))", () => {
    // dy = 2 dt + dW is integrated exactly by Euler–Maruyama: y(t1) = 2 t1 + W(t1) on the same path.
    const t1 = 1e-10;
    const bm = virtualBrownianTree({ t0: 0, t1, dim: 1, seed: 5 });
    const r = solveSde({ drift: () => [2], diffusion: () => [1], t0: 0, t1, y0: [0], dt0: 1, brownian: bm });
    expect(r.nsteps).toBe(1);
    const exact = 2 * t1 + bm.increment(0, t1)[0]!;
    expect(exact).not.toBe(0);
    // One step of exact arithmetic on numbers ~1e-5: agreement to a few ulps.
    expect(Math.abs(r.ys[0]![0]! - exact)).toBeLessThan(1e-19);
  });

  it("SRA1 rejects a diffusion that depends on y (additive noise only), naming the solver and the alternatives", () => {
    const gbm = { drift: (_t: number, y: Float64Array) => [0.1 * y[0]!], t0: 0, t1: 1, y0: [1], dt0: 0.01 };
    expect(() => solveSde({ ...gbm, diffusion: (_t, y) => [0.2 * y[0]!], solver: "SRA1" })).toThrow(
      /solver 'SRA1' needs additive noise \(g independent of y\), but diffusion\[0\] changes with y at t=0 .*Milstein/,
    );
    // Time-dependent additive noise is fine, and the probe does not count as diffusion evaluations.
    const ok = solveSde({ ...gbm, diffusion: (t) => [0.2 + t], solver: "SRA1" });
    expect(ok.status).toBe(0);
    expect(ok.nfev).toBe(4 * 100); // SRA1: 2 drift + 2 diffusion evaluations per step, 100 steps
  });

  it("Milstein on scalar noise with n = 2 coupled components has strong order 1 (it used to refuse n > 1)", () => {
    // dX = aX dt + BX dW with one Brownian motion, B = [[s1, c], [0, s2]] and A = aI commuting with B, so
    // X_T = expm((aI − B²/2)T + B W_T) X₀ exactly; expm of an upper-triangular 2×2 [[p, q], [0, r]] is
    // [[eᵖ, q(eᵖ − eʳ)/(p − r)], [0, eʳ]]. The correction (g(ȳ) − g(y))/√h uses the coupling c, so a
    // componentwise scheme would stay at order 0.5.
    const [a, s1, c, s2, T] = [0.4, 0.5, 0.3, -0.7, 1];
    const x0 = [1, 2];
    const exact = (W: number) => {
      const p = (a - (s1 * s1) / 2) * T + s1 * W;
      const r = (a - (s2 * s2) / 2) * T + s2 * W;
      const q = ((-c * (s1 + s2)) / 2) * T + c * W;
      return [
        Math.exp(p) * x0[0]! + ((q * (Math.exp(p) - Math.exp(r))) / (p - r)) * x0[1]!,
        Math.exp(r) * x0[1]!,
      ];
    };
    const steps = [8, 16, 32, 64];
    const paths = 100;
    const slopeOf = (solver: string) => {
      const errs = steps.map(() => 0);
      for (let seed = 0; seed < paths; seed++) {
        const bm = virtualBrownianTree({ t0: 0, t1: T, dim: 1, seed });
        const ex = exact(bm.increment(0, T)[0]!);
        steps.forEach((N, k) => {
          const r = solveSde({
            drift: (_t, y) => [a * y[0]!, a * y[1]!],
            diffusion: (_t, y) => [s1 * y[0]! + c * y[1]!, s2 * y[1]!],
            noise: "scalar",
            t0: 0,
            t1: T,
            y0: x0,
            dt0: T / N,
            solver,
            brownian: bm,
          });
          errs[k]! += Math.hypot(r.ys[0]![0]! - ex[0]!, r.ys[0]![1]! - ex[1]!) / paths;
        });
      }
      return logLogSlope(
        steps.map((N) => T / N),
        errs,
      );
    };
    // 100 paths: slope 0.96 (Milstein) and 0.45 (Euler–Maruyama) measured; ±0.15 covers the sampling spread.
    expect(Math.abs(slopeOf("Milstein") - 1)).toBeLessThan(0.15);
    expect(Math.abs(slopeOf("EulerMaruyama") - 0.5)).toBeLessThan(0.15);
  });
});
