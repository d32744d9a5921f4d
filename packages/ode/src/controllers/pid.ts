import type { ControllerDecision, StepSizeController } from "../types.js";

/**
 * Options of {@link pidController}. With k = errorOrder + 1 and εₙ = 1/errorNormₙ the factor is
 * `safety · εₙ^((p+i+d)/k) · εₙ₋₁^(−(p+2d)/k) · εₙ₋₂^(d/k)`, clipped to [factorMin, factorMax].
 *
 * @example
 * ```ts
 * import type { PidOptions } from "@continuum/ode";
 * const pi: PidOptions = { pcoeff: 0.4, icoeff: 0.3 }; // Söderlind's PI.4.2 style
 * ```
 */
export interface PidOptions {
  /** Proportional coefficient (default 0). */
  readonly pcoeff?: number;
  /** Integral coefficient (default 1: the classical I controller used by SciPy). */
  readonly icoeff?: number;
  /** Derivative coefficient (default 0). */
  readonly dcoeff?: number;
  /** Safety factor (default 0.9). */
  readonly safety?: number;
  /** Smallest factor per step (default 0.2). */
  readonly factorMin?: number;
  /** Largest factor per step (default 10). */
  readonly factorMax?: number;
}

/** Controller history: inverse error norms of the two previous accepted steps. */
interface PidState {
  readonly order: number;
  readonly prev1: number;
  readonly prev2: number;
}

/**
 * PID step-size controller (Söderlind 2003, "Digital filters in adaptive time-stepping"; the diffrax
 * `PIDController` parametrisation). The defaults reproduce SciPy's `solve_ivp` I controller exactly
 * (safety 0.9, factor in [0.2, 10], no growth right after a rejection), so NFE counts match SciPy.
 *
 * @example
 * ```ts
 * import { pidController, solveIvp } from "@continuum/ode";
 * const pi = pidController({ pcoeff: 0.4, icoeff: 0.3 });
 * solveIvp((_t, y) => [-y[0]!], [0, 1], [1], { controller: pi });
 * ```
 */
export function pidController(options: PidOptions = {}): StepSizeController<PidState> {
  const p = options.pcoeff ?? 0;
  const i = options.icoeff ?? 1;
  const d = options.dcoeff ?? 0;
  const safety = options.safety ?? 0.9;
  const fmin = options.factorMin ?? 0.2;
  const fmax = options.factorMax ?? 10;
  for (const [k, v] of Object.entries({
    pcoeff: p,
    icoeff: i,
    dcoeff: d,
    safety,
    factorMin: fmin,
    factorMax: fmax,
  })) {
    if (!Number.isFinite(v)) throw new Error(`pidController: ${k} must be a finite number, received ${v}`);
  }
  if (i <= 0) throw new Error(`pidController: icoeff must be > 0, received ${i}`);
  if (!(fmin > 0 && fmin < 1 && fmax > 1)) {
    throw new Error(`pidController: need 0 < factorMin < 1 < factorMax, received ${fmin}, ${fmax}`);
  }
  return Object.freeze({
    name: p === 0 && d === 0 ? "I" : d === 0 ? "PI" : "PID",
    adaptive: true,
    init: (errorOrder: number): PidState => ({ order: errorOrder + 1, prev1: 1, prev2: 1 }),
    adapt(state: PidState, errorNorm: number, rejectedBefore: boolean): ControllerDecision<PidState> {
      const k = state.order;
      if (!(errorNorm <= 1)) {
        // Rejection (or NaN): integral term only, as in diffrax and SciPy.
        const f = Number.isFinite(errorNorm) ? Math.max(fmin, safety * errorNorm ** (-1 / k)) : fmin;
        return { accept: false, factor: f, state };
      }
      const inv = errorNorm === 0 ? Number.POSITIVE_INFINITY : 1 / errorNorm;
      let factor: number;
      if (errorNorm === 0) factor = fmax;
      else {
        const b1 = (p + i + d) / k;
        const b2 = -(p + 2 * d) / k;
        const b3 = d / k;
        factor = safety * inv ** b1 * state.prev1 ** b2 * state.prev2 ** b3;
        factor = Math.min(fmax, Math.max(fmin, factor));
      }
      if (rejectedBefore) factor = Math.min(1, factor);
      const next = Number.isFinite(inv) ? inv : 1e10;
      return { accept: true, factor, state: { order: k, prev1: next, prev2: state.prev1 } };
    },
  });
}
