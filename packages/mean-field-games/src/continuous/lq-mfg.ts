import {
  add,
  dot,
  identity,
  inverse,
  matmul,
  type Mat,
  scale,
  symmetricPart,
  trace,
  transpose,
} from "../internal/dense.js";
import { rk4 } from "../internal/rk4.js";
import { checkLqProblem, type LqProblem } from "./lq-problem.js";

/** Solution of an LQ mean-field game or control problem on a uniform time grid. */
export interface LqSolution {
  readonly kind: "game" | "control";
  /** Grid `t_0 = 0 < … < t_n = T`. */
  readonly times: Float64Array;
  /** `P(t_i)` (d×d): quadratic coefficient of the value function (Nash) / of the fluctuation part (control). */
  readonly P: readonly Float64Array[];
  /** Game: `Pi(t_i)` with `s = Pi m` (value `x'Px/2 + (Pi m)'x + r`). Control: `Pm(t_i)`, the mean-part Riccati. */
  readonly K: readonly Float64Array[];
  /** Mean of the population `m(t_i)`. */
  readonly mean: readonly Float64Array[];
  /** Expected cost of a representative player (game) / of the population (control) at the solution. */
  readonly cost: number;
  /**
   * Optimal feedback `alpha(t, x, m)` (linear interpolation of the coefficients between grid times). Throws
   * unless `t` is in `[0, T]` and `x`, `m` are finite vectors of length `dim`.
   */
  control(t: number, x: ArrayLike<number>, m: ArrayLike<number>): Float64Array;
  /** The feedback as gains, `alpha = Kx x + Km m` (both k×d), interpolated at `t` (in `[0, T]`). */
  gains(t: number): { readonly Kx: Float64Array; readonly Km: Float64Array };
}

/** Options of {@link solveLqMfg} / {@link solveLqMfc}. */
export interface LqSolveOptions {
  /** RK4 steps on [0, T] (default 2000; the Riccati error is O(h^4)). */
  readonly steps?: number;
}

interface Pieces {
  d: number;
  k: number;
  G: Mat;
  Rinv: Mat;
  Bt: Mat;
  At: Mat;
  SS: Mat;
  sig2: Mat;
}

function pieces(p: LqProblem): Pieces {
  const d = p.dim;
  const k = p.controlDim;
  const Rinv = inverse(p.R, k, "LqProblem.R");
  const Bt = transpose(p.B, d, k);
  const G = matmul(matmul(p.B, Rinv, d, k, k), Bt, d, k, d);
  const w = p.sigma.length / d;
  const sig2 = matmul(p.sigma, transpose(p.sigma, d, w), d, w, d);
  return {
    d,
    k,
    G,
    Rinv,
    Bt,
    At: transpose(p.A, d, d),
    SS: matmul(transpose(p.S, d, d), matmul(p.Qbar, p.S, d, d, d), d, d, d),
    sig2,
  };
}

function interp(grid: readonly Float64Array[], T: number, t: number): Float64Array {
  const n = grid.length - 1;
  const u = Math.min(Math.max(t / T, 0), 1) * n;
  const i = Math.min(Math.floor(u), n - 1);
  const f = u - i;
  const a = grid[i]!;
  const b = grid[i + 1]!;
  return a.map((v, j) => v + f * (b[j]! - v));
}

/**
 * The problem with `R, Q, Qbar, QT, QbarT` replaced by their symmetric parts. The costs only see those, but the
 * Riccati equations below are derived for symmetric matrices: fed `Q = [[0, 1], [0, 0]]` (the cost `x1 x2`) they
 * returned the solution of `Q = 0`.
 */
function symmetrised(p: LqProblem): LqProblem {
  const d = p.dim;
  return {
    ...p,
    R: symmetricPart(p.R, p.controlDim),
    Q: symmetricPart(p.Q, d),
    Qbar: symmetricPart(p.Qbar, d),
    QT: symmetricPart(p.QT, d),
    QbarT: symmetricPart(p.QbarT, d),
  };
}

/**
 * Throw when a backward Riccati solution (forward time order on `[0, T]`) or the mean path is not finite: the
 * Riccati equation blew up in finite time, so the problem has no solution on `[0, T]`.
 */
function checkFinite(
  where: string,
  what: string,
  path: readonly Float64Array[],
  T: number,
  backward: boolean,
): void {
  const n = path.length - 1;
  for (let k = 0; k <= n; k++) {
    const i = backward ? n - k : k;
    if (!path[i]!.every(Number.isFinite)) {
      throw new Error(
        `${where}: the ${what} is not finite at t = ${(i * T) / n} (it blows up in finite time ${
          backward ? "backwards from" : "before"
        } T = ${T}), so there is no solution on [0, T]; make Q, Qbar, QT, QbarT more convex (positive semi-definite) or shorten the horizon`,
      );
    }
  }
}

/** Throw unless `t` is in `[0, T]` and `x` (and `m`) are finite vectors of length `d`. */
function checkPoint(
  where: string,
  T: number,
  d: number,
  t: number,
  x?: ArrayLike<number>,
  m?: ArrayLike<number>,
) {
  if (typeof t !== "number" || !(t >= 0 && t <= T * (1 + 1e-12)))
    throw new Error(`${where}: t must be in [0, T=${T}], received ${t}`);
  for (const [name, v] of [
    ["x", x],
    ["m", m],
  ] as const) {
    if (v === undefined) continue;
    if (!v || v.length !== d)
      throw new Error(`${where}: ${name} must have length dim=${d}, received ${v?.length}`);
    for (let i = 0; i < d; i++)
      if (!Number.isFinite(v[i]!))
        throw new Error(`${where}: ${name}[${i}] must be finite, received ${v[i]}`);
  }
}

function checkSteps(options: LqSolveOptions, where: string): number {
  const steps = options.steps ?? 2000;
  if (!Number.isInteger(steps) || steps < 2 || steps % 2 !== 0)
    throw new Error(`${where}: steps must be an even integer >= 2, received ${steps}`);
  return steps;
}

/** Backward RK4 for a matrix ODE given as `dX/dt = f(t, X)`, returned on the grid in forward time order. */
function backward(
  f: (t: number, y: Float64Array) => Float64Array,
  yT: Float64Array,
  T: number,
  steps: number,
): Float64Array[] {
  return rk4(f, yT, T, 0, steps).reverse();
}

/** Forward mean ODE `m' = M(t) m` by RK4 with step 2h, reading `M` at the fine grid (even = nodes, odd = midpoints). */
function forwardMean(
  M: Float64Array[],
  m0: Float64Array,
  d: number,
  T: number,
  fine: number,
): Float64Array[] {
  const h = (2 * T) / fine;
  const out: Float64Array[] = [Float64Array.from(m0)];
  let m: Float64Array = Float64Array.from(m0);
  const mv = (A: Float64Array, v: Float64Array) => matmul(A, v, d, d, 1);
  for (let i = 0; i < fine; i += 2) {
    const k1 = mv(M[i]!, m);
    const k2 = mv(M[i + 1]!, add(m, scale(k1, h / 2)));
    const k3 = mv(M[i + 1]!, add(m, scale(k2, h / 2)));
    const k4 = mv(M[i + 2]!, add(m, scale(k3, h)));
    const mid = add(m, scale(k1, h / 4), scale(k2, h / 4)); // second-order midpoint value (only used for Simpson)
    m = add(m, scale(add(k1, scale(k2, 2), scale(k3, 2), k4), h / 6));
    out.push(mid, m);
  }
  return out;
}

function simpson(values: ArrayLike<number>, T: number): number {
  const n = values.length - 1;
  let s = values[0]! + values[n]!;
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * values[i]!;
  return (s * (T / n)) / 3;
}

/**
 * Solve an LQ mean-field game (Nash equilibrium). With `V(t,x) = x'Px/2 + s'x + r` and `s = Pi m`, the HJB
 * equation splits into the symmetric Riccati ODE `P' = -(PA + A'P) + PGP - (Q + Qbar)`, `P(T) = QT + QbarT`
 * (`G = B R^-1 B'`), the non-symmetric Riccati ODE of the mean-field coupling
 * `Pi' = -Pi(A + Abar - GP) - (A' - PG)Pi + Pi G Pi - P Abar + Qbar S`, `Pi(T) = -QbarT ST`, and the mean
 * `m' = (A + Abar - G(P + Pi)) m`; the control is `alpha = -R^-1 B'(P x + Pi m)` (Carmona & Delarue 2018,
 * vol. I, sec. 3.5). The Riccati ODEs are integrated backwards with fixed-step RK4 (local stand-in until
 * `@continuum/ode` exports its solvers); the cost `E[V(0, X_0)]` adds `r(0)` by Simpson's rule.
 *
 * @example
 * ```ts
 * const sol = solveLqMfg(systemicRiskAsLq({ a: 1, q: 0.8, eps: 2, c: 2, T: 1, sigma: 1 }, { mean: 0, variance: 0 }));
 * sol.P[0]![0]; // 0.36120026 = eta(0)
 * ```
 */
export function solveLqMfg(input: LqProblem, options: LqSolveOptions = {}): LqSolution {
  checkLqProblem(input);
  const steps = checkSteps(options, "solveLqMfg");
  const problem = symmetrised(input);
  const { d, G, Rinv, Bt, At, SS, sig2 } = pieces(problem);
  const { A, Abar, Q, Qbar, S, QT, QbarT, ST, horizon: T } = problem;
  const dd = d * d;
  const AAbar = add(A, Abar);
  const QbarS = matmul(Qbar, S, d, d, d);
  const rhs = (_t: number, y: Float64Array) => {
    const P = y.subarray(0, dd);
    const Pi = y.subarray(dd);
    const PG = matmul(P, G, d, d, d);
    const dP = add(
      scale(add(matmul(P, A, d, d, d), matmul(At, P, d, d, d)), -1),
      matmul(PG, P, d, d, d),
      scale(add(Q, Qbar), -1),
    );
    const closed = add(AAbar, scale(matmul(G, P, d, d, d), -1));
    const dPi = add(
      scale(matmul(Pi, closed, d, d, d), -1),
      scale(matmul(add(At, scale(PG, -1)), Pi, d, d, d), -1),
      matmul(matmul(Pi, G, d, d, d), Pi, d, d, d),
      scale(matmul(P, Abar, d, d, d), -1),
      QbarS,
    );
    const out = new Float64Array(2 * dd);
    out.set(dP, 0);
    out.set(dPi, dd);
    return out;
  };
  const yT = new Float64Array(2 * dd);
  yT.set(add(QT, QbarT), 0);
  yT.set(scale(matmul(QbarT, ST, d, d, d), -1), dd);
  const fine = 2 * steps;
  const Y = backward(rhs, yT, T, fine);
  checkFinite("solveLqMfg", "solution (P, Pi) of the Riccati equations", Y, T, true);
  const Ps = Y.map((y) => y.slice(0, dd));
  const Pis = Y.map((y) => y.slice(dd));
  const M = Ps.map((P, i) => add(AAbar, scale(matmul(G, add(P, Pis[i]!), d, d, d), -1)));
  const mean = forwardMean(M, problem.m0, d, T, fine);
  checkFinite("solveLqMfg", "mean path", mean, T, false);
  const integrand = Ps.map((P, i) => {
    const m = mean[i]!;
    const s = matmul(Pis[i]!, m, d, d, 1);
    return (
      dot(matmul(Abar, m, d, d, 1), s) -
      0.5 * dot(s, matmul(G, s, d, d, 1)) +
      0.5 * dot(m, matmul(SS, m, d, d, 1)) +
      0.5 * trace(matmul(sig2, P, d, d, d), d)
    );
  });
  const mT = mean[fine]!;
  const STQ = matmul(transpose(ST, d, d), matmul(QbarT, ST, d, d, d), d, d, d);
  const r0 = 0.5 * dot(mT, matmul(STQ, mT, d, d, 1)) + simpson(integrand, T);
  const m0 = problem.m0;
  const P0 = Ps[0]!;
  const cost =
    0.5 * trace(matmul(P0, problem.cov0, d, d, d), d) +
    0.5 * dot(m0, matmul(P0, m0, d, d, 1)) +
    dot(matmul(Pis[0]!, m0, d, d, 1), m0) +
    r0;
  const coarse = (arr: Float64Array[]) => arr.filter((_, i) => i % 2 === 0);
  const Pc = coarse(Ps);
  const Kc = coarse(Pis);
  const RB = matmul(Rinv, Bt, problem.controlDim, problem.controlDim, d);
  return {
    kind: "game",
    times: Float64Array.from({ length: steps + 1 }, (_, i) => (i * T) / steps),
    P: Pc,
    K: Kc,
    mean: coarse(mean),
    cost,
    control(t, x, m) {
      checkPoint("LqSolution.control", T, d, t, x, m);
      const v = add(
        matmul(interp(Pc, T, t), Float64Array.from(x), d, d, 1),
        matmul(interp(Kc, T, t), Float64Array.from(m), d, d, 1),
      );
      return scale(matmul(RB, v, problem.controlDim, d, 1), -1);
    },
    gains(t) {
      checkPoint("LqSolution.gains", T, d, t);
      const k = problem.controlDim;
      return {
        Kx: scale(matmul(RB, interp(Pc, T, t), k, d, d), -1),
        Km: scale(matmul(RB, interp(Kc, T, t), k, d, d), -1),
      };
    },
  };
}

/**
 * Solve the LQ mean-field *control* problem (social optimum): writing `X = m + Y`, the cost splits into the
 * fluctuation part (Riccati `P` as in the game, driven by `Q + Qbar`) and a deterministic control problem for the
 * mean, Riccati `Pm' = -(Pm(A+Abar) + (A+Abar)'Pm) + Pm G Pm - (Q + (I-S)'Qbar(I-S))`,
 * `Pm(T) = QT + (I-ST)'QbarT(I-ST)`; the control is `alpha = -R^-1 B'(P (x - m) + Pm m)` and the optimal cost
 * `m0'Pm(0)m0/2 + tr(P(0) cov0)/2 + ∫ tr(sigma sigma' P)/2 dt`.
 *
 * @example
 * ```ts
 * const poa = solveLqMfg(problem).cost / solveLqMfc(problem).cost; // price of anarchy >= 1
 * ```
 */
export function solveLqMfc(input: LqProblem, options: LqSolveOptions = {}): LqSolution {
  checkLqProblem(input);
  const steps = checkSteps(options, "solveLqMfc");
  const problem = symmetrised(input);
  const { d, G, Rinv, Bt, At, sig2 } = pieces(problem);
  const { A, Abar, Q, Qbar, S, QT, QbarT, ST, horizon: T } = problem;
  const dd = d * d;
  const I = identity(d);
  const AAbar = add(A, Abar);
  const AAbarT = transpose(AAbar, d, d);
  const IS = add(I, scale(S, -1));
  const ISt = add(I, scale(ST, -1));
  const Qm = add(Q, matmul(transpose(IS, d, d), matmul(Qbar, IS, d, d, d), d, d, d));
  const QmT = add(QT, matmul(transpose(ISt, d, d), matmul(QbarT, ISt, d, d, d), d, d, d));
  const ric = (X: Float64Array, F: Float64Array, Ft: Float64Array, W: Float64Array) =>
    add(
      scale(add(matmul(X, F, d, d, d), matmul(Ft, X, d, d, d)), -1),
      matmul(matmul(X, G, d, d, d), X, d, d, d),
      scale(W, -1),
    );
  const rhs = (_t: number, y: Float64Array) => {
    const out = new Float64Array(2 * dd);
    out.set(ric(y.subarray(0, dd), A, At, add(Q, Qbar)), 0);
    out.set(ric(y.subarray(dd), AAbar, AAbarT, Qm), dd);
    return out;
  };
  const yT = new Float64Array(2 * dd);
  yT.set(add(QT, QbarT), 0);
  yT.set(QmT, dd);
  const fine = 2 * steps;
  const Y = backward(rhs, yT, T, fine);
  checkFinite("solveLqMfc", "solution (P, Pm) of the Riccati equations", Y, T, true);
  const Ps = Y.map((y) => y.slice(0, dd));
  const Pms = Y.map((y) => y.slice(dd));
  const mean = forwardMean(
    Pms.map((Pm) => add(AAbar, scale(matmul(G, Pm, d, d, d), -1))),
    problem.m0,
    d,
    T,
    fine,
  );
  const m0 = problem.m0;
  const cost =
    0.5 * dot(m0, matmul(Pms[0]!, m0, d, d, 1)) +
    0.5 * trace(matmul(Ps[0]!, problem.cov0, d, d, d), d) +
    simpson(
      Ps.map((P) => 0.5 * trace(matmul(sig2, P, d, d, d), d)),
      T,
    );
  const coarse = (arr: Float64Array[]) => arr.filter((_, i) => i % 2 === 0);
  const Pc = coarse(Ps);
  const Kc = coarse(Pms);
  const RB = matmul(Rinv, Bt, problem.controlDim, problem.controlDim, d);
  return {
    kind: "control",
    times: Float64Array.from({ length: steps + 1 }, (_, i) => (i * T) / steps),
    P: Pc,
    K: Kc,
    mean: coarse(mean),
    cost,
    control(t, x, m) {
      checkPoint("LqSolution.control", T, d, t, x, m);
      const mm = Float64Array.from(m);
      const y = add(Float64Array.from(x), scale(mm, -1));
      const v = add(matmul(interp(Pc, T, t), y, d, d, 1), matmul(interp(Kc, T, t), mm, d, d, 1));
      return scale(matmul(RB, v, problem.controlDim, d, 1), -1);
    },
    gains(t) {
      checkPoint("LqSolution.gains", T, d, t);
      const k = problem.controlDim;
      const P = interp(Pc, T, t);
      return {
        Kx: scale(matmul(RB, P, k, d, d), -1),
        Km: scale(matmul(RB, add(interp(Kc, T, t), scale(P, -1)), k, d, d), -1),
      };
    },
  };
}

/**
 * Price of anarchy of an LQ problem: equilibrium cost over socially optimal cost (>= 1 when costs are positive).
 * @example
 * ```ts
 * priceOfAnarchy(systemicRiskAsLq(params, { mean: 0, variance: 0.25 })); // 1: for this model Nash = social optimum
 * ```
 */
export function priceOfAnarchy(
  problem: LqProblem,
  options: LqSolveOptions = {},
): { game: number; control: number; ratio: number } {
  const game = solveLqMfg(problem, options).cost;
  const control = solveLqMfc(problem, options).cost;
  return { game, control, ratio: game / control };
}
