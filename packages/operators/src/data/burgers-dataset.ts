import { isPowerOfTwo, positiveInt } from "../internal/validate.js";
import { solveBurgers } from "./burgers.js";
import { grf1d } from "./grf.js";

/** Options of {@link burgersDataset}. */
export interface BurgersDatasetOptions {
  n: number;
  /** Output grid points (a divisor of `solverResolution`). */
  resolution: number;
  /** Grid of the solver (power of two, default = resolution). FNO solved at 8192 and subsampled. */
  solverResolution?: number;
  nu?: number;
  T?: number;
  /**
   * ETDRK4 step (default 1e-3, {@link solveBurgers}'s; on a GRF sample at S = 1024 it differs from a dt = 1e-4
   * solve by 2.5e-9 in relative L2, and dt = 5e-3 by 3e-7, measured 2026-11, both far below the 1e-2 errors the
   * models reach).
   */
  dt?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The FNO Burgers dataset (Li et al. 2021, §5.1): u0 ~ N(0, 625(−Δ + 25I)⁻²) on the periodic unit interval,
 * target u(·, 1) of u_t + (u²/2)_x = 0.1 u_xx solved by {@link solveBurgers} (ETDRK4), both subsampled to
 * `resolution` points.
 *
 * @returns `{ u0, uT }`, each row-major `[n, resolution]`.
 * @example
 * ```ts
 * const { u0, uT } = burgersDataset({ n: 4, resolution: 128, seed: 0 });
 * ```
 */
export function burgersDataset(options: BurgersDatasetOptions): { u0: Float64Array; uT: Float64Array } {
  const n = positiveInt(options?.n, "burgersDataset: options.n");
  const S = positiveInt(options.resolution, "burgersDataset: options.resolution");
  const F = positiveInt(options.solverResolution ?? S, "burgersDataset: options.solverResolution");
  if (F % S !== 0) throw new Error(`burgersDataset: resolution (${S}) must divide solverResolution (${F})`);
  if (!isPowerOfTwo(F) || F < 8)
    throw new Error(
      `burgersDataset: the solver grid must be a power of two ≥ 8 (the FFT path), received ${F}; set options.resolution (or options.solverResolution) to one, e.g. ${2 ** Math.max(3, Math.ceil(Math.log2(F)))}`,
    );
  const stride = F / S;
  const init = grf1d({
    n,
    resolution: F,
    spectrum: { kind: "fno", alpha: 2, tau: 5, sigma: 25 },
    seed: options.seed ?? 0,
  });
  const u0 = new Float64Array(n * S);
  const uT = new Float64Array(n * S);
  for (let i = 0; i < n; i++) {
    const a = init.subarray(i * F, (i + 1) * F);
    const res = solveBurgers(Float64Array.from(a), {
      nu: options.nu ?? 0.1,
      T: options.T ?? 1,
      dt: options.dt,
    });
    if (res.status !== "ok") throw new Error(`burgersDataset: sample ${i}: ${res.message}`);
    for (let j = 0; j < S; j++) {
      u0[i * S + j] = a[j * stride]!;
      uT[i * S + j] = res.u[j * stride]!;
    }
    options.onProgress?.(i + 1, n);
  }
  return { u0, uT };
}
