/**
 * WebAssembly inner loops of {@link cg} on a CSR matrix (`cg-kernel.wat`, compiled by `gen-kernels.mjs`):
 * bitwise the same iterates as the JavaScript loops, without typed-array bounds checks. Internal to the linalg
 * subpath (not exported from the entry point).
 */
import type { CsrMatrix } from "../sparse.js";
import { CG_KERNEL_WASM_BASE64 } from "./cg-kernel-wasm.js";

interface CgExports {
  readonly memory: WebAssembly.Memory;
  readonly matvecDot: (n: number, rp: number, ci: number, va: number, p: number, q: number) => number;
  readonly updateSolution: (n: number, x: number, r: number, p: number, q: number, alpha: number) => number;
  readonly updateDirection: (n: number, p: number, z: number, beta: number) => void;
}

/**
 * A CSR matrix and the CG vectors `x`, `r`, `p`, `q` in one WebAssembly memory; the vectors are Float64Array
 * views the caller reads and writes directly. Valid until dropped (each workspace owns its memory).
 *
 * @example
 * ```ts
 * const ws = cgWorkspace(A);
 * if (ws) { ws.p.set(r); const pq = ws.matvecDot(); }
 * ```
 */
export interface CgWorkspace {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly q: Float64Array;
  /** `q = A·p`, returning `pᵀq` (same order as `csrMatvec` then a dot product). */
  matvecDot(): number;
  /** `x += α·p`, `r −= α·q`, returning `rᵀr`. */
  updateSolution(alpha: number): number;
  /** `p = r + β·p` (the unpreconditioned direction update). */
  updateDirection(beta: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bin = atob(CG_KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null; // no WebAssembly or no SIMD: cg keeps its JavaScript loops
  }
  return compiled;
}

/**
 * Copy a square CSR matrix into a fresh WebAssembly memory laid out for CG, or `undefined` when WebAssembly
 * SIMD is unavailable or the problem does not fit a 32-bit memory (the caller then uses its JavaScript loops).
 *
 * @example
 * ```ts
 * const ws = cgWorkspace(csrFromTriplets(2, 2, [0, 1], [0, 1], [2, 3]));
 * ```
 */
export function cgWorkspace(a: CsrMatrix): CgWorkspace | undefined {
  const n = a.rows;
  const nnz = a.values.length;
  // The JavaScript loops tolerate a malformed CSR (reading undefined as NaN); memory reads here would not, so
  // anything but a well-formed structure stays on the JavaScript path. O(nnz), once per solve.
  if (a.rowPtr.length !== n + 1 || a.rowPtr[0] !== 0 || a.rowPtr[n] !== nnz || a.colIndices.length < nnz) {
    return undefined;
  }
  for (let i = 0; i < n; i++) if (a.rowPtr[i + 1] < a.rowPtr[i]) return undefined;
  for (let k = 0; k < nnz; k++) {
    const j = a.colIndices[k];
    if (!(j >= 0 && j < a.cols)) return undefined;
  }
  const idxBytes = (n + 1 + nnz) * 4;
  const base = (idxBytes + 15) & -16;
  const bytes = base + (nnz + 4 * n) * 8;
  if (bytes > 2 ** 30) return undefined;
  const mod = wasmModule();
  if (!mod) return undefined;
  let ex: CgExports;
  try {
    ex = new WebAssembly.Instance(mod, {}).exports as unknown as CgExports;
    const have = ex.memory.buffer.byteLength;
    if (have < bytes) ex.memory.grow(Math.ceil((bytes - have) / 65536));
  } catch {
    return undefined;
  }
  const buf = ex.memory.buffer;
  const rp = 0;
  const ci = (n + 1) * 4;
  const va = base;
  const xo = va + nnz * 8;
  const ro = xo + n * 8;
  const po = ro + n * 8;
  const qo = po + n * 8;
  new Int32Array(buf, rp, n + 1).set(a.rowPtr);
  new Int32Array(buf, ci, nnz).set(a.colIndices.subarray(0, nnz));
  new Float64Array(buf, va, nnz).set(a.values);
  return {
    x: new Float64Array(buf, xo, n),
    r: new Float64Array(buf, ro, n),
    p: new Float64Array(buf, po, n),
    q: new Float64Array(buf, qo, n),
    matvecDot: () => ex.matvecDot(n, rp, ci, va, po, qo),
    updateSolution: (alpha) => ex.updateSolution(n, xo, ro, po, qo, alpha),
    updateDirection: (beta) => ex.updateDirection(n, po, ro, beta),
  };
}
