import { matmul } from "../internal/dense.js";
import { seededNormal } from "../internal/rng.js";
import type { LqSolution } from "./lq-mfg.js";
import { checkLqProblem, type LqProblem } from "./lq-problem.js";

/** Options of {@link lqMonteCarloCost}. */
export interface LqMonteCarloOptions {
  readonly particles?: number;
  readonly steps?: number;
  readonly seed?: number;
}

/**
 * Monte Carlo cost of the controlled N-particle system: `particles` players start from `N(m0, diag cov0)`
 * (diagonal covariances only), each uses the solution's feedback `alpha = Kx(t) X_i + Km(t) mbar` with the
 * *empirical* mean `mbar`, and the SDE is stepped with Euler–Maruyama. Returns the average cost per player and
 * its standard error (from the spread of individual costs). Bias: O(dt) from Euler plus O(1/N) from the
 * empirical mean. `solution` must solve `problem` (same horizon, dimensions), `seed` is an integer (default 1).
 *
 * @example
 * ```ts
 * const mc = lqMonteCarloCost(problem, solveLqMfg(problem), { particles: 20000, steps: 400 });
 * Math.abs(mc.mean - solveLqMfg(problem).cost) < 3 * mc.standardError; // true
 * ```
 */
export function lqMonteCarloCost(
  problem: LqProblem,
  solution: LqSolution,
  options: LqMonteCarloOptions = {},
): { mean: number; standardError: number } {
  checkLqProblem(problem);
  const N = options.particles ?? 10000;
  const steps = options.steps ?? 400;
  if (!Number.isInteger(N) || N < 2)
    throw new Error(`lqMonteCarloCost: particles must be an integer >= 2, received ${N}`);
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`lqMonteCarloCost: steps must be a positive integer, received ${steps}`);
  const { dim: d, controlDim: k, horizon: T } = problem;
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed))
    throw new Error(`lqMonteCarloCost: seed must be an integer, received ${seed}`);
  // the feedback must be a solution of this problem: same horizon and sizes (a solution on a longer horizon was
  // silently used on [0, T] of the shorter one)
  const solT = solution?.times?.[solution.times.length - 1];
  if (solT === undefined || Math.abs(solT - T) > 1e-12 * T)
    throw new Error(`lqMonteCarloCost: solution is for horizon ${solT}, the problem's horizon is ${T}`);
  const g0 = solution.gains(0);
  if (g0.Kx.length !== k * d || g0.Km.length !== k * d)
    throw new Error(
      `lqMonteCarloCost: solution gains are ${g0.Kx.length} entries, expected controlDim*dim=${k * d} (solution of another problem)`,
    );
  const w = problem.sigma.length / d;
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++)
      if (i !== j && problem.cov0[i * d + j] !== 0)
        throw new Error("lqMonteCarloCost: cov0 must be diagonal");
  const normal = seededNormal(seed);
  const X = new Float64Array(N * d);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < d; i++)
      X[n * d + i] = problem.m0[i]! + Math.sqrt(problem.cov0[i * d + i]!) * normal();
  const cost = new Float64Array(N);
  const dt = T / steps;
  const sq = Math.sqrt(dt);
  const { A, B, R, Q, Qbar, sigma } = problem;
  const a = new Float64Array(k);
  const dev = new Float64Array(d);
  const z = new Float64Array(w);
  const quad = (M: Float64Array, v: Float64Array, n: number, o = 0) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += M[i * n + j]! * v[o + j]!;
      s += v[o + i]! * r;
    }
    return s;
  };
  const empiricalMean = () => {
    const m = new Float64Array(d);
    for (let n = 0; n < N; n++) for (let i = 0; i < d; i++) m[i] += X[n * d + i]! / N;
    return m;
  };
  const xNew = new Float64Array(d);
  for (let step = 0; step < steps; step++) {
    const t = step * dt;
    const m = empiricalMean();
    const Sm = matmul(problem.S, m, d, d, 1);
    const Abm = matmul(problem.Abar, m, d, d, 1);
    const { Kx, Km } = solution.gains(t);
    const Kmm = matmul(Km, m, k, d, 1);
    for (let n = 0; n < N; n++) {
      const o = n * d;
      for (let c = 0; c < k; c++) {
        let v = Kmm[c]!;
        for (let j = 0; j < d; j++) v += Kx[c * d + j]! * X[o + j]!;
        a[c] = v;
      }
      for (let i = 0; i < d; i++) dev[i] = X[o + i]! - Sm[i]!;
      cost[n] += 0.5 * (quad(Q, X, d, o) + quad(Qbar, dev, d) + quad(R, a, k)) * dt;
      for (let j = 0; j < w; j++) z[j] = normal() * sq;
      for (let i = 0; i < d; i++) {
        let drift = Abm[i]!;
        for (let j = 0; j < d; j++) drift += A[i * d + j]! * X[o + j]!;
        for (let c = 0; c < k; c++) drift += B[i * k + c]! * a[c]!;
        let noise = 0;
        for (let j = 0; j < w; j++) noise += sigma[i * w + j]! * z[j]!;
        xNew[i] = X[o + i]! + drift * dt + noise;
      }
      for (let i = 0; i < d; i++) X[o + i] = xNew[i]!;
    }
  }
  const mT = empiricalMean();
  const STm = matmul(problem.ST, mT, d, d, 1);
  let sum = 0;
  let sum2 = 0;
  for (let n = 0; n < N; n++) {
    const x = X.subarray(n * d, n * d + d);
    for (let i = 0; i < d; i++) dev[i] = x[i]! - STm[i]!;
    cost[n] += 0.5 * (quad(problem.QT, x, d) + quad(problem.QbarT, dev, d));
    sum += cost[n]!;
    sum2 += cost[n]! ** 2;
  }
  const mean = sum / N;
  return { mean, standardError: Math.sqrt((sum2 / N - mean * mean) / (N - 1)) };
}
