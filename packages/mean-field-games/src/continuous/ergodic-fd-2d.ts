import { csrFromTriplets, sparseLu, sparseLuSolve } from "@continuum/core-tensor/linalg";
import { borderedNewtonStep, checkFunctions } from "./ergodic-newton.js";

/** Problem and discretisation of {@link solveErgodicMfg2d}. */
export interface ErgodicMfg2dOptions {
  /** Diffusion `nu > 0` (default 1). */
  readonly nu?: number;
  /** Rectangle `[[xmin, xmax], [ymin, ymax]]` with reflecting (zero-flux) sides (default `[[-6, 6], [-6, 6]]`). */
  readonly domain?: readonly [readonly [number, number], readonly [number, number]];
  /** Grid nodes per axis `[nx, ny]` or one number for both (default 41). */
  readonly points?: number | readonly [number, number];
  /** Potential `V(x, y)` on the right of the HJB equation (default `(x^2 + y^2)/2`). */
  readonly potential?: (x: number, y: number) => number;
  /** Coupling `f(m)` and its derivative (default `log m`, `1/m`). */
  readonly coupling?: { readonly f: (m: number) => number; readonly df: (m: number) => number };
  /** Newton stops when the max-norm residual is below this (default 1e-9). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** Throw instead of returning a non-`"converged"` status. */
  readonly throw?: boolean;
  /**
   * Start Newton from the solution on a grid about half as fine (recursively, down to ~21 nodes per axis),
   * bilinearly interpolated (default true).
   */
  readonly continuation?: boolean;
}

/** Result of {@link solveErgodicMfg2d}; fields are row-major `[ny][nx]` (`k = j * nx + i`). */
export interface ErgodicMfg2dResult {
  readonly status: "converged" | "max-iterations" | "failed";
  readonly message: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly u: Float64Array;
  readonly m: Float64Array;
  /** Ergodic constant. */
  readonly lambda: number;
  readonly iterations: number;
  /** Max-norm residual of the discrete system at exit. */
  readonly residual: number;
  /** `hx * hy * sum(m)`; 1 to within the Newton tolerance. */
  readonly mass: number;
}

const isPos = (v: number) => typeof v === "number" && Number.isFinite(v) && v > 0;

interface Axis {
  /** Number of nodes along the axis. */
  n: number;
  /** Index stride of a neighbour along the axis. */
  stride: number;
  h: number;
  /** Position of node k along the axis. */
  pos: (k: number) => number;
}

/**
 * Solve the 2-D ergodic MFG `-nu Δu + |∇u|^2/2 + lambda = V(x, y) + f(m)`, `-nu Δm - div(m ∇u) = 0`,
 * `∫ m = 1`, `m > 0` on a rectangle with reflecting sides, by the monotone finite-difference scheme of Achdou &
 * Capuzzo-Dolcetta (2010, SIAM J. Numer. Anal. 48) in two dimensions: Godunov (upwind) Hamiltonian per axis,
 * `((D+x u)^-)^2/2 + ((D-x u)^+)^2/2 + ((D+y u)^-)^2/2 + ((D-y u)^+)^2/2`, five-point Laplacian, and the
 * Fokker–Planck equation as the exact adjoint of the linearised HJB operator (mass is conserved to round-off).
 * Newton's method on `(u, m, lambda)`: the sparse Jacobian (unknowns `u_k, m_k` interleaved) is factorised by
 * `@continuum/core-tensor/linalg`'s `sparseLu` (reverse Cuthill–McKee + banded LU); one Fokker–Planck row is
 * replaced by `u_last = 0` and the mass constraint and `lambda` are handled by bordering (two sparse solves per
 * step). The density part of each Newton step is taken in `log m` (positive by construction)
 * and steps are halved until the residual decreases. First order in `h`.
 *
 * For `V = (x^2 + y^2)/2`, `f = log`, `nu = 1` the problem separates: `m` is the product of two 1-D Gaussians
 * with variance `(1 + sqrt 5)/2` and `lambda = 2 × (-0.541510)`; the discrete scheme separates the same way, so
 * the 2-D discrete solution is the product of {@link solveErgodicMfg1d}'s on the same grid.
 *
 * @example
 * ```ts
 * const res = solveErgodicMfg2d({ points: 41, domain: [[-6, 6], [-6, 6]] });
 * res.lambda; // -0.961 (exact -1.083020; the error, first order in h, halves with each refinement)
 * ```
 */
export function solveErgodicMfg2d(options: ErgodicMfg2dOptions = {}): ErgodicMfg2dResult {
  const where = "solveErgodicMfg2d";
  const nu = options.nu ?? 1;
  const dom = options.domain ?? [
    [-6, 6],
    [-6, 6],
  ];
  const pts = options.points ?? 41;
  const [nx, ny] = typeof pts === "number" ? [pts, pts] : pts;
  const V = options.potential ?? ((x: number, y: number) => (x * x + y * y) / 2);
  const cf = options.coupling?.f ?? Math.log;
  const cdf = options.coupling?.df ?? ((m: number) => 1 / m);
  const tol = options.tolerance ?? 1e-9;
  const maxIt = options.maxIterations ?? 50;
  if (!isPos(nu)) throw new Error(`${where}: nu (diffusion) must be > 0, received ${nu}`);
  checkFunctions(where, options);
  if (typeof pts !== "number" && (!Array.isArray(pts) || pts.length !== 2))
    throw new Error(`${where}: points must be a number or [nx, ny], received ${JSON.stringify(pts)}`);
  if (!Array.isArray(dom) || dom.length !== 2)
    throw new Error(`${where}: domain must be [[xmin, xmax], [ymin, ymax]], received ${String(dom)}`);
  for (const [axis, r] of [
    ["x", dom[0]],
    ["y", dom[1]],
  ] as const) {
    if (!r || !(Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[1] > r[0]))
      throw new Error(
        `${where}: domain ${axis}-range must be [lower, upper] with lower < upper, received [${r}]`,
      );
  }
  for (const [axis, n] of [
    ["nx", nx],
    ["ny", ny],
  ] as const) {
    if (!Number.isInteger(n) || n! < 5)
      throw new Error(`${where}: points (${axis}) must be an integer >= 5, received ${n}`);
  }
  if (!isPos(tol)) throw new Error(`${where}: tolerance must be > 0, received ${tol}`);
  if (!Number.isInteger(maxIt) || maxIt < 1)
    throw new Error(`${where}: maxIterations must be a positive integer, received ${maxIt}`);
  const NX = nx!;
  const NY = ny!;
  const N = NX * NY;
  const hx = (dom[0][1] - dom[0][0]) / (NX - 1);
  const hy = (dom[1][1] - dom[1][0]) / (NY - 1);
  const x = Float64Array.from({ length: NX }, (_, i) => dom[0][0] + i * hx);
  const y = Float64Array.from({ length: NY }, (_, j) => dom[1][0] + j * hy);
  const cell = hx * hy;
  const Vk = new Float64Array(N);
  for (let j = 0; j < NY; j++) for (let i = 0; i < NX; i++) Vk[j * NX + i] = V(x[i]!, y[j]!);
  for (let k = 0; k < N; k++)
    if (!Number.isFinite(Vk[k]!))
      throw new Error(
        `${where}: potential must be finite on the grid, received V(${x[k % NX]}, ${y[Math.floor(k / NX)]}) = ${Vk[k]}`,
      );
  const axes: Axis[] = [
    { n: NX, stride: 1, h: hx, pos: (k) => k % NX },
    { n: NY, stride: NX, h: hy, pos: (k) => Math.floor(k / NX) },
  ];

  let u = new Float64Array(N);
  let m = new Float64Array(N).fill(1 / (N * cell));
  let lambda = 0;
  if ((options.continuation ?? true) && Math.min(NX, NY) > 21) {
    const cnx = Math.floor((NX - 1) / 2) + 1;
    const cny = Math.floor((NY - 1) / 2) + 1;
    const coarse = solveErgodicMfg2d({ ...options, points: [cnx, cny], throw: false });
    if (coarse.status === "converged") {
      const chx = coarse.x[1]! - coarse.x[0]!;
      const chy = coarse.y[1]! - coarse.y[0]!;
      let mass = 0;
      for (let j = 0; j < NY; j++) {
        const py = Math.min((y[j]! - dom[1][0]) / chy, cny - 1.000001);
        const b = Math.floor(py);
        const fy = py - b;
        for (let i = 0; i < NX; i++) {
          const px = Math.min((x[i]! - dom[0][0]) / chx, cnx - 1.000001);
          const a = Math.floor(px);
          const fx = px - a;
          const at = (arr: Float64Array) =>
            (1 - fy) * ((1 - fx) * arr[b * cnx + a]! + fx * arr[b * cnx + a + 1]!) +
            fy * ((1 - fx) * arr[(b + 1) * cnx + a]! + fx * arr[(b + 1) * cnx + a + 1]!);
          const k = j * NX + i;
          u[k] = at(coarse.u);
          m[k] = at(coarse.m);
          mass += cell * m[k]!;
        }
      }
      for (let k = 0; k < N; k++) m[k] = m[k]! / mass;
      const shift = u[N - 1]!;
      for (let k = 0; k < N; k++) u[k] = u[k]! - shift;
      lambda = coarse.lambda;
    }
  }

  /** Upwind coefficients per axis: `a = min(D+u, 0)/h`, `b = max(D-u, 0)/h` (zero on the boundary sides). */
  const coefficients = (u: Float64Array) =>
    axes.map(({ n, stride, h, pos }) => {
      const a = new Float64Array(N);
      const b = new Float64Array(N);
      for (let k = 0; k < N; k++) {
        const p = pos(k);
        a[k] = p < n - 1 ? Math.min((u[k + stride]! - u[k]!) / h, 0) / h : 0;
        b[k] = p > 0 ? Math.max((u[k]! - u[k - stride]!) / h, 0) / h : 0;
      }
      return { a, b };
    });

  const residual = (u: Float64Array, m: Float64Array, lambda: number) => {
    const F = new Float64Array(2 * N);
    const coef = coefficients(u);
    for (let k = 0; k < N; k++) {
      let hjb = lambda - Vk[k]! - cf(m[k]!);
      let fp = 0;
      axes.forEach(({ n, stride, h }, d) => {
        const p = axes[d]!.pos(k);
        const { a, b } = coef[d]!;
        const up = p < n - 1;
        const down = p > 0;
        const lapU = ((up ? u[k + stride]! - u[k]! : 0) - (down ? u[k]! - u[k - stride]! : 0)) / (h * h);
        const lapM = ((up ? m[k + stride]! - m[k]! : 0) - (down ? m[k]! - m[k - stride]! : 0)) / (h * h);
        hjb += -nu * lapU + 0.5 * h * h * (a[k]! * a[k]! + b[k]! * b[k]!);
        fp +=
          -nu * lapM +
          (down ? m[k - stride]! * a[k - stride]! : 0) +
          m[k]! * (b[k]! - a[k]!) -
          (up ? m[k + stride]! * b[k + stride]! : 0);
      });
      F[2 * k] = hjb;
      F[2 * k + 1] = fp;
    }
    F[2 * N - 1] = u[N - 1]!; // normalisation replaces the last (redundant) Fokker–Planck row
    let mass = 0;
    for (let k = 0; k < N; k++) mass += cell * m[k]!;
    return { F, coef, mass };
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
  for (; it < maxIt && res > tol && !(lastStep < 1e-11); it++) {
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    const add = (r: number, c: number, v: number) => {
      if (v !== 0) {
        rows.push(r);
        cols.push(c);
        vals.push(v);
      }
    };
    for (let k = 0; k < N; k++) {
      const r = 2 * k;
      add(r, r + 1, -cdf(m[k]!));
      axes.forEach(({ n, stride, h }, d) => {
        const p = axes[d]!.pos(k);
        const { a, b } = cur.coef[d]!;
        const inv2 = 1 / (h * h);
        const up = p < n - 1;
        const down = p > 0;
        // HJB row: dH/du_{k+s} = a_k, dH/du_k = b_k - a_k, dH/du_{k-s} = -b_k
        if (up) add(r, 2 * (k + stride), -nu * inv2 + a[k]!);
        if (down) add(r, 2 * (k - stride), -nu * inv2 - b[k]!);
        add(r, r, nu * inv2 * ((up ? 1 : 0) + (down ? 1 : 0)) + b[k]! - a[k]!);
        if (k === N - 1) return; // the last Fokker–Planck row is the normalisation u_last = 0
        const q = 2 * k + 1;
        // Fokker–Planck row: d/dm
        if (down) add(q, 2 * (k - stride) + 1, -nu * inv2 + a[k - stride]!);
        add(q, q, nu * inv2 * ((up ? 1 : 0) + (down ? 1 : 0)) + b[k]! - a[k]!);
        if (up) add(q, 2 * (k + stride) + 1, -nu * inv2 - b[k + stride]!);
        // d/du through a_{k-s}, a_k, b_k, b_{k+s} (each active only on its upwind side)
        if (down) {
          const dn = (u[k]! - u[k - stride]!) / h;
          const sa = (dn < 0 ? 1 : 0) * inv2 * m[k - stride]!; // m_{k-s} a_{k-s}
          add(q, 2 * k, sa);
          add(q, 2 * (k - stride), -sa);
          const sb = (dn > 0 ? 1 : 0) * inv2 * m[k]!; // m_k b_k
          add(q, 2 * k, sb);
          add(q, 2 * (k - stride), -sb);
        }
        if (up) {
          const dp = (u[k + stride]! - u[k]!) / h;
          const sa = -(dp < 0 ? 1 : 0) * inv2 * m[k]!; // -m_k a_k
          add(q, 2 * (k + stride), sa);
          add(q, 2 * k, -sa);
          const sb = -(dp > 0 ? 1 : 0) * inv2 * m[k + stride]!; // -m_{k+s} b_{k+s}
          add(q, 2 * (k + stride), sb);
          add(q, 2 * k, -sb);
        }
      });
    }
    add(2 * N - 1, 2 * (N - 1), 1);
    if (!vals.every(Number.isFinite))
      return finish(
        "failed",
        `non-finite Newton matrix at iteration ${it}; try a finer grid or a better initial guess`,
      );
    const lu = sparseLu(csrFromTriplets(2 * N, 2 * N, rows, cols, vals));
    if (lu.status !== "ok")
      return finish(
        "failed",
        `singular Newton matrix at iteration ${it}; try a finer grid or a better initial guess`,
      );
    const next = borderedNewtonStep(
      { u, m, lambda, cur, res },
      (b) => sparseLuSolve(lu, b),
      cell,
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

  function finish(status: ErgodicMfg2dResult["status"], message: string): ErgodicMfg2dResult {
    if (status !== "converged" && options.throw) throw new Error(`${where}: ${message}`);
    return { status, message, x, y, u, m, lambda, iterations: it, residual: res, mass: cur.mass };
  }
}
