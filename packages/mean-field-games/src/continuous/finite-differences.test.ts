import { describe, expect, it } from "vitest";
import { solveErgodicMfg1d } from "./ergodic-fd-1d.js";
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
