import { describe, expect, it } from "vitest";
import * as P from "../testing/problems.js";
import { cmaes } from "./cmaes.js";
import { runAskTell } from "./run.js";

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

describe("cmaes", () => {
  it("solves the 10-D rotated ellipsoid (condition 1e6) to 1e-8 in about 4000 evaluations", () => {
    const p = P.ellipsoid(10, 1);
    const evals = [0, 1, 2].map((seed) => {
      const r = runAskTell(p.f, cmaes({ x0: p.x0, sigma0: 2, seed, ftarget: 1e-8, maxEvals: 20_000 }));
      expect(r.fun).toBeLessThanOrEqual(1e-8);
      return r.nfev;
    });
    // bench/peers/cmaes_peer.py: Debian python3-cmaes 0.9.1 needs a median of 4240 evaluations (11 seeds) on this
    // problem; the acceptance criterion is at most 1.1x that.
    expect(median(evals)).toBeLessThanOrEqual(Math.round(1.1 * 4240));
  });

  it("sep-CMA-ES (diagonal) solves a 30-D separable ellipsoid", () => {
    const p = P.ellipsoid(30, 0);
    const r = runAskTell(
      p.f,
      cmaes({ x0: p.x0, sigma0: 2, seed: 0, diagonal: true, ftarget: 1e-8, maxEvals: 40_000 }),
    );
    expect(r.fun).toBeLessThanOrEqual(1e-8);
  });

  it("IPOP restarts escape the local minima of 4-D Rastrigin", () => {
    const p = P.rastrigin(4);
    const r = runAskTell(
      p.f,
      cmaes({ x0: p.x0, sigma0: 2, seed: 2, ftarget: 1e-8, restarts: "IPOP", maxEvals: 50_000 }),
    );
    expect(r.fun).toBeLessThanOrEqual(1e-8);
  });

  it("stays in the box and finds a minimum on its boundary", () => {
    // min of Σ(xᵢ − 2)² over [−1, 1]³ is at (1, 1, 1)
    const f = (x: Float64Array) => x.reduce((s, v) => s + (v - 2) ** 2, 0);
    const es = cmaes({
      x0: [0, 0, 0],
      bounds: [
        [-1, 1],
        [-1, 1],
        [-1, 1],
      ],
      seed: 0,
      maxEvals: 3000,
    });
    let inside = true;
    while (!es.stop()) {
      const xs = es.ask();
      inside &&= xs.every((x) => x.every((v) => v >= -1 && v <= 1));
      es.tell(xs, xs.map(f));
    }
    expect(inside).toBe(true);
    for (const v of es.best.x) expect(v).toBeCloseTo(1, 6);
  });

  it("leaves a region where f = +∞ (flat fitness enlarges σ, as Hansen's cmaes.m)", () => {
    // f = +∞ for x₀ < 0.3, else (x₀ − 1)² + x₁² (minimum 0 at (1, 0), analytic); from (0, 0) with σ₀ = 0.05 the
    // first generations are all +∞: the ranking is meaningless, σ only drifted and the run ended at the budget
    // with "no finite objective value was seen" (every seed). Measured now: f <= 1e-15 within ~470 evaluations.
    const f = (x: Float64Array) => (x[0]! < 0.3 ? Number.POSITIVE_INFINITY : (x[0]! - 1) ** 2 + x[1]! ** 2);
    for (const seed of [1, 2, 3]) {
      const r = runAskTell(f, cmaes({ x0: [0, 0], sigma0: 0.05, seed, maxEvals: 3000 }));
      expect(r.status).toBe(0);
      expect(r.fun).toBeLessThan(1e-10);
    }
  });

  it("is deterministic for a seed", () => {
    const a = cmaes({ x0: [1, 2], seed: 5 }).ask();
    const b = cmaes({ x0: [1, 2], seed: 5 }).ask();
    expect(a).toEqual(b);
  });

  it("rejects bad options naming them", () => {
    expect(() => cmaes({ x0: [1], sigma0: -1 })).toThrow(
      /options.sigma0 must be a finite number > 0, received -1/,
    );
    expect(() => cmaes({ x0: [Number.POSITIVE_INFINITY] })).toThrow(/x0\[0\] must be finite/);
    expect(() => cmaes({ x0: [1], restarts: "XPOP" as "IPOP" })).toThrow(
      /options.restarts must be 'none', 'IPOP' or 'BIPOP'/,
    );
    expect(() => cmaes({ x0: [3], bounds: [[0, 1]] })).toThrow(/x0\[0\] = 3 lies outside bounds\[0\]/);
  });
});
