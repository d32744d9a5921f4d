/**
 * JavaScript implementations of the two kernels that TensorFlow.js's WASM backend (4.22) lacks but that stock
 * gradients call: `UnsortedSegmentSum` (the gradient of `tf.gather`) and `Conv2DBackpropFilter` (the filter
 * gradient of `tf.conv1d`/`tf.conv2d`). Without them, training a model with `gather` or a convolution on the
 * WASM backend throws "Kernel '…' not registered for backend 'wasm'". Both read the inputs from the WASM heap,
 * loop in float64 and write a float32 (or int32) output; they are registered on import and only used by the
 * `wasm` backend. Found by the gradient table (`src/gradcheck-table.test.ts`) run on wasm.
 */
import * as tf from "@tensorflow/tfjs";
import { tanhArray, transposeLast2 } from "./fused/fast-math.js";
import { actKernelsFor, heapOffset } from "./fused/kernels/act-kernel.js";
import { gemmPoolThreads, pooledGemm } from "./fused/kernels/gemm-pool.js";

interface WasmLikeBackend {
  readSync(dataId: unknown): ArrayLike<number>;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: unknown): boolean;
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: ArrayLike<number>,
  ): tf.TensorInfo;
}

type KernelArgs = {
  inputs: Record<string, tf.TensorInfo>;
  attrs?: Record<string, unknown>;
  backend: unknown;
};

/** The kernels registered for `wasm` (checked by the tests). */
export const WASM_FALLBACK_KERNELS: readonly string[] = ["UnsortedSegmentSum", "Conv2DBackpropFilter"];

function unsortedSegmentSum({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmLikeBackend;
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = attrs!.numSegments as number;
  const r = segmentIds!.shape.length;
  const innerShape = x!.shape.slice(r);
  const inner = innerShape.reduce((p, s) => p * s, 1);
  const xs = b.readSync(x!.dataId);
  const ids = b.readSync(segmentIds!.dataId);
  const out = new Float64Array(numSegments * inner);
  for (let j = 0; j < ids.length; j++) {
    const seg = ids[j]!;
    if (seg < 0 || seg >= numSegments) continue;
    for (let k = 0; k < inner; k++) out[seg * inner + k]! += xs[j * inner + k]!;
  }
  const values = x!.dtype === "int32" ? Int32Array.from(out) : Float32Array.from(out);
  return b.makeOutput([numSegments, ...innerShape], x!.dtype, undefined, values);
}

function conv2dBackpropFilter({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const b = backend as WasmLikeBackend;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as {
    strides: [number, number] | number;
    pad: "same" | "valid" | number;
    dataFormat?: string;
    dimRoundingMode?: "floor" | "round" | "ceil";
    filterShape: [number, number, number, number];
  };
  if (dataFormat !== undefined && dataFormat !== "NHWC")
    throw new Error(`Conv2DBackpropFilter (wasm fallback): only NHWC is supported, received ${dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(
    x!.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const xs = b.readSync(x!.dataId);
  const dys = b.readSync(dy!.dataId);
  const [fh, fw, ci, co] = filterShape;
  const { batchSize, inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dw = new Float64Array(fh * fw * ci * co);
  for (let n = 0; n < batchSize; n++)
    for (let oh = 0; oh < outHeight; oh++)
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((n * outHeight + oh) * outWidth + ow) * co;
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * strideHeight + kh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * strideWidth + kw - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((n * inHeight + ih) * inWidth + iw) * ci;
            for (let c = 0; c < ci; c++) {
              const xv = xs[xBase + c]!;
              const wBase = ((kh * fw + kw) * ci + c) * co;
              for (let o = 0; o < co; o++) dw[wBase + o]! += xv * dys[dyBase + o]!;
            }
          }
        }
      }
  return b.makeOutput([fh, fw, ci, co], "float32", undefined, Float32Array.from(dw));
}

let done = false;

/**
 * Register the WASM fallback kernels (idempotent; runs on import).
 * @example
 * ```ts
 * registerWasmFallbackKernels(); // no-op after the first call
 * ```
 */
export function registerWasmFallbackKernels(): void {
  if (done) return;
  done = true;
  const have = new Set(tf.getKernelsForBackend("wasm").map((k) => k.kernelName));
  const impls: Record<string, (a: KernelArgs) => tf.TensorInfo> = {
    UnsortedSegmentSum: unsortedSegmentSum,
    Conv2DBackpropFilter: conv2dBackpropFilter,
  };
  for (const [kernelName, kernelFunc] of Object.entries(impls)) {
    if (have.has(kernelName)) continue; // a future tfjs-backend-wasm may ship its own
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as never });
  }
}

registerWasmFallbackKernels();

// ---------------------------------------------------------------------------------------------------------
// Faster replacements for slow WASM kernels (issue 13). Measured in this repo (bench/pinn-step.bench.mjs,
// tfjs-backend-wasm 4.22, Node 20): `BatchMatMul` with transposeA or transposeB skips XNNPACK and runs a naive
// loop, 10–20× slower than an explicit transpose followed by the fast non-transposed product (every matMul
// gradient uses a transposed product); `Tanh` is a scalar libm loop, ~15× slower than a float32-accurate
// rational approximation in JS. The wrappers call the original kernels, so results are the same products
// (summation order may differ in the last bit) and the same tanh to 6e-8.

/** The WASM kernels wrapped by {@link setFastWasmKernels} (checked by the tests). */
export const WASM_FAST_KERNELS: readonly string[] = [
  "BatchMatMul",
  "_FusedMatMul",
  "Tanh",
  "Identity",
  "Transpose",
];

let fastEnabled = true;
const WRAPPED = Symbol.for("continuum.fastWasmKernel");

function transposeInfo(b: WasmLikeBackend, x: tf.TensorInfo): tf.TensorInfo {
  const r = x.shape.length;
  const rows = x.shape[r - 2]!;
  const cols = x.shape[r - 1]!;
  const batch = x.shape.slice(0, -2).reduce((p, s) => p * s, 1);
  const out = b.makeOutput([...x.shape.slice(0, -2), cols, rows], "float32");
  const k = actKernelsFor(b);
  if (k !== null) k.transpose_last2(heapOffset(b, x.dataId), heapOffset(b, out.dataId), batch, rows, cols);
  // Views are taken after makeOutput: a malloc may grow (and detach) the WASM heap.
  else transposeLast2(b.typedArrayFromHeap(x), b.typedArrayFromHeap(out), batch, rows, cols);
  return out;
}

/**
 * `BatchMatMul` on float32 rank-3 operands with act-kernel.c's GEMMs (`gemm_nn`, and `gemm_tn` for `transposeA`;
 * a `transposeB` operand is transposed first), batch by batch, with broadcasting of a batch of 1; large products
 * go to the worker pool. The same sequential sum over the inner index as XNNPACK's kernels: bitwise equal with the
 * plain SIMD build, and within the float32 dot-product bound k·2⁻²⁴·(|A|·|B|) with the fused-multiply-add build
 * (the default where the engine has relaxed SIMD; see `ready({ relaxedSimd })`). 1–2× faster than XNNPACK on the
 * shapes of the fused MLP, FNO and PINN steps (plain build; the FMA build gains another ~1.4× on 4096×256×256),
 * and no explicit transpose of the large operand for weight gradients. Returns null when it does not apply.
 */
/** `transposeA` products at least this long in the inner dimension and this wide run as transpose + gemm_nn. */
const TN_VIA_NN_MIN_INNER = 1024;
const TN_VIA_NN_MIN_WIDTH = 256;

function kernelBatchMatMul(args: KernelArgs): tf.TensorInfo | null {
  const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
  const { a, b: bIn } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  // tfjs-core hands rank-2 operands to the kernel as they are; higher ranks keep their leading dimensions.
  if (a.dtype !== "float32" || bIn.dtype !== "float32" || a.shape.length < 2 || bIn.shape.length < 2)
    return null;
  const be = args.backend as WasmLikeBackend;
  const k = actKernelsFor(be);
  if (k === null) return null;
  const ar = a.shape[a.shape.length - 2]!;
  const ac = a.shape[a.shape.length - 1]!;
  const br = bIn.shape[bIn.shape.length - 2]!;
  const bc = bIn.shape[bIn.shape.length - 1]!;
  const outerA = a.shape.slice(0, -2);
  const outerB = bIn.shape.slice(0, -2);
  const batchA = outerA.reduce((p, d) => p * d, 1);
  const batchB = outerB.reduce((p, d) => p * d, 1);
  // Batches that are equal, or one of them a single matrix; general broadcasting goes to the stock kernel.
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  if (batchA === batchB && batchA !== 1 && !tf.util.arraysEqual(outerA, outerB)) return null;
  const inner = attrs.transposeA ? ar : ac;
  const m = attrs.transposeA ? ac : ar;
  const n = attrs.transposeB ? br : bc;
  if ((attrs.transposeB ? bc : br) !== inner || m * n * inner === 0) return null;
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = Math.max(batchA, batchB);
  const out = be.makeOutput([...outer, m, n], "float32");
  const bt = attrs.transposeB ? be.makeOutput([batchB, bc, br], "float32") : null;
  if (bt !== null) k.transpose_last2(heapOffset(be, bIn.dataId), heapOffset(be, bt.dataId), batchB, br, bc);
  const b = bt ?? bIn;
  const [pa, pb, pc] = [a, b, out].map((t) => heapOffset(be, t.dataId)) as [number, number, number];
  const sa = ar * ac;
  const sb = inner * n;
  const sc = m * n;
  // Scratch for a transposed A (see TN_VIA_NN_MIN_INNER), allocated before the heap views below.
  const tnViaNn =
    attrs.transposeA === true &&
    ar >= TN_VIA_NN_MIN_INNER &&
    ac >= TN_VIA_NN_MIN_WIDTH &&
    n >= TN_VIA_NN_MIN_WIDTH;
  const at = tnViaNn ? be.makeOutput([ac, ar], "float32") : null;
  // Heap views only when the worker pool runs (taken after the last allocation, which may grow the heap).
  const views = gemmPoolThreads() > 1 ? [a, b, out].map((t) => be.typedArrayFromHeap(t)) : null;
  for (let i = 0; i < batch; i++) {
    const ia = batchA === 1 ? 0 : i;
    const ib = batchB === 1 ? 0 : i;
    if (
      views !== null &&
      pooledGemm(
        attrs.transposeA ? "tn" : "nn",
        views[0]!.subarray(ia * sa, (ia + 1) * sa),
        views[1]!.subarray(ib * sb, (ib + 1) * sb),
        views[2]!.subarray(i * sc, (i + 1) * sc),
        ar,
        ac,
        n,
      )
    )
      continue;
    if (at !== null) {
      // Aᵀ·B with a long inner dimension and a wide output: transposing A (a SIMD pass) and running gemm_nn
      // is faster than gemm_tn's strided reads. Measured (4096×k×n, FMA build, one thread): 256×256 20.5–24.8 →
      // 19.4–21.0 ms, 512×512 122–126 → 82–103 ms; narrower outputs (100, 64) are faster with gemm_tn.
      const pt = heapOffset(be, at.dataId);
      k.transpose_last2(pa + 4 * ia * sa, pt, 1, ar, ac);
      k.gemm_nn(pt, pb + 4 * ib * sb, pc + 4 * i * sc, ac, ar, n);
    } else if (attrs.transposeA) k.gemm_tn(pa + 4 * ia * sa, pb + 4 * ib * sb, pc + 4 * i * sc, ar, ac, n);
    else k.gemm_nn(pa + 4 * ia * sa, pb + 4 * ib * sb, pc + 4 * i * sc, ar, ac, n);
  }
  if (bt !== null) be.disposeData(bt.dataId);
  if (at !== null) be.disposeData(at.dataId);
  return out;
}

function fastBatchMatMul(orig: (a: KernelArgs) => tf.TensorInfo) {
  const fallback = untransposed(orig);
  return (args: KernelArgs): tf.TensorInfo =>
    (fastEnabled ? kernelBatchMatMul(args) : null) ?? fallback(args);
}

function untransposed(orig: (a: KernelArgs) => tf.TensorInfo) {
  return (args: KernelArgs): tf.TensorInfo => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    const inputs = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (
      !fastEnabled ||
      !(attrs.transposeA || attrs.transposeB) ||
      inputs.a.dtype !== "float32" ||
      inputs.b.dtype !== "float32" ||
      inputs.a.shape.length < 2 ||
      inputs.b.shape.length < 2
    )
      return orig(args);
    const b = args.backend as WasmLikeBackend;
    const temps: tf.TensorInfo[] = [];
    const a = attrs.transposeA ? transposeInfo(b, inputs.a) : inputs.a;
    if (attrs.transposeA) temps.push(a);
    const bb = attrs.transposeB ? transposeInfo(b, inputs.b) : inputs.b;
    if (attrs.transposeB) temps.push(bb);
    try {
      return orig({
        ...args,
        inputs: { ...args.inputs, a, b: bb },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temps) b.disposeData(t.dataId);
    }
  };
}

function fastTanhKernel(orig: (a: KernelArgs) => tf.TensorInfo) {
  return (args: KernelArgs): tf.TensorInfo => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    if (!fastEnabled || x.dtype !== "float32") return orig(args);
    const b = args.backend as WasmLikeBackend;
    const out = b.makeOutput([...x.shape], "float32");
    const k = actKernelsFor(b);
    const n = x.shape.reduce((p, s) => p * s, 1);
    if (k !== null) k.tanh_array(heapOffset(b, x.dataId), heapOffset(b, out.dataId), n);
    else tanhArray(b.typedArrayFromHeap(x), b.typedArrayFromHeap(out));
    return out;
  };
}

/**
 * `Identity` without a copy: the stock WASM kernel copies the data, and the engine clones (through Identity)
 * every tensor a gradient saves, so each saved activation of a training step was copied once more. Tensors are
 * immutable, so the output shares the input's data and bumps its reference count, as the `cpu` and `webgl`
 * backends' Identity kernels do.
 */
function sharedIdentityKernel(orig: (a: KernelArgs) => tf.TensorInfo) {
  return (args: KernelArgs): tf.TensorInfo => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const b = args.backend as WasmLikeBackend & { incRef?(dataId: unknown): void };
    if (!fastEnabled || x.dtype === "string" || typeof b.incRef !== "function") return orig(args);
    b.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

/**
 * The plan of a transpose for act-kernel.c's `transpose_nd`: axes of size 1 dropped, axes that stay adjacent
 * merged, then the destination's innermost axis and the source's innermost axis form a 2-D transpose (or, when
 * they are the same axis, a contiguous copy) inside at most four outer axes. Null when more outer axes remain.
 * Strides are in elements.
 */
export interface TransposePlan {
  rows: number;
  cols: number;
  srs: number;
  drs: number;
  copy: boolean;
  outer: { n: number; s: number; d: number }[];
}

export function planTranspose(shape: readonly number[], perm: readonly number[]): TransposePlan | null {
  const r = shape.length;
  const inStride = new Array<number>(r);
  for (let a = r - 1, acc = 1; a >= 0; a--) {
    inStride[a] = acc;
    acc *= shape[a]!;
  }
  // Output axes in order, each with its source axis; size-1 axes dropped; runs of consecutive source axes merged.
  const axes: { n: number; s: number; src: number }[] = [];
  for (const p of perm) {
    const n = shape[p]!;
    if (n === 1) continue;
    const last = axes[axes.length - 1];
    if (last !== undefined && last.src + 1 === p && last.s === n * inStride[p]!) {
      last.n *= n;
      last.s = inStride[p]!;
      last.src = p;
    } else axes.push({ n, s: inStride[p]!, src: p });
  }
  if (axes.length === 0) return { rows: 1, cols: 1, srs: 1, drs: 1, copy: true, outer: [] };
  const outStride = new Array<number>(axes.length);
  for (let a = axes.length - 1, acc = 1; a >= 0; a--) {
    outStride[a] = acc;
    acc *= axes[a]!.n;
  }
  const last = axes.length - 1;
  const inner = axes.findIndex((ax) => ax.s === 1); // the source's contiguous axis
  if (inner < 0) return null; // (cannot happen after dropping size-1 axes, kept for safety)
  if (inner === last) {
    const outer = axes.slice(0, last).map((ax, i) => ({ n: ax.n, s: ax.s, d: outStride[i]! }));
    return outer.length > 4 ? null : { rows: 1, cols: axes[last]!.n, srs: 0, drs: 0, copy: true, outer };
  }
  const outer: TransposePlan["outer"] = [];
  for (let i = 0; i < axes.length; i++)
    if (i !== last && i !== inner) outer.push({ n: axes[i]!.n, s: axes[i]!.s, d: outStride[i]! });
  if (outer.length > 4) return null;
  // i runs over the destination's last axis (source stride srs), j over the source's last axis (destination
  // stride drs).
  return {
    rows: axes[last]!.n,
    cols: axes[inner]!.n,
    srs: axes[last]!.s,
    drs: outStride[inner]!,
    copy: false,
    outer,
  };
}

/**
 * `Transpose` of a float32 tensor with act-kernel.c's SIMD kernels: the last two axes by `transpose_last2`, any
 * other permutation by `transpose_nd` as planned by {@link planTranspose} (the FNO2d's channel-major and
 * mode-major layouts used the stock kernel's per-element loop, ~28% of its training step). Other dtypes and plans
 * with more than four outer axes run the stock kernel. A pure copy, so the result is identical.
 */
function fastTransposeKernel(orig: (a: KernelArgs) => tf.TensorInfo) {
  return (args: KernelArgs): tf.TensorInfo => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const perm = (args.attrs as { perm: number[] }).perm;
    const r = x.shape.length;
    const b = args.backend as WasmLikeBackend;
    const k =
      fastEnabled && x.dtype === "float32" && perm.length === r && !x.shape.includes(0)
        ? actKernelsFor(b)
        : null;
    if (k === null) return orig(args);
    const swapsLast2 = r >= 2 && perm.every((p, i) => p === (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
    if (swapsLast2) {
      const rows = x.shape[r - 2]!;
      const cols = x.shape[r - 1]!;
      const batch = x.shape.slice(0, -2).reduce((p, s) => p * s, 1);
      const out = b.makeOutput([...x.shape.slice(0, -2), cols, rows], "float32");
      k.transpose_last2(heapOffset(b, x.dataId), heapOffset(b, out.dataId), batch, rows, cols);
      return out;
    }
    const plan = planTranspose(x.shape, perm);
    if (plan === null) return orig(args);
    const out = b.makeOutput(
      perm.map((p) => x.shape[p]!),
      "float32",
    );
    const o = [...plan.outer];
    while (o.length < 4) o.push({ n: 1, s: 0, d: 0 });
    const [o0, o1, o2, o3] = o as [(typeof o)[0], (typeof o)[0], (typeof o)[0], (typeof o)[0]];
    k.transpose_nd(
      heapOffset(b, x.dataId),
      heapOffset(b, out.dataId),
      plan.rows,
      plan.cols,
      plan.srs,
      plan.drs,
      plan.copy ? 1 : 0,
      o0.n,
      o0.s,
      o0.d,
      o1.n,
      o1.s,
      o1.d,
      o2.n,
      o2.s,
      o2.d,
      o3.n,
      o3.s,
      o3.d,
    );
    return out;
  };
}

function installFastWasmKernels(): void {
  const makers: Record<string, (orig: (a: KernelArgs) => tf.TensorInfo) => (a: KernelArgs) => tf.TensorInfo> =
    {
      BatchMatMul: fastBatchMatMul,
      _FusedMatMul: untransposed,
      Tanh: fastTanhKernel,
      Identity: sharedIdentityKernel,
      Transpose: fastTransposeKernel,
    };
  for (const [kernelName, make] of Object.entries(makers)) {
    const cfg = tf.getKernel(kernelName, "wasm") as (tf.KernelConfig & { [WRAPPED]?: boolean }) | undefined;
    if (cfg === undefined || cfg[WRAPPED]) continue;
    const wrapped = {
      ...cfg,
      kernelFunc: make(cfg.kernelFunc as unknown as (a: KernelArgs) => tf.TensorInfo) as never,
      [WRAPPED]: true,
    };
    tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel(wrapped);
  }
}

/**
 * Turn the faster WASM kernels on (default) or off (the stock tfjs-backend-wasm kernels; for A/B benchmarks and
 * equivalence tests). Affects only the `wasm` backend. Returns the previous setting.
 * @example
 * ```ts
 * const before = setFastWasmKernels(false); // stock kernels
 * setFastWasmKernels(before);
 * ```
 */
export function setFastWasmKernels(enabled: boolean): boolean {
  if (typeof enabled !== "boolean")
    throw new Error(`setFastWasmKernels: enabled must be a boolean, received ${String(enabled)}`);
  const prev = fastEnabled;
  fastEnabled = enabled;
  installFastWasmKernels();
  return prev;
}

// The WASM backend registers its kernels when its module is imported (after this file, from ready()); a
// kernel's setupFunc runs for every registered kernel when the backend is activated, so this marker kernel
// installs the wrappers at that moment, after the stock kernels exist. If they are already there, do it now.
if (tf.getKernel("ContinuumFastKernels", "wasm") === undefined)
  tf.registerKernel({
    kernelName: "ContinuumFastKernels",
    backendName: "wasm",
    kernelFunc: (() => {
      throw new Error("ContinuumFastKernels is a setup hook, not a kernel");
    }) as never,
    setupFunc: installFastWasmKernels as never,
  });
installFastWasmKernels();
