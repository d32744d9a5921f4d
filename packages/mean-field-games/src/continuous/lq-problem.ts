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
  /** k×k, symmetric positive definite */
  readonly R: Float64Array;
  /** d×d, symmetric */
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
  /** d×d */
  readonly cov0: Float64Array;
}

/**
 * Check every field's size and finiteness; throws naming the field, the expected and the received length.
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
  for (let i = 0; i < k; i++)
    if (!(p.R[i * k + i]! > 0))
      throw new Error(`LqProblem.R must be positive definite, received R[${i},${i}]=${p.R[i * k + i]}`);
}
