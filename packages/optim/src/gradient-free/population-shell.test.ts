import { describe, expect, it } from "vitest";
import { cem } from "./population.js";
import { populationShell } from "./population-shell.js";
import { runAskTell } from "./run.js";

describe("populationShell", () => {
  it("runs the TSDoc example: halving reaches f <= 1e-6 after exactly 10 evaluations", () => {
    let m = 1;
    const opt = populationShell(
      "halving",
      { x0: Float64Array.of(1), ftarget: 1e-6, maxEvals: 100 },
      {
        ask: () => [Float64Array.of(m / 2)],
        tell: (xs) => {
          m = xs[0]![0]!;
        },
      },
      {
        get m() {
          return m;
        },
      },
    );
    const r = runAskTell((x) => x[0]! ** 2, opt);
    // x_k = 2^-k, f = 4^-k <= 1e-6 first at k = 10 (4^-10 ≈ 9.5e-7)
    expect(r.nfev).toBe(10);
    expect(r.nit).toBe(10);
    expect(r.fun).toBe(4 ** -10);
    expect(opt.m).toBe(2 ** -10); // extras stay live getters
    expect(r.message).toMatch(/^ftarget/);
  });

  it("checks tell against the last ask and hands out copies", () => {
    const opt = cem({ x0: [1, 2], sigma0: 0.5, popSize: 6, seed: 0 });
    expect(() => opt.tell([], [])).toThrow(/cem.tell: call ask\(\) first/);
    const xs = opt.ask();
    xs[0]![0] = 1e9; // mutating the copy must not matter
    expect(() => opt.tell(xs.slice(1), [1, 2, 3, 4, 5])).toThrow(
      /cem.tell: expected the 6 points of the last ask\(\), received 5/,
    );
    expect(() => opt.tell(xs, [1, 2])).toThrow(/fs must hold 6 values, received 2/);
    opt.tell(xs, [1, 2, 3, 4, 5, 6]);
    expect(() => opt.tell(xs, [1, 2, 3, 4, 5, 6])).toThrow(/call ask\(\) first/);
    expect(opt.evaluations).toBe(6);
    expect(opt.iteration).toBe(1);
    expect(opt.best.f).toBe(1);
  });
});
