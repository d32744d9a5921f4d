import { describe, expect, it } from "vitest";
import { expm } from "./expm.js";
import { loadFixture, maxAbsDiff, relErr } from "./test-helpers.js";

const fx = loadFixture("expm");

describe("expm", () => {
  it.each(["small", "random6", "scalar", "nonnormal", "spread"])("matches scipy.linalg.expm: %s", (name) => {
    const { n, a, expm: ref } = fx[name];
    // Both codes are backward stable with condition numbers of e^A below ~1e2 here; observed ≤ 2.3e-15, and
    // 1e-13 leaves room for the different Padé degree/squaring count SciPy picks (Al-Mohy & Higham 2009).
    expect(relErr(expm(Float64Array.from(a), n), ref)).toBeLessThan(1e-13);
  });

  it("rotation generators and a nilpotent matrix against closed forms", () => {
    for (const t of [1, 30]) {
      // e^{[[0, −t], [t, 0]]} = [[cos t, −sin t], [sin t, cos t]]; t = 30 needs 3 squarings, each adding ~ε.
      const r = expm(new Float64Array([0, -t, t, 0]), 2);
      expect(maxAbsDiff(r, [Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)])).toBeLessThan(1e-13);
    }
    // N = shift: e^N = I + N + N²/2 exactly (N³ = 0); the Padé quotient reproduces it to rounding.
    const e = expm(new Float64Array([0, 1, 0, 0, 0, 1, 0, 0, 0]), 3);
    expect(maxAbsDiff(e, [1, 1, 0.5, 0, 1, 1, 0, 0, 1])).toBeLessThan(1e-15);
    expect(Array.from(expm(new Float64Array([0]), 1))).toEqual([1]);
  });

  it("rejects NaN, wrong lengths and bad sizes, naming the argument", () => {
    expect(() => expm(new Float64Array([Number.NaN]), 1)).toThrow(
      /expm: a must be finite, received NaN at a\[0, 0\]/,
    );
    expect(() => expm(new Float64Array(3), 2)).toThrow(/expm: a must have length 4/);
    expect(() => expm(new Float64Array(0), 0)).toThrow(/expm: n must be an integer >= 1/);
  });
});
