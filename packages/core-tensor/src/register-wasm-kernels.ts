/**
 * JavaScript implementations of the two kernels that TensorFlow.js's WASM backend (4.22) lacks but that stock
 * gradients call: `UnsortedSegmentSum` (the gradient of `tf.gather`) and `Conv2DBackpropFilter` (the filter
 * gradient of `tf.conv1d`/`tf.conv2d`). Without them, training a model with `gather` or a convolution on the
 * WASM backend throws "Kernel '…' not registered for backend 'wasm'". Both read the inputs from the WASM heap,
 * loop in float64 and write a float32 (or int32) output; they are registered on import and only used by the
 * `wasm` backend. Found by the gradient table (`src/gradcheck-table.test.ts`) run on wasm.
 */
import * as tf from "@tensorflow/tfjs";

interface WasmLikeBackend {
  readSync(dataId: unknown): ArrayLike<number>;
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
