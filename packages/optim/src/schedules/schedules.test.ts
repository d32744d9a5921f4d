import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { constantSchedule } from "./constant.js";
import { cosineDecaySchedule, warmupCosineDecaySchedule } from "./cosine.js";
import { exponentialDecaySchedule } from "./exponential.js";
import { linearSchedule } from "./linear.js";
import { oneCycleSchedule } from "./one-cycle.js";
import { piecewiseConstantSchedule } from "./piecewise-constant.js";
import { initialPlateauState, plateauStep, reduceOnPlateau } from "./reduce-on-plateau.js";

// torch.optim.lr_scheduler sequences from test/fixtures/gen_torch_optim.py; schedules are float64 closed forms on
// both sides, so agreement is to rounding (1e-12 relative).
const S = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../test/fixtures/torch_optim.json"), "utf8"),
).schedules;
const close = (ours: number[], ref: number[]) => {
  ref.forEach((r, i) => {
    expect(Math.abs(ours[i]! - r)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(r)));
  });
};
const seq = (f: (t: number) => number, n: number) => Array.from({ length: n }, (_, t) => f(t));

describe("schedules match torch lr_scheduler", () => {
  it("cosine = CosineAnnealingLR", () => {
    const c = S.cosine;
    close(
      seq(cosineDecaySchedule({ init: c.base, decaySteps: c.T, alpha: c.etaMin / c.base }), c.lr.length),
      c.lr,
    );
  });
  it("exponential = ExponentialLR", () => {
    const c = S.exponential;
    close(seq(exponentialDecaySchedule({ init: c.base, decayRate: c.gamma }), c.lr.length), c.lr);
  });
  it("piecewise-constant = MultiStepLR", () => {
    const c = S.multistep;
    const b = Object.fromEntries(c.milestones.map((m: number) => [m, c.gamma]));
    close(seq(piecewiseConstantSchedule(c.base, b), c.lr.length), c.lr);
  });
  it("linear = LinearLR (as factors of the base)", () => {
    const c = S.linear;
    close(
      seq(
        linearSchedule({ init: c.base * c.start, end: c.base * c.end, transitionSteps: c.total }),
        c.lr.length,
      ),
      c.lr,
    );
  });
  it("one-cycle = OneCycleLR", () => {
    const c = S.onecycle;
    close(seq(oneCycleSchedule({ totalSteps: c.total, peak: c.peak }), c.lr.length), c.lr);
  });
  it("reduce-on-plateau = ReduceLROnPlateau", () => {
    const c = S.plateau;
    let st = initialPlateauState();
    const lrs: number[] = [];
    for (const loss of c.losses) {
      lrs.push(c.base * st.scale);
      st = plateauStep(st, loss, { factor: c.factor, patience: c.patience, cooldown: c.cooldown });
    }
    close(lrs, c.lr);
  });
});

describe("schedules", () => {
  it("warm-up then cosine", () => {
    const s = warmupCosineDecaySchedule({ init: 0, peak: 1, warmupSteps: 10, decaySteps: 110, end: 0.1 });
    expect(s(0)).toBe(0);
    expect(s(5)).toBeCloseTo(0.5, 14);
    expect(s(10)).toBeCloseTo(1, 14);
    expect(s(60)).toBeCloseTo(0.55, 14);
    expect(s(500)).toBeCloseTo(0.1, 14);
  });
  it("constant", () => {
    expect(constantSchedule(0.3)(1e6)).toBe(0.3);
  });
  it("reject bad options naming them", () => {
    expect(() => cosineDecaySchedule({ init: 1, decaySteps: 0 })).toThrow(
      /options.decaySteps must be a positive integer, received 0/,
    );
    expect(() => warmupCosineDecaySchedule({ init: 0, peak: 1, warmupSteps: 10, decaySteps: 5 })).toThrow(
      /decaySteps \(5\) must exceed options.warmupSteps \(10\)/,
    );
    expect(() => exponentialDecaySchedule({ init: 1, decayRate: -1 })).toThrow(
      /options.decayRate must be > 0/,
    );
    expect(() => constantSchedule(Number.NaN)).toThrow(/value must be a finite number, received NaN/);
  });
  it("reject a NaN or negative transitionBegin and a zero divFactor instead of returning NaN/Infinity", () => {
    // before: NaN/∞ learning rates at every step, or a negative begin silently shifting the decay
    expect(() => exponentialDecaySchedule({ init: 1, decayRate: 0.5, transitionBegin: Number.NaN })).toThrow(
      /options.transitionBegin must be an integer >= 0, received NaN/,
    );
    expect(() => exponentialDecaySchedule({ init: 1, decayRate: 0.5, transitionBegin: -3 })).toThrow(
      /options.transitionBegin must be an integer >= 0, received -3/,
    );
    expect(() => exponentialDecaySchedule({ init: 1, decayRate: 0.5, endValue: Number.NaN })).toThrow(
      /options.endValue must be a finite number, received NaN/,
    );
    expect(() =>
      linearSchedule({ init: 1, end: 0, transitionSteps: 5, transitionBegin: Number.NaN }),
    ).toThrow(/options.transitionBegin must be an integer >= 0, received NaN/);
    expect(() => oneCycleSchedule({ totalSteps: 100, peak: 1, divFactor: 0 })).toThrow(
      /options.divFactor must be > 0, received 0/,
    );
    expect(() => oneCycleSchedule({ totalSteps: 100, peak: 1, finalDivFactor: -1 })).toThrow(
      /options.finalDivFactor must be > 0, received -1/,
    );
  });
  it("reduceOnPlateau rejects fractional/NaN patience and cooldown and a minScale outside [0, 1]", () => {
    // before: patience 2.5 and cooldown NaN (never counted down) were accepted, minScale −1 removed the floor
    expect(() => reduceOnPlateau({ patience: 2.5 })).toThrow(
      /reduceOnPlateau: options.patience must be an integer >= 0, received 2.5/,
    );
    expect(() => reduceOnPlateau({ cooldown: Number.NaN })).toThrow(
      /options.cooldown must be an integer >= 0, received NaN/,
    );
    expect(() => reduceOnPlateau({ minScale: -1 })).toThrow(
      /options.minScale must be a finite number >= 0, received -1/,
    );
    expect(() => reduceOnPlateau({ minScale: 2 })).toThrow(/options.minScale must be <= 1, received 2/);
    expect(() => reduceOnPlateau({ patience: 0, cooldown: 3, minScale: 1 })).not.toThrow();
  });
  it("rejects misspelt option names (torch spellings were ignored)", () => {
    // before: cosineDecaySchedule({ …, eta_min }) decayed to 0, oneCycleSchedule({ …, pct_start }) used 0.3
    expect(() => cosineDecaySchedule({ init: 1, decaySteps: 10, eta_min: 0.1 } as never)).toThrow(
      /cosineDecaySchedule: unknown option options.eta_min; known: init, decaySteps, alpha/,
    );
    expect(() => oneCycleSchedule({ totalSteps: 10, peak: 1, pct_start: 0.5 } as never)).toThrow(
      /oneCycleSchedule: unknown option options.pct_start/,
    );
    expect(() => exponentialDecaySchedule({ init: 1, decayRate: 0.5, staircase: "yes" as never })).toThrow(
      /options.staircase must be a boolean, received 'yes'/,
    );
    expect(() => reduceOnPlateau({ mode: "max" } as never)).toThrow(
      /reduceOnPlateau: unknown option options.mode/,
    );
    expect(() => linearSchedule({ init: 1, end: 0, transitionSteps: 5, begin: 2 } as never)).toThrow(
      /linearSchedule: unknown option options.begin/,
    );
    expect(() =>
      warmupCosineDecaySchedule({ init: 0, peak: 1, warmupSteps: 1, decaySteps: 5, endValue: 0 } as never),
    ).toThrow(/warmupCosineDecaySchedule: unknown option options.endValue/);
  });
  it("boundary steps (closed forms)", () => {
    // exponential with begin 5, staircase every 10 steps, clamped at 0.2: 1 until step 14, 0.5 from 15, …
    const e = exponentialDecaySchedule({
      init: 1,
      decayRate: 0.5,
      transitionSteps: 10,
      transitionBegin: 5,
      staircase: true,
      endValue: 0.2,
    });
    expect([0, 5, 14, 15, 25, 35, 1000].map(e)).toEqual([1, 1, 1, 0.5, 0.25, 0.2, 0.2]);
    // linear held at init until begin, reaches end at begin + transitionSteps, then constant
    const l = linearSchedule({ init: 1, end: 0, transitionSteps: 10, transitionBegin: 2 });
    expect([0, 2, 7, 12, 20].map(l)).toEqual([1, 1, 0.5, 0, 0]);
    // cosine: init at 0 and for negative steps, α·init from decaySteps on
    const c = cosineDecaySchedule({ init: 1, decaySteps: 100, alpha: 0.1 });
    expect([-1, 0, 100, 101].map(c)).toEqual([1, 1, 0.1, 0.1]);
  });
});
