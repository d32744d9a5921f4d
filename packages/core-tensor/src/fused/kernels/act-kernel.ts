/**
 * Loader of the WebAssembly-SIMD elementwise kernels (`act-kernel.c`, compiled by `gen-act-kernel.mjs`) that the
 * fused MLP jet and the faster WASM `Tanh`/matMul wrappers use on TensorFlow.js's `wasm` backend. The module
 * imports the backend's own `WebAssembly.Memory`, so the kernels read and write tensors in place by their heap
 * offsets. Internal to core-tensor.
 *
 * Returns null (callers then run their JavaScript loops, which give bitwise the same results) when the backend
 * is not `wasm`, its memory is shared (the threaded build: the module declares an unshared memory), WebAssembly
 * SIMD is missing, or the kernels are turned off with {@link setActKernels}.
 */
import {
  ACT_KERNEL_FMA_SHARED_WASM_BASE64,
  ACT_KERNEL_FMA_WASM_BASE64,
  ACT_KERNEL_SHARED_WASM_BASE64,
  ACT_KERNEL_WASM_BASE64,
} from "./act-kernel-wasm.js";

/** The exported kernels (pointers are byte offsets into the backend's heap). See act-kernel.c. */
export interface ActKernelExports {
  tanh_array(x: number, out: number, n: number): void;
  tanh_fwd_primal(z: number, b: number, y: number, s1: number, s2: number, rows: number, m: number): void;
  mul_f32(a: number, b: number, out: number, n: number): void;
  tanh_fwd_second(s1: number, zs: number, s2: number, zf: number, out: number, n: number): void;
  bias_add(z: number, b: number, out: number, rows: number, m: number, rest: number): void;
  tanh_bwd_primal(
    g: number,
    y: number,
    z: number,
    b: number,
    dz: number,
    s1: number,
    s2: number,
    s3: number,
    rows: number,
    m: number,
  ): void;
  tanh_bwd_first(gf: number, zf: number, s1: number, s2: number, dz0: number, dzf: number, n: number): void;
  tanh_bwd_second(
    gs: number,
    zs: number,
    zf: number,
    s1: number,
    s2: number,
    s3: number,
    dz0: number,
    dzf: number,
    dzs: number,
    n: number,
  ): void;
  col_sum(x: number, rows: number, m: number, acc: number, out: number): void;
  tanh_bwd_y(g: number, y: number, dz: number, acc: number, db: number, rows: number, m: number): void;
  transpose_last2(src: number, out: number, batch: number, rows: number, cols: number): void;
  transpose_nd(
    src: number,
    dst: number,
    rows: number,
    cols: number,
    srs: number,
    drs: number,
    copy: number,
    n0: number,
    s0: number,
    d0: number,
    n1: number,
    s1: number,
    d1: number,
    n2: number,
    s2: number,
    d2: number,
    n3: number,
    s3: number,
    d3: number,
  ): void;
  gemm_nn(a: number, b: number, c: number, m: number, k: number, n: number): void;
  gemm_tn(a: number, b: number, c: number, m: number, k: number, n: number): void;
  gelu_fwd(z: number, b: number, out: number, rows: number, m: number): void;
  sin_fwd_primal(z: number, b: number, y: number, s1: number, s2: number, rows: number, m: number): void;
  sin_bwd_primal(
    g: number,
    z: number,
    b: number,
    dz: number,
    s1: number,
    s2: number,
    s3: number,
    rows: number,
    m: number,
  ): void;
  gelu_bwd(
    g: number,
    z: number,
    b: number,
    dz: number,
    acc: number,
    db: number,
    rows: number,
    m: number,
  ): void;
}

/** The part of TensorFlow.js's WASM backend the kernels use. */
export interface WasmHeapBackend {
  wasm: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } | undefined };
}

/**
 * Which build of the kernels runs: `"fma"` (relaxed SIMD's fused multiply-add in the GEMMs), `"simd"` (plain
 * SIMD), or null (no WebAssembly SIMD: the JavaScript loops and the stock kernels run).
 */
export type ActKernelVariant = "fma" | "simd";

/** Compiled builds (null: this engine rejects it); each is compiled once, so switching builds stays cheap. */
const modules = new Map<ActKernelVariant, WebAssembly.Module | null>();
let instances = new WeakMap<WebAssembly.Memory, Map<ActKernelVariant, ActKernelExports | null>>();
let enabled = true;
let fmaPreferred = true;

/** Bytes of a base64 string. */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Whether this engine accepts relaxed SIMD (the FMA build validates). */
export function relaxedSimdSupported(): boolean {
  try {
    return (
      typeof WebAssembly !== "undefined" &&
      WebAssembly.validate(decodeBase64(ACT_KERNEL_FMA_WASM_BASE64) as BufferSource)
    );
  } catch {
    return false;
  }
}

function wasmModule(v: ActKernelVariant): WebAssembly.Module | null {
  const known = modules.get(v);
  if (known !== undefined) return known;
  let mod: WebAssembly.Module | null = null; // no WebAssembly or no (relaxed) SIMD
  try {
    const bytes = decodeBase64(
      v === "fma" ? ACT_KERNEL_FMA_WASM_BASE64 : ACT_KERNEL_WASM_BASE64,
    ) as BufferSource;
    if (WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes);
  } catch {
    mod = null;
  }
  modules.set(v, mod);
  return mod;
}

/**
 * The build of the kernels in use (see {@link ActKernelVariant}): the FMA build when preferred and accepted by
 * the engine, else the plain SIMD build; null when none can run.
 * @example
 * ```ts
 * actKernelVariant(); // "fma" in Node 20 after ready(), "simd" after setFmaKernels(false)
 * ```
 */
export function actKernelVariant(): ActKernelVariant | null {
  if (fmaPreferred && wasmModule("fma") !== null) return "fma";
  return wasmModule("simd") !== null ? "simd" : null;
}

/** Base64 of the shared-memory build matching {@link actKernelVariant} (for the worker pool). */
export function sharedKernelBase64(): string | null {
  const v = actKernelVariant();
  return v === null ? null : v === "fma" ? ACT_KERNEL_FMA_SHARED_WASM_BASE64 : ACT_KERNEL_SHARED_WASM_BASE64;
}

/**
 * Prefer the fused-multiply-add build of the GEMMs (default, where the engine has relaxed SIMD) or the plain SIMD
 * one, whose products round like two operations and match XNNPACK's bitwise. Takes effect for the next kernel
 * call (both builds stay compiled, so switching is cheap); the worker pool keeps its build until the next
 * `ready()` and is bypassed while they differ. Returns the previous preference.
 * @example
 * ```ts
 * const before = setFmaKernels(false); // plain SIMD products
 * setFmaKernels(before);
 * ```
 */
export function setFmaKernels(on: boolean): boolean {
  if (typeof on !== "boolean") throw new Error(`setFmaKernels: on must be a boolean, received ${String(on)}`);
  const prev = fmaPreferred;
  // An FMA build rejected earlier is retried: ready() may have turned relaxed SIMD on since.
  if (on && modules.get("fma") === null) {
    modules.delete("fma");
    instances = new WeakMap();
  }
  fmaPreferred = on;
  return prev;
}

/**
 * The kernels bound to this backend's heap, or null when they cannot run there (see the file comment).
 * @example
 * ```ts
 * const k = actKernelsFor(tf.backend());
 * if (k) k.tanh_array(heapOffset(x), heapOffset(out), n);
 * ```
 */
export function actKernelsFor(backend: unknown): ActKernelExports | null {
  if (!enabled) return null;
  const be = backend as Partial<WasmHeapBackend> | null;
  const memory = be?.wasm?.asm?.memory ?? be?.wasm?.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory) || be?.dataIdMap === undefined) return null;
  const v = actKernelVariant();
  if (v === null) return null;
  let byVariant = instances.get(memory);
  if (byVariant === undefined) {
    byVariant = new Map();
    instances.set(memory, byVariant);
  }
  const cached = byVariant.get(v);
  if (cached !== undefined) return cached;
  let ex: ActKernelExports | null = null;
  // The threaded tfjs build's shared memory cannot be imported by these (unshared-memory) builds.
  const mod =
    typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer
      ? null
      : wasmModule(v);
  if (mod)
    try {
      ex = new WebAssembly.Instance(mod, { env: { memory, exp: Math.exp } })
        .exports as unknown as ActKernelExports;
    } catch {
      ex = null;
    }
  byVariant.set(v, ex);
  return ex;
}

/**
 * Heap offset (bytes) of a tensor's data on the WASM backend.
 * @example
 * ```ts
 * heapOffset(tf.backend(), x.dataId); // e.g. 5245040
 * ```
 */
export function heapOffset(backend: unknown, dataId: unknown): number {
  const entry = (backend as WasmHeapBackend).dataIdMap.get(dataId);
  if (entry === undefined) throw new Error("heapOffset: the tensor's data is not on this WASM backend");
  return entry.memoryOffset;
}

/**
 * Turn the WebAssembly activation kernels on (default) or off (the JavaScript loops; for A/B benchmarks and the
 * equivalence tests). Returns the previous setting.
 * @example
 * ```ts
 * const before = setActKernels(false);
 * setActKernels(before);
 * ```
 */
export function setActKernels(on: boolean): boolean {
  if (typeof on !== "boolean") throw new Error(`setActKernels: on must be a boolean, received ${String(on)}`);
  const prev = enabled;
  enabled = on;
  return prev;
}
