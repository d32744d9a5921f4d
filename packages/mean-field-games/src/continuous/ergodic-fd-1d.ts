import { bandedLu, bandedLuSolve } from "@continuum/core-tensor/linalg";
import { borderedNewtonStep, checkFunctions } from "./ergodic-newton.js";

/** Problem and discretisation of {@link solveErgodicMfg1d}. */
export interface ErgodicMfg1dOptions {
  /** Diffusion `nu > 0` (default 1). */
  readonly nu?: number;
  /** Truncated domain `[lower, upper]` (default `[-8, 8]`), reflecting (zero-flux) boundaries. */
  readonly domain?: readonly [number, number];
  /** Number of grid nodes (default 4001). */
  readonly points?: number;
  /** Potential `V(x)` on the right of the HJB equation (default `x^2/2`). */
  readonly potential?: (x: number) => number;
  /** Coupling `f(m)` and its derivative (default `log m`, `1/m`). */
  readonly coupling?: { readonly f: (m: number) => number; readonly df: (m: number) => number };
  /** Newton stops when the max-norm residual is below this (default 1e-9). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** Throw instead of returning a non-`"converged"` status. */
  readonly throw?: boolean;
  /**
   * Start Newton from the solution on a grid about half as fine (recursively, down to ~400 nodes), linearly
   * interpolated (default true). Newton from a flat start needs ~30 damped steps; nested starts need 3–5.
   */
  readonly continuation?: boolean;
}

/** Result of {@link solveErgodicMfg1d}. */
export interface ErgodicMfg1dResult {
  readonly status: "converged" | "max-iterations" | "failed";
  readonly message: string;
  readonly x: Float64Array;
  readonly u: Float64Array;
  readonly m: Float64Array;
  /** Ergodic constant. */
  readonly lambda: number;
  readonly iterations: number;
  /** Max-norm residual of the discrete system at exit. */
  readonly residual: number;
  /** `h * sum(m)`; 1 to within the Newton tolerance (the scheme is conservative; measured 1e-16 to 1e-11). */
  readonly mass: number;
}

const isPos = (v: number) => typeof v === "number" && Number.isFinite(v) && v > 0;

/**
 * Solve the 1-D ergodic MFG `-nu u'' + |u'|^2/2 + lambda = V(x) + f(m)`, `-nu m'' - (m u')' = 0`, `∫ m = 1`,
 * `m > 0`, with the monotone finite-difference scheme of Achdou & Capuzzo-Dolcetta (2010, SIAM J. Numer.
 * Anal. 48): Godunov Hamiltonian `((D+u)^-)^2/2 + ((D-u)^+)^2/2`, and the Fokker–Planck equation discretised as
 * the adjoint of the linearised HJB operator, so mass is conserved exactly. Newton's method on the coupled system
 * `(u, m, lambda)`: the Jacobian is banded when `u_i, m_i` are interleaved (5 sub-, 3 super-diagonals); one
 * Fokker–Planck row is replaced by `u_{N-1} = 0` (u is defined up to a constant) and the mass constraint and the
 * `lambda` column are handled by bordering (two banded solves per step). The density part of each step is taken
 * in `log m` (positive by construction) and steps are halved until the residual decreases. First-order accurate
 * in `h`.
 *
 * With `nu = 1`, `V = x^2/2`, `f = log` the exact solution has `m` Gaussian with variance `(1 + sqrt 5)/2` and
 * `lambda = (sqrt 5 - 1)/2 - log(2 pi / ((sqrt 5 - 1)/2))/2 = -0.541510`.
 *
 * @example
 * ```ts
 * const res = solveErgodicMfg1d({ points: 4001, domain: [-8, 8] });
 * res.lambda; // -0.54073 (first order in h; exact -0.541510)
 * ```
 */
export function solveErgodicMfg1d(options: ErgodicMfg1dOptions = {}): ErgodicMfg1dResult {
  const nu = options.nu ?? 1;
  const [lo, hi] = options.domain ?? [-8, 8];
  const N = options.points ?? 4001;
  const V = options.potential ?? ((x: number) => (x * x) / 2);
  const cf = options.coupling?.f ?? Math.log;
  const cdf = options.coupling?.df ?? ((m: number) => 1 / m);
  const tol = options.tolerance ?? 1e-9;
  const maxIt = options.maxIterations ?? 50;
  if (!isPos(nu)) throw new Error(`solveErgodicMfg1d: nu (diffusion) must be > 0, received ${nu}`);
  checkFunctions("solveErgodicMfg1d", options);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
    throw new Error(
      `solveErgodicMfg1d: domain must be [lower, upper] with lower < upper, received [${lo}, ${hi}]`,
    );
  if (!Number.isInteger(N) || N < 5)
    throw new Error(`solveErgodicMfg1d: points must be an integer >= 5, received ${N}`);
  if (!isPos(tol)) throw new Error(`solveErgodicMfg1d: tolerance must be > 0, received ${tol}`);
  if (!Number.isInteger(maxIt) || maxIt < 1)
    throw new Error(`solveErgodicMfg1d: maxIterations must be a positive integer, received ${maxIt}`);
  const h = (hi - lo) / (N - 1);
  const x = Float64Array.from({ length: N }, (_, i) => lo + i * h);
  const Vx = x.map(V);
  for (let i = 0; i < N; i++)
    if (!Number.isFinite(Vx[i]!))
      throw new Error(
        `solveErgodicMfg1d: potential must be finite on the grid, received V(${x[i]}) = ${Vx[i]}`,
      );
  let u = new Float64Array(N);
  let m = new Float64Array(N).fill(1 / (hi - lo + h));
  let lambda = 0;
  if ((options.continuation ?? true) && N > 401) {
    const coarse = solveErgodicMfg1d({ ...options, points: Math.floor((N - 1) / 2) + 1, throw: false });
    if (coarse.status === "converged") {
      const hc = coarse.x[1]! - coarse.x[0]!;
      let mass = 0;
      for (let i = 0; i < N; i++) {
        const pos = Math.min((x[i]! - lo) / hc, coarse.x.length - 1.000001);
        const k = Math.floor(pos);
        const f = pos - k;
        u[i] = (1 - f) * coarse.u[k]! + f * coarse.u[k + 1]!;
        m[i] = (1 - f) * coarse.m[k]! + f * coarse.m[k + 1]!;
        mass += h * m[i]!;
      }
      for (let i = 0; i < N; i++) m[i] = m[i]! / mass;
      const shift = u[N - 1]!;
      for (let i = 0; i < N; i++) u[i] = u[i]! - shift;
      lambda = coarse.lambda;
    }
  }

  const residual = (u: Float64Array, m: Float64Array, lambda: number) => {
    const F = new Float64Array(2 * N);
    for (let i = 0; i < N; i++) {
      const p1 = i < N - 1 ? (u[i + 1]! - u[i]!) / h : 0;
      const p2 = i > 0 ? (u[i]! - u[i - 1]!) / h : 0;
      const lap = ((i < N - 1 ? u[i + 1]! - u[i]! : 0) - (i > 0 ? u[i]! - u[i - 1]! : 0)) / (h * h);
      const H = 0.5 * (Math.min(p1, 0) ** 2 + Math.max(p2, 0) ** 2);
      F[2 * i] = -nu * lap + H + lambda - Vx[i]! - cf(m[i]!);
    }
    // transport coefficients a_i = min(p1,0)/h, b_i = max(p2,0)/h ; (L^T m)_j = m_{j-1}a_{j-1} + m_j(b_j - a_j) - m_{j+1}b_{j+1}
    const a = new Float64Array(N);
    const b = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      a[i] = i < N - 1 ? Math.min((u[i + 1]! - u[i]!) / h, 0) / h : 0;
      b[i] = i > 0 ? Math.max((u[i]! - u[i - 1]!) / h, 0) / h : 0;
    }
    for (let j = 0; j < N; j++) {
      const lap = ((j < N - 1 ? m[j + 1]! - m[j]! : 0) - (j > 0 ? m[j]! - m[j - 1]! : 0)) / (h * h);
      const tr =
        (j > 0 ? m[j - 1]! * a[j - 1]! : 0) +
        m[j]! * (b[j]! - a[j]!) -
        (j < N - 1 ? m[j + 1]! * b[j + 1]! : 0);
      F[2 * j + 1] = -nu * lap + tr;
    }
    F[2 * N - 1] = u[N - 1]!; // normalisation replaces the last (redundant) Fokker–Planck row
    let mass = 0;
    for (let j = 0; j < N; j++) mass += h * m[j]!;
    return { F, a, b, mass };
  };
  const norm = (F: Float64Array, mass: number) => {
    let r = Math.abs(mass - 1);
    for (let i = 0; i < F.length; i++) r = Math.max(r, Math.abs(F[i]!));
    return r;
  };

  let cur = residual(u, m, lambda);
  let res = norm(cur.F, cur.mass);
  let it = 0;
  let lastStep = Infinity;
  // NaN would end the loop at once and be reported as "max-iterations after 0 Newton steps"
  if (!Number.isFinite(res))
    return finish(
      "failed",
      `the residual is not finite at the initial guess (${res}); coupling.f must be finite for every m > 0`,
    );
  const inv2 = 1 / (h * h);
  // converged: residual below tolerance, or a full Newton step that moved (u, m, lambda) by < 1e-11 relative
  // (round-off in the 1/h^2-scaled residual stalls near 1e-9 on grids finer than ~3000 nodes)
  for (; it < maxIt && res > tol && !(lastStep < 1e-11); it++) {
    // Newton matrix in core-tensor's band storage (kl = 5, ku = 3): entry (r, c) at 9r + c − r + 5.
    const J = new Float64Array(2 * N * 9);
    const add = (r: number, c: number, v: number) => {
      J[9 * r + c - r + 5]! += v;
    };
    const { a, b } = cur;
    const ind = (p: number, neg: boolean) => (neg ? (p < 0 ? 1 : 0) : p > 0 ? 1 : 0);
    for (let i = 0; i < N; i++) {
      const r = 2 * i;
      // HJB row: -nu Lap u + H(u) ; dH/du_{i+1} = a_i, dH/du_i = b_i - a_i, dH/du_{i-1} = -b_i
      if (i < N - 1) add(r, 2 * (i + 1), -nu * inv2 + a[i]!);
      if (i > 0) add(r, 2 * (i - 1), -nu * inv2 - b[i]!);
      add(r, r, nu * inv2 * ((i < N - 1 ? 1 : 0) + (i > 0 ? 1 : 0)) + b[i]! - a[i]!);
      add(r, r + 1, -cdf(m[i]!));
    }
    for (let j = 0; j < N - 1; j++) {
      const r = 2 * j + 1;
      // d/dm
      if (j > 0) add(r, 2 * (j - 1) + 1, -nu * inv2 + a[j - 1]!);
      add(r, r, nu * inv2 * ((j < N - 1 ? 1 : 0) + (j > 0 ? 1 : 0)) + b[j]! - a[j]!);
      if (j < N - 1) add(r, 2 * (j + 1) + 1, -nu * inv2 - b[j + 1]!);
      // d/du through a_{j-1}, a_j, b_j, b_{j+1}
      const ih2 = inv2;
      if (j > 0) {
        const s = ind((u[j]! - u[j - 1]!) / h, true) * ih2 * m[j - 1]!; // a_{j-1} depends on u_j - u_{j-1}
        add(r, 2 * j, s);
        add(r, 2 * (j - 1), -s);
      }
      if (j < N - 1) {
        const s = -ind((u[j + 1]! - u[j]!) / h, true) * ih2 * m[j]!; // -m_j a_j
        add(r, 2 * (j + 1), s);
        add(r, 2 * j, -s);
      }
      if (j > 0) {
        const s = ind((u[j]! - u[j - 1]!) / h, false) * ih2 * m[j]!; // m_j b_j
        add(r, 2 * j, s);
        add(r, 2 * (j - 1), -s);
      }
      if (j < N - 1) {
        const s = -ind((u[j + 1]! - u[j]!) / h, false) * ih2 * m[j + 1]!; // -m_{j+1} b_{j+1}
        add(r, 2 * (j + 1), s);
        add(r, 2 * j, -s);
      }
    }
    add(2 * N - 1, 2 * (N - 1), 1);
    let finiteJ = true;
    for (let k = 0; k < J.length; k++) if (!Number.isFinite(J[k]!)) finiteJ = false;
    // core-tensor's bandedLu rejects NaN/Infinity by throwing; keep reporting them as a failed status.
    const lu = finiteJ ? bandedLu(J, 2 * N, 5, 3) : undefined;
    if (lu?.status !== "ok")
      return finish(
        "failed",
        `${lu ? "singular" : "non-finite"} Newton matrix at iteration ${it}; try a finer grid or a better initial guess`,
      );
    const next = borderedNewtonStep(
      { u, m, lambda, cur, res },
      (b) => bandedLuSolve(lu, b),
      h,
      residual,
      norm,
    );
    if (next === null)
      return finish(
        "failed",
        `line search failed at iteration ${it} (residual ${res}); refine the grid or enlarge the domain`,
      );
    ({ u, m, lambda, cur, res } = next.state);
    lastStep = next.lastStep;
  }
  return res <= tol || lastStep < 1e-11
    ? finish("converged", "")
    : finish(
        "max-iterations",
        `residual ${res} > tolerance ${tol} after ${it} Newton steps; raise maxIterations`,
      );

  function finish(status: ErgodicMfg1dResult["status"], message: string): ErgodicMfg1dResult {
    if (status !== "converged" && options.throw) throw new Error(`solveErgodicMfg1d: ${message}`);
    return { status, message, x, u, m, lambda, iterations: it, residual: res, mass: cur.mass };
  }
}
