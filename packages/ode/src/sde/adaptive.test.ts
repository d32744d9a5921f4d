import { describe, expect, it } from "vitest";
import { solveSde, virtualBrownianTree } from "../index.js";
import { logLogSlope } from "../testing/index.js";

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

describe("adaptive SDE steps (step doubling) on the virtual Brownian tree", () => {
  it("Milstein on geometric Brownian motion converges strongly to the exact solution on the same path", () => {
    // dX = μX dt + σX dW (Itô): X_T = exp((μ − σ²/2)T + σW_T), evaluated with W_T of the same tree.
    const mu = 0.5;
    const sigma = 1;
    const tols = [1e-2, 1e-3, 1e-4];
    const paths = 16;
    const errs: number[] = [];
    const work: number[] = [];
    for (const tol of tols) {
      const e: number[] = [];
      const s: number[] = [];
      for (let p = 0; p < paths; p++) {
        const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 500 + p });
        const r = solveSde({
          drift: (_t, y) => [mu * y[0]!],
          diffusion: (_t, y) => [sigma * y[0]!],
          t0: 0,
          t1: 1,
          y0: [1],
          dt0: 0.1,
          solver: "Milstein",
          brownian: bm,
          adaptive: true,
          rtol: tol,
          atol: tol,
        });
        expect(r.success).toBe(true);
        const exact = Math.exp(mu - sigma ** 2 / 2 + sigma * bm.increment(0, 1)[0]!);
        e.push(Math.abs(r.ys[0]![0]! - exact));
        s.push(r.nsteps + r.nrejected);
      }
      errs.push(mean(e));
      work.push(mean(s));
    }
    // Measured (16 paths): mean errors 0.122, 0.056, 0.018 for 9.1, 38, 195 trial steps. Step doubling controls
    // the error per step (local mean-square error O(h^{3/2}) for Milstein), so the work grows like tol^(−2/3)
    // (fitted 0.67) and the strong error like ~tol^(1/3) (fitted 0.41): we check strong convergence (errors
    // fall, slope in [0.2, 0.6]) and the work exponent (in [0.5, 0.85]).
    expect(errs[1]!).toBeLessThan(errs[0]!);
    expect(errs[2]!).toBeLessThan(errs[1]!);
    const errSlope = logLogSlope(tols, errs);
    expect(errSlope).toBeGreaterThan(0.2);
    expect(errSlope).toBeLessThan(0.6);
    const workSlope = -logLogSlope(tols, work);
    expect(workSlope).toBeGreaterThan(0.5);
    expect(workSlope).toBeLessThan(0.85);
  });

  it("different step sequences see the same path: adaptive Heun → a 2¹²-step fixed Heun solution", () => {
    // Nonlinear Stratonovich SDE dX = −sin X dt + 0.5(1 + 0.5 cos X) ∘ dW, no closed form: the reference is
    // stochastic Heun with 4096 constant steps on the same tree (strong error ~ 1e-4, well below the 1e-2…1e-3
    // errors measured here).
    const drift = (_t: number, y: Float64Array) => [-Math.sin(y[0]!)];
    const diffusion = (_t: number, y: Float64Array) => [0.5 * (1 + 0.5 * Math.cos(y[0]!))];
    const paths = 4;
    const errs = [3e-2, 1e-3].map((tol) => {
      const e: number[] = [];
      for (let p = 0; p < paths; p++) {
        const bm = virtualBrownianTree({ t0: 0, t1: 2, dim: 1, seed: 900 + p });
        const common = { drift, diffusion, t0: 0, t1: 2, y0: [1], solver: "Heun", brownian: bm };
        const ref = solveSde({ ...common, dt0: 2 / 4096 }).ys[0]![0]!;
        // Two different first steps: two different step sequences, one path.
        const a = solveSde({ ...common, dt0: 0.1, adaptive: true, rtol: tol, atol: tol }).ys[0]![0]!;
        const b = solveSde({ ...common, dt0: 0.013, adaptive: true, rtol: tol, atol: tol }).ys[0]![0]!;
        e.push(Math.max(Math.abs(a - ref), Math.abs(b - ref)));
      }
      return mean(e);
    });
    // Measured (4 paths) 0.040 and 0.0064 (8 paths: 0.031, 0.0058); both well below the spread of X_T over paths (~0.5), and shrinking with the tolerance.
    expect(errs[0]!).toBeLessThan(0.08);
    expect(errs[1]!).toBeLessThan(errs[0]! / 3);
  });

  it("validates its tolerances and reports rejected steps", () => {
    const base = {
      drift: () => [0],
      diffusion: (_t: number, y: Float64Array) => [y[0]!],
      t0: 0,
      t1: 1,
      y0: [1],
      dt0: 0.1,
      adaptive: true,
    };
    expect(() => solveSde({ ...base, rtol: -1 })).toThrow(/rtol must be a finite number >= 0, received -1/);
    expect(() => solveSde({ ...base, rtol: 0, atol: 0 })).toThrow(/cannot both be 0/);
    const r = solveSde({ ...base, atol: 1e-3, rtol: 0, seed: 4, maxSteps: 5 });
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/maximum number of steps \(5\)/);
  });
});
