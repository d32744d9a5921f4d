import type { LqProblem } from "./lq-problem.js";

/** Parameters of the Carmona–Fouque–Sun systemic-risk model. */
export interface SystemicRiskParams {
  /** Mean-reversion rate of lending/borrowing `a >= 0`. */
  readonly a: number;
  /** Incentive to borrow/lend `q >= 0`; `q^2 <= eps` is required. */
  readonly q: number;
  /** Running penalty on the distance to the mean `eps > 0`. */
  readonly eps: number;
  /** Terminal penalty `c >= 0`. */
  readonly c: number;
  /** Horizon `T > 0`. */
  readonly T: number;
  /** Volatility `sigma > 0`. */
  readonly sigma: number;
}

function check(p: SystemicRiskParams, where: string): void {
  for (const k of ["a", "q", "eps", "c", "T", "sigma"] as const) {
    if (typeof p?.[k] !== "number" || !Number.isFinite(p[k]))
      throw new Error(`${where}: ${k} must be a finite number, received ${String(p?.[k])}`);
  }
  if (p.T <= 0) throw new Error(`${where}: T must be > 0, received ${p.T}`);
  if (p.sigma <= 0) throw new Error(`${where}: sigma must be > 0, received ${p.sigma}`);
  if (p.c < 0) throw new Error(`${where}: c (terminal penalty) must be >= 0, received ${p.c}`);
  if (p.q * p.q > p.eps)
    throw new Error(`${where}: need q^2 <= eps for a convex running cost, received q=${p.q}, eps=${p.eps}`);
}

/**
 * Closed-form Riccati coefficient `eta(t)` of the systemic-risk MFG (Carmona, Fouque & Sun 2015, "Mean field games
 * and systemic risk", Commun. Math. Sci. 13(4)). Model: `dX = [a (m - X) + alpha] dt + sigma dW`, running cost
 * `alpha^2/2 - q alpha (m - X) + (eps/2)(m - X)^2`, terminal `(c/2)(m - X)^2`.
 *
 * Derivation: try `V(t, x) = eta(t)/2 (m - x)^2 + mu(t)` in the HJB equation. Minimising the Hamiltonian over
 * `alpha` gives `alpha = -dV/dx + q (m - x) = (q + eta)(m - x)`, whose mean is zero, so `m` stays at `E[X_0]`.
 * Collecting the `(m - x)^2` terms leaves the scalar Riccati ODE
 * `eta' = 2 (a + q) eta + eta^2 - (eps - q^2)`, `eta(T) = c`, solved exactly with
 * `delta± = -(a + q) ± sqrt((a + q)^2 + eps - q^2)`:
 * `eta(t) = [-(eps - q^2)(e^{(δ+ - δ-)(T-t)} - 1) - c (δ+ e^{(δ+ - δ-)(T-t)} - δ-)] /
 *           [(δ- e^{(δ+ - δ-)(T-t)} - δ+) - c (e^{(δ+ - δ-)(T-t)} - 1)]`.
 *
 * @example
 * ```ts
 * systemicRiskEta({ a: 1, q: 0.8, eps: 2, c: 2, T: 1, sigma: 1 }, 0); // 0.36120026…
 * ```
 */
export function systemicRiskEta(p: SystemicRiskParams, t: number): number {
  check(p, "systemicRiskEta");
  if (!(t >= 0 && t <= p.T)) throw new Error(`systemicRiskEta: t must be in [0, T=${p.T}], received ${t}`);
  // Same solution, evaluated stably: w = eta + (a + q) solves dw/dtau = r^2 - w^2 in tau = T - t with
  // r = sqrt((a + q)^2 + eps - q^2), so w = (w0 + r^2 th)/(1 + w0 th), th = tanh(r tau)/r (-> tau as r -> 0).
  // The exponential form above is 0/0 when r = 0 (a + q = 0, eps = q^2) and loses digits as r -> 0.
  const beta = p.a + p.q;
  const r = Math.sqrt(beta * beta + p.eps - p.q * p.q);
  const tau = p.T - t;
  const th = r * tau < 1e-8 ? tau : Math.tanh(r * tau) / r;
  const w0 = p.c + beta;
  return (w0 + r * r * th) / (1 + w0 * th) - beta;
}

/**
 * Equilibrium cost of a bank starting at `x0` when the population mean is `m`:
 * `V(0, x0) = eta(0)/2 (m - x0)^2 + (sigma^2/2) ∫_0^T eta(s) ds` (the second term from the Itô correction; computed
 * with composite Simpson on 2000 intervals, error < 1e-12 for smooth eta).
 *
 * @example
 * ```ts
 * systemicRiskValue({ a: 1, q: 0.8, eps: 2, c: 2, T: 1, sigma: 1 }, 0, 0); // expected cost of a bank at the mean
 * ```
 */
export function systemicRiskValue(p: SystemicRiskParams, x0: number, m: number): number {
  check(p, "systemicRiskValue");
  for (const [name, v] of [
    ["x0", x0],
    ["m", m],
  ] as const)
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new Error(`systemicRiskValue: ${name} must be a finite number, received ${String(v)}`);
  const n = 2000;
  const h = p.T / n;
  let integral = systemicRiskEta(p, 0) + systemicRiskEta(p, p.T);
  for (let i = 1; i < n; i++) integral += (i % 2 ? 4 : 2) * systemicRiskEta(p, i * h);
  integral *= h / 3;
  return (systemicRiskEta(p, 0) / 2) * (m - x0) ** 2 + (p.sigma ** 2 / 2) * integral;
}

/**
 * The systemic-risk model as a general LQ MFG, after the change of control `alpha = beta + q (m - X)` that
 * removes the cross term: `dX = [(a + q)(m - X) + beta] dt + sigma dW`, cost `beta^2/2 + (eps - q^2)/2 (X - m)^2`,
 * terminal `c/2 (X - m)^2`. The optimal `alpha` is then `beta* + q (m - X)`.
 *
 * @example
 * ```ts
 * const sol = solveLqMfg(systemicRiskAsLq(params, { mean: 0, variance: 0.25 }));
 * sol.P[0][0]; // = systemicRiskEta(params, 0)
 * ```
 */
export function systemicRiskAsLq(
  p: SystemicRiskParams,
  initial: { mean: number; variance: number },
): LqProblem {
  check(p, "systemicRiskAsLq");
  if (!Number.isFinite(initial?.mean) || !(initial.variance >= 0) || !Number.isFinite(initial.variance))
    throw new Error(
      `systemicRiskAsLq: initial must be { mean, variance } with a finite mean and a variance >= 0, received mean ${initial?.mean}, variance ${initial?.variance}`,
    );
  const f = (v: number) => Float64Array.of(v);
  return {
    dim: 1,
    controlDim: 1,
    horizon: p.T,
    A: f(-(p.a + p.q)),
    Abar: f(p.a + p.q),
    B: f(1),
    R: f(1),
    Q: f(0),
    Qbar: f(p.eps - p.q * p.q),
    S: f(1),
    QT: f(0),
    QbarT: f(p.c),
    ST: f(1),
    sigma: f(p.sigma),
    m0: f(initial.mean),
    cov0: f(initial.variance),
  };
}
