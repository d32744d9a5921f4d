import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../register-minimizers.js";
import { minimize } from "./minimize.js";
import type { Bounds, Objective } from "./types.js";

// SciPy 1.10 minimize(method='Nelder-Mead') with bounds / adaptive=True: test/fixtures/gen_scipy_neldermead.py.
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../test/fixtures/scipy_neldermead.json"), "utf8"),
);

const funs: Record<string, Objective> = {
  rosenbrock: (x) => {
    let s = 0;
    for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
    return s;
  },
  "shifted-sphere": (x) => x.reduce((s, v, i) => s + (v - 0.3 * (i + 1)) ** 2, 0),
};

type Case = {
  name: string;
  fun_name: string;
  x0: number[];
  bounds: [number | null, number | null][] | null;
  adaptive: boolean;
  maxfev: number | null;
  x: number[];
  fun: number;
  nit: number;
  nfev: number;
  status: number;
};

describe("Nelder-Mead with bounds, adaptive coefficients and evaluation budgets (SciPy)", () => {
  it.each((fixture.cases as Case[]).map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const bounds = c.bounds?.map(
      ([lo, hi]) => [lo ?? Number.NEGATIVE_INFINITY, hi ?? Number.POSITIVE_INFINITY] as const,
    ) as Bounds | undefined;
    const r = minimize(funs[c.fun_name]!, c.x0, {
      method: "Nelder-Mead",
      bounds,
      options: { adaptive: c.adaptive },
      maxFev: c.maxfev ?? undefined,
    });
    // Same arithmetic as SciPy (the same trial points, clipped the same way), so the same path: the counts agree
    // exactly; x and f differ only by rounding (measured <= 1.2e-13 in x), far below the simplex tolerance 1e-4.
    expect(r.status).toBe(c.status);
    expect(r.nit).toBe(c.nit);
    expect(r.nfev).toBe(c.nfev);
    expect(Math.abs(r.fun - c.fun)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.fun)));
    r.x.forEach((v, i) => {
      expect(Math.abs(v - c.x[i]!)).toBeLessThanOrEqual(1e-6);
    });
    // before: bounds were ignored and e.g. shifted-3-box-active returned the unconstrained (0.3, 0.6, 0.9);
    // budgets overshot (maxfev 1 → 3 evaluations, maxfev 37 → 38)
    if (bounds)
      r.x.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(bounds[i]![0]);
        expect(v).toBeLessThanOrEqual(bounds[i]![1]);
      });
  });

  it("does not collapse the simplex when x0 lies on an upper bound (reflects the first vertex inwards)", () => {
    // f = (x − 0.2)² + (y − 0.3)², minimum (0.2, 0.3) inside [−1, 1]²; x0 = (1, 0.5) has x on its upper bound, so
    // the +5% vertex (1.05, 0.5) clipped back to (1, 0.5) would duplicate x0 and freeze x at 1 (SciPy 1.10 returns
    // (1, 0.3), f = 0.64). Reflected to (0.95, 0.5) the simplex is full: x* to the simplex tolerance 1e-4 (×10).
    const f: Objective = (x) => (x[0]! - 0.2) ** 2 + (x[1]! - 0.3) ** 2;
    const r = minimize(f, [1, 0.5], {
      method: "Nelder-Mead",
      bounds: [
        [-1, 1],
        [-1, 1],
      ],
    });
    expect(r.success).toBe(true);
    expect(Math.abs(r.x[0]! - 0.2)).toBeLessThan(1e-3);
    expect(Math.abs(r.x[1]! - 0.3)).toBeLessThan(1e-3);
  });

  it("rejects an x0 outside the bounds and a non-boolean adaptive", () => {
    const f = funs["shifted-sphere"]!;
    expect(() =>
      minimize(f, [2, 0], {
        method: "Nelder-Mead",
        bounds: [
          [-1, 1],
          [-1, 1],
        ],
      }),
    ).toThrow(/minimize\(Nelder-Mead\): x0\[0\] = 2 lies outside bounds\[0\] = \[-1, 1\]/);
    expect(() => minimize(f, [0, 0], { method: "Nelder-Mead", options: { adaptive: "yes" } })).toThrow(
      /options.options.adaptive must be a boolean, received yes/,
    );
  });
});
