import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lu, luSolve } from "../lu.js";
import { hilbert } from "../test-helpers.js";
import { LU_WASM_MIN_N, luFactorWasm, luKernelJs, luKernelWasm } from "./lu-kernel.js";
import { LU_KERNEL_WAT_SHA256 } from "./lu-kernel-wasm.js";

/** Deterministic uniform(-1, 1) matrix (LCG), independent of Math.random. */
function randomMatrix(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/** Both kernels on copies of `a`; returns the two results for a bitwise comparison. */
function both(a: Float64Array, n: number) {
  const wj = Float64Array.from(a);
  const pj = new Int32Array(n);
  const rj = luKernelJs(wj, n, pj);
  const ww = Float64Array.from(a);
  const pw = new Int32Array(n);
  const rw = luKernelWasm(ww, n, pw);
  return { wj, pj, rj, ww, pw, rw };
}

/** Number of entries that differ in their bits (NaN equal to NaN, +0 different from -0). */
function bitDiffs(x: Float64Array, y: Float64Array): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) d++;
  return d;
}

const illConditioned: [string, number, Float64Array][] = [
  ["Hilbert 20 (κ ≈ 1e18)", 20, hilbert(20)],
  [
    "Vandermonde 24 on [0, 1]",
    24,
    Float64Array.from({ length: 24 * 24 }, (_, k) => (Math.floor(k / 24) / 23) ** (k % 24)),
  ],
  [
    "graded 40 (rows scaled 1e±12)",
    40,
    randomMatrix(40, 7).map((v, k) => v * 10 ** (12 - (24 * Math.floor(k / 40)) / 39)),
  ],
  [
    "nearly singular 33 (rank 32 + 1e-15 I)",
    33,
    (() => {
      const u = randomMatrix(33, 3);
      const a = new Float64Array(33 * 33);
      // a = u with its last row replaced by the sum of the others, plus 1e-15·I
      a.set(u);
      for (let j = 0; j < 33; j++) {
        let s = 0;
        for (let i = 0; i < 32; i++) s += u[i * 33 + j];
        a[32 * 33 + j] = s;
      }
      for (let i = 0; i < 33; i++) a[i * 33 + i] += 1e-15;
      return a;
    })(),
  ],
];

describe("LU kernels", () => {
  it("the committed WebAssembly binary was generated from the committed lu-kernel.wat", () => {
    const wat = readFileSync(new URL("./lu-kernel.wat", import.meta.url), "utf8");
    expect(createHash("sha256").update(wat).digest("hex")).toBe(LU_KERNEL_WAT_SHA256);
  });

  it.each([16, 17, 31, 33, 64, 100, 130, 257])(
    "WebAssembly and JavaScript kernels give bitwise-identical factors, pivots and swaps (random n = %i)",
    (n) => {
      const { wj, pj, rj, ww, pw, rw } = both(randomMatrix(n, n), n);
      expect(rw).toBeDefined(); // Node 20 has WebAssembly SIMD
      expect(rw).toEqual(rj);
      expect(Array.from(pw)).toEqual(Array.from(pj));
      expect(bitDiffs(ww, wj)).toBe(0);
    },
  );

  it.each(illConditioned)("bitwise-identical on an ill-conditioned matrix: %s", (_name, n, a) => {
    const { wj, pj, rj, ww, pw, rw } = both(a, n);
    expect(rj.singularPivot).toBe(-1);
    expect(rw).toEqual(rj);
    expect(Array.from(pw)).toEqual(Array.from(pj));
    expect(bitDiffs(ww, wj)).toBe(0);
  });

  it("leaves a singular matrix to the JavaScript kernel, untouched, and lu() reports the same pivot", () => {
    const n = 20;
    const a = randomMatrix(n, 11);
    for (let i = 0; i < n; i++) a[i * n + 5] = 2 * a[i * n + 3]; // column 5 = 2·column 3: exact zero pivot
    const w = Float64Array.from(a);
    const perm = new Int32Array(n);
    expect(luKernelWasm(w, n, perm)).toBeUndefined();
    expect(bitDiffs(w, a)).toBe(0);
    const ref = luKernelJs(Float64Array.from(a), n, new Int32Array(n));
    expect(ref.singularPivot).toBeGreaterThanOrEqual(0);
    const f = lu(a, n);
    expect(f.status).toBe("singular");
    expect(f.singularPivot).toBe(ref.singularPivot);
  });

  it("lu() matches the JavaScript kernel bit for bit across the small/large threshold, with the same sign", () => {
    for (const n of [LU_WASM_MIN_N - 1, LU_WASM_MIN_N, 50]) {
      const a = randomMatrix(n, 100 + n);
      const w = Float64Array.from(a);
      const perm = new Int32Array(n);
      const ref = luKernelJs(w, n, perm);
      const f = lu(a, n);
      expect(bitDiffs(f.lu, w)).toBe(0);
      expect(Array.from(f.perm)).toEqual(Array.from(perm));
      expect(f.sign).toBe(ref.swaps % 2 === 0 ? 1 : -1);
    }
  });

  it("computes ‖A‖₁ in WebAssembly exactly as the JavaScript loop, and declines non-finite input", () => {
    const n = 37;
    const a = randomMatrix(n, 5);
    const r = luFactorWasm(a, n, false);
    expect(r).toBeDefined();
    const colSums = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colSums[j] += Math.abs(a[i * n + j]);
    expect(r?.norm1).toBe(Math.max(...colSums));
    expect(lu(a, n).norm1).toBe(Math.max(...colSums));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const b = Float64Array.from(a);
      b[3 * n + 4] = bad;
      expect(luFactorWasm(b, n, false)).toBeUndefined();
      expect(() => lu(b, n)).toThrow(`lu: a must be finite, received ${bad} at a[3, 4]`);
    }
    // finite entries whose column sum overflows: the JavaScript path takes over (‖A‖₁ = Infinity, as before)
    const big = Float64Array.from(a);
    for (let i = 0; i < n; i++) big[i * n] = 1e308;
    expect(luFactorWasm(big, n, false)).toBeUndefined();
    expect(lu(big, n).norm1).toBe(Number.POSITIVE_INFINITY);
  });

  it("overwrite: true factorises in place on the fast path", () => {
    const n = 24;
    const a = randomMatrix(n, 9);
    const ref = lu(a, n);
    const f = lu(a, n, { overwrite: true });
    expect(f.lu).toBe(a);
    expect(bitDiffs(a, ref.lu)).toBe(0);
  });

  it("reuses one WebAssembly memory for small matrices and handles a larger one after it", () => {
    // 300×300 (720 KB) then 20×20: the cached instance grows once and stays correct for the smaller size.
    for (const n of [300, 20]) {
      const a = randomMatrix(n, n + 1);
      const w = Float64Array.from(a);
      const perm = new Int32Array(n);
      const r = luKernelWasm(w, n, perm) ?? luKernelJs(w, n, perm);
      const wr = Float64Array.from(a);
      const pr = new Int32Array(n);
      expect(r).toEqual(luKernelJs(wr, n, pr));
      expect(bitDiffs(w, wr)).toBe(0);
    }
  });

  it("luSolve's four-row forward substitution gives bitwise the one-row result", () => {
    for (const n of [1, 3, 4, 5, 18, 61]) {
      const a = randomMatrix(n, 300 + n);
      const f = lu(a, n);
      const b = randomMatrix(n, 17).subarray(0, n);
      const x = luSolve(f, b);
      // reference: the textbook loops, one row at a time, same operation order
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = b[f.perm[i]];
      for (let i = 0; i < n; i++) {
        let s = y[i];
        for (let j = 0; j < i; j++) s -= f.lu[i * n + j] * y[j];
        y[i] = s;
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = y[i];
        for (let j = i + 1; j < n; j++) s -= f.lu[i * n + j] * y[j];
        y[i] = s / f.lu[i * n + i];
      }
      expect(bitDiffs(x, y)).toBe(0);
    }
  });
});
