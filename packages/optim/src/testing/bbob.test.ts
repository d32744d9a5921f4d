import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cmaes } from "../gradient-free/cmaes.js";
import { runAskTell } from "../gradient-free/run.js";
import * as P from "./problems.js";
import {
  bbobEllipsoidRotated,
  bbobRastriginRotated,
  bbobRosenbrockRotated,
  bbobRotation,
  bbobUniform,
  tAsy,
  tOsz,
} from "./bbob.js";

// Reference: test/fixtures/gen_bbob.py (independent numpy implementation of the same definitions and of the
// BBOB instance generator), run with /usr/bin/python3.
interface Case {
  fid: number;
  n: number;
  instance: number;
  fopt: number;
  xopt: number[];
  points: number[][];
  values: number[];
}
const fixture: { cases: Case[] } = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../test/fixtures/bbob.json"), "utf8"),
);
const makers: Record<number, typeof bbobEllipsoidRotated> = {
  9: bbobRosenbrockRotated,
  10: bbobEllipsoidRotated,
  15: bbobRastriginRotated,
};

describe("BBOB f9, f10, f15", () => {
  it.each(fixture.cases.map((c) => [`f${c.fid} n=${c.n} instance ${c.instance}`, c] as const))(
    "%s matches gen_bbob.py to 1e-12",
    (_, c) => {
      const p = makers[c.fid]!(c.n, c.instance);
      // x_opt is on a 1e-4 grid (f10, f15: exact) or Rᵀ·½/scale (f9: a sum of n products, summed in another
      // order by numpy, so equal up to a few ulps of 4).
      p.xopt.forEach((v, i) => {
        expect(Math.abs(v - c.xopt[i]!)).toBeLessThanOrEqual(1e-13);
      });
      expect(p.fopt).toBe(c.fopt);
      c.points.forEach((x, k) => {
        const ours = p.f(Float64Array.from(x));
        // 1e-12 relative: the two implementations differ only in summation order and libm last bits
        // (values up to ~1e7 for f10 at a random point, so the bound is on the relative error).
        expect(Math.abs(ours - c.values[k]!)).toBeLessThanOrEqual(
          1e-12 * Math.max(1, Math.abs(c.values[k]!)),
        );
      });
    },
  );

  it("has its minimum f_opt at x_opt and a larger value nearby", () => {
    for (const make of Object.values(makers)) {
      const p = make(10, 1);
      // f9: z = 1 is reached only up to rounding of Rᵀ·½ (|Δz| ~ 1e-16, f − f_opt ~ 1e-28 + 1e-13 from fopt rounding).
      expect(Math.abs(p.f(p.xopt) - p.fopt)).toBeLessThanOrEqual(1e-12);
      const y = Float64Array.from(p.xopt, (v, i) => v + (i === 3 ? 1e-2 : 0));
      expect(p.f(y)).toBeGreaterThan(p.fopt);
      expect(p.xopt.every((v) => Math.abs(v) <= 4)).toBe(true);
    }
  });

  it("generator pieces: uniforms in (0, 1), orthogonal rotations, T_osz and T_asy", () => {
    const u = bbobUniform(1000, 12345);
    expect(u.every((v) => v > 0 && v < 1)).toBe(true);
    const n = 7;
    const r = bbobRotation(n, 42);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += r[i * n + k]! * r[j * n + k]!;
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-13); // Gram–Schmidt in float64
      }
    // T_osz fixes 0 and ±1 (log 1 = 0) and is monotone
    expect(Array.from(tOsz(Float64Array.of(0, 1, -1)))).toEqual([0, 1, -1]);
    const t = tOsz(Float64Array.of(0.5, 0.6, 2, 3));
    expect(t[0]! < t[1]! && t[2]! < t[3]!).toBe(true);
    // T_asy^β leaves the first coordinate and negative entries unchanged
    expect(Array.from(tAsy(Float64Array.of(4, -2, 4), 0.2))).toEqual([4, -2, 4 ** (1 + 0.2 * 2)]);
  });

  it("rejects bad dimensions, instances and point lengths", () => {
    expect(() => bbobEllipsoidRotated(1)).toThrow(/n must be an integer >= 2, received 1/);
    expect(() => bbobRastriginRotated(4, -1)).toThrow(/instance must be a non-negative integer/);
    expect(() => bbobRosenbrockRotated(4).f(new Float64Array(3))).toThrow(/length 4, received 3/);
  });

  it("CMA-ES reaches f_opt + 1e-8 on 10-D f10 (bench/cmaes.bench.mjs has the full comparison)", () => {
    const p = bbobEllipsoidRotated(10);
    const r = runAskTell(
      (x) => p.f(x) - p.fopt,
      cmaes({ x0: new Float64Array(10), sigma0: 2, seed: 0, ftarget: 1e-8, maxEvals: 30_000 }),
    );
    expect(r.fun).toBeLessThanOrEqual(1e-8);
  });
});

describe("standard problems reject invalid dimensions", () => {
  it("names the dimension and the expected range", () => {
    // before: rosenbrock(1) was the constant 0, sphere(2.5) had 2 coordinates, rastrigin(0) and extendedPowell(0)
    // were empty problems, and rosenbrock(3, [1, 2]) silently became 2-D
    expect(() => P.rosenbrock(1)).toThrow(/rosenbrock: n must be an integer >= 2, received 1/);
    expect(() => P.rosenbrock(3, [1, 2])).toThrow(/rosenbrock: x0 must have n = 3 entries, received 2/);
    expect(() => P.sphere(2.5)).toThrow(/sphere: n must be an integer >= 1, received 2.5/);
    expect(() => P.rastrigin(0)).toThrow(/rastrigin: n must be an integer >= 1, received 0/);
    expect(() => P.ellipsoid(Number.NaN)).toThrow(/ellipsoid: n must be an integer >= 1, received NaN/);
    expect(() => P.trigonometric(0)).toThrow(/trigonometric: n must be an integer >= 1, received 0/);
    expect(() => P.extendedPowell(0)).toThrow(/extendedPowell: n must be a multiple of 4, received 0/);
    // 1-D problems that are defined stay available: f = w₀x² = 4 at x = 2 for the 1-D ellipsoid
    expect(P.ellipsoid(1, 0).f(Float64Array.of(2))).toBe(4);
  });
});
