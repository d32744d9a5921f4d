import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf } from "../../engine.js";
import { prng, ready } from "../../index.js";
import {
  actKernelsFor,
  actKernelVariant,
  heapOffset,
  relaxedSimdSupported,
  setFmaKernels,
} from "./act-kernel.js";
import { gemmPoolThreads, pooledGemm, startGemmPool, stopGemmPool } from "./gemm-pool.js";

beforeAll(async () => {
  await ready({ threads: 1 });
});
afterAll(() => {
  stopGemmPool();
});

const be = () => tf.backend() as unknown as { typedArrayFromHeap(t: tf.Tensor): Float32Array };

describe("gemm worker pool", () => {
  it("starts with the requested threads, reports them and stops", async () => {
    expect(await startGemmPool(2)).toBe(2);
    expect(gemmPoolThreads()).toBe(2);
    stopGemmPool();
    expect(gemmPoolThreads()).toBe(1);
    await expect(startGemmPool(0)).rejects.toThrow(/threads must be an integer ≥ 1, received 0/);
    await expect(ready({ threads: 1.5 })).rejects.toThrow(/options.threads must be an integer ≥ 1/);
  });

  it("runs the build ready() chose, and restarts with it when relaxedSimd changes", async () => {
    await expect(ready({ relaxedSimd: "yes" as never })).rejects.toThrow(
      /options.relaxedSimd must be a boolean/,
    );
    // Node 20 has relaxed SIMD behind a V8 flag that ready() turns on; Node 22+ has it by default.
    await ready({ threads: 2 });
    expect(relaxedSimdSupported()).toBe(true);
    expect(actKernelVariant()).toBe("fma");
    expect(gemmPoolThreads()).toBe(2);
    await ready({ threads: 2, relaxedSimd: false });
    expect(actKernelVariant()).toBe("simd");
    expect(gemmPoolThreads()).toBe(2); // restarted on the plain build
    setFmaKernels(true);
    await ready({ threads: 1 });
    expect(actKernelVariant()).toBe("fma");
  });

  it("gives bitwise the one-thread kernel's products (A·B and Aᵀ·B) with 2 and 3 threads", async () => {
    const k = actKernelsFor(tf.backend())!;
    const [m, kk, n] = [257, 402, 390]; // 40M multiply-adds, 0.036 bytes copied per multiply-add: pooled
    const rng = prng(9);
    const A = rng.normal([m, kk]);
    const B = rng.normal([kk, n]);
    const B2 = rng.normal([m, n]);
    const want = tf.zeros([m, n]);
    const want2 = tf.zeros([kk, n]);
    const off = (t: tf.Tensor) => heapOffset(tf.backend(), t.dataId);
    k.gemm_nn(off(A), off(B), off(want), m, kk, n);
    k.gemm_tn(off(A), off(B2), off(want2), m, kk, n);
    for (const threads of [2, 3]) {
      expect(await startGemmPool(threads)).toBe(threads);
      const got = new Float32Array(m * n);
      const got2 = new Float32Array(kk * n);
      expect(pooledGemm("nn", be().typedArrayFromHeap(A), be().typedArrayFromHeap(B), got, m, kk, n)).toBe(
        true,
      );
      expect(pooledGemm("tn", be().typedArrayFromHeap(A), be().typedArrayFromHeap(B2), got2, m, kk, n)).toBe(
        true,
      );
      expect(Array.from(got)).toEqual(Array.from(want.dataSync()));
      expect(Array.from(got2)).toEqual(Array.from(want2.dataSync()));
    }
    // Small products stay on the calling thread.
    expect(pooledGemm("nn", new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 2)).toBe(
      false,
    );
    stopGemmPool();
    expect(
      pooledGemm(
        "nn",
        be().typedArrayFromHeap(A),
        be().typedArrayFromHeap(B),
        new Float32Array(m * n),
        m,
        kk,
        n,
      ),
    ).toBe(false);
    tf.dispose([A, B, B2, want, want2]);
  });
});
