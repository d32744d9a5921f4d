import { describe, expect, it } from "vitest";
import { runAskTell } from "./run.js";
import { spsa } from "./spsa.js";

describe("spsa", () => {
  const sphere = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);

  it("calibrates its gain on the first informative difference (x·Δ = 0 gives none)", () => {
    // From x0 = (1, −1) the perturbations Δ = ±(1, 1) give f(x + cΔ) = f(x − cΔ): the gain used to be calibrated
    // on that zero difference (a ≈ 1e12·sigma0), so seeds 1, 3, 4, 5 blew up and stayed at f ≈ 1.6 (the best
    // point seen, next to x0). With the calibration deferred every seed approaches the minimum 0; 1e-2 is a loose
    // bound for 1000 SPSA iterations (measured: 3e-5 … 5e-4 over these seeds).
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const r = runAskTell(sphere, spsa({ x0: [1, -1], seed }), { maxFev: 2000 });
      expect(r.fun).toBeLessThan(1e-2);
    }
  });
});
