import { solveBanded } from "@continuum/core-tensor/linalg";

/** Newton iterations allowed per implicit HJB time step (policy iteration; 5–50 are typical). */
const MAX_HJB_NEWTON = 200;

/** Problem and discretisation of {@link solveTimeDependentMfg1d}. */
export interface TimeDependentMfg1dOptions {
  /** Diffusion `nu > 0` (default 0.5). */
  readonly nu?: number;
  /** Domain `[lower, upper]` with reflecting boundaries (default `[0, 1]`). */
  readonly domain?: readonly [number, number];
  /** Horizon `T > 0` (default 1). */
  readonly horizon?: number;
  /** Grid nodes in space (default 101) and time steps (default 50). */
  readonly points?: number;
  readonly timeSteps?: number;
  /** Running cost `V(x)` (default `0`). */
  readonly potential?: (x: number) => number;
  /** Crowd aversion `kappa >= 0` in the coupling `kappa * m` (default 1). */
  readonly kappa?: number;
  /** Terminal cost `g(x)` (default `(x - 0.7)^2 * 5` on [0, 1]-like domains). */
  readonly terminalCost?: (x: number) => number;
  /** Initial density (normalised on the grid; default a bump at 0.3). */
  readonly initialDensity?: (x: number) => number;
  /** Fixed-point damping: weight of the new density (default 0.5). */
  readonly damping?: number;
  /** Stop when the max change of `m` between outer iterations is below this (default 1e-10). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  readonly throw?: boolean;
}

/** Result of {@link solveTimeDependentMfg1d}. */
export interface TimeDependentMfg1dResult {
  /** `"failed"`: an implicit HJB step did not converge (the message names the time); `u`, `m` are then unreliable. */
  readonly status: "converged" | "max-iterations" | "failed";
  readonly message: string;
  readonly x: Float64Array;
  /** `u[n]` and `m[n]` at `t_n = n T / timeSteps`, `n = 0 … timeSteps`. */
  readonly u: readonly Float64Array[];
  readonly m: readonly Float64Array[];
  readonly iterations: number;
  /** Max over time of `|h sum m(t_n) - 1|`. */
  readonly massError: number;
}

/**
 * Time-dependent 1-D MFG with the implicit monotone scheme of Achdou & Capuzzo-Dolcetta (2010):
 * `-u_t - nu u_xx + |u_x|^2/2 = V(x) + kappa m`, `u(T) = g`; `m_t - nu m_xx - (m u_x)_x = 0`, `m(0) = m0`, with
 * reflecting boundaries. Backward Euler for the HJB equation (one Newton solve with a tridiagonal Jacobian per
 * step, Godunov Hamiltonian), backward Euler for the Fokker–Planck equation discretised as the adjoint of the
 * linearised HJB operator (mass conserved to round-off), coupled by a damped fixed-point iteration on `m`
 * (monotone coupling, `kappa >= 0`). First order in `h` and `dt`; implicit, so no CFL restriction. Each implicit
 * HJB step runs Newton (policy iteration) to convergence, up to 200 iterations; if a step does not converge the
 * status is `"failed"` and the message names the time (an exception with `throw: true`). With `kappa = 0` and
 * `V = 0` the Hopf–Cole transform gives the exact `u`; a test checks first-order convergence to it.
 *
 * @example
 * ```ts
 * const r = solveTimeDependentMfg1d({ points: 101, timeSteps: 50 });
 * r.massError; // < 1e-12
 * ```
 */
export function solveTimeDependentMfg1d(options: TimeDependentMfg1dOptions = {}): TimeDependentMfg1dResult {
  const nu = options.nu ?? 0.5;
  const [lo, hi] = options.domain ?? [0, 1];
  const T = options.horizon ?? 1;
  const N = options.points ?? 101;
  const Nt = options.timeSteps ?? 50;
  const V = options.potential ?? (() => 0);
  const kappa = options.kappa ?? 1;
  const g = options.terminalCost ?? ((x: number) => 5 * (x - 0.7) ** 2);
  const rho0 = options.initialDensity ?? ((x: number) => Math.exp(-((x - 0.3) ** 2) / 0.01));
  const theta = options.damping ?? 0.5;
  const tol = options.tolerance ?? 1e-10;
  const maxIt = options.maxIterations ?? 200;
  const where = "solveTimeDependentMfg1d";
  if (!(nu > 0) || !Number.isFinite(nu))
    throw new Error(`${where}: nu (diffusion) must be > 0, received ${nu}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
    throw new Error(`${where}: domain must be [lower, upper] with lower < upper, received [${lo}, ${hi}]`);
  if (!(T > 0) || !Number.isFinite(T))
    throw new Error(`${where}: horizon must be > 0 and finite, received ${T}`);
  if (!Number.isInteger(N) || N < 5)
    throw new Error(`${where}: points must be an integer >= 5, received ${N}`);
  if (!Number.isInteger(Nt) || Nt < 1)
    throw new Error(`${where}: timeSteps must be a positive integer, received ${Nt}`);
  if (!(kappa >= 0) || !Number.isFinite(kappa))
    throw new Error(`${where}: kappa must be >= 0 and finite (monotone coupling), received ${kappa}`);
  if (!(tol > 0)) throw new Error(`${where}: tolerance must be > 0, received ${tol}`);
  if (!Number.isInteger(maxIt) || maxIt < 1)
    throw new Error(`${where}: maxIterations must be a positive integer, received ${maxIt}`);
  if (!(theta > 0 && theta <= 1)) throw new Error(`${where}: damping must be in (0, 1], received ${theta}`);
  for (const [name, fn] of [
    ["potential", V],
    ["terminalCost", g],
    ["initialDensity", rho0],
  ] as const)
    if (typeof fn !== "function")
      throw new Error(`${where}: ${name} must be a function of x, received ${String(fn)}`);
  const h = (hi - lo) / (N - 1);
  const dt = T / Nt;
  const ih2 = 1 / (h * h);
  const x = Float64Array.from({ length: N }, (_, i) => lo + i * h);
  const Vx = x.map(V);
  const m0 = x.map(rho0);
  for (let i = 0; i < N; i++)
    if (!(m0[i]! >= 0) || !Number.isFinite(m0[i]!))
      throw new Error(`${where}: initialDensity must be >= 0 and finite, received ${m0[i]} at x = ${x[i]}`);
  for (let i = 0; i < N; i++)
    if (!Number.isFinite(Vx[i]!))
      throw new Error(`${where}: potential must be finite on the grid, received V(${x[i]}) = ${Vx[i]}`);
  const gx = x.map(g);
  for (let i = 0; i < N; i++)
    if (!Number.isFinite(gx[i]!))
      throw new Error(`${where}: terminalCost must be finite on the grid, received g(${x[i]}) = ${gx[i]}`);
  let mass0 = 0;
  for (const v of m0) mass0 += h * v;
  if (!(mass0 > 0))
    throw new Error(
      `${where}: initialDensity must be non-negative with positive mass on the grid, received mass ${mass0}`,
    );
  for (let i = 0; i < N; i++) m0[i] = m0[i]! / mass0;

  const coeffs = (u: Float64Array) => {
    const a = new Float64Array(N);
    const b = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      a[i] = i < N - 1 ? Math.min((u[i + 1]! - u[i]!) / h, 0) / h : 0;
      b[i] = i > 0 ? Math.max((u[i]! - u[i - 1]!) / h, 0) / h : 0;
    }
    return { a, b };
  };
  // Newton on the implicit HJB step is Howard's policy iteration for the upwind scheme: it converges in finitely
  // many steps, but their number grows with the number of upwind switches (an oscillating potential on 401 nodes
  // needs 32); the former cap of 30 returned the unconverged iterate silently. `hjbFailure` records the first
  // step of the current sweep that did not converge in MAX_HJB_NEWTON iterations.
  let hjbFailure: { t: number; residual: number } | null = null;
  const hjbStep = (uNext: Float64Array, mNext: Float64Array, t: number): Float64Array => {
    let u = Float64Array.from(uNext);
    for (let k = 0; ; k++) {
      const { a, b } = coeffs(u);
      const F = new Float64Array(N);
      const J = new Float64Array(3 * N); // tridiagonal, band storage of core-tensor's banded LU: (i, j) at 3i + j − i + 1
      let res = 0;
      for (let i = 0; i < N; i++) {
        const p1 = i < N - 1 ? (u[i + 1]! - u[i]!) / h : 0;
        const p2 = i > 0 ? (u[i]! - u[i - 1]!) / h : 0;
        const lap = ((i < N - 1 ? u[i + 1]! - u[i]! : 0) - (i > 0 ? u[i]! - u[i - 1]! : 0)) * ih2;
        F[i] =
          (u[i]! - uNext[i]!) / dt -
          nu * lap +
          0.5 * (Math.min(p1, 0) ** 2 + Math.max(p2, 0) ** 2) -
          Vx[i]! -
          kappa * mNext[i]!;
        res = Math.max(res, Math.abs(F[i]!));
        J[3 * i + 1] = 1 / dt + nu * ih2 * ((i < N - 1 ? 1 : 0) + (i > 0 ? 1 : 0)) + b[i]! - a[i]!;
        if (i < N - 1) J[3 * i + 2] = -nu * ih2 + a[i]!;
        if (i > 0) J[3 * i] = -nu * ih2 - b[i]!;
      }
      if (res < 1e-12 * (1 + ih2)) return u;
      if (k === MAX_HJB_NEWTON) {
        hjbFailure ??= { t, residual: res };
        return u;
      }
      const du = solveBanded(J, N, 1, 1, F);
      let step = 0;
      let size = 1;
      for (let i = 0; i < N; i++) {
        step = Math.max(step, Math.abs(du[i]!));
        size = Math.max(size, Math.abs(u[i]!));
      }
      u = u.map((v, i) => v - du[i]!);
      // a step at round-off level: the residual (scaled by 1/h^2) cannot decrease any further
      if (step <= 1e-13 * size) return u;
    }
  };
  const fpStep = (mPrev: Float64Array, u: Float64Array): Float64Array => {
    const { a, b } = coeffs(u);
    const J = new Float64Array(3 * N);
    for (let j = 0; j < N; j++) {
      J[3 * j + 1] = 1 / dt + nu * ih2 * ((j < N - 1 ? 1 : 0) + (j > 0 ? 1 : 0)) + b[j]! - a[j]!;
      if (j > 0) J[3 * j] = -nu * ih2 + a[j - 1]!;
      if (j < N - 1) J[3 * j + 2] = -nu * ih2 - b[j + 1]!;
    }
    return solveBanded(
      J,
      N,
      1,
      1,
      mPrev.map((v) => v / dt),
    );
  };

  let m: Float64Array[] = Array.from({ length: Nt + 1 }, () => Float64Array.from(m0));
  let u: Float64Array[] = [];
  let it = 0;
  let change = Infinity;
  for (; it < maxIt && change > tol && hjbFailure === null; it++) {
    u = new Array(Nt + 1);
    u[Nt] = Float64Array.from(gx);
    for (let n = Nt - 1; n >= 0; n--) u[n] = hjbStep(u[n + 1]!, m[n + 1]!, n * dt);
    const mNew: Float64Array[] = [Float64Array.from(m0)];
    for (let n = 0; n < Nt; n++) mNew.push(fpStep(mNew[n]!, u[n]!));
    change = 0;
    for (let n = 0; n <= Nt; n++) {
      for (let i = 0; i < N; i++) {
        const v = (1 - theta) * m[n]![i]! + theta * mNew[n]![i]!;
        change = Math.max(change, Math.abs(v - m[n]![i]!));
        mNew[n]![i] = v;
      }
    }
    m = mNew;
  }
  let massError = 0;
  for (const mn of m) {
    let s = 0;
    for (const v of mn) s += h * v;
    massError = Math.max(massError, Math.abs(s - 1));
  }
  const failure = hjbFailure as { t: number; residual: number } | null;
  const status = failure ? "failed" : change <= tol ? "converged" : "max-iterations";
  const message = failure
    ? `Newton's method for the implicit HJB step at t = ${failure.t} did not converge in ${MAX_HJB_NEWTON} iterations (residual ${failure.residual}); use more timeSteps or points`
    : status === "converged"
      ? ""
      : `density still changes by ${change} after ${it} iterations; lower damping or kappa, or raise maxIterations`;
  if (status !== "converged" && options.throw) throw new Error(`${where}: ${message}`);
  return { status, message, x, u, m, iterations: it, massError };
}
