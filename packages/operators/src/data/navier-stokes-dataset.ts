import { positiveInt, positiveNumber } from "../internal/validate.js";
import { grf2d } from "./grf.js";
import { solveNavierStokes2d } from "./navier-stokes.js";

/** Options of {@link navierStokesDataset}. */
export interface NavierStokesDatasetOptions {
  n: number;
  /** Grid points per axis (even). */
  resolution: number;
  /** Viscosity (default 1e-3). */
  nu?: number;
  /** Final time (default 1; the FNO paper records t = 1…50 for ν = 1e-3). */
  T?: number;
  /** Largest time step (default 1e-3; the FNO data used 1e-4 at resolution 256). */
  dt?: number;
  /** Snapshots per sample, at t = kT/snapshots, k = 1…snapshots (default 1). */
  snapshots?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The FNO Navier–Stokes dataset (Li et al. 2021, §5.3): initial vorticity ω0 ~ N(0, 7³(−Δ + 49I)^(−2.5)) on the
 * periodic unit torus ({@link grf2d}, zero mean), evolved by {@link solveNavierStokes2d} with the forcing
 * 0.1(sin 2π(x+y) + cos 2π(x+y)). A sample that blows up throws (its message names the step and a hint).
 *
 * @returns `w0` row-major `[n, S, S]`; `w` row-major `[n, S, S, snapshots]` (time last, channels-last layout).
 * @example
 * ```ts
 * const { w0, w } = navierStokesDataset({ n: 2, resolution: 32, T: 0.1, dt: 1e-2, seed: 0 });
 * w.length; // 2 * 32 * 32
 * ```
 */
export function navierStokesDataset(options: NavierStokesDatasetOptions): {
  w0: Float64Array;
  w: Float64Array;
  snapshots: number;
} {
  const n = positiveInt(options?.n, "navierStokesDataset: options.n");
  const S = positiveInt(options.resolution, "navierStokesDataset: options.resolution");
  const nu = positiveNumber(options.nu ?? 1e-3, "navierStokesDataset: options.nu");
  const T = positiveNumber(options.T ?? 1, "navierStokesDataset: options.T");
  const dt = positiveNumber(options.dt ?? 1e-3, "navierStokesDataset: options.dt");
  const ns = positiveInt(options.snapshots ?? 1, "navierStokesDataset: options.snapshots");
  const w0 = grf2d({
    n,
    resolution: S,
    spectrum: { kind: "fno", alpha: 2.5, tau: 7, sigma: 7 ** 1.5 },
    seed: options.seed ?? 0,
  });
  const w = new Float64Array(n * S * S * ns);
  for (let i = 0; i < n; i++) {
    const r = solveNavierStokes2d(w0.slice(i * S * S, (i + 1) * S * S), S, {
      T,
      nu,
      dt,
      snapshots: ns,
      throw: true,
    });
    const base = i * S * S * ns;
    for (let s = 0; s < ns; s++) for (let k = 0; k < S * S; k++) w[base + k * ns + s] = r.w[s * S * S + k]!;
    options.onProgress?.(i + 1, n);
  }
  return { w0, w, snapshots: ns };
}
