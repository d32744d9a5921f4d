import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
