import { grad, ready, tf } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { points } from "../points.js";
import { causalWeights, checkCausal } from "./causal.js";
import { adaptPoints, radProbabilities, rarSelect, sampleIndices } from "./resampling.js";
import { balancedWeights, checkWeighting, selfAdaptiveMask, selfAdaptiveUpdate } from "./weighting.js";

describe("causalWeights (Wang, Sankaran & Perdikaris 2022)", () => {
  it("w_1 = 1, w_i = exp(−ε Σ_{k<i} L_k)", () => {
    const L = [0.5, 0.25, 1, 2];
    const w = causalWeights(L, 2);
    expect(Array.from(w)).toEqual([1, Math.exp(-1), Math.exp(-1.5), Math.exp(-3.5)]);
    expect(Array.from(causalWeights(L, 0))).toEqual([1, 1, 1, 1]);
  });
  it("weights decrease in time and rise as earlier losses fall", () => {
    const w1 = causalWeights([1, 1, 1], 1);
    const w2 = causalWeights([0.1, 1, 1], 1);
    expect(w1[2]!).toBeLessThan(w1[1]!);
    expect(w2[2]!).toBeGreaterThan(w1[2]!);
  });
  it("rejects bad ε and options", () => {
    expect(() => causalWeights([1], -1)).toThrow(
      "causalWeights: epsilon must be a finite number >= 0, received -1",
    );
    // A NaN loss used to give a NaN weight, a negative one a weight above 1.
    expect(() => causalWeights([0.5, Number.NaN], 1)).toThrow(
      "causalWeights: chunkLosses[1] is NaN; chunk losses must be finite and >= 0",
    );
    expect(() => causalWeights([-1, 1], 1)).toThrow(
      "causalWeights: chunkLosses[0] is -1; chunk losses must be finite and >= 0",
    );
    expect(() => checkCausal({ chunks: 0 })).toThrow(
      "train: causal.chunks must be a positive integer, received 0",
    );
    expect(() => checkCausal({ epsilon: [] })).toThrow(/causal.epsilon/);
  });
});

describe("balancedWeights (grad-norm / NTK balancing)", () => {
  it("λ̂ₖ = Σⱼ sⱼ / sₖ makes every weighted magnitude equal", () => {
    const s = [2, 0.5, 8];
    const w = balancedWeights(s);
    const total = 10.5;
    s.forEach((v, k) => {
      expect(w[k]! * v).toBeCloseTo(total, 12);
    });
    expect(Array.from(balancedWeights([0, 1]))).toEqual([1, 1]);
  });
  it("validates options", () => {
    expect(() => checkWeighting({ method: "magic" } as never)).toThrow(/weighting must be 'fixed'/);
    expect(() => checkWeighting({ method: "gradNorm", alpha: 1 })).toThrow(
      "train: weighting.alpha must be in [0, 1), received 1",
    );
  });
});

describe("RAR / RAD", () => {
  it("RAR picks the points with the largest |residual|", () => {
    expect(rarSelect([0.1, -5, 0.3, 2, -0.2], 2)).toEqual([1, 3]);
    const cur = points([[0], [1]]);
    const cand = points([[0.1], [0.2], [0.3], [0.4]]);
    const next = adaptPoints("rar", cur, cand, [0, 3, 0.5, 7], { add: 2, k: 1, c: 1, seed: 0, target: 2 });
    expect(Array.from(next.data)).toEqual([0, 1, 0.4, 0.2]);
  });
  it("RAD probabilities ∝ |r|^k / mean|r|^k + c and sampling follows them", () => {
    const p = radProbabilities([0, 1, 3], 1, 0);
    expect(Array.from(p)).toEqual([0, 0.25, 0.75]);
    const q = radProbabilities([0, 1, 3], 2, 1); // e = [0,1,9], mean 10/3 → [0, .3, 2.7] + 1 → /6
    expect(q[2]!).toBeCloseTo(3.7 / 6, 12);
    const idx = sampleIndices(p, 4000, 1);
    const frac = idx.filter((i) => i === 2).length / idx.length;
    // Binomial std ≈ 0.007: 5 sigma.
    expect(Math.abs(frac - 0.75)).toBeLessThan(0.035);
    expect(idx.includes(0)).toBe(false);
  });
  it("bad input throws naming the argument", () => {
    // These used to return silently wrong answers: a negative m dropped the last candidates instead of none,
    // NaN residuals were sorted arbitrarily or turned every probability into NaN, and an empty p gave index 0.
    expect(() => rarSelect([1, 2, 3], -1)).toThrow(
      "rarSelect: m must be a non-negative integer, received -1",
    );
    expect(() => rarSelect([1, Number.NaN], 1)).toThrow(
      "rarSelect: residuals[1] is NaN; residuals must be finite",
    );
    expect(() => radProbabilities([1, Number.NaN])).toThrow(
      "radProbabilities: residuals[1] is NaN; residuals must be finite",
    );
    expect(() => radProbabilities([1, 2], -1)).toThrow(
      "radProbabilities: k must be a finite number >= 0, received -1",
    );
    expect(() => radProbabilities([1, 2], 1, Number.NaN)).toThrow(
      "radProbabilities: c must be a finite number >= 0, received NaN",
    );
    expect(() => sampleIndices([], 3, 0)).toThrow(
      "sampleIndices: p must be a non-empty array of probabilities",
    );
    expect(() => sampleIndices([0.5, -0.5], 3, 0)).toThrow(
      "sampleIndices: p[1] is -0.5; probabilities must be finite and >= 0",
    );
    expect(() => sampleIndices([0, 0], 3, 0)).toThrow("sampleIndices: p sums to 0");
    expect(() => sampleIndices([1], 2.5, 0)).toThrow(
      "sampleIndices: m must be a non-negative integer, received 2.5",
    );
    expect(() => sampleIndices([1], 2, -1)).toThrow(
      "sampleIndices: seed must be a non-negative integer, received -1",
    );
  });
});

describe("selfAdaptiveUpdate (SA-PINN gradient ascent)", () => {
  beforeAll(async () => {
    await ready();
  });
  it.each(["identity", "square"] as const)(
    "λ ← λ + η ∂/∂λ mean(m(λ) r²), checked against autodiff (%s mask)",
    (mask) => {
      const lambda = [1, 0.5, 2, 1.5];
      const r2 = [0.1, 4, 0, 9];
      const lr = 0.3;
      const next = selfAdaptiveUpdate(lambda, r2, { lr, mask });
      // Independent path: reverse-mode gradient of L(λ) = (1/N) Σ m(λᵢ) rᵢ² in float32.
      const g = tf.tidy(
        () =>
          grad((l: tf.Tensor) => tf.mean(tf.mul(mask === "square" ? tf.square(l) : l, tf.tensor1d(r2))))(
            tf.tensor1d(lambda),
          ).arraySync() as number[],
      );
      lambda.forEach((l, i) => {
        // float32 autodiff vs float64 update: 1e-6 relative.
        expect(next[i]!).toBeCloseTo(l + lr * g[i]!, 5);
      });
      // Hand values: identity gives λ + η r²/N, square λ + η 2λ r²/N.
      expect(next[1]!).toBeCloseTo(
        mask === "identity" ? 0.5 + (0.3 * 4) / 4 : 0.5 + (0.3 * 2 * 0.5 * 4) / 4,
        12,
      );
      expect(next[2]).toBe(2); // r = 0: unchanged
    },
  );
  it("masks and validation", () => {
    expect(Array.from(selfAdaptiveMask([2, -1], "square"))).toEqual([4, 1]);
    expect(Array.from(selfAdaptiveMask([2, 0], "identity"))).toEqual([2, 0]);
    expect(() => selfAdaptiveUpdate([1, 1], [1], { lr: 1, mask: "identity" })).toThrow(
      "selfAdaptiveUpdate: squaredResiduals must have one value per weight (2), received 1",
    );
    expect(() => checkWeighting({ method: "selfAdaptive", mask: "cube" as never })).toThrow(
      "train: weighting.mask must be 'identity' or 'square', received 'cube'",
    );
    expect(checkWeighting({ method: "selfAdaptive" }).selfAdaptive).toEqual({
      lr: 1e-2,
      init: 1,
      mask: "identity",
      terms: null,
    });
  });
});
