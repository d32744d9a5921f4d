import { describe, expect, it } from "vitest";
import { prng, ready, tf } from "./index.js";

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
});
