/**
 * Which formulation computes the truncated spectral transforms.
 *
 * - `"dft"`: truncated DFT as a dense matmul (`[rows, S] @ [S, 2m]`), any size, runs in the backend's matmul
 *   kernel (XNNPACK on wasm), differentiable to higher order (its hand-written
 *   gradients, `matmul.ts`, are built from differentiable ops).
 * - `"fft"`: fft.js in JavaScript inside a `tf.customGrad` op (values and adjoint gradients by FFT), powers of
 *   two only; differentiable to any order (each op's gradient is its adjoint op, whose gradient is the op).
 * - `"auto"` (default): measured with `bench/operators-spectral-method.bench.mjs` (one forward + backward of a
 *   64-channel, batch-20 spectral convolution, wasm backend, 2-core machine with other work stopped,
 *   2026-11-26, after core-tensor's WebAssembly GEMMs), time of "dft" / time of "fft": S=1024: m=16 → 0.28,
 *   m=64 → 0.55, m=128 → 0.98; S=4096: m=64 → 0.50, m=128 → 0.80, m=256 → 1.43. `"auto"` picks `"fft"` when S
 *   is a power of two and m ≥ 160 (about the crossover), `"dft"` otherwise (every FNO configuration of the papers,
 *   12–32 modes, uses the DFT). Before those GEMMs the crossover was near m = 96.
 */
export type SpectralMethod = "auto" | "dft" | "fft";

/** Modes from which `"auto"` switches to the FFT formulation (power-of-two sizes only); see {@link SpectralMethod}. */
export const FFT_MODES_THRESHOLD = 160;

/**
 * Resolve `"auto"` to the measured faster formulation for a transform of length `n` keeping `m` modes.
 * @example
 * ```ts
 * resolveSpectralMethod("auto", 1024, 16); // "dft"
 * resolveSpectralMethod("auto", 4096, 256); // "fft"
 * ```
 */
export function resolveSpectralMethod(method: SpectralMethod, n: number, m: number): "dft" | "fft" {
  if (method === "dft" || method === "fft") return method;
  if (method !== "auto")
    throw new Error(`spectral method must be "auto", "dft" or "fft", received ${JSON.stringify(method)}`);
  const pow2 = n > 0 && (n & (n - 1)) === 0;
  return pow2 && m >= FFT_MODES_THRESHOLD ? "fft" : "dft";
}
