import { describe, expect, it } from "vitest";
import {
  BOSH3,
  DOP853,
  DOPRI5,
  EULER,
  HEUN,
  MIDPOINT,
  RALSTON,
  RK4,
  TSIT5,
  VERN9,
  constantStepSize,
  defineTableau,
  odeSolvers,
  odeTerm,
  solve,
} from "../index.js";
import { logLogSlope } from "../testing/index.js";
import { orderConditionResidual, rootedTreeCounts } from "./order-conditions.js";

describe("Butcher tableaus check their order conditions", () => {
  it("rooted tree counts are OEIS A000081", () => {
    expect(rootedTreeCounts(9)).toEqual([1, 1, 2, 4, 9, 20, 48, 115, 286]);
  });
  it.each([EULER, MIDPOINT, HEUN, RALSTON, RK4, BOSH3, DOPRI5, TSIT5, DOP853, VERN9])(
    "$name satisfies order $order, not order+1",
    (t) => {
      // Coefficients in double precision: residuals at machine precision (scaled), order+1 clearly violated.
      expect(orderConditionResidual(t.a, t.b, t.order)).toBeLessThan(1e-13);
      expect(orderConditionResidual(t.a, t.b, t.order + 1)).toBeGreaterThan(1e-6);
    },
  );
  it("the embedded solutions have their stated orders", () => {
    const hat = (t: typeof DOPRI5, e: readonly number[]) => t.b.map((b, i) => b - e[i]!);
    expect(orderConditionResidual(DOPRI5.a, hat(DOPRI5, DOPRI5.bErr!), 4)).toBeLessThan(1e-13);
    expect(orderConditionResidual(TSIT5.a, hat(TSIT5, TSIT5.bErr!), 4)).toBeLessThan(1e-13);
    expect(orderConditionResidual(DOP853.a, hat(DOP853, DOP853.bErr3!), 3)).toBeLessThan(1e-13);
    expect(orderConditionResidual(BOSH3.a, hat(BOSH3, BOSH3.bErr!), 2)).toBeLessThan(1e-13);
  });
  it("a wrong tableau is refused on construction, naming the violated condition", () => {
    expect(() => defineTableau({ ...RK4, b: [0.2, 0.3, 0.3, 0.2] })).toThrow(
      /order condition of order 3 violated/,
    );
    expect(() => defineTableau({ ...RK4, order: 5 })).toThrow(/RK4.*order condition of order 5 violated/);
    expect(() => defineTableau({ ...HEUN, order: 1 })).toThrow(/declare order 2/);
    expect(() => defineTableau({ ...RK4, c: [0, 0.5, 0.5, 0.9] })).toThrow(/row-sum condition c\[3\]/);
    expect(() => defineTableau({ ...RK4, a: [[], [0.5], [0, 0.5]] })).toThrow(/a has 3 rows but b has 4/);
    expect(() =>
      defineTableau({
        ...DOPRI5,
        fsal: true,
        a: DOPRI5.a.map((r, i) => (i === 6 ? r.map((x) => x * 1.0001) : r)),
      }),
    ).toThrow(/row-sum|fsal/);
  });
  it("dense output weights reproduce b at θ = 1", () => {
    for (const t of [BOSH3, DOPRI5, TSIT5, DOP853]) {
      t.dense!.P.forEach((row, i) => {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(i < t.b.length ? t.b[i]! : 0, 12);
      });
    }
  });
  it("tableaus are plain frozen data", () => {
    expect(Object.isFrozen(TSIT5)).toBe(true);
    expect(JSON.parse(JSON.stringify(TSIT5)).c).toEqual(TSIT5.c);
  });
});

describe("Vern9", () => {
  it("satisfies all 486 order conditions up to order 9 and its embedded pair has order 8", () => {
    expect(orderConditionResidual(VERN9.a, VERN9.b, 9)).toBeLessThan(1e-13);
    expect(
      orderConditionResidual(
        VERN9.a,
        VERN9.b.map((b, i) => b - VERN9.bErr![i]!),
        8,
      ),
    ).toBeLessThan(1e-13);
  });
  it("converges at least at order 9 with a constant step", () => {
    // Verner's pair has tiny principal error coefficients (order-10 residual ~2e-6), so above round-off the
    // observed global slope is ~10.3, not 9: we check "at least the nominal order".
    const f = (t: number, y: Float64Array, dy: Float64Array) => {
      dy[0] = y[0]! * Math.cos(t);
      dy[1] = -y[1]!;
    };
    const steps = [12, 16, 24, 32];
    const errs = steps.map((n) => {
      const s = solve({
        term: odeTerm(f),
        solver: odeSolvers.get("Vern9"),
        t0: 0,
        t1: 10,
        y0: [1, 1],
        dt0: 10 / n,
        controller: constantStepSize(),
      });
      return Math.max(
        Math.abs(s.ys[0]![0]! - Math.exp(Math.sin(10))),
        Math.abs(s.ys[0]![1]! - Math.exp(-10)),
      );
    });
    const slope = logLogSlope(
      steps.map((n) => 10 / n),
      errs,
    );
    expect(slope).toBeGreaterThan(9 - 0.2);
    expect(slope).toBeLessThan(11);
  });
});
