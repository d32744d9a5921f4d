import { type PyTree, ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { adam, sgd } from "./alias.js";
import { applyUpdates } from "./apply-updates.js";
import { chain, maskedTransform, multiTransform } from "./combine.js";
import { disposeState } from "./dispose-state.js";
import { clip, clipByGlobalNorm } from "./transforms/clip.js";
import { setToZero } from "./transforms/identity.js";
import { scaleBySchedule } from "./transforms/schedule.js";
import { scaleByTrustRatio } from "./transforms/trust-ratio.js";
import { addDecayedWeights } from "./transforms/weight-decay.js";

beforeAll(async () => {
  await ready();
});

const step = (opt: ReturnType<typeof sgd>, grads: PyTree, params: PyTree) => {
  const state = opt.init(params);
  const r = opt.update(grads, state, params);
  const out = Object.fromEntries(
    Object.entries(r.updates as Record<string, tf.Tensor>).map(([k, v]) => [k, Array.from(v.dataSync())]),
  );
  treeDispose(r.updates);
  disposeState(r.state);
  return out;
};

describe("combinators", () => {
  it("multiTransform applies one transformation per label and freezes with setToZero", async () => {
    await expectNoLeaks(() => {
      const params = { enc: tf.ones([2]), head: tf.ones([2]) };
      const grads = { enc: tf.fill([2], 2), head: tf.fill([2], 2) };
      const opt = multiTransform({ train: sgd(0.5), frozen: setToZero() }, (path) =>
        path === "enc" ? "frozen" : "train",
      );
      const u = step(opt, grads, params);
      expect(u.enc).toEqual([0, 0]);
      expect(u.head).toEqual([-1, -1]);
      treeDispose([params, grads]);
    });
  });
  it("multiTransform lists the known labels on a bad one", () => {
    const params = { a: tf.ones([1]) };
    expect(() => multiTransform({ x: sgd(1) }, () => "y").init(params)).toThrow(
      /label 'y', which has no transformation \(known: x\)/,
    );
    treeDispose(params);
  });
  it("maskedTransform decays only the masked leaves", async () => {
    await expectNoLeaks(() => {
      const params = { w: tf.fill([2], 3), bias: tf.fill([2], 3) };
      const grads = { w: tf.zeros([2]), bias: tf.zeros([2]) };
      const u = step(
        maskedTransform(addDecayedWeights(0.1), (p) => !p.endsWith("bias")) as never,
        grads,
        params,
      );
      expectAllClose(u.w!, [0.3, 0.3]);
      expect(u.bias).toEqual([0, 0]);
      treeDispose([params, grads]);
    });
  });
  it("clipByGlobalNorm rescales jointly, clip elementwise", () => {
    const params = { a: tf.zeros([2]), b: tf.zeros([1]) };
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) }; // norm 5
    const u = step(clipByGlobalNorm(1) as never, grads, params);
    expectAllClose(u.a!, [0.6, 0]);
    expectAllClose(u.b!, [0.8]);
    const v = step(clip(1) as never, grads, params);
    expect(v.a).toEqual([1, 0]);
    treeDispose([params, grads]);
  });
  it("clipByGlobalNorm(0) returns zero updates, also for zero gradients (was 0/0 = NaN)", async () => {
    await expectNoLeaks(() => {
      const params = { a: tf.zeros([2]) };
      const zero = { a: tf.zeros([2]) };
      const big = { a: tf.tensor1d([3, -4]) };
      expect(step(clipByGlobalNorm(0) as never, zero, params).a).toEqual([0, 0]);
      expect(step(clipByGlobalNorm(0) as never, big, params).a!.map(Math.abs)).toEqual([0, 0]);
      treeDispose([params, zero, big]);
    });
  });
  it("scaleByTrustRatio scales each leaf by ‖p‖/‖u‖", () => {
    const params = { a: tf.tensor1d([3, 4]) };
    const grads = { a: tf.tensor1d([0, 1]) };
    const u = step(scaleByTrustRatio() as never, grads, params);
    expectAllClose(u.a!, [0, 5]);
    treeDispose([params, grads]);
  });
  it("chain composes and scaleBySchedule counts from 0", () => {
    const params = { a: tf.zeros([1]) };
    const grads = { a: tf.ones([1]) };
    const opt = chain(
      scaleBySchedule((t) => t + 1),
      scaleBySchedule((t) => 10 * (t + 1)),
    );
    let state = opt.init(params);
    const seen: number[] = [];
    for (let k = 0; k < 2; k++) {
      const r = opt.update(grads, state, params);
      state = r.state;
      seen.push((r.updates as { a: tf.Tensor }).a.dataSync()[0]!);
      treeDispose(r.updates);
    }
    expect(seen).toEqual([10, 40]);
    treeDispose([params, grads]);
  });
  it("applyUpdates assigns variables in place and returns new tensors otherwise", () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const t = tf.tensor1d([1, 2]);
    const u = tf.tensor1d([0.5, -1]);
    const out = applyUpdates({ v, t }, { v: u, t: u });
    expect(out.v).toBe(v);
    expect(Array.from(v.dataSync())).toEqual([1.5, 1]);
    expect(Array.from(out.t.dataSync())).toEqual([1.5, 1]);
    treeDispose([v, t, u, out.t]);
  });
  it("applyUpdates refuses updates whose structure differs from params (was applied by leaf order)", () => {
    // before: { x, y } updates were added to { a, b } and an array to a record, leaf by leaf, without a word
    const a = tf.variable(tf.tensor1d([1, 1]));
    const b = tf.variable(tf.tensor1d([10, 10]));
    const u = tf.tensor1d([5, 5]);
    expect(() => applyUpdates({ a, b }, { x: u, y: u })).toThrow(
      /applyUpdates: updates must have the structure of params: leaf 0 is 'x' in updates but 'a' in params/,
    );
    expect(() => applyUpdates({ a, b }, [u, u])).toThrow(/leaf 0 is '\[0\]' in updates but 'a' in params/);
    expect(Array.from(a.dataSync())).toEqual([1, 1]); // nothing assigned
    expect(Array.from(b.dataSync())).toEqual([10, 10]);
    treeDispose([a, b, u]);
  });
  it("addDecayedWeights needs params", () => {
    const g = { a: tf.ones([1]) };
    const opt = adam(1e-3, { weightDecay: 0.1 });
    expect(() => opt.update(g, opt.init(g))).toThrow(/addDecayedWeights.update: params are required/);
    treeDispose(g);
  });
});
