/** Options of {@link sinkhorn}. */
export interface SinkhornOptions {
  /** Entropic regularisation epsilon (> 0), in cost units. */
  epsilon: number;
  /** Source weights (default uniform). */
  a?: ArrayLike<number>;
  /** Target weights (default uniform). */
  b?: ArrayLike<number>;
  /** Maximum iterations (default 1000). */
  maxIterations?: number;
  /** Stop when the L1 marginal error is below this (default 1e-9). */
  tolerance?: number;
  /** Warm start: initial dual potentials (cost units, lengths n and m), e.g. from a larger epsilon. */
  init?: { f: ArrayLike<number>; g: ArrayLike<number> };
}

/** Result of {@link sinkhorn}. */
export interface SinkhornResult {
  /** Row-major `n x m` transport plan. */
  plan: Float64Array;
  /** Dual potentials. */
  f: Float64Array;
  g: Float64Array;
  /** `<P, C>` (transport cost of the plan, without the entropy term). */
  cost: number;
  iterations: number;
  marginalError: number;
  status: "converged" | "max-iterations";
  message: string;
}

function lse(v: Float64Array, len: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < len; i++) if (v[i]! > m) m = v[i]!;
  if (m === Number.NEGATIVE_INFINITY) return m;
  let s = 0;
  for (let i = 0; i < len; i++) s += Math.exp(v[i]! - m);
  return m + Math.log(s);
}

/**
 * Log-domain Sinkhorn for entropic optimal transport `min <P,C> + eps KL(P | a b^T)` (Cuturi 2013; stable
 * log-sum-exp updates of the potentials as in Peyré & Cuturi 2019, Sec. 4.4). Works for any epsilon without
 * underflow. Float64.
 * @example
 * ```ts
 * const r = sinkhorn([[0, 1], [1, 0]], { epsilon: 0.01 });
 * r.plan; // ≈ [0.5, 0, 0, 0.5]
 * ```
 */
export function sinkhorn(cost: ArrayLike<ArrayLike<number>>, options: SinkhornOptions): SinkhornResult {
  const n = cost.length;
  const m = n > 0 ? cost[0]!.length : 0;
  if (n === 0 || m === 0) throw new Error("sinkhorn: cost must be a non-empty matrix");
  const eps = options.epsilon;
  if (!(eps > 0 && Number.isFinite(eps)))
    throw new Error(`sinkhorn: options.epsilon must be > 0, received ${eps}`);
  const a = options.a ? Float64Array.from(options.a) : new Float64Array(n).fill(1 / n);
  const b = options.b ? Float64Array.from(options.b) : new Float64Array(m).fill(1 / m);
  if (a.length !== n || b.length !== m)
    throw new Error(
      `sinkhorn: weights must have lengths ${n} and ${m}, received ${a.length} and ${b.length}`,
    );
  const C = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    if (cost[i]!.length !== m)
      throw new Error(`sinkhorn: row ${i} of cost has ${cost[i]!.length} entries, expected ${m}`);
    for (let j = 0; j < m; j++) {
      const c = cost[i]![j]!;
      // +Infinity forbids a pair; NaN (or -Infinity) made the whole plan NaN.
      if (Number.isNaN(c) || c === Number.NEGATIVE_INFINITY)
        throw new Error(`sinkhorn: cost[${i}][${j}] must be a number or +Infinity, received ${c}`);
      C[i * m + j] = c;
    }
  }
  const la = a.map(Math.log);
  const lb = b.map(Math.log);
  const f = new Float64Array(n);
  const g = new Float64Array(m);
  if (options.init) {
    const { f: f0, g: g0 } = options.init;
    if (f0.length !== n || g0.length !== m)
      throw new Error(
        `sinkhorn: options.init potentials must have lengths ${n} and ${m}, received ${f0.length} and ${g0.length}`,
      );
    f.set(f0);
    g.set(g0);
  }
  const maxIt = options.maxIterations ?? 1000;
  const tol = options.tolerance ?? 1e-9;
  const rowBuf = new Float64Array(Math.max(n, m));
  let it = 0;
  let err = Number.POSITIVE_INFINITY;
  while (it < maxIt) {
    it++;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) rowBuf[j] = (g[j]! - C[i * m + j]!) / eps + lb[j]!;
      f[i] = -eps * lse(rowBuf, m);
    }
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < n; i++) rowBuf[i] = (f[i]! - C[i * m + j]!) / eps + la[i]!;
      g[j] = -eps * lse(rowBuf, n);
    }
    // After the g-update the column marginals are exact; measure the row marginals.
    if (it % 5 === 0 || it === maxIt) {
      err = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += Math.exp((f[i]! + g[j]! - C[i * m + j]!) / eps + la[i]! + lb[j]!);
        err += Math.abs(s - a[i]!);
      }
      if (err < tol) break;
    }
  }
  const plan = new Float64Array(n * m);
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const p = Math.exp((f[i]! + g[j]! - C[i * m + j]!) / eps + la[i]! + lb[j]!);
      plan[i * m + j] = p;
      total += p * C[i * m + j]!;
    }
  const converged = err < tol;
  return {
    plan,
    f,
    g,
    cost: total,
    iterations: it,
    marginalError: err,
    status: converged ? "converged" : "max-iterations",
    message: converged
      ? `sinkhorn: converged in ${it} iterations (marginal error ${err.toExponential(2)})`
      : `sinkhorn: marginal error ${err.toExponential(2)} after ${it} iterations; increase maxIterations or epsilon`,
  };
}
