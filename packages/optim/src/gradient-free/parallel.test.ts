import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import "../register-minimizers.js";
import { minimize } from "../minimize/minimize.js";
import { rosenbrock } from "../testing/problems.js";
import { cmaes } from "./cmaes.js";
import { runAskTellParallel } from "./parallel.js";
import { runAskTell } from "./run.js";

const mod = join(import.meta.dirname, "../../test/fixtures/objective-rosenbrock.mjs");

describe("runAskTellParallel (worker threads)", () => {
  it("gives exactly the sequential result with the same seed", async () => {
    const make = () => cmaes({ x0: [-1.2, 1, -1.2, 1], sigma0: 0.5, seed: 3, maxEvals: 1500 });
    const seq = runAskTell(rosenbrock(4).f, make());
    const par = await runAskTellParallel(mod, make(), { evaluate: { workers: 2 } });
    expect(par.nfev).toBe(seq.nfev);
    expect(par.fun).toBe(seq.fun);
    expect(Array.from(par.x)).toEqual(Array.from(seq.x));
  }, 60_000);

  it("reports a throwing objective, a missing export and bad options", async () => {
    const opt = () => cmaes({ x0: [0, 0], seed: 0, maxEvals: 100 });
    await expect(
      runAskTellParallel(mod, opt(), { evaluate: { workers: 1, exportName: "throwing" } }),
    ).rejects.toThrow(/objective failed in a worker: boom/);
    await expect(
      runAskTellParallel(mod, opt(), { evaluate: { workers: 1, exportName: "nope" } }),
    ).rejects.toThrow(/no exported function 'nope'/);
    await expect(runAskTellParallel(mod, opt(), { evaluate: { workers: 0 } })).rejects.toThrow(
      /evaluate.workers must be an integer >= 1, received 0/,
    );
  }, 60_000);
});

describe("minimize(module, x0, { method, workers })", () => {
  it("equals the sequential minimize with the same seed, for CMA-ES (with bounds) and DE", async () => {
    const f = rosenbrock(3).f;
    for (const o of [
      {
        method: "CMA-ES",
        seed: 5,
        maxFev: 900,
        sigma0: 0.4,
        bounds: [
          [-2, 2],
          [-2, 2],
          [-2, 2],
        ] as const,
      },
      { method: "DE", seed: 2, maxFev: 600 },
    ]) {
      const seq = minimize(f, [-1, 1.5, 0.5], o);
      const par = await minimize({ module: mod }, [-1, 1.5, 0.5], { ...o, workers: 2 });
      expect(par.nfev).toBe(seq.nfev);
      expect(par.nit).toBe(seq.nit);
      expect(par.fun).toBe(seq.fun);
      expect(Array.from(par.x)).toEqual(Array.from(seq.x));
    }
  }, 60_000);

  it("names the bad argument: method, fun, workers, and a runtime without Node", async () => {
    expect(() => minimize(mod, [0, 0], { method: "BFGS", workers: 2 })).toThrow(
      /options.workers needs a population method .*received method 'BFGS'/,
    );
    expect(() =>
      minimize(rosenbrock(2).f as unknown as string, [0, 0], { method: "CMA-ES", workers: 2 }),
    ).toThrow(/fun must be a module path or \{ module, exportName \}.*received function/);
    expect(() => minimize(mod, [0, 0], { method: "CMA-ES", workers: 1.5 })).toThrow(
      /options.workers must be an integer >= 1, received 1.5/,
    );
    // A browser-like runtime (no process.versions.node): the Promise rejects with a hint, no worker starts.
    vi.stubGlobal("process", { versions: {} });
    const p = minimize(mod, [0, 0], { method: "CMA-ES", workers: 2 });
    vi.unstubAllGlobals();
    await expect(p).rejects.toThrow(/worker threads need Node .*own Web Workers/);
  }, 60_000);
});
