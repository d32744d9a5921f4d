import { beforeAll, describe, expect, it } from "vitest";
import { prng, ready, setFastWasmKernels, tf, WASM_FAST_KERNELS } from "./index.js";
import { planTranspose } from "./register-wasm-kernels.js";
import { expectAllClose, expectNoLeaks } from "./testing/index.js";

beforeAll(async () => {
  await ready();
});

/** Run `fn` with the stock kernels, then with the fast ones; returns both results as arrays. */
function both(fn: () => tf.Tensor | tf.Tensor[]): { stock: Float32Array[]; fast: Float32Array[] } {
  const run = () =>
    tf.tidy(() => {
      const r = fn();
      return (Array.isArray(r) ? r : [r]).map((t) => t.dataSync() as Float32Array);
    });
  const prev = setFastWasmKernels(false);
  const stock = run();
  setFastWasmKernels(true);
  const fast = run();
  setFastWasmKernels(prev);
  return { stock, fast };
}

describe("fast WASM kernels", () => {
  it("are installed on the wasm backend", () => {
    expect(tf.getBackend()).toBe("wasm");
    for (const k of WASM_FAST_KERNELS) expect(tf.getKernel(k, "wasm")).toBeDefined();
  });

  it("transposed matMuls (and their gradients) equal the stock kernels", async () => {
    const rng = prng(3);
    const a = rng.normal([2, 33, 17]);
    const b = rng.normal([2, 33, 9]);
    const w = rng.normal([17, 9]);
    // Same products, summation order may differ in the last bits: float32 rounding over 33 terms of O(1).
    const tol = { rtol: 1e-5, atol: 1e-5 };
    const r = both(() => [
      tf.matMul(a, b, true, false),
      tf.matMul(b, w, false, true),
      tf.matMul(w, a, true, true),
      ...tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(x, y, true, false))))([a, b]),
    ]);
    r.fast.forEach((f, i) => {
      expectAllClose(f, r.stock[i]!, tol);
    });
    await expectNoLeaks(() => tf.dispose(tf.matMul(a, b, true, false)));
    tf.dispose([a, b, w]);
  });

  it("tanh equals the stock kernel to one float32 ulp, including ±∞ and NaN", () => {
    const x = tf.tensor1d([-Infinity, -20, -3, -0.5, -1e-6, 0, 1e-6, 0.5, 3, 20, Infinity, Number.NaN]);
    const r = both(() => tf.tanh(x));
    // 1.2e-7 = 2^-23, one ulp at |tanh| ∈ [0.5, 1) (see fast-math.test.ts for the dense sweep).
    r.fast[0]!.forEach((v, i) => {
      const s = r.stock[0]![i]!;
      if (Number.isNaN(s)) expect(v).toBeNaN();
      else expect(Math.abs(v - s)).toBeLessThanOrEqual(1.2e-7);
    });
    x.dispose();
  });

  it("setFastWasmKernels validates its argument", () => {
    expect(() => setFastWasmKernels("yes" as never)).toThrow(/enabled must be a boolean, received yes/);
  });
});

describe("BatchMatMul on the WebAssembly GEMMs", () => {
  it("matches the XNNPACK path for every transpose flag, batches, broadcasting and leading ones", async () => {
    await tf.setBackend("wasm");
    const { setActKernels, setFmaKernels, actKernelVariant } = await import("./index.js");
    const cases: [number[], number[], boolean, boolean][] = [
      [[37, 9], [9, 13], false, false],
      [[9, 37], [9, 13], true, false],
      [[37, 9], [13, 9], false, true],
      [[9, 37], [13, 9], true, true],
      [[3, 21, 6], [3, 6, 10], false, false],
      [[1, 21, 6], [4, 6, 10], false, false],
      [[2, 3, 6, 21], [6, 10], true, false],
      [[1, 1, 8, 5], [3, 5, 7], false, false],
      [[600, 64], [64, 72], false, false],
      [[300, 320], [320, 310], false, false], // 0.038 bytes per multiply-add: on the worker pool when it runs
      [[1100, 256], [1100, 260], true, false], // long inner dimension, wide output: transpose A, then gemm_nn
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const rng = prng(sa.length * 10 + sb[0]!);
      const a = rng.normal(sa);
      const b = rng.normal(sb);
      const withFma = tf.matMul(a, b, ta, tb);
      const fmaRan = actKernelVariant() === "fma";
      setFmaKernels(false);
      const fast = tf.matMul(a, b, ta, tb);
      setFmaKernels(true);
      setActKernels(false);
      const stock = tf.matMul(a, b, ta, tb);
      setActKernels(true);
      expect(fast.shape).toEqual(stock.shape);
      // Plain SIMD: the same sequential float32 sums as XNNPACK (observed bitwise equal); 1e-6 relative leaves
      // room for a different association in a future XNNPACK while still catching any indexing error.
      expectAllClose(fast, stock, { rtol: 1e-6, atol: 1e-6 });
      // Fused multiply-add: each of the k terms rounds once instead of twice, so an entry moves by at most
      // k·2⁻²⁴·(|A|·|B|) (the standard bound on a float32 dot product); indexing errors would be O(|A|·|B|).
      expect(withFma.shape).toEqual(stock.shape);
      const k = ta ? sa[sa.length - 2]! : sa[sa.length - 1]!;
      const bound = tf.tidy(() => tf.mul(tf.matMul(tf.abs(a), tf.abs(b), ta, tb), k * 2 ** -24));
      const diff = tf.tidy(() => tf.abs(tf.sub(withFma, stock)));
      const over = tf.tidy(() => tf.sum(tf.cast(tf.greater(diff, bound), "int32")).dataSync()[0]);
      expect(over).toBe(0);
      if (fmaRan && sa.length + sb.length === 4 && k > 8)
        expect(tf.tidy(() => tf.max(diff).dataSync()[0])).toBeGreaterThan(0); // the fused build really ran
      tf.dispose([a, b, fast, stock, withFma, bound, diff]);
    }
    await expectNoLeaks(() =>
      tf.tidy(() => {
        tf.matMul(tf.ones([5, 4]), tf.ones([3, 4]), false, true);
      }),
    );
  });
});

describe("Transpose on the WebAssembly kernels", () => {
  it("equals the stock kernel for last-two-axes swaps and every permutation of ranks 2 to 6", async () => {
    await tf.setBackend("wasm");
    const perms = (r: number): number[][] =>
      r === 1
        ? [[0]]
        : perms(r - 1).flatMap((p) =>
            Array.from({ length: r }, (_, i) => [...p.slice(0, i), r - 1, ...p.slice(i)]),
          );
    const cases: [number[], number[][]][] = [
      [[37, 13], perms(2)],
      [[150, 27], perms(2)], // several 64-row blocks of the tiled transpose, a partial block, column and row edges
      [[3, 70, 13], perms(3)],
      [[3, 9, 22], perms(3)],
      [[2, 3, 5, 4], perms(4)],
      [[5, 1, 6, 7], perms(4)], // a size-1 axis is dropped from the plan
      [[3, 2, 4, 5, 6], perms(5).filter((_, i) => i % 7 === 0)],
      [[2, 3, 2, 4, 3, 5], perms(6).filter((_, i) => i % 61 === 0)], // may need five outer axes: stock kernel
      [
        [4, 6, 9],
        [
          [2, 0, 1],
          [1, 2, 0],
        ],
      ], // the FNO2d's mode-major and channel-major layouts in miniature
    ];
    let planned = 0;
    for (const [shape, ps] of cases) {
      const x = prng(shape.length * 31 + shape[0]!).normal(shape);
      for (const perm of ps) {
        const fast = tf.transpose(x, perm);
        setFastWasmKernels(false);
        const stock = tf.transpose(x, perm);
        setFastWasmKernels(true);
        expect(fast.shape).toEqual(stock.shape);
        expect(Array.from(fast.dataSync())).toEqual(Array.from(stock.dataSync()));
        if (planTranspose(shape, perm) !== null) planned++;
        tf.dispose([fast, stock]);
      }
      tf.dispose(x);
    }
    expect(planned).toBeGreaterThan(60);
  });

  it("plans merged axes, copies and 2-D tiles", () => {
    // [B, C, H, W] -> [B, H, W, C]: H and W merge into the source's contiguous axis (20 columns, destination
    // stride 3); C is the destination's contiguous axis (3 rows, source stride 20); the batch stays outside.
    expect(planTranspose([2, 3, 4, 5], [0, 2, 3, 1])).toEqual({
      rows: 3,
      cols: 20,
      srs: 20,
      drs: 3,
      copy: false,
      outer: [{ n: 2, s: 60, d: 60 }],
    });
    // Swapping two leading axes keeps the contiguous last axis: a copy of runs of 5.
    expect(planTranspose([2, 3, 5], [1, 0, 2])).toMatchObject({ copy: true, cols: 5 });
    expect(planTranspose([1, 1], [1, 0])).toMatchObject({ copy: true });
  });
});
