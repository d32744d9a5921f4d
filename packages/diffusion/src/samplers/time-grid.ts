import { checkTime, type GaussianPath, type GridSpacing } from "../processes/gaussian-path.js";

/** Options of {@link timeGrid}. */
export interface TimeGridOptions {
  spacing?: GridSpacing;
  /** First (noisiest) time (default `path.tMax`). */
  tMax?: number;
  /** Last time (default `path.tMin`, where sigma = 0). */
  tEnd?: number;
  /** Karras exponent rho (default 7). */
  rho?: number;
}

/**
 * Decreasing time grid `t_0 = tMax > ... > t_steps = tEnd` with `steps` intervals. `uniform` is uniform in t;
 * `logsnr` uniform in `lambda = log(alpha/sigma)` (DPM-Solver); `karras` uniform in `sigma~^(1/rho)` with
 * `sigma~ = sigma/alpha` (EDM, rho = 7). When `tEnd` has sigma = 0 (log-SNR infinite), the log-SNR and Karras
 * spacings run to `path.tLow` and the last interval jumps to `tEnd` (the EDM convention).
 * @example
 * ```ts
 * timeGrid(edm(), 3, { spacing: "karras" }); // [80, 2.515..., 0.002, 0]: ((80^(1/7) + 0.002^(1/7)) / 2)^7 = 2.515
 * timeGrid(flowLinear(), 4); // [1, 0.75, 0.5, 0.25, 0]
 * ```
 */
export function timeGrid(path: GaussianPath, steps: number, options: TimeGridOptions = {}): number[] {
  if (!(Number.isInteger(steps) && steps >= 1))
    throw new Error(`timeGrid: steps (NFE budget) must be an integer >= 1, received ${steps}`);
  const spacing = options.spacing ?? path.defaultSpacing;
  const tMax = checkTime(path, options.tMax ?? path.tMax, "timeGrid: options.tMax");
  const tEnd = checkTime(path, options.tEnd ?? path.tMin, "timeGrid: options.tEnd");
  if (!(tEnd < tMax)) throw new Error(`timeGrid: options.tEnd (${tEnd}) must be < tMax (${tMax})`);
  if (spacing === "uniform")
    return Array.from({ length: steps + 1 }, (_, i) => tMax + ((tEnd - tMax) * i) / steps);
  if (spacing !== "logsnr" && spacing !== "karras")
    throw new Error(`timeGrid: unknown options.spacing '${String(spacing)}'; known: uniform, logsnr, karras`);
  const endsAtZero = path.sigma(tEnd) === 0;
  const low = endsAtZero ? Math.min(path.tLow, tMax) : tEnd;
  const n = endsAtZero ? steps - 1 : steps;
  const grid: number[] = [tMax];
  if (n >= 1 && !(low < tMax))
    // tMax <= tLow: every interior point would equal tMax (zero-length steps; multistep solvers then divide by
    // a zero log-SNR step and return NaN).
    throw new Error(
      `timeGrid: ${spacing} spacing ending at sigma = 0 needs options.tMax (${tMax}) > path.tLow (${path.tLow}) when steps > 1; pass steps = 1, a larger tMax or spacing 'uniform'`,
    );
  if (n >= 1) {
    // A start with alpha ~ 0 (flows and interpolants at t = 1) has log-SNR = -inf (or ~ -37 for cos(pi/2)):
    // space the grid from the log-SNR at `path.sdeTMax` instead (the samplers' criterion, alpha < 1e-3 sigma),
    // keeping tMax as the first point, so the first step spans [sdeTMax-ish, tMax].
    let l0 = path.logSNR(tMax);
    if (path.alpha(tMax) < 1e-3 * path.sigma(tMax) && path.sdeTMax < tMax) l0 = path.logSNR(path.sdeTMax);
    if (!Number.isFinite(l0))
      throw new Error(
        `timeGrid: ${spacing} spacing needs a finite log-SNR at options.tMax=${tMax} (alpha = ${path.alpha(tMax)}); pass a smaller tMax or spacing 'uniform'`,
      );
    const l1 = path.logSNR(low);
    const rho = options.rho ?? 7;
    if (!(rho > 0)) throw new Error(`timeGrid: options.rho must be > 0, received ${rho}`);
    for (let i = 1; i <= n; i++) {
      const f = i / n;
      let lambda: number;
      if (spacing === "logsnr") lambda = l0 + (l1 - l0) * f;
      else {
        const s0 = Math.exp(-l0) ** (1 / rho);
        const s1 = Math.exp(-l1) ** (1 / rho);
        lambda = -rho * Math.log(s0 + (s1 - s0) * f);
      }
      grid.push(i === n ? low : path.timeOfLogSNR(lambda));
    }
  }
  if (endsAtZero) grid.push(tEnd);
  return grid;
}
