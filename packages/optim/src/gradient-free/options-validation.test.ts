import { describe, expect, it } from "vitest";
import { cmaes } from "./cmaes.js";
import { numberOption } from "./common.js";
import { openaiEs, snes } from "./nes.js";
import { cbo, cem, differentialEvolution, randomSearch } from "./population.js";
import { askTellOptimizers } from "../registries.js";
import "../register-minimizers.js";
import { minimize } from "../minimize/minimize.js";
import { runAskTell } from "./run.js";
import { spsa } from "./spsa.js";
import type { AskTell } from "./types.js";

// Bad hyper-parameters of the population methods used to run on silently: a NaN `dt`/`lambda`/`alpha` made every
// CBO particle NaN (the result stayed at the best of the first generation, f = 0.187 on this sphere), `incPopSize: 0`
// gave empty IPOP populations ("numerical failure"), a NaN `maxRestarts` restarted until the budget, a negative
// CMA-ES `penalty` rewarded leaving the box, `eliteFraction: 2` or `CR: 2` were used as given, an explicit DE
// `popSize: 3` was raised to 5 without a word, and a NaN `ftarget`/`maxEvals` disabled those stops.
const x0 = [1, 1];
const rows: [string, () => AskTell, RegExp][] = [
  [
    "cmaes maxRestarts NaN",
    () => cmaes({ x0, maxRestarts: Number.NaN }),
    /cmaes: options.maxRestarts must be an integer >= 0, received NaN/,
  ],
  [
    "cmaes incPopSize 0",
    () => cmaes({ x0, incPopSize: 0 }),
    /cmaes: options.incPopSize must be a finite number >= 1, received 0/,
  ],
  [
    "cmaes tolFun NaN",
    () => cmaes({ x0, tolFun: Number.NaN }),
    /cmaes: options.tolFun must be a finite number >= 0, received NaN/,
  ],
  [
    "cmaes tolX < 0",
    () => cmaes({ x0, tolX: -1 }),
    /cmaes: options.tolX must be a finite number >= 0, received -1/,
  ],
  [
    "cmaes penalty < 0",
    () =>
      cmaes({
        x0,
        bounds: [
          [-2, 2],
          [-2, 2],
        ],
        penalty: -1,
      }),
    /cmaes: options.penalty must be a finite number >= 0, received -1/,
  ],
  [
    "cmaes ftarget NaN",
    () => cmaes({ x0, ftarget: Number.NaN }),
    /cmaes: options.ftarget must be a number, received NaN/,
  ],
  [
    "cmaes maxEvals < 1",
    () => cmaes({ x0, maxEvals: -5 }),
    /cmaes: options.maxEvals must be an integer >= 1, received -5/,
  ],
  [
    "cmaes maxEvals fractional",
    () => cmaes({ x0, maxEvals: 10.5 }),
    /cmaes: options.maxEvals must be an integer >= 1, received 10.5/,
  ],
  [
    "cem eliteFraction > 1",
    () => cem({ x0, eliteFraction: 2 }),
    /cem: options.eliteFraction must be a finite number > 0 and <= 1, received 2/,
  ],
  [
    "cem smoothing 1",
    () => cem({ x0, smoothing: 1 }),
    /cem: options.smoothing must be a finite number >= 0 and < 1, received 1/,
  ],
  [
    "cem tolSigma NaN",
    () => cem({ x0, tolSigma: Number.NaN }),
    /cem: options.tolSigma must be a finite number >= 0, received NaN/,
  ],
  [
    "cbo dt NaN",
    () => cbo({ x0, dt: Number.NaN }),
    /cbo: options.dt must be a finite number > 0, received NaN/,
  ],
  [
    "cbo lambda 0",
    () => cbo({ x0, lambda: 0 }),
    /cbo: options.lambda must be a finite number > 0, received 0/,
  ],
  [
    "cbo alpha < 0",
    () => cbo({ x0, alpha: -1 }),
    /cbo: options.alpha must be a finite number >= 0, received -1/,
  ],
  [
    "cbo sigma Infinity",
    () => cbo({ x0, sigma: Number.POSITIVE_INFINITY }),
    /cbo: options.sigma must be a finite number >= 0, received Infinity/,
  ],
  [
    "cbo tolSpread NaN",
    () => cbo({ x0, tolSpread: Number.NaN }),
    /cbo: options.tolSpread must be a finite number >= 0, received NaN/,
  ],
  [
    "DE F NaN",
    () => differentialEvolution({ x0, F: Number.NaN }),
    /differentialEvolution: options.F must be a finite number > 0 and <= 2, received NaN/,
  ],
  [
    "DE CR > 1",
    () => differentialEvolution({ x0, CR: 2 }),
    /differentialEvolution: options.CR must be a finite number >= 0 and <= 1, received 2/,
  ],
  [
    "DE popSize 3",
    () => differentialEvolution({ x0, popSize: 3 }),
    /differentialEvolution: options.popSize must be an integer >= 4 \(rand\/1 mutation needs three other members\), received 3/,
  ],
  [
    "DE tolFun < 0",
    () => differentialEvolution({ x0, tolFun: -1 }),
    /differentialEvolution: options.tolFun must be a finite number >= 0, received -1/,
  ],
  [
    "randomSearch tolSigma NaN",
    () => randomSearch({ x0, tolSigma: Number.NaN }),
    /randomSearch: options.tolSigma must be a finite number >= 0, received NaN/,
  ],
  [
    "spsa a NaN",
    () => spsa({ x0, a: Number.NaN }),
    /spsa: options.a must be a finite number > 0, received NaN/,
  ],
  ["spsa c < 0", () => spsa({ x0, c: -1 }), /spsa: options.c must be a finite number > 0, received -1/],
  [
    "spsa alpha 0",
    () => spsa({ x0, alpha: 0 }),
    /spsa: options.alpha must be a finite number > 0, received 0/,
  ],
  [
    "spsa maxIter NaN",
    () => spsa({ x0, maxIter: Number.NaN }),
    /spsa: options.maxIter must be an integer >= 0, received NaN/,
  ],
  [
    "openaiEs learningRate NaN",
    () => openaiEs({ x0, learningRate: Number.NaN }),
    /openaiEs: options.learningRate must be a finite number > 0, received NaN/,
  ],
  [
    "snes tolSigma < 0",
    () => snes({ x0, tolSigma: -1 }),
    /snes: options.tolSigma must be a finite number >= 0, received -1/,
  ],
  [
    "snes maxEvals NaN",
    () => snes({ x0, maxEvals: Number.NaN }),
    /snes: options.maxEvals must be an integer >= 1, received NaN/,
  ],
];

describe("population methods reject bad hyper-parameters, naming them", () => {
  it.each(rows)("%s", (_name, make, message) => {
    expect(make).toThrow(message);
  });

  it("numberOption names the expected type and a string received", () => {
    expect(() => numberOption("3", 0, "tolX", "cmaes", { ge: 0 })).toThrow(
      /cmaes: options.tolX must be a finite number >= 0, received '3'/,
    );
    expect(numberOption(undefined, 7, "x", "w", { gt: 10 })).toBe(7); // the default is not checked
    expect(numberOption(Number.POSITIVE_INFINITY, 1, "maxEvals", "w", { integer: true, finite: false })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("valid boundary values are still accepted and the budget stop still works", () => {
    // eliteFraction 1 (all kept), CR 0 and 1, DE popSize 4, incPopSize 1, maxRestarts 0, sigma 0: in range
    expect(() => cem({ x0, eliteFraction: 1 })).not.toThrow();
    expect(() => differentialEvolution({ x0, popSize: 4, CR: 0 })).not.toThrow();
    expect(() => differentialEvolution({ x0, CR: 1, F: 2 })).not.toThrow();
    expect(() => cmaes({ x0, incPopSize: 1, maxRestarts: 0, restarts: "IPOP" })).not.toThrow();
    expect(() => cbo({ x0, sigma: 0, alpha: 0 })).not.toThrow();
    const sphere = (x: Float64Array) => x[0]! ** 2 + x[1]! ** 2;
    // CEM's default population in 2-D is 20, so a budget of 40 stops after exactly two generations
    const r = runAskTell(sphere, cem({ x0, maxEvals: 40, seed: 0 }));
    expect(r.nfev).toBe(40);
    expect(r.message).toMatch(/^maxEvals/);
  });
});

describe("a fixed coordinate (lower = upper) in finite bounds", () => {
  // f = (x − 0.5)² + (y − 0.3)² with x fixed at 0: minimum 0.25 at (0, 0.3) (analytic). The default sigma0 was
  // 0.3·(narrowest side) = 0, so every method threw "options.sigma0 must be a finite number > 0, received 0"
  // although the caller never passed sigma0; now the narrowest free side sets it.
  const f = (x: Float64Array) => (x[0]! - 0.5) ** 2 + (x[1]! - 0.3) ** 2;
  it.each(askTellOptimizers.names())("%s keeps x fixed and finds the minimum", (name) => {
    const opt = askTellOptimizers.get(name)({
      x0: [0, 0],
      bounds: [
        [0, 0],
        [-1, 1],
      ],
      seed: 1,
      maxEvals: 3000,
    });
    const r = runAskTell(f, opt);
    expect(r.x[0]).toBe(0);
    // 3000 evaluations on a 1-D quadratic: measured f − 0.25 <= 2.2e-5 (SPSA, the slowest); 1e-3 leaves margin
    // for seeds while still excluding the start's f(0, 0) − 0.25 = 0.09
    expect(r.fun - 0.25).toBeLessThan(1e-3);
    expect(r.fun).toBeGreaterThanOrEqual(0.25);
  });
});

describe("option names", () => {
  const sphere = (x: Float64Array) => x[0]! ** 2 + x[1]! ** 2;
  it("a misspelt option throws, listing the known ones", () => {
    // before: cmaes({ restart: 'IPOP' }) ran without restarts, popsize was ignored, no word
    expect(() => cmaes({ x0, restart: "IPOP" } as never)).toThrow(
      /cmaes: unknown option 'restart'; known: x0, sigma0, seed, bounds, popSize, ftarget, maxEvals, restarts,/,
    );
    expect(() => minimize(sphere, x0, { method: "DE", options: { popsize: 20 } })).toThrow(
      /differentialEvolution: unknown option 'popsize'; known: .*popSize.*F, CR, tolFun/,
    );
    expect(() => spsa({ x0, a: 0.1, gamma: 0.1, maxiter: 5 } as never)).toThrow(
      /spsa: unknown option 'maxiter'/,
    );
  });

  it("minimize passes ftarget, maxEvals, seed and sigma0 given in options.options (top-level ones win)", () => {
    // before: the top-level undefined tol/maxFev/seed/sigma0 overwrote them, so these ran to tolfun (534
    // evaluations, f ≈ 1e-15) and the seed was 0
    const viaInner = minimize(sphere, [3, 3], { method: "CMA-ES", options: { ftarget: 1e-3 } });
    const viaTol = minimize(sphere, [3, 3], { method: "CMA-ES", tol: 1e-3 });
    expect(viaInner.message).toMatch(/^ftarget/);
    expect(viaInner.nfev).toBe(viaTol.nfev);
    const budget = minimize(sphere, [3, 3], { method: "CMA-ES", options: { maxEvals: 60 } });
    expect(budget.nfev).toBe(60); // 10 generations of the default 2-D population 6
    const innerSeed = minimize(sphere, [3, 3], { method: "CMA-ES", maxFev: 60, options: { seed: 7 } });
    const topSeed = minimize(sphere, [3, 3], { method: "CMA-ES", maxFev: 60, seed: 7 });
    expect(Array.from(innerSeed.x)).toEqual(Array.from(topSeed.x));
    // both given: the top-level value is used
    const both = minimize(sphere, [3, 3], { method: "CMA-ES", maxFev: 30, options: { maxEvals: 60 } });
    expect(both.nfev).toBe(30);
  });
});
