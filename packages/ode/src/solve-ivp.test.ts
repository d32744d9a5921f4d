import { describe, expect, it } from "vitest";
import ref from "../test/fixtures/scipy_reference.json" with { type: "json" };
import { constantStepSize, odeSolvers, odeTerm, solve, solveIvp } from "./index.js";
import { TEST_PROBLEMS, logLogSlope } from "./testing/index.js";

interface Run {
  method: string;
  rtol: number;
  atol: number;
  nfev: number;
  njev: number;
  nlu: number;
  nsteps: number;
  yEnd: number[];
}
const problems = (ref as unknown as { problems: Record<string, { reference: number[]; runs: Run[] }> })
  .problems;

/** Max over components of |a − b| / max(|b|, 1): absolute for O(1)-or-smaller components, relative beyond. */
function mixedErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1));
  return e;
}

const rows = Object.entries(problems).flatMap(([name, p]) =>
  p.runs.map((run) => ({ name, run, reference: p.reference })),
);

describe("solveIvp agrees with SciPy solve_ivp (fixtures from test/fixtures/gen_ode.py)", () => {
  it.each(rows)("$name $run.method rtol=$run.rtol", ({ name, run, reference }) => {
    const prob = TEST_PROBLEMS[name]!;
    const r = solveIvp(prob.f, [0, prob.t1], prob.y0, { method: run.method, rtol: run.rtol, atol: run.atol });
    expect(r.status).toBe(0);
    const y = r.y[r.y.length - 1]!;
    const exactPort = !["hires", "oregonator"].includes(name);
    if (exactPort) {
      // Same algorithm, same constants: identical step sequences and counts.
      expect(r.nfev).toBe(run.nfev);
      expect(r.njev).toBe(run.njev);
      expect(r.nlu).toBe(run.nlu);
      expect(r.t.length - 1).toBe(run.nsteps);
    } else {
      // HIRES/Oregonator: rounding differences in the FD Jacobian flip a few Jacobian-reuse decisions;
      // counts agree within 3% and accuracy is equivalent (checked below).
      expect(Math.abs(r.nfev - run.nfev) / run.nfev).toBeLessThan(0.03);
    }
    // Our error against the high-accuracy reference is no worse than 1.5× SciPy's own (plus 1e-12 slack).
    expect(mixedErr(y, reference)).toBeLessThanOrEqual(1.5 * mixedErr(run.yEnd, reference) + 1e-12);
  });
});

describe("solveIvp: tEval, dense output and events", () => {
  const fx = ref as unknown as {
    tEval: { arenstorfDop853: { t: number[]; y: number[][]; nfev: number } };
    events: { ballDrop: { tEvent: number; nfev: number; analytic: number } };
  };
  it("tEval values match SciPy's DOP853 dense output (same 7th-order interpolant)", () => {
    const p = TEST_PROBLEMS.arenstorf!;
    const want = fx.tEval.arenstorfDop853;
    const r = solveIvp(p.f, [0, p.t1], p.y0, { method: "DOP853", rtol: 1e-10, atol: 1e-10, tEval: want.t });
    expect(Array.from(r.t)).toEqual(want.t);
    // SciPy also builds the first step's interpolant to report t_eval[0] = t0 (3 extra evaluations); we
    // return y0 directly, so we use exactly 3 fewer.
    expect(r.nfev).toBe(want.nfev - 3);
    // Same steps, same interpolant: differences are rounding amplified by the orbit's instability (~1e-6).
    r.y.forEach((y, i) => {
      expect(mixedErr(y, want.y[i]!)).toBeLessThan(1e-5);
    });
  });

  it("terminal event with direction: ball dropped from 10 m lands at sqrt(2h/g)", () => {
    const g = 9.81;
    const r = solveIvp((_t, y) => [y[1]!, -g], [0, 10], [10, 0], {
      rtol: 1e-8,
      atol: 1e-8,
      events: { condition: (_t, y) => y[0]!, terminal: true, direction: -1 },
    });
    expect(r.status).toBe(1);
    expect(r.message).toMatch(/termination event/);
    // Quadratic solution: RK45's 4th-order interpolant is exact up to rounding.
    expect(Math.abs(r.tEvents[0]![0]! - fx.events.ballDrop.analytic)).toBeLessThan(1e-12);
    expect(r.nfev).toBe(fx.events.ballDrop.nfev);
    expect(r.t[r.t.length - 1]).toBe(r.tEvents[0]![0]);
  });

  it("bouncing ball: repeated events via restarts match the analytic bounce times", () => {
    const g = 9.81;
    const e = 0.8;
    let t0 = 0;
    let y0 = [10, 0];
    const times: number[] = [];
    for (let k = 0; k < 4; k++) {
      const r = solveIvp((_t, y) => [y[1]!, -g], [t0, t0 + 20], y0, {
        method: "DOP853",
        rtol: 1e-10,
        atol: 1e-10,
        events: { condition: (_t, y) => y[0]!, terminal: true, direction: -1 },
      });
      const te = r.tEvents[0]![0]!;
      times.push(te);
      t0 = te;
      y0 = [0, -e * r.yEvents[0]![0]![1]!];
    }
    // Analytic: first landing at T0 = sqrt(2h/g), then flights of 2·v_k/g with v_k = e^k·g·T0.
    const T0 = Math.sqrt(20 / g);
    const expected = [T0];
    let v = g * T0;
    for (let k = 1; k < 4; k++) {
      v *= e;
      expected.push(expected[k - 1]! + (2 * v) / g);
    }
    times.forEach((t, i) => {
      expect(Math.abs(t - expected[i]!)).toBeLessThan(1e-9);
    });
  });

  it("non-terminal events with direction count every crossing (sin t has 3 downward zeros of cos in [0, 6π])", () => {
    const r = solveIvp((t) => [Math.cos(t)], [0, 6 * Math.PI], [0], {
      method: "DOP853",
      rtol: 1e-10,
      atol: 1e-12,
      events: [{ condition: (_t, y) => y[0]!, direction: -1 }, { condition: (_t, y) => y[0]! - 0.5 }],
    });
    expect(r.status).toBe(0);
    // sin t crosses 0 downward at π, 3π, 5π.
    expect(Array.from(r.tEvents[0]!).map((t) => t / Math.PI)).toEqual([
      expect.closeTo(1, 9),
      expect.closeTo(3, 9),
      expect.closeTo(5, 9),
    ]);
    expect(r.tEvents[1]!.length).toBe(6);
  });

  it("Kepler periapsis passages (event on r·v = 0 going up) happen every 2π", () => {
    const p = TEST_PROBLEMS.twobody!;
    const r = solveIvp(p.f, [0, 20], p.y0, {
      method: "DOP853",
      rtol: 1e-11,
      atol: 1e-12,
      events: { condition: (_t, y) => y[0]! * y[2]! + y[1]! * y[3]!, direction: 1 },
    });
    // r·v increases through 0 at periapsis: t = 2πk (k = 1, 2, 3) for this orbit starting at periapsis.
    expect(Array.from(r.tEvents[0]!)).toEqual([
      expect.closeTo(2 * Math.PI, 8),
      expect.closeTo(4 * Math.PI, 8),
      expect.closeTo(6 * Math.PI, 8),
    ]);
  });

  it("denseOutput returns a continuous solution whose error follows the interpolant order", () => {
    const errAt = (method: string, rtol: number) => {
      const r = solveIvp((_t, y) => [y[1]!, -y[0]!], [0, 10], [0, 1], {
        method,
        rtol,
        atol: rtol * 1e-2,
        denseOutput: true,
      });
      let worst = 0;
      for (let k = 0; k <= 200; k++) {
        const t = (10 * k) / 200;
        worst = Math.max(worst, Math.abs(r.sol!.evaluate(t)[0]! - Math.sin(t)));
      }
      return worst;
    };
    for (const m of ["RK23", "RK45", "Tsit5", "DOP853", "Radau", "BDF", "Rodas5P"]) {
      // Dense output stays within 50× the requested tolerance on this smooth problem.
      expect(errAt(m, 1e-6)).toBeLessThan(5e-5);
    }
  });
});

describe("solveIvp: status, hints and bad input", () => {
  const decay = (_t: number, y: Float64Array) => [-y[0]!];
  it("unknown method lists the known names", () => {
    expect(() => solveIvp(decay, [0, 1], [1], { method: "RK9" })).toThrow(
      /method: unknown ODE solver 'RK9'; known: .*RK45.*Radau/,
    );
  });
  it.each(["RK45", "Radau", "BDF"])(
    "%s: rtol below 100·ε is raised to 100·ε, as SciPy does (BDF used to underflow)",
    (method) => {
      const tiny = solveIvp(decay, [0, 1], [1], { method, rtol: 1e-20, atol: 1e-20 });
      const floor = solveIvp(decay, [0, 1], [1], { method, rtol: 100 * Number.EPSILON, atol: 1e-20 });
      expect(tiny.status).toBe(0);
      expect(tiny.nfev).toBe(floor.nfev);
      expect(tiny.y.at(-1)).toEqual(floor.y.at(-1));
      // SciPy 1.17 (same clamp) takes 872 / 5755 / 434 evaluations here; y(1) = e^{-1} to ~1e-12 (BDF is the
      // least accurate at 3.8e-13 relative).
      expect(Math.abs(tiny.y.at(-1)![0]! - Math.exp(-1))).toBeLessThan(1e-12);
    },
  );
  it("f returning the wrong length names both lengths", () => {
    expect(() => solveIvp(() => [1, 2], [0, 1], [1, 2, 3])).toThrow(
      "y0 has length 3 but f returned 2 components",
    );
  });
  it("NaN in y0, rtol <= 0, t1 == t0, bad tSpan, bad atol, unsorted tEval", () => {
    expect(() => solveIvp(decay, [0, 1], [Number.NaN])).toThrow(
      "y0[0] must be a finite number, received NaN",
    );
    expect(() => solveIvp(decay, [0, 1], [1], { rtol: 0 })).toThrow(
      "rtol must be a positive finite number, received 0",
    );
    expect(() => solveIvp(decay, [0, 1], [1], { rtol: -1 })).toThrow(/rtol/);
    expect(() => solveIvp(decay, [1, 1], [1])).toThrow("t1 must differ from t0, received t0 = t1 = 1");
    expect(() => solveIvp(decay, [0] as never, [1])).toThrow(/tSpan must be \[t0, t1\]/);
    expect(() => solveIvp(decay, [0, 1], [1], { atol: [1, 2] })).toThrow(
      "atol has length 2 but y0 has length 1",
    );
    expect(() => solveIvp(decay, [0, 1], [1], { tEval: [0.5, 0.2] })).toThrow(
      /tEval must be strictly increasing/,
    );
    expect(() => solveIvp(decay, [0, 1], [1], { tEval: [2] })).toThrow(/tEval\[0\] = 2 lies outside tSpan/);
    expect(() => solveIvp(decay, [0, 1], [1], { method: "RK4" })).toThrow(/fixed-step: pass firstStep/);
  });
  it("maxSteps, event results, event.terminal and nested y0 are checked and named", () => {
    // Each of these used to be accepted silently: 1.5 and "10" as step budgets, a NaN event (never fired),
    // terminal: "yes" (ignored), and y0 = [[1]] was reported as "received 1".
    expect(() => solveIvp(decay, [0, 1], [1], { maxSteps: 1.5 })).toThrow(
      "solveIvp: maxSteps must be a positive integer, received 1.5",
    );
    expect(() => solveIvp(decay, [0, 1], [1], { maxSteps: "10" as never })).toThrow(
      'maxSteps must be a positive integer, received "10"',
    );
    expect(solveIvp(decay, [0, 1], [1], { maxSteps: Number.POSITIVE_INFINITY }).status).toBe(0);
    expect(() => solveIvp(decay, [0, 1], [1], { events: () => Number.NaN })).toThrow(
      "solveIvp: events[0] returned NaN at t=0",
    );
    const late = (t: number) => (t > 0.5 ? Number.NaN : 1);
    expect(() => solveIvp(decay, [0, 1], [1], { events: [() => 1, late] })).toThrow(
      /events\[1\] returned NaN at t=(0\.[5-9]|1$)/,
    );
    expect(() =>
      solveIvp(decay, [0, 1], [1], {
        events: { condition: (_t, y) => y[0]! - 0.5, terminal: "yes" as never },
      }),
    ).toThrow('events[0].terminal must be a boolean or a non-negative integer, received string "yes"');
    expect(() => solveIvp(decay, [0, 1], [[1]] as never)).toThrow(
      "y0[0] must be a finite number, received [1]",
    );
  });
  it.each(["RK45", "DOP853", "Tsit5", "Vern9", "Radau", "BDF", "Rodas5P"])(
    "%s: atol = 0 on a component that stays exactly 0 (its error scale is 0: 0/0 used to be NaN and fail)",
    (method) => {
      // y₀' = 0, y₀(0) = 0 and y₁' = −y₁, y₁(0) = 1, with a pure relative tolerance: y₁(1) = e⁻¹ within a
      // global error of ~100·rtol.
      const r = solveIvp((_t, y) => [0, -y[1]!], [0, 1], [0, 1], { method, rtol: 1e-8, atol: 0 });
      expect(r.status).toBe(0);
      expect(r.y.at(-1)![0]).toBe(0);
      expect(Math.abs(r.y.at(-1)![1]! - Math.exp(-1))).toBeLessThan(1e-6);
    },
  );
  it("Rodas5P: a finite-difference Jacobian column at y = 0 with atol = 0 is finite (its increment was NaN)", () => {
    // y₀' = 1 from y₀ = 0: exact y₀(1) = 1 (linear, integrated exactly), y₁ = e^{−t}.
    const r = solveIvp((_t, y) => [1, -y[1]!], [0, 1], [0, 1], { method: "Rodas5P", rtol: 1e-8, atol: 0 });
    expect(r.status).toBe(0);
    expect(Math.abs(r.y.at(-1)![0]! - 1)).toBeLessThan(1e-12);
    expect(Math.abs(r.y.at(-1)![1]! - Math.exp(-1))).toBeLessThan(1e-6);
  });
  it("backward integration is supported", () => {
    const r = solveIvp(decay, [1, 0], [Math.exp(-1)], { rtol: 1e-10, atol: 1e-12 });
    expect(r.status).toBe(0);
    expect(r.y[r.y.length - 1]![0]).toBeCloseTo(1, 8);
    expect(r.t[1]!).toBeLessThan(1);
  });
  it("a stiff problem with an explicit method reports max steps with a stiffness hint", () => {
    const p = TEST_PROBLEMS["vdp_eps1e-6"]!;
    const r = solveIvp(p.f, [0, p.t1], p.y0, { method: "RK45", maxSteps: 2000 });
    expect(r.status).toBe(-1);
    expect(r.success).toBe(false);
    expect(r.reason).toBe("max-steps");
    expect(r.message).toMatch(/maximum number of steps \(2000\) reached at t=.*try method 'Radau'/);
    expect(() => solveIvp(p.f, [0, p.t1], p.y0, { method: "RK45", maxSteps: 2000, throw: true })).toThrow(
      /Radau/,
    );
  });
  it("f returning NaN gives a non-finite status with t", () => {
    const r = solveIvp((t, y) => [t > 0.5 ? Number.NaN : -y[0]!], [0, 1], [1]);
    expect(r.status).toBe(-1);
    expect(r.reason).toBe("non-finite");
    expect(r.message).toMatch(/non-finite values .* near t=0\.(5|49)/);
  });
  it("a finite-time blow-up gives a step-size underflow with the time", () => {
    // y' = y², y(0) = 1 blows up at t = 1.
    const r = solveIvp((_t, y) => [y[0]! ** 2], [0, 2], [1], { method: "Radau" });
    expect(r.status).toBe(-1);
    expect(r.message).toMatch(/near t=0\.99|at t=0\.99|at t=1/);
  });
  it("solver registry exposes SciPy names and diffrax names", () => {
    for (const n of [
      "RK23",
      "RK45",
      "DOP853",
      "Radau",
      "BDF",
      "Bosh3",
      "Dopri5",
      "Tsit5",
      "Rodas5P",
      "Euler",
      "RK4",
    ]) {
      expect(odeSolvers.has(n)).toBe(true);
    }
  });
  it("fill-in-place and return-an-array right-hand sides give identical results", () => {
    const a = solveIvp(
      (_t, y, dy) => {
        dy[0] = -2 * y[0]!;
      },
      [0, 1],
      [1],
    );
    const b = solveIvp((_t, y) => [-2 * y[0]!], [0, 1], [1]);
    expect(Array.from(a.y.at(-1)!)).toEqual(Array.from(b.y.at(-1)!));
    expect(a.nfev).toBe(b.nfev);
  });
});

describe("dense output order", () => {
  // Max error over 4 points per step (between the steps) with constant steps: the interpolant of order q adds
  // O(h^(q+1)) to a global error O(h^p), so the slope is min(p, q + 1): Bosh3 3 (Hermite-type q = 3),
  // RK4 4 (cubic Hermite fallback), Dopri5/Tsit5 5 (q = 4), DOP853 8 (q = 7), Vern9 8 (the degree-7
  // sub-step Hermite; the cubic Hermite it replaced gave 4).
  const f = (t: number, y: Float64Array, dy: Float64Array) => {
    dy[0] = y[0]! * Math.cos(t);
    dy[1] = -y[1]!;
  };
  it.each([
    ["Bosh3", 3, 2, [16, 32, 64, 128]],
    ["RK4", 4, 2, [16, 32, 64, 128]],
    ["Dopri5", 5, 10, [40, 60, 80, 120]],
    ["Tsit5", 5, 10, [40, 60, 80, 120]],
    ["DOP853", 8, 10, [12, 16, 24, 32]],
    ["Vern9", 8, 10, [16, 24, 32, 48]],
  ] as const)("%s dense output converges at order %s", (name, expected, T, steps) => {
    const errs = steps.map((N) => {
      const ts = Array.from({ length: 4 * N }, (_, i) => ((i + 0.5) * T) / (4 * N));
      const sol = solve({
        term: odeTerm(f),
        solver: odeSolvers.get(name),
        t0: 0,
        t1: T,
        y0: [1, 1],
        dt0: T / N,
        controller: constantStepSize(),
        saveAt: { ts },
      });
      let worst = 0;
      sol.ys.forEach((y, i) => {
        const t = ts[i]!;
        worst = Math.max(worst, Math.abs(y[0]! - Math.exp(Math.sin(t))), Math.abs(y[1]! - Math.exp(-t)));
      });
      return worst;
    });
    const slope = logLogSlope(
      steps.map((N) => T / N),
      errs,
    );
    expect(Math.abs(slope - expected)).toBeLessThan(0.2);
  });
});

describe.each(["Vern9", "Rodas5P"])("%s dense output between steps (tEval, events, sol)", (method) => {
  // Harmonic oscillator y = (sin t, cos t). At rtol 1e-10 the step values are accurate to ~1e-10; the cubic
  // Hermite both methods used to interpolate with was off between their steps by ~4e-4 (Vern9) and ~2e-8
  // (Rodas5P), moving event times by 3e-5 and 1e-8. The bound 1e-8 is 100× the step error; the degree-7
  // sub-step Hermite reaches ~1e-10.
  const osc = (_t: number, y: Float64Array, dy: Float64Array) => {
    dy[0] = y[1]!;
    dy[1] = -y[0]!;
  };
  it("tEval and sol match sin/cos to the step accuracy, forward and backward", () => {
    for (const [t0, t1] of [
      [0, 10],
      [10, 0],
    ] as const) {
      const tEval = Array.from({ length: 41 }, (_, k) => t0 + ((t1 - t0) * k) / 40);
      const opts = { method, rtol: 1e-10, atol: 1e-12, tEval, denseOutput: true } as const;
      const r = solveIvp(osc, [t0, t1], [Math.sin(t0), Math.cos(t0)], opts);
      expect(r.status).toBe(0);
      let worst = 0;
      r.t.forEach((t, i) => {
        worst = Math.max(worst, Math.abs(r.y[i]![0]! - Math.sin(t)), Math.abs(r.y[i]![1]! - Math.cos(t)));
      });
      for (let k = 0; k <= 200; k++) {
        const t = t0 + ((t1 - t0) * (k + 0.5)) / 201;
        worst = Math.max(worst, Math.abs(r.sol!.evaluate(t)[0]! - Math.sin(t)));
      }
      expect(worst).toBeLessThan(1e-8);
    }
  });
  it("event times are the zeros of sin t (kπ) and of sin t − 1/2 (π/6, 5π/6)", () => {
    const r = solveIvp(osc, [0, 10], [0, 1], {
      method,
      rtol: 1e-10,
      atol: 1e-12,
      events: [{ condition: (_t, y) => y[0]!, terminal: 3 }, (_t, y) => y[0]! - 0.5],
    });
    expect(r.status).toBe(1);
    // Brent's root is exact on the interpolant, so the error is the interpolant's: ~1e-12 here (was 3e-7
    // for Vern9, 1e-8 for Rodas5P); 1e-9 leaves margin for the step error.
    const zeros = Array.from(r.tEvents[0]!, (t, k) => Math.abs(t - (k + 1) * Math.PI));
    expect(zeros.length).toBe(3);
    expect(Math.max(...zeros)).toBeLessThan(1e-9);
    const sixths = [
      Math.PI / 6,
      (5 * Math.PI) / 6,
      Math.PI / 6 + 2 * Math.PI,
      (5 * Math.PI) / 6 + 2 * Math.PI,
    ];
    expect(r.tEvents[1]!.length).toBe(4);
    expect(Math.max(...Array.from(r.tEvents[1]!, (t, k) => Math.abs(t - sixths[k]!)))).toBeLessThan(1e-9);
  });
});
