import { describe, expect, it } from "vitest";
import { prng, ready, tf } from "./index.js";
import { expectNoLeaks } from "./testing/index.js";

describe("prng", () => {
  it("is reproducible and splits deterministically", () => {
    const a = prng(42).normalArray(5);
    const b = prng(42).normalArray(5);
    expect([...a]).toEqual([...b]);
    const [c1, c2] = prng(42).split(2);
    expect(c1!.nextUint32()).not.toBe(c2!.nextUint32());
    expect(prng(42).split(2)[1]!.nextDouble()).toBe(prng(42).split(2)[1]!.nextDouble());
  });
  it("has the right moments (n=1e5: standard error of the mean 0.003)", () => {
    const x = prng(7).normalArray(100000);
    let m = 0;
    let v = 0;
    for (const xi of x) m += xi;
    m /= x.length;
    for (const xi of x) v += (xi - m) ** 2;
    v /= x.length;
    expect(Math.abs(m)).toBeLessThan(0.015);
    expect(Math.abs(v - 1)).toBeLessThan(0.02);
    const p = prng(1).permutation(10);
    expect([...p].sort((q, r) => q - r)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it("gives the same tensors on cpu and wasm", async () => {
    await ready({ backend: "cpu" });
    const a = prng(3).normal([4]).dataSync();
    await ready({ backend: "wasm" });
    const b = prng(3).normal([4]).dataSync();
    expect([...a]).toEqual([...b]);
    expect(tf.getBackend()).toBe("wasm");
  });
  it("rejects bad arguments", () => {
    expect(() => prng(Number.NaN)).toThrow(/seed must be a finite number/);
    expect(() => prng(0).normal([2, -1])).toThrow(/shape must hold non-negative integers/);
    expect(() => prng(0).uniform([2], { min: 1, max: 0 })).toThrow(/max \(0\) must exceed options.min \(1\)/);
  });

  it("bernoulli: frequency of ones matches p, reproducible, 0 and 1 are exact", async () => {
    const n = 20000;
    for (const p of [0.1, 0.5, 0.83]) {
      const draws = await expectNoLeaks(() => prng(11).bernoulli([n], p), { allow: 1 }); // the result
      const ones = (draws.dataSync() as Float32Array).reduce((a, b) => a + b, 0);
      // Binomial count: std √(n p (1−p)) ≤ 71 here; 5 std keeps a false failure below 1e-6.
      expect(Math.abs(ones - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
      const again = prng(11).bernoulli([n], p);
      expect(Array.from(draws.dataSync())).toEqual(Array.from(again.dataSync()));
      tf.dispose([draws, again]);
    }
    const edge = tf.tidy(() => tf.concat([prng(1).bernoulli([50], 0), prng(1).bernoulli([50], 1)]));
    expect(Array.from(edge.dataSync())).toEqual([...new Array(50).fill(0), ...new Array(50).fill(1)]);
    edge.dispose();
    for (const p of [-0.1, 1.5, Number.NaN])
      expect(() => prng(0).bernoulli([2], p)).toThrow(/Rng.bernoulli: p must be a probability in \[0, 1\]/);
  });

  it("categorical: frequencies follow softmax(logits), -Infinity categories never drawn", async () => {
    const n = 30000;
    const probs = [0.5, 0, 0.2, 0.3];
    const logits = probs.map((q) => Math.log(q) + 7); // shift: softmax is shift-invariant; log 0 = -Infinity
    const draws = await expectNoLeaks(() => prng(5).categorical(logits, [100, n / 100]), { allow: 1 });
    expect(draws.shape).toEqual([100, n / 100]);
    expect(draws.dtype).toBe("int32");
    const counts = [0, 0, 0, 0];
    for (const k of draws.dataSync()) counts[k]! += 1;
    expect(counts[1]).toBe(0);
    // Multinomial marginal: std √(n q (1−q)) ≤ 87; 5 std as above.
    for (const [k, q] of probs.entries())
      expect(Math.abs(counts[k]! - n * q)).toBeLessThanOrEqual(5 * Math.sqrt(n * q * (1 - q)));
    draws.dispose();
    expect(() => prng(0).categorical([], [2])).toThrow(/logits must be a non-empty array/);
    expect(() => prng(0).categorical([0, Number.NaN], [2])).toThrow(
      /logits\[1\] must be finite or -Infinity/,
    );
    expect(() => prng(0).categorical([Number.NEGATIVE_INFINITY], [2])).toThrow(/every logit is -Infinity/);
  });

  it("weightedIndices: frequencies follow the weights, zero weights never drawn; categorical draws through it", () => {
    const n = 30000;
    const w = [1, 0, 0.4, 0.6]; // unnormalised: probabilities 0.5, 0, 0.2, 0.3
    const draws = prng(5).weightedIndices(w, n);
    expect(draws).toBeInstanceOf(Int32Array);
    const counts = [0, 0, 0, 0];
    for (const k of draws) counts[k]! += 1;
    expect(counts[1]).toBe(0);
    // Multinomial marginal: std √(n q (1−q)) ≤ 87; 5 std as above.
    for (const [k, q] of [0.5, 0, 0.2, 0.3].entries())
      expect(Math.abs(counts[k]! - n * q)).toBeLessThanOrEqual(5 * Math.sqrt(n * q * (1 - q)));
    // categorical(log w) is the same draw from the same stream.
    const viaLogits = prng(5).categorical(w.map(Math.log), [n]);
    expect(Array.from(viaLogits.dataSync())).toEqual(Array.from(draws));
    viaLogits.dispose();
    expect(() => prng(0).weightedIndices([], 2)).toThrow(/weights must be a non-empty array/);
    expect(() => prng(0).weightedIndices([1, -1], 2)).toThrow(/weights\[1\] must be finite and >= 0/);
    expect(() => prng(0).weightedIndices([0, 0], 2)).toThrow(/weights sum to 0/);
    expect(() => prng(0).weightedIndices([1], 1.5)).toThrow(/n must be a non-negative integer/);
  });

  it("rejects non-finite means, spreads and bounds that used to give NaN/Infinity samples", () => {
    expect(() => prng(0).normal([2], { mean: Number.NaN })).toThrow(
      /Rng.normal: options.mean must be a finite number/,
    );
    expect(() => prng(0).normal([2], { std: Number.POSITIVE_INFINITY })).toThrow(
      /options.std must be a finite number >= 0/,
    );
    expect(() => prng(0).normalArray(2, 0, -1)).toThrow(
      /Rng.normalArray: std must be a finite number >= 0, received -1/,
    );
    expect(() => prng(0).uniform([2], { max: Number.POSITIVE_INFINITY })).toThrow(
      /Rng.uniform: options.max must be a finite number/,
    );
    expect(() => prng(0).uniformArray(2, Number.NaN, 1)).toThrow(
      /Rng.uniformArray: min must be a finite number/,
    );
  });
});
