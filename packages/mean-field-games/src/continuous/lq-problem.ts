import { symmetricPart } from "../internal/dense.js";

/**
 * A linear-quadratic mean-field game/control problem in `R^d` (Bensoussan, Frehse & Yam 2013; Carmona & Delarue
 * 2018, vol. I, sec. 3.5), all matrices row-major `Float64Array`s:
 * `dX = (A X + Abar m + B alpha) dt + sigma dW`, `m = E[X]`,
 * running cost `1/2 [X'QX + (X - S m)' Qbar (X - S m) + alpha' R alpha]`,
 * terminal cost `1/2 [X'QT X + (X - ST m)' QbarT (X - ST m)]`, `X_0` with mean `m0` and covariance `cov0`.
 *
 * @example
 * ```ts
 * const f = (v: number) => Float64Array.of(v);
 * const problem: LqProblem = { dim: 1, controlDim: 1, horizon: 1, A: f(0), Abar: f(0), B: f(1), R: f(1), Q: f(0),
 *   Qbar: f(2), S: f(0.5), QT: f(0), QbarT: f(2), ST: f(0.5), sigma: f(0.5), m0: f(1), cov0: f(0.1) };
 * priceOfAnarchy(problem).ratio; // > 1
 * ```
 */
export interface LqProblem {
  readonly dim: number;
  readonly controlDim: number;
  readonly horizon: number;
  /** d×d */
  readonly A: Float64Array;
  /** d×d */
  readonly Abar: Float64Array;
  /** d×k */
  readonly B: Float64Array;
  /** k×k, positive definite (only the symmetric part `(R + R')/2` enters the cost; it must be positive definite) */
  readonly R: Float64Array;
  /** d×d; the cost matrices Q, Qbar, QT, QbarT enter only through their symmetric parts (non-symmetric input is symmetrised) */
  readonly Q: Float64Array;
  readonly Qbar: Float64Array;
  readonly S: Float64Array;
  readonly QT: Float64Array;
  readonly QbarT: Float64Array;
  readonly ST: Float64Array;
  /** d×w noise loading (w = sigma.length / d) */
  readonly sigma: Float64Array;
  /** d */
  readonly m0: Float64Array;
  /** d×d, symmetric positive semi-definite */
  readonly cov0: Float64Array;
}

/**
 * Check every field's size and finiteness, that the symmetric part of `R` is positive definite and that `cov0` is
 * symmetric positive semi-definite; throws naming the field, the expected and the received value.
 * @example
 * ```ts
 * checkLqProblem({ ...problem, A: new Float64Array(3) }); // throws "LqProblem.A must have length d*d=4, received 3"
 * ```
 */
export function checkLqProblem(p: LqProblem): void {
  const d = p?.dim;
  const k = p?.controlDim;
  if (!Number.isInteger(d) || d < 1)
    throw new Error(`LqProblem.dim must be a positive integer, received ${String(d)}`);
  if (!Number.isInteger(k) || k < 1)
    throw new Error(`LqProblem.controlDim must be a positive integer, received ${String(k)}`);
  if (!(p.horizon > 0) || !Number.isFinite(p.horizon))
    throw new Error(`LqProblem.horizon must be > 0, received ${p.horizon}`);
  const sizes: [keyof LqProblem, number][] = [
    ["A", d * d],
    ["Abar", d * d],
    ["B", d * k],
    ["R", k * k],
    ["Q", d * d],
    ["Qbar", d * d],
    ["S", d * d],
    ["QT", d * d],
    ["QbarT", d * d],
    ["ST", d * d],
    ["m0", d],
    ["cov0", d * d],
  ];
  for (const [key, n] of sizes) {
    const v = p[key] as Float64Array;
    if (!v || v.length !== n)
      throw new Error(`LqProblem.${key} must have length ${n}, received ${v?.length}`);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(v[i]!)) throw new Error(`LqProblem.${key}[${i}] is not finite (${v[i]})`);
  }
  if (!p.sigma || p.sigma.length % d !== 0 || p.sigma.length === 0) {
    throw new Error(
      `LqProblem.sigma must have length d*w for some w >= 1 (d=${d}), received ${p.sigma?.length}`,
    );
  }
  for (let i = 0; i < p.sigma.length; i++)
    if (!Number.isFinite(p.sigma[i]!)) throw new Error(`LqProblem.sigma[${i}] is not finite (${p.sigma[i]})`);
  // only the symmetric part of R enters the cost alpha'R alpha; it must be positive definite
  const pivotR = failedCholeskyPivot(symmetricPart(p.R, k), k, 0);
  if (pivotR >= 0)
    throw new Error(
      `LqProblem.R must be positive definite (its symmetric part), received R = [${Array.from(p.R)}] (Cholesky pivot ${pivotR} is not positive)`,
    );
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) {
      const a = p.cov0[i * d + j]!;
      const b = p.cov0[j * d + i]!;
      if (Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))
        throw new Error(
          `LqProblem.cov0 must be symmetric, received cov0[${i},${j}]=${a} but cov0[${j},${i}]=${b}`,
        );
    }
  // positive semi-definite up to round-off: cov0 + 1e-12 max|cov0| I must admit a Cholesky factor
  let big = 0;
  for (const v of p.cov0) big = Math.max(big, Math.abs(v));
  const pivotC = failedCholeskyPivot(p.cov0, d, 1e-12 * Math.max(big, 1e-300));
  if (pivotC >= 0)
    throw new Error(
      `LqProblem.cov0 must be a covariance (positive semi-definite), received cov0 = [${Array.from(p.cov0)}] (Cholesky pivot ${pivotC} is negative)`,
    );
}

/** Index of the first non-positive pivot of the Cholesky factorisation of the symmetric `m + shift I`, or -1. */
function failedCholeskyPivot(m: Float64Array, n: number, shift: number): number {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diag = m[j * n + j]! + shift;
    for (let p = 0; p < j; p++) diag -= l[j * n + p]! ** 2;
    if (!(diag > 0)) return j;
    const ljj = Math.sqrt(diag);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = m[i * n + j]!;
      for (let p = 0; p < j; p++) v -= l[i * n + p]! * l[j * n + p]!;
      l[i * n + j] = v / ljj;
    }
  }
  return -1;
}
