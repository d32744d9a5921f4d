/**
 * In-place dense LU kernels behind {@link lu}: a portable JavaScript kernel and a WebAssembly-SIMD kernel
 * (`lu-kernel.wat`, compiled by `gen-kernels.mjs`) that gives bitwise-identical factors several times faster
 * for `n ≥ 16`. Internal to the linalg subpath (not exported from the entry point).
 */
import { LU_KERNEL_WASM_BASE64 } from "./lu-kernel-wasm.js";

/**
 * What an in-place LU kernel reports: the number of row swaps and the first exactly-zero pivot (or -1).
 *
 * @example
 * ```ts
 * const r: LuKernelResult = luKernelJs(w, n, perm); // { swaps: 1, singularPivot: -1 }
 * ```
 */
export interface LuKernelResult {
  readonly swaps: number;
  readonly singularPivot: number;
}

/**
 * Unblocked right-looking LU with partial pivoting of the row-major `n×n` matrix `w`, in place (LAPACK `dgetf2`
 * semantics): `w` receives `L\U`, `perm` (length `n`) the row permutation. A zero pivot is skipped (its column
 * is left unscaled) and reported as `singularPivot`. The rank-1 update sweeps four rows at a time so each
 * pivot-row entry is loaded once for four updates; every entry sees `a -= l·u` in pivot order.
 *
 * @example
 * ```ts
 * const w = new Float64Array([4, 3, 6, 3]);
 * const perm = new Int32Array(2);
 * luKernelJs(w, 2, perm); // { swaps: 1, singularPivot: -1 }, w = [6, 3, 2/3, 1], perm = [1, 0]
 * ```
 */
export function luKernelJs(w: Float64Array, n: number, perm: Int32Array): LuKernelResult {
  for (let i = 0; i < n; i++) perm[i] = i;
  let swaps = 0;
  let singularPivot = -1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let pmax = Math.abs(w[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(w[i * n + k]);
      if (v > pmax) {
        pmax = v;
        p = i;
      }
    }
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = w[rk + j];
        w[rk + j] = w[rp + j];
        w[rp + j] = t;
      }
      const tp = perm[k];
      perm[k] = perm[p];
      perm[p] = tp;
      swaps++;
    }
    const rk = k * n;
    const pivot = w[rk + k];
    if (pivot === 0) {
      if (singularPivot < 0) singularPivot = k;
      continue;
    }
    const inv = 1 / pivot;
    const j0 = k + 1;
    let i = k + 1;
    for (; i + 3 < n; i += 4) {
      const r1 = i * n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const r4 = r3 + n;
      const l1 = w[r1 + k] * inv;
      const l2 = w[r2 + k] * inv;
      const l3 = w[r3 + k] * inv;
      const l4 = w[r4 + k] * inv;
      w[r1 + k] = l1;
      w[r2 + k] = l2;
      w[r3 + k] = l3;
      w[r4 + k] = l4;
      for (let j = j0; j < n; j++) {
        const u = w[rk + j];
        w[r1 + j] -= l1 * u;
        w[r2 + j] -= l2 * u;
        w[r3 + j] -= l3 * u;
        w[r4 + j] -= l4 * u;
      }
    }
    for (; i < n; i++) {
      const ri = i * n;
      const l = w[ri + k] * inv;
      w[ri + k] = l;
      for (let j = j0; j < n; j++) w[ri + j] -= l * w[rk + j];
    }
  }
  return { swaps, singularPivot };
}

/** Below this order the JavaScript kernel wins (call and copy overhead); measured in docs/linalg.md. */
export const LU_WASM_MIN_N = 16;
/** Largest matrix (bytes of the WebAssembly memory) given to the kernel: keeps 32-bit addresses far from overflow. */
const MAX_BYTES = 2 ** 30;
/** An instance whose memory stays at most this large is kept for the next call; larger ones are dropped. */
const CACHE_BYTES = 8 * 2 ** 20;

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  readonly lu: (n: number, nb: number) => number;
  readonly norm1: (n: number) => number;
}

let compiled: WebAssembly.Module | null | undefined;
let cached: KernelExports | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bin = atob(LU_KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null; // no WebAssembly, or no SIMD support: the JavaScript kernel is used
  }
  return compiled;
}

/** An instance whose memory holds an `n×n` problem (matrix, permutation, swap count, column sums), or undefined. */
function instance(n: number): KernelExports | undefined {
  const bytes = ((n * n * 8 + n * 4 + 19) & -16) + n * 8;
  if (n * n * 8 > MAX_BYTES) return undefined;
  const mod = wasmModule();
  if (!mod) return undefined;
  try {
    let ex = bytes <= CACHE_BYTES ? cached : undefined;
    if (!ex) {
      ex = new WebAssembly.Instance(mod, {}).exports as unknown as KernelExports;
      if (bytes <= CACHE_BYTES) cached = ex;
    }
    const have = ex.memory.buffer.byteLength;
    if (have < bytes) ex.memory.grow(Math.ceil((bytes - have) / 65536));
    return ex;
  } catch {
    return undefined; // memory.grow refused
  }
}

/** Block size of the WebAssembly kernel (tuned on n = 50…500, docs/linalg.md). */
function blockSize(n: number): number {
  return n < 256 ? 16 : 32;
}

/**
 * The WebAssembly-SIMD kernel (`lu-kernel.wat`: blocked right-looking LU, 4×4 register-blocked `f64x2`
 * update), same contract and bitwise-identical results as {@link luKernelJs}. Returns `undefined`, leaving
 * `w` and `perm` untouched, when WebAssembly SIMD is unavailable, the matrix is too large for a 32-bit memory,
 * or a zero pivot is met (the JavaScript kernel then handles the singular matrix).
 *
 * @example
 * ```ts
 * const r = luKernelWasm(w, n, perm) ?? luKernelJs(w, n, perm);
 * ```
 */
export function luKernelWasm(w: Float64Array, n: number, perm: Int32Array): LuKernelResult | undefined {
  const ex = instance(n);
  if (!ex) return undefined;
  const nn = n * n;
  new Float64Array(ex.memory.buffer, 0, nn).set(w);
  if (ex.lu(n, blockSize(n)) >= 0) return undefined;
  const buf = ex.memory.buffer;
  w.set(new Float64Array(buf, 0, nn));
  perm.set(new Int32Array(buf, nn * 8, n));
  return { swaps: new Int32Array(buf, nn * 8 + n * 4, 1)[0], singularPivot: -1 };
}

/**
 * A complete factorisation for {@link lu}: factors, permutation, swap count and `‖A‖₁`.
 *
 * @example
 * ```ts
 * const r: LuFactorResult | undefined = luFactorWasm(a, n, false);
 * ```
 */
export interface LuFactorResult extends LuKernelResult {
  readonly lu: Float64Array;
  readonly perm: Int32Array;
  readonly norm1: number;
}

/**
 * Whole fast path of {@link lu} for `n ≥ LU_WASM_MIN_N`: one copy of `a` into WebAssembly memory, `‖A‖₁` and the
 * finiteness check there (a non-finite entry makes `norm1` non-finite), the blocked kernel, one copy out (into
 * `a` itself when `overwrite`). Returns `undefined`, with `a` untouched, whenever the JavaScript path must run
 * instead: no WebAssembly SIMD, small or huge `n`, a non-finite entry or column sum (so the caller's checks
 * produce the usual error), or an exactly zero pivot.
 *
 * @example
 * ```ts
 * const r = luFactorWasm(a, n, false); // { lu, perm, swaps, singularPivot: -1, norm1 } or undefined
 * ```
 */
export function luFactorWasm(a: Float64Array, n: number, overwrite: boolean): LuFactorResult | undefined {
  if (n < LU_WASM_MIN_N) return undefined;
  const ex = instance(n);
  if (!ex) return undefined;
  const nn = n * n;
  new Float64Array(ex.memory.buffer, 0, nn).set(a);
  const norm1 = ex.norm1(n);
  if (!Number.isFinite(norm1)) return undefined;
  if (ex.lu(n, blockSize(n)) >= 0) return undefined;
  const buf = ex.memory.buffer;
  const w = overwrite ? a : new Float64Array(nn);
  w.set(new Float64Array(buf, 0, nn));
  const perm = new Int32Array(n);
  perm.set(new Int32Array(buf, nn * 8, n));
  return { lu: w, perm, swaps: new Int32Array(buf, nn * 8 + n * 4, 1)[0], singularPivot: -1, norm1 };
}
