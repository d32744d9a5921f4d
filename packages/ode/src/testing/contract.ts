import { constantStepSize } from "../controllers/constant.js";
import { solve } from "../solve.js";
import { odeTerm } from "../terms.js";
import type { OdeSolver } from "../types.js";

/**
 * One row of the solver contract table.
 *
 * @example
 * ```ts
 * import type { OdeSolverContractRow } from "@continuum/ode/testing";
 * import { odeSolvers } from "@continuum/ode";
 * const row: OdeSolverContractRow = { name: "RK4", solver: odeSolvers.get("RK4"), order: 4, adaptive: false };
 * ```
 */
export interface OdeSolverContractRow {
  readonly name: string;
  readonly solver: OdeSolver;
  /** Nominal order of the method (checked by a log-log slope for fixed-step rows). */
  readonly order: number;
  /** Adaptive rows are checked by tolerance proportionality instead of a fixed-step slope. */
  readonly adaptive: boolean;
  /**
   * Absolute error allowed for dense output and event times of adaptive rows (default 1e-5). Loosen it for
   * methods whose interpolant is much lower order than the method (e.g. Vern9's cubic Hermite fallback).
   */
  readonly denseTolerance?: number;
}

/**
 * The subset of vitest's API the suite uses; pass `{ describe, it, expect }` from `vitest`.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from "vitest";
 * import type { ContractTestApi } from "@continuum/ode/testing";
 * const api: ContractTestApi = { describe, it, expect };
 * ```
 */
export interface ContractTestApi {
  describe: { each: (rows: readonly any[]) => (name: string, fn: (row: any) => void) => void };
  it: (name: string, fn: () => void) => void;
  expect: (value: any) => any;
}

/**
 * Least-squares slope of log(err) against log(x): the observed order of convergence.
 *
 * @example
 * ```ts
 * import { logLogSlope } from "@continuum/ode/testing";
 * logLogSlope([0.1, 0.05, 0.025], [1e-4, 6.25e-6, 3.9e-7]); // ≈ 4
 * ```
 */
export function logLogSlope(x: readonly number[], err: readonly number[]): number {
  const lx = x.map(Math.log);
  const ly = err.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return num / den;
}

// y1' = y1 cos t, y2' = −y2 + sin t·0: exact y = (exp(sin t), exp(−t)); smooth and non-autonomous.
const f = (t: number, y: Float64Array, dy: Float64Array) => {
  dy[0] = y[0]! * Math.cos(t);
  dy[1] = -y[1]!;
};
const exact = (t: number) => [Math.exp(Math.sin(t)), Math.exp(-t)];
const T = 2;

function maxErr(y: ArrayLike<number>, t: number): number {
  const e = exact(t);
  return Math.max(Math.abs(y[0]! - e[0]!), Math.abs(y[1]! - e[1]!));
}

/**
 * Interval and step counts for a fixed-step convergence study: chosen so that errors lie in the
 * asymptotic regime (roughly 1e-5 … 1e-12), above round-off, for the given order.
 */
function convergenceStudy(order: number): { t1: number; steps: number[] } {
  if (order <= 2) return { t1: T, steps: [32, 64, 128, 256] };
  if (order <= 4) return { t1: T, steps: [16, 32, 64, 128] };
  if (order <= 5) return { t1: 10, steps: [160, 240, 320, 480] };
  if (order <= 7) return { t1: 10, steps: [40, 60, 80, 120] };
  return { t1: 10, steps: [12, 16, 24, 32] };
}

/**
 * The ODE solver contract, as one `describe.each` table: for every row, convergence (fixed-step log-log
 * slope within 0.2 of the nominal order, or tolerance proportionality for adaptive solvers), dense output
 * accuracy between steps, a terminal event located on the dense output, backward integration, and bad
 * input rejected with errors naming the argument. Call it from a vitest file with vitest's own functions.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from "vitest";
 * import { odeSolvers } from "@continuum/ode";
 * import { odeSolverContract } from "@continuum/ode/testing";
 * odeSolverContract({ describe, it, expect }, [
 *   { name: "RK4", solver: odeSolvers.get("RK4"), order: 4, adaptive: false },
 *   { name: "Tsit5", solver: odeSolvers.get("Tsit5"), order: 5, adaptive: true },
 * ]);
 * ```
 */
export function odeSolverContract(api: ContractTestApi, rows: readonly OdeSolverContractRow[]): void {
  const { describe, it, expect } = api;
  describe.each(rows)("ODE solver contract: $name", (row: OdeSolverContractRow) => {
    const common = (extra: Record<string, unknown>) => ({
      term: odeTerm(f),
      solver: row.solver,
      t0: 0,
      t1: T,
      y0: [1, 1],
      maxSteps: 100_000,
      ...extra,
    });
    const fixedOpts = (dt: number) =>
      row.adaptive ? { rtol: 1e-8, atol: 1e-10 } : { dt0: dt, controller: constantStepSize() };
    const dtFixed = row.order <= 1 ? 1e-3 : 1e-2;

    it("converges at its nominal order", () => {
      if (!row.adaptive) {
        const { t1, steps } = convergenceStudy(row.order);
        const errs = steps.map((nSteps) => {
          const sol = solve(common({ t1, dt0: t1 / nSteps, controller: constantStepSize() }) as never);
          return maxErr(sol.ys[0]!, t1);
        });
        const slope = logLogSlope(
          steps.map((nn) => t1 / nn),
          errs,
        );
        // Within 0.2 of the nominal order (issue #7 acceptance criterion).
        expect(Math.abs(slope - row.order)).toBeLessThan(0.2);
        return;
      }
      const tols = [1e-4, 1e-6, 1e-8];
      const errs = tols.map((tol) => maxErr(solve(common({ rtol: tol, atol: tol })).ys[0]!, T));
      // Tolerance proportionality: error shrinks roughly like the tolerance over 4 decades (slope in
      // [0.5, 1.8]: high-order pairs such as DOP853 are conservative at loose tolerances, giving slopes ~1.5)
      // and stays within 100× the tolerance on this mild problem.
      const slope = logLogSlope(tols, errs);
      expect(slope).toBeGreaterThan(0.5);
      expect(slope).toBeLessThan(1.8);
      errs.forEach((e, i) => {
        expect(e).toBeLessThan(100 * tols[i]!);
      });
    });

    it("dense output is accurate between steps", () => {
      const ts = Array.from({ length: 41 }, (_, i) => (i * T) / 40);
      const sol = solve(common({ ...fixedOpts(dtFixed), saveAt: { ts, dense: true } }) as never);
      const atSteps = maxErr(solve(common(fixedOpts(dtFixed)) as never).ys[0]!, T);
      let worst = 0;
      sol.ys.forEach((y, i) => {
        worst = Math.max(worst, maxErr(y, ts[i]!));
      });
      for (const t of [0.123, 0.777, 1.5]) worst = Math.max(worst, maxErr(sol.sol!.evaluate(t), t));
      // Interpolation error may exceed the step error but stays within 100× it (or 1e-6 absolute), unless the
      // row declares a looser dense tolerance (low-order interpolant).
      expect(worst).toBeLessThan(Math.max(100 * atSteps, 1e-6, row.denseTolerance ?? 0));
    });

    it("locates a terminal event on the dense output", () => {
      // y2 = exp(−t) crosses 0.5 at t = ln 2.
      const sol = solve(
        common({
          ...fixedOpts(dtFixed),
          events: { condition: (_t: number, y: Float64Array) => y[1]! - 0.5, terminal: true, direction: -1 },
        }) as never,
      );
      expect(sol.status).toBe(1);
      expect(sol.tEvents[0]!.length).toBe(1);
      const tol = row.adaptive ? (row.denseTolerance ?? 1e-5) : Math.max(1e-8, 10 * dtFixed ** row.order);
      expect(Math.abs(sol.tEvents[0]![0]! - Math.LN2)).toBeLessThan(tol);
      expect(sol.ts[sol.ts.length - 1]).toBeCloseTo(sol.tEvents[0]![0]!, 12);
    });

    it("integrates backward in time", () => {
      const sol = solve({ ...common(fixedOpts(dtFixed)), t0: T, t1: 0, y0: exact(T) } as never);
      expect(maxErr(sol.ys[0]!, 0)).toBeLessThan(
        row.adaptive ? 1e-5 : Math.max(1e-12, 10 * dtFixed ** row.order),
      );
    });

    it("rejects bad input naming the argument", () => {
      const base = common(fixedOpts(dtFixed)) as never as Record<string, unknown>;
      expect(() => solve({ ...base, y0: [1, Number.NaN] } as never)).toThrow(/y0\[1\]/);
      expect(() => solve({ ...base, term: odeTerm(() => [1, 2, 3]) } as never)).toThrow(
        /y0 has length 2 but f returned 3/,
      );
      expect(() => solve({ ...base, rtol: 0 } as never)).toThrow(/rtol/);
      expect(() => solve({ ...base, t1: 0 } as never)).toThrow(/t1 must differ from t0/);
    });
  });
}
