/** What the ergodic solvers' residual functions return: the stacked residual and the current total mass. */
export interface ErgodicResidual {
  F: Float64Array;
  mass: number;
}

/** An iterate of the ergodic Newton method: value u, density m, the ergodic constant λ and its residual. */
export interface ErgodicIterate<R extends ErgodicResidual> {
  u: Float64Array<ArrayBuffer>;
  m: Float64Array<ArrayBuffer>;
  lambda: number;
  cur: R;
  res: number;
}

/** Largest increase of log m in one step (exp(50) ≈ 5e21; avoids overflow far from the solution). */
const MAX_LOG_STEP = 50;
/** Relative size of a full Newton step regarded as converged (the solvers stop on it). */
const NEGLIGIBLE_STEP = 1e-11;

/**
 * One damped Newton step of the discrete ergodic HJB–Fokker–Planck system, shared by the 1-D and 2-D solvers.
 * The unknowns are interleaved as (u₀, m₀, u₁, m₁, …); λ and the mass constraint Σ m·w = 1 are eliminated by
 * bordering: with J z₁ = −F and J z₂ = e (e = 1 on every HJB row, the ∂/∂λ column), the step is
 * z₁ − δλ z₂ with δλ = (wᵀz₁ᵐ + mass − 1)/(wᵀz₂ᵐ), so the linearised mass is exactly 1. The m-part of
 * the step is taken in log m (m ← m·exp(δm/m), i.e. Newton in the variable log m: the same step to first order,
 * positive by construction); the step is halved (up to 30 times) until the residual norm decreases.
 *
 * `solve(b)` solves with the factorised Jacobian J; `weight` is the quadrature weight of one node.
 * Returns the accepted iterate and the relative size of a full step (∞ when the step was damped), or null when
 * the line search failed.
 * @example
 * ```ts
 * const next = borderedNewtonStep(state, (b) => bandedLuSolve(lu, b), h, residual, norm);
 * if (next === null) return fail("line search failed");
 * ```
 */
export function borderedNewtonStep<R extends ErgodicResidual>(
  state: ErgodicIterate<R>,
  solve: (b: Float64Array) => Float64Array,
  weight: number,
  residual: (u: Float64Array, m: Float64Array, lambda: number) => R,
  norm: (F: Float64Array, mass: number) => number,
): { state: ErgodicIterate<R>; lastStep: number } | null {
  const { u, m, lambda, cur, res } = state;
  const N = u.length;
  const z1 = solve(cur.F.map((v) => -v));
  const bcol = new Float64Array(2 * N);
  for (let k = 0; k < N; k++) bcol[2 * k] = 1;
  const z2 = solve(bcol);
  let cz1 = 0;
  let cz2 = 0;
  for (let k = 0; k < N; k++) {
    cz1 += weight * z1[2 * k + 1]!;
    cz2 += weight * z2[2 * k + 1]!;
  }
  const dl = (cz1 + cur.mass - 1) / cz2;
  const du = new Float64Array(N);
  const dm = new Float64Array(N);
  let full = 0;
  let uScale = 1;
  for (let k = 0; k < N; k++) {
    du[k] = z1[2 * k]! - dl * z2[2 * k]!;
    dm[k] = z1[2 * k + 1]! - dl * z2[2 * k + 1]!;
    full = Math.max(full, Math.abs(du[k]!), Math.abs(dm[k]!));
    uScale = Math.max(uScale, Math.abs(u[k]!));
  }
  // A full step below round-off is accepted even if the residual does not decrease: the residual is scaled by
  // 1/h^2, so on fine grids its round-off floor can exceed the tolerance.
  const tiny = full / uScale < NEGLIGIBLE_STEP;
  let step = 1;
  for (let s = 0; s < 30; s++, step /= 2) {
    const un = new Float64Array(N);
    const mn = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      un[k] = u[k]! + step * du[k]!;
      // Newton direction taken in log m: m ← m·exp(step·dm/m). To first order this is the additive step (so
      // Newton's quadratic convergence is kept), but it is positive by construction. The additive step with
      // halving until m > 0 crawled from a flat start (the tails need m to drop by many orders of magnitude)
      // and hit maxIterations for e.g. nu = 0.5 on [-6, 6] or an off-centre domain [-7, 9].
      mn[k] = m[k]! * Math.exp(Math.min((step * dm[k]!) / m[k]!, MAX_LOG_STEP));
    }
    const ln = lambda + step * dl;
    const trial = residual(un, mn, ln);
    const rn = norm(trial.F, trial.mass);
    if (rn < res || step < 1e-6 || tiny) {
      let dmax = 0;
      let scale = 1;
      for (let k = 0; k < N; k++) {
        dmax = Math.max(dmax, Math.abs(un[k]! - u[k]!), Math.abs(mn[k]! - m[k]!));
        scale = Math.max(scale, Math.abs(un[k]!));
      }
      return {
        state: { u: un, m: mn, lambda: ln, cur: trial, res: rn },
        lastStep: step === 1 ? dmax / scale : Infinity,
      };
    }
  }
  return null;
}

/**
 * Throw unless the function-valued options of an ergodic solver are functions: `potential` (when given) and
 * `coupling` as both `f` and its derivative `df` (with only `f`, Newton used the derivative of the default
 * `log m`, `1/m`, and stalled at `maxIterations`).
 * @example
 * ```ts
 * checkFunctions("solveErgodicMfg1d", { coupling: { f: (m) => m } as never }); // throws "…coupling.df must be a function…"
 * ```
 */
export function checkFunctions(
  where: string,
  options: {
    readonly potential?: unknown;
    readonly coupling?: { readonly f?: unknown; readonly df?: unknown };
  },
): void {
  if (options.potential !== undefined && typeof options.potential !== "function")
    throw new Error(`${where}: potential must be a function, received ${String(options.potential)}`);
  const c = options.coupling;
  if (c === undefined) return;
  for (const key of ["f", "df"] as const)
    if (typeof c?.[key] !== "function")
      throw new Error(
        `${where}: coupling.${key} must be a function (coupling needs both f and its derivative df), received ${String(c?.[key])}`,
      );
}
