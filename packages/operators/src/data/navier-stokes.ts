import { irfft2, rfft2 } from "@continuum/core-tensor/fft";
import { allFiniteValues, positiveInt, positiveNumber } from "../internal/validate.js";

/** Options of {@link solveNavierStokes2d}. */
export interface NavierStokesOptions {
  /** Final time T (> 0). */
  T: number;
  /** Kinematic viscosity ν (default 1e-3, the FNO paper's hardest published setting). */
  nu?: number;
  /** Largest time step; the solver takes ⌈T/dt⌉ equal steps, rounded up to a multiple of `snapshots` (default 1e-3). */
  dt?: number;
  /**
   * Forcing f(x, y) of the vorticity equation: `"fno"` (default) 0.1(sin 2π(x+y) + cos 2π(x+y)) of Li et al.
   * (2021), `"none"`, or grid values `[S, S]` row-major (row index y, column index x).
   */
  forcing?: "fno" | "none" | Float64Array;
  /**
   * Number of snapshots, recorded at t_k = k·T/snapshots, k = 1…snapshots (default 1: ω(T)); the step count is
   * rounded up to a multiple of `snapshots` so that every t_k is a step time.
   */
  snapshots?: number;
  /** Throw instead of returning status `"diverged"` (default false). */
  throw?: boolean;
}

/** Result of {@link solveNavierStokes2d}. */
export interface NavierStokesResult {
  status: "ok" | "diverged";
  message: string;
  /** Vorticity snapshots `[snapshots, S, S]` row-major (the last one is ω(T) when status is `"ok"`). */
  w: Float64Array;
  /** Times of the snapshots. */
  times: Float64Array;
  /** Steps taken and the step size used (T divided by the step count). */
  steps: number;
  dt: number;
}

/**
 * The forcing of the FNO Navier–Stokes benchmark on the S×S grid x_j = j/S (row-major `[y, x]`):
 * f(x, y) = 0.1 (sin(2π(x + y)) + cos(2π(x + y))).
 *
 * @example
 * ```ts
 * const f = fnoForcing(64); // Float64Array(4096)
 * ```
 */
export function fnoForcing(resolution: number): Float64Array {
  const S = positiveInt(resolution, "fnoForcing: resolution");
  const f = new Float64Array(S * S);
  for (let i = 0; i < S; i++)
    for (let j = 0; j < S; j++) {
      const a = (2 * Math.PI * (i + j)) / S;
      f[i * S + j] = 0.1 * (Math.sin(a) + Math.cos(a));
    }
  return f;
}

/**
 * 2-D incompressible Navier–Stokes in vorticity form on the periodic unit torus, ∂ω/∂t + u·∇ω = νΔω + f,
 * u = (∂ψ/∂y, −∂ψ/∂x), −Δψ = ω, solved pseudo-spectrally as in the data generator of Li et al., "Fourier
 * Neural Operator for Parametric PDEs" (ICLR 2021, §5.3): the advection term is evaluated in physical space
 * from spectral derivatives, dealiased by the 2/3 rule (|k_x|, |k_y| ≤ (2/3)(S/2)) and stepped explicitly
 * (forward Euler), while diffusion is Crank–Nicolson:
 * ω̂ⁿ⁺¹ = (ω̂ⁿ(1 − ½Δt ν 4π²|k|²) − Δt F̂ⁿ + Δt f̂) / (1 + ½Δt ν 4π²|k|²). The scheme is first order in time
 * (second order when the advection term vanishes, e.g. for Taylor–Green-type eigenmodes); spectral in space.
 * Derivatives of the Nyquist modes are set to zero. Float64 throughout (`@continuum/core-tensor/fft`).
 *
 * @param w0 initial vorticity `[S, S]` row-major (row index y_i = i/S, column index x_j = j/S); S even.
 * @example
 * ```ts
 * // Decaying Taylor–Green vortex: ω = sin 2πx sin 2πy decays as exp(−8π²νt) with no forcing.
 * const S = 16;
 * const w0 = Float64Array.from({ length: S * S }, (_, k) =>
 *   Math.sin((2 * Math.PI * (k % S)) / S) * Math.sin((2 * Math.PI * Math.floor(k / S)) / S));
 * const r = solveNavierStokes2d(w0, S, { T: 1, nu: 0.01, dt: 0.01, forcing: "none" });
 * r.w[S + 1] / w0[S + 1]; // ≈ Math.exp(-8 * Math.PI ** 2 * 0.01) ≈ 0.454
 * ```
 */
export function solveNavierStokes2d(
  w0: Float64Array,
  resolution: number,
  options: NavierStokesOptions,
): NavierStokesResult {
  const S = positiveInt(resolution, "solveNavierStokes2d: resolution");
  if (S % 2 !== 0 || S < 4)
    throw new Error(`solveNavierStokes2d: resolution must be an even integer ≥ 4, received ${S}`);
  if (!(w0 instanceof Float64Array) || w0.length !== S * S)
    throw new Error(
      `solveNavierStokes2d: w0 must be a Float64Array of S·S = ${S * S} values, received ${
        w0 instanceof Float64Array ? `length ${w0.length}` : String(w0)
      }`,
    );
  for (let k = 0; k < w0.length; k++)
    if (!Number.isFinite(w0[k]!))
      throw new Error(`solveNavierStokes2d: w0 must be finite, received ${w0[k]} at index ${k}`);
  const T = positiveNumber(options?.T, "solveNavierStokes2d: options.T");
  const nu = positiveNumber(options.nu ?? 1e-3, "solveNavierStokes2d: options.nu");
  const dtMax = positiveNumber(options.dt ?? 1e-3, "solveNavierStokes2d: options.dt");
  const nSnap = positiveInt(options.snapshots ?? 1, "solveNavierStokes2d: options.snapshots");
  const forcingOpt = options.forcing ?? "fno";
  let f: Float64Array | null;
  if (forcingOpt === "fno") f = fnoForcing(S);
  else if (forcingOpt === "none") f = null;
  else if (forcingOpt instanceof Float64Array && forcingOpt.length === S * S) {
    allFiniteValues(forcingOpt, "solveNavierStokes2d: options.forcing");
    f = forcingOpt;
  } else
    throw new Error(
      `solveNavierStokes2d: options.forcing must be "fno", "none" or a Float64Array of ${S * S} values, received ${
        forcingOpt instanceof Float64Array ? `length ${forcingOpt.length}` : JSON.stringify(forcingOpt)
      }`,
    );
  // A multiple of the snapshot count, so that snapshot k lands exactly on t = kT/snapshots.
  const steps = nSnap * Math.ceil(T / dtMax / nSnap - 1e-9);
  const dt = T / steps;
  const H = S / 2 + 1; // rfft2 columns
  const M = S * H; // complex bins per spectrum
  // Wavenumbers: row i → k_y, column j → k_x; derivative multipliers are zero on the Nyquist modes.
  const ky = new Float64Array(S);
  const kyD = new Float64Array(S);
  for (let i = 0; i < S; i++) {
    ky[i] = i <= S / 2 ? i : i - S;
    kyD[i] = i === S / 2 ? 0 : 2 * Math.PI * ky[i]!;
  }
  const kxD = new Float64Array(H);
  for (let j = 0; j < H; j++) kxD[j] = j === S / 2 ? 0 : 2 * Math.PI * j;
  const kmax = (2 / 3) * (S / 2);
  const invLap = new Float64Array(M);
  const dealias = new Uint8Array(M);
  const implicitDen = new Float64Array(M);
  const explicitNum = new Float64Array(M);
  for (let i = 0; i < S; i++)
    for (let j = 0; j < H; j++) {
      const b = i * H + j;
      const lap = 4 * Math.PI * Math.PI * (ky[i]! ** 2 + j * j);
      invLap[b] = lap === 0 ? 0 : 1 / lap;
      dealias[b] = Math.abs(ky[i]!) <= kmax && j <= kmax ? 1 : 0;
      implicitDen[b] = 1 / (1 + 0.5 * dt * nu * lap);
      explicitNum[b] = 1 - 0.5 * dt * nu * lap;
    }
  const wh = rfft2(w0, S, S);
  const fh = f ? rfft2(f, S, S) : null;
  const derivs = new Float64Array(8 * M); // spectra of ψ_y, −ψ_x, ω_x, ω_y
  const prod = new Float64Array(S * S);
  const w = new Float64Array(nSnap * S * S);
  const times = new Float64Array(nSnap);
  let snap = 0;
  for (let n = 0; n < steps; n++) {
    for (let i = 0; i < S; i++)
      for (let j = 0; j < H; j++) {
        const b = i * H + j;
        const re = wh[2 * b]!;
        const im = wh[2 * b + 1]!;
        const pr = re * invLap[b]!;
        const pi = im * invLap[b]!;
        const dy = kyD[i]!;
        const dx = kxD[j]!;
        // i·k·z = (−k·Im z) + i(k·Re z)
        derivs[2 * b] = -dy * pi; // ψ_y
        derivs[2 * b + 1] = dy * pr;
        derivs[2 * (M + b)] = dx * pi; // −ψ_x
        derivs[2 * (M + b) + 1] = -dx * pr;
        derivs[2 * (2 * M + b)] = -dx * im; // ω_x
        derivs[2 * (2 * M + b) + 1] = dx * re;
        derivs[2 * (3 * M + b)] = -dy * im; // ω_y
        derivs[2 * (3 * M + b) + 1] = dy * re;
      }
    let probe = 0;
    for (let k = 0; k < derivs.length; k++) probe += derivs[k]! * 0; // NaN iff a value overflowed
    let finite = probe === 0;
    const phys = finite ? irfft2(derivs, S, S) : derivs; // [4, S, S]
    const N2 = S * S;
    for (let k = 0; finite && k < N2; k++) {
      prod[k] = phys[k]! * phys[2 * N2 + k]! + phys[N2 + k]! * phys[3 * N2 + k]!;
      probe += prod[k]! * 0;
    }
    finite &&= probe === 0;
    const Fh = finite ? rfft2(prod, S, S) : prod;
    for (let b = 0; finite && b < M; b++) {
      const keep = dealias[b]!;
      let re = explicitNum[b]! * wh[2 * b]! - dt * keep * Fh[2 * b]!;
      let im = explicitNum[b]! * wh[2 * b + 1]! - dt * keep * Fh[2 * b + 1]!;
      if (fh) {
        re += dt * fh[2 * b]!;
        im += dt * fh[2 * b + 1]!;
      }
      wh[2 * b] = re * implicitDen[b]!;
      wh[2 * b + 1] = im * implicitDen[b]!;
      if (!Number.isFinite(re + im)) finite = false;
    }
    if (!finite) {
      const message = `solveNavierStokes2d: vorticity became non-finite at step ${n + 1} (t = ${((n + 1) * dt).toPrecision(4)}); the explicit advection step is unstable, lower options.dt (now ${dt.toPrecision(3)}) or raise the resolution`;
      if (options.throw) throw new Error(message);
      return { status: "diverged", message, w, times, steps, dt };
    }
    if (n + 1 === ((snap + 1) * steps) / nSnap) {
      w.set(irfft2(wh, S, S), snap * S * S);
      times[snap] = (n + 1) * dt;
      snap++;
    }
  }
  return { status: "ok", message: "", w, times, steps, dt };
}
