/**
 * Which formulation computes the truncated spectral transforms.
 *
 * - `"dft"`: truncated DFT as a dense matmul (`[rows, S] @ [S, 2m]`), any size, runs in the backend's matmul
 *   kernel (XNNPACK on wasm), differentiable to higher order (its hand-written
 *   gradients, `matmul.ts`, are built from differentiable ops).
 * - `"fft"`: fft.js in JavaScript inside a `tf.customGrad` op (values and adjoint gradients by FFT), powers of
 *   two only, first-order gradients only.
 * - `"auto"` (default): measured with `bench/operators-spectral-method.bench.mjs` (one forward + backward of a
 *   64-channel, batch-20 spectral convolution, wasm backend, 2-core machine under heavy load, 2026-11), time
 *   of "dft" / time of "fft" in two runs: S=1024: m=16 → 0.44, 0.39; m=64 → 0.79, 1.17; S=4096: m=64 → 0.53,
 *   0.54; m=256 → 2.15, 0.94. The DFT clearly wins at the 12–32 modes FNOs use; the load on the machine
 *   (load average ~20) leaves the crossover unresolved between m ≈ 64 and 256. `"auto"` picks `"fft"` when
 *   S is a power of two and m ≥ 96, `"dft"` otherwise (every FNO configuration of the papers, 12–32 modes,
 *   uses the DFT).
 */
export type SpectralMethod = "auto" | "dft" | "fft";

/** Modes from which `"auto"` switches to the FFT formulation (power-of-two sizes only); see {@link SpectralMethod}. */
export const FFT_MODES_THRESHOLD = 96;

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
