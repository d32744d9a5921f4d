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

/**
 * One damped Newton step of the discrete ergodic HJB–Fokker–Planck system, shared by the 1-D and 2-D solvers.
 * The unknowns are interleaved as (u₀, m₀, u₁, m₁, …); λ and the mass constraint Σ m·w = 1 are eliminated by
 * bordering: with J z₁ = −F and J z₂ = e (e = 1 on every HJB row, the ∂/∂λ column), the step is
 * z₁ − δλ z₂ with δλ = (wᵀz₁ᵐ + mass − 1)/(wᵀz₂ᵐ), so the linearised mass is exactly 1. The step is halved
 * (up to 30 times) until m stays positive and the residual norm decreases.
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
  let step = 1;
  for (let s = 0; s < 30; s++, step /= 2) {
    const un = new Float64Array(N);
    const mn = new Float64Array(N);
    let positive = true;
    for (let k = 0; k < N; k++) {
      un[k] = u[k]! + step * (z1[2 * k]! - dl * z2[2 * k]!);
      mn[k] = m[k]! + step * (z1[2 * k + 1]! - dl * z2[2 * k + 1]!);
      if (!(mn[k]! > 0)) positive = false;
    }
    if (!positive) continue;
    const ln = lambda + step * dl;
    const trial = residual(un, mn, ln);
    const rn = norm(trial.F, trial.mass);
    if (rn < res || step < 1e-6) {
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
