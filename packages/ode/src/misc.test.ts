import { describe, expect, it } from "vitest";
import {
  brentRoot,
  constantStepSize,
  createRegistry,
  odeSolvers,
  odeTerm,
  pidController,
  solve,
  solveIvp,
  stepSizeControllers,
} from "./index.js";

describe("registries", () => {
  it("refuse duplicates and list known names for unknown ones", () => {
    const r = createRegistry<number>("thing");
    r.register("a", 1);
    expect(() => r.register("a", 2)).toThrow(
      "thing 'a' is already registered (known: a); pass { override: true } to replace it",
    );
    r.register("a", 2, { override: true });
    expect(r.get("a")).toBe(2);
    expect(() => r.get("b")).toThrow("unknown thing 'b'; known: a");
    expect(r.list()).toEqual([2]);
    expect(r.unregister("a")).toBe(true);
  });
  it("a plugin solver registered by name is usable from solveIvp", () => {
    const rk4 = odeSolvers.get("RK4");
    odeSolvers.register("MyRK4", { ...rk4, name: "MyRK4" });
    const r = solveIvp((_t, y) => [-y[0]!], [0, 1], [1], { method: "MyRK4", firstStep: 0.01 });
    expect(r.y.at(-1)![0]).toBeCloseTo(Math.exp(-1), 9);
    odeSolvers.unregister("MyRK4");
    expect(stepSizeControllers.names()).toEqual(["pid", "constant"]);
  });
});

describe("step-size controllers", () => {
  it("the default I controller reproduces SciPy's factors", () => {
    const c = pidController();
    const s = c.init(4);
    expect(c.adapt(s, 0.5, false).factor).toBeCloseTo(0.9 * 0.5 ** -0.2, 14);
    expect(c.adapt(s, 0.5, true).factor).toBe(1);
    expect(c.adapt(s, 2, false).accept).toBe(false);
    expect(c.adapt(s, 1e9, false).factor).toBe(0.2);
    expect(c.adapt(s, 0, false).factor).toBe(10);
    expect(c.adapt(s, Number.NaN, false)).toMatchObject({ accept: false, factor: 0.2 });
  });
  it("a PI controller needs fewer rejected steps on Arenstorf than the I controller at equal accuracy", () => {
    const mu = 0.012277471;
    const f = (_t: number, y: Float64Array, dy: Float64Array) => {
      const d1 = ((y[0]! + mu) ** 2 + y[1]! ** 2) ** 1.5;
      const d2 = ((y[0]! - 1 + mu) ** 2 + y[1]! ** 2) ** 1.5;
      dy[0] = y[2]!;
      dy[1] = y[3]!;
      dy[2] = y[0]! + 2 * y[3]! - ((1 - mu) * (y[0]! + mu)) / d1 - (mu * (y[0]! - 1 + mu)) / d2;
      dy[3] = y[1]! - 2 * y[2]! - ((1 - mu) * y[1]!) / d1 - (mu * y[1]!) / d2;
    };
    const y0 = [0.994, 0, 0, -2.0015851063790824];
    const T = 17.065216560157964;
    const i = solveIvp(f, [0, T], y0, { method: "Dopri5", rtol: 1e-8, atol: 1e-8 });
    const pi = solveIvp(f, [0, T], y0, {
      method: "Dopri5",
      rtol: 1e-8,
      atol: 1e-8,
      controller: pidController({ pcoeff: 0.04 * 5, icoeff: 1 - 0.04 * 5 }),
    });
    expect(pi.stats.nrejected).toBeLessThan(i.stats.nrejected);
    const err = (r: typeof i) => Math.hypot(r.y.at(-1)![0]! - y0[0]!, r.y.at(-1)![1]!);
    expect(err(pi)).toBeLessThan(10 * err(i));
  });
  it("validates options", () => {
    expect(() => pidController({ icoeff: 0 })).toThrow("pidController: icoeff must be > 0, received 0");
    expect(() => pidController({ factorMin: 2 })).toThrow(/factorMin < 1 < factorMax/);
  });
  it("constant step sizes take exactly ceil(T/dt) steps", () => {
    const sol = solve({
      term: odeTerm((_t, y) => [-y[0]!]),
      solver: "RK4",
      t0: 0,
      t1: 1,
      y0: [1],
      dt0: 0.1,
      controller: constantStepSize(),
      saveAt: { steps: true },
    });
    expect(sol.stats.nsteps).toBe(10);
    expect(sol.ts.length).toBe(11); // t0 and the 10 step ends
    expect(sol.ts[10]).toBe(1);
  });
});

describe("solve(): diffrax-shaped API", () => {
  it("saveAt t0/t1/ts/steps/dense", () => {
    const term = odeTerm((_t, y, dy) => {
      dy[0] = y[1]!;
      dy[1] = -y[0]!;
    });
    const sol = solve({
      term,
      solver: "Tsit5",
      t0: 0,
      t1: 1,
      y0: [0, 1],
      dt0: 0.1,
      rtol: 1e-10,
      atol: 1e-10,
      saveAt: { t0: true, t1: true },
    });
    expect(Array.from(sol.ts)).toEqual([0, 1]);
    expect(sol.ys[1]![0]).toBeCloseTo(Math.sin(1), 9);
    const dense = solve({
      term,
      solver: "DOP853",
      t0: 0,
      t1: 3,
      y0: [0, 1],
      rtol: 1e-10,
      atol: 1e-10,
      saveAt: { dense: true },
    });
    expect(dense.sol!.evaluate(2.5)[0]).toBeCloseTo(Math.sin(2.5), 9);
  });
  it("saveAt t0 / ts / t1 combine in that order; ts with steps is rejected (steps used to be dropped silently)", () => {
    const term = odeTerm((_t, y) => [-y[0]!]);
    const base = { term, solver: "Tsit5", t0: 0, t1: 1, y0: [1], rtol: 1e-10, atol: 1e-12 } as const;
    const both = solve({ ...base, saveAt: { t0: true, ts: [0.25, 0.5], t1: true } });
    expect(Array.from(both.ts)).toEqual([0, 0.25, 0.5, 1]);
    // y = e^{−t}; rtol 1e-10 gives ~1e-10 at the steps and the 4th-order interpolant between them.
    const worst = Math.max(...both.ys.map((y, i) => Math.abs(y[0]! - Math.exp(-both.ts[i]!))));
    expect(worst).toBeLessThan(1e-8);
    // ts alone keeps its old meaning (no t1 added), as diffrax's SaveAt(ts=...).
    expect(Array.from(solve({ ...base, saveAt: { ts: [0.5] } }).ts)).toEqual([0.5]);
    // With a terminal event, t1 is the end of the solve (the event time, ln 2 for y = 1/2).
    const ev = solve({
      ...base,
      saveAt: { ts: [0.1, 0.9], t1: true },
      events: { condition: (_t, y) => y[0]! - 0.5, terminal: true },
    });
    expect(ev.ts.length).toBe(2);
    expect(ev.ts[0]).toBe(0.1);
    expect(Math.abs(ev.ts[1]! - Math.LN2)).toBeLessThan(1e-9);
    expect(() => solve({ ...base, saveAt: { ts: [0.5], steps: true } })).toThrow(
      "solve: saveAt.ts and saveAt.steps cannot be combined",
    );
  });
  it("throws by default on failure (diffrax throw=True) and returns status with throw: false", () => {
    const term = odeTerm((_t, y) => [y[0]! ** 2]);
    expect(() => solve({ term, solver: "Tsit5", t0: 0, t1: 2, y0: [1] })).toThrow(
      /solve: step size underflow at t=0\.99/,
    );
    const sol = solve({ term, solver: "Tsit5", t0: 0, t1: 2, y0: [1], throw: false });
    expect(sol.reason).toBe("step-size-underflow");
    expect(sol.message).toMatch(/try method 'Radau', 'BDF' or 'Rodas5P'/);
  });
  it("bad terms and solvers are named", () => {
    expect(() => solve({ term: {} as never, solver: "Tsit5", t0: 0, t1: 1, y0: [1] })).toThrow(
      /term must be odeTerm/,
    );
    expect(() =>
      solve({ term: odeTerm((_t, y) => [y[0]!]), solver: 3 as never, t0: 0, t1: 1, y0: [1] }),
    ).toThrow(/method must be a solver name/);
    expect(() => solve({ term: odeTerm((_t, y) => [y[0]!]), solver: "RK4", t0: 0, t1: 1, y0: [1] })).toThrow(
      /constant step size needs dt0/,
    );
  });
});

describe("Brent root finder", () => {
  it("finds roots to machine precision and checks the bracket", () => {
    expect(brentRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 15);
    expect(brentRoot((x) => Math.cos(x) - x, 0, 1)).toBeCloseTo(0.7390851332151607, 15);
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(/opposite signs/);
  });
});
