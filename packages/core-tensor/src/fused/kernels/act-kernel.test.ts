import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { tf } from "../../engine.js";
import { prng, ready } from "../../index.js";
import { expectNoLeaks } from "../../testing/index.js";
import { fastTanhF32, tanhArray, transposeLast2 } from "../fast-math.js";
import { type FusedLayer, fusedMlpJet } from "../mlp-jet.js";
import { actKernelsFor, actKernelVariant, heapOffset, setActKernels, setFmaKernels } from "./act-kernel.js";

// The WebAssembly kernels run only on the wasm backend (Node picks it in ready(); the browser unit run uses it on
// its wasm pass). Everything they compute is compared with the JavaScript loops they replace.

beforeAll(async () => {
  await ready();
  if (tf.getBackend() !== "wasm") await tf.setBackend("wasm");
});
afterEach(() => {
  setActKernels(true);
  setFmaKernels(true);
});

const kernels = () => {
  const k = actKernelsFor(tf.backend());
  if (k === null) throw new Error("the WebAssembly activation kernels did not load on the wasm backend");
  return k;
};
const off = (t: tf.Tensor) => heapOffset(tf.backend(), t.dataId);

describe("act-kernel WebAssembly kernels", () => {
  it("load on the wasm backend and are refused when switched off or on another backend", () => {
    expect(kernels()).not.toBeNull();
    setActKernels(false);
    expect(actKernelsFor(tf.backend())).toBeNull();
    setActKernels(true);
    expect(actKernelsFor({})).toBeNull();
    expect(() => setActKernels("yes" as never)).toThrow(/on must be a boolean/);
  });

  it("fastTanhF32 is within 4e-7 of Math.tanh (absolute and relative) and odd", () => {
    // Eigen's float32 rational tanh: rounding in ~15 float32 operations, largest near |x| ≈ 5.8 where tanh is
    // within 2e-5 of 1 (about 7 ulp there); the float64 fastTanh it replaced in the kernels was within 6e-8.
    let absErr = 0;
    let relErr = 0;
    for (let i = 0; i <= 200000; i++) {
      const x = Math.fround(-10 + i / 10000);
      const t = Math.tanh(x);
      const y = fastTanhF32(x);
      expect(fastTanhF32(-x)).toBe(-y);
      absErr = Math.max(absErr, Math.abs(y - t));
      if (t !== 0) relErr = Math.max(relErr, Math.abs(y - t) / Math.abs(t));
    }
    expect(absErr).toBeLessThan(4e-7);
    expect(relErr).toBeLessThan(4e-7);
    expect(absErr).toBeGreaterThan(0); // it is an approximation, and the sweep reaches its error
    expect(fastTanhF32(1e-30)).toBeCloseTo(1e-30, 36);
    expect([fastTanhF32(Number.POSITIVE_INFINITY), fastTanhF32(Number.NEGATIVE_INFINITY)]).toEqual([1, -1]);
    expect(fastTanhF32(Number.NaN)).toBeNaN();
  });

  it("tanh_array is bitwise the JavaScript fastTanhF32, including the exp tail, ±∞ and NaN", () => {
    const k = kernels();
    const n = 20001;
    const xs = new Float32Array(n);
    for (let i = 0; i < n - 4; i++) xs[i] = -12 + (24 * i) / (n - 5);
    xs.set([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 8.5], n - 4);
    const x = tf.tensor1d(xs);
    const out = tf.zeros([n]);
    k.tanh_array(off(x), off(out), n);
    const want = tanhArray(xs, new Float32Array(n));
    expect(Array.from(out.dataSync() as Float32Array)).toEqual(Array.from(want));
    tf.dispose([x, out]);
  });

  it("transpose_last2 equals the JavaScript transpose on ragged shapes", () => {
    const k = kernels();
    for (const [batch, rows, cols] of [
      [1, 7, 5],
      [3, 8, 12],
      [2, 33, 1],
    ] as const) {
      const src = prng(batch * 100 + rows).uniform([batch * rows * cols]);
      const out = tf.zeros([batch * rows * cols]);
      k.transpose_last2(off(src), off(out), batch, rows, cols);
      const want = transposeLast2(
        src.dataSync() as Float32Array,
        new Float32Array(batch * rows * cols),
        batch,
        rows,
        cols,
      );
      expect(Array.from(out.dataSync() as Float32Array)).toEqual(Array.from(want));
      tf.dispose([src, out]);
    }
  });

  it("gemm_nn and gemm_tn match tf.matMul on shapes with row and column tails", () => {
    const k = kernels();
    for (const [m, kk, n] of [
      [37, 9, 13],
      [8, 50, 50],
      [130, 2, 1],
      [5, 3, 17],
      // n < 4 (gemm_nn_narrow: 8-row, 4-row and single-row blocks; k > 256 continues a sum across k blocks) and
      // the n = 1 weight gradient of gemm_tn_rows with a k tail.
      [21, 300, 1],
      [13, 7, 2],
      [45, 10, 3],
      [70, 258, 1],
    ] as const) {
      const rng = prng(m + kk + n);
      const A = rng.normal([m, kk]);
      const B = rng.normal([kk, n]);
      const B2 = rng.normal([m, n]);
      const C = tf.zeros([m, n]);
      const C2 = tf.zeros([kk, n]);
      k.gemm_nn(off(A), off(B), off(C), m, kk, n);
      k.gemm_tn(off(A), off(B2), off(C2), m, kk, n);
      // Float32 sums of ≤ 300 O(1) products: both sides round each partial sum; 1e-5 relative to the sum of
      // |products| bounds the difference of two summation orders (~√k·2⁻²⁴ per entry).
      const check = (got: tf.Tensor, want: tf.Tensor, scale: tf.Tensor) => {
        const g = got.dataSync();
        const w = want.dataSync();
        const s = scale.dataSync();
        for (let i = 0; i < g.length; i++)
          expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(1e-5 * (s[i]! + 1e-30));
      };
      tf.tidy(() => {
        check(C, tf.matMul(A, B), tf.matMul(tf.abs(A), tf.abs(B)));
        check(C2, tf.matMul(A, B2, true, false), tf.matMul(tf.abs(A), tf.abs(B2), true, false));
      });
      tf.dispose([A, B, B2, C, C2]);
    }
  });
});

describe("fused MLP jet: WebAssembly kernels against the JavaScript loops", () => {
  const net = (widths: number[], acts: string[], seed: number): FusedLayer[] => {
    const rng = prng(seed);
    return acts.map((activation, i) => ({
      w: tf.variable(rng.normal([widths[i]!, widths[i + 1]!], { std: 1 / Math.sqrt(widths[i]!) })),
      b: tf.variable(rng.normal([widths[i + 1]!], { std: 0.1 })),
      activation,
    }));
  };

  /** Loss over the value and both derivative orders, and its gradient w.r.t. every weight, bias and x. */
  const run = (layers: FusedLayer[], x: tf.Tensor, v: tf.Tensor[], orders: number[]) =>
    tf.tidy(() => {
      const params = layers.flatMap((l) => [l.w, l.b]);
      const f = (xx: tf.Tensor, ...ps: tf.Tensor[]) => {
        const ls = layers.map((l, i) => ({ w: ps[2 * i]!, b: ps[2 * i + 1]!, activation: l.activation }));
        const { value, derivatives } = fusedMlpJet(ls, xx, v, orders);
        let s = tf.sum(tf.square(value));
        for (const ds of derivatives)
          for (const [j, d] of ds.entries()) s = tf.add(s, tf.mul(tf.sum(tf.mul(d, d)), 0.3 + j));
        return s;
      };
      const { value, grads } = tf.variableGrads(() => f(x, ...params) as tf.Scalar, params as tf.Variable[]);
      const gx = tf.grad((xx: tf.Tensor) => f(xx, ...params))(x);
      return [value, gx, ...params.map((p) => grads[(p as tf.Variable).name]!)].map((t) =>
        Array.from(t.dataSync()),
      );
    });

  it("gives bitwise the same values and gradients (tanh, orders 2+1, 1 and 0, ragged widths)", () => {
    setFmaKernels(false); // the plain SIMD products are bitwise XNNPACK's, which the JavaScript path calls
    const N = 45;
    const layers = net([3, 7, 10, 2], ["tanh", "tanh", "identity"], 3);
    const x = prng(4).uniform([N, 3], { min: -2, max: 2 });
    const e0 = tf.tile(tf.tensor2d([[1, 0, 0]]), [N, 1]);
    const e2 = prng(5).normal([N, 3]);
    const withWasm = [run(layers, x, [e0, e2], [2, 1]), run(layers, x, [e2], [1]), run(layers, x, [], [])];
    setActKernels(false);
    const withJs = [run(layers, x, [e0, e2], [2, 1]), run(layers, x, [e2], [1]), run(layers, x, [], [])];
    expect(withWasm).toEqual(withJs);
    for (const l of layers) tf.dispose([l.w, l.b]);
    tf.dispose([x, e0, e2]);
  });

  it("gives bitwise the same values and gradients with large pre-activations (the exp tail of tanh)", () => {
    setFmaKernels(false); // the plain SIMD products are bitwise XNNPACK's, which the JavaScript path calls
    const N = 16;
    const layers = net([2, 9, 1], ["tanh", "identity"], 7);
    const x = prng(8).uniform([N, 2], { min: -40, max: 40 });
    const e = tf.tile(tf.tensor2d([[0, 1]]), [N, 1]);
    // Order 0 too: the forward without σ' and the one-pass backward (tanh_bwd_y), past the clamp in both.
    const withWasm = [run(layers, x, [e], [2]), run(layers, x, [], [])];
    setActKernels(false);
    expect(withWasm).toEqual([run(layers, x, [e], [2]), run(layers, x, [], [])]);
    for (const l of layers) tf.dispose([l.w, l.b]);
    tf.dispose([x, e]);
  });

  it("gives bitwise the same values and gradients for sin layers (orders 2 and 1, large arguments)", () => {
    setFmaKernels(false); // the plain SIMD products are bitwise XNNPACK's, which the JavaScript path calls
    const N = 29;
    const layers = net([2, 11, 7, 1], ["sin", "sin", "identity"], 13);
    const x = prng(14).uniform([N, 2], { min: -30, max: 30 });
    const e0 = tf.tile(tf.tensor2d([[1, 0]]), [N, 1]);
    const e1 = tf.tile(tf.tensor2d([[0, 1]]), [N, 1]);
    const withWasm = run(layers, x, [e0, e1], [2, 1]);
    setActKernels(false);
    expect(withWasm).toEqual(run(layers, x, [e0, e1], [2, 1]));
    for (const l of layers) tf.dispose([l.w, l.b]);
    tf.dispose([x, e0, e1]);
  });

  it("gives bitwise the same values and gradients for gelu (order 0)", () => {
    setFmaKernels(false); // the plain SIMD products are bitwise XNNPACK's, which the JavaScript path calls
    const layers = net([5, 12, 9, 3], ["gelu", "gelu", "identity"], 11);
    const x = prng(12).normal([33, 5], { std: 2 });
    // Large inputs: rows whose tanh argument passes the clamp take the kernels' exact paths (fix-ups, exact rows).
    const xBig = prng(13).normal([33, 5], { std: 12 });
    const withWasm = [run(layers, x, [], []), run(layers, xBig, [], [])];
    setActKernels(false);
    expect(withWasm).toEqual([run(layers, x, [], []), run(layers, xBig, [], [])]);
    for (const l of layers) tf.dispose([l.w, l.b]);
    tf.dispose([x, xBig]);
  });

  it("with fused multiply-add products, agrees with the plain products to the float32 rounding of the sums", () => {
    if (actKernelVariant() !== "fma") {
      console.log(
        `skipped: this engine has no WebAssembly relaxed SIMD (kernel build ${actKernelVariant()})`,
      );
      return;
    }
    const N = 64;
    const layers = net([3, 40, 40, 2], ["tanh", "tanh", "identity"], 21);
    const x = prng(22).uniform([N, 3], { min: -2, max: 2 });
    const e0 = tf.tile(tf.tensor2d([[1, 0, 0]]), [N, 1]);
    const withFma = run(layers, x, [e0], [2]);
    setFmaKernels(false);
    expect(actKernelVariant()).toBe("simd");
    const plain = run(layers, x, [e0], [2]);
    // Each product of ≤ 40 terms rounds differently by at most ~40 float32 ulps of its magnitude; through two
    // layers, derivatives and gradients that stays below 1e-5 relative to each output's scale. An indexing or
    // operand-order error would give O(1) differences.
    let changed = 0;
    for (let o = 0; o < plain.length; o++) {
      const scale = Math.max(...plain[o]!.map(Math.abs));
      for (let i = 0; i < plain[o]!.length; i++) {
        expect(Math.abs(withFma[o]![i]! - plain[o]![i]!)).toBeLessThan(1e-5 * scale);
        if (withFma[o]![i] !== plain[o]![i]) changed++;
      }
    }
    expect(changed).toBeGreaterThan(0); // the fused build really ran
    for (const l of layers) tf.dispose([l.w, l.b]);
    tf.dispose([x, e0]);
  });

  it("leaks no tensors", async () => {
    const layers = net([2, 6, 1], ["tanh", "identity"], 1);
    const x = prng(2).uniform([11, 2]);
    const e = tf.onesLike(x);
    await expectNoLeaks(() => run(layers, x, [e], [2]));
    for (const l of layers) tf.dispose([l.w, l.b]);
    tf.dispose([x, e]);
  });
});
