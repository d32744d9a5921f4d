import type { FiniteMfg, Successors } from "../game.js";

/** Options of {@link linearQuadraticGame}. */
export interface LinearQuadraticGameOptions {
  /** Number of grid cells on `[-xMax, xMax]` (default 41). */
  readonly cells?: number;
  /** Number of time steps on `[0, T]` (default 10). */
  readonly horizon?: number;
  /** Final time (default 1). */
  readonly T?: number;
  /** Half-width of the grid (default 3). */
  readonly xMax?: number;
  /** Volatility of `dX = alpha dt + sigma dW` (default 0.5). */
  readonly sigma?: number;
  /** Weight of the running cost `kappa/2 (x - m_t)^2` (default 1). */
  readonly kappa?: number;
  /** Weight of the terminal cost `c/2 (x - m_T)^2` (default 1). */
  readonly c?: number;
  /** Speeds `alpha_j = maxSpeed * j / actionsPerSide`, `j = -actionsPerSide … actionsPerSide` (default 10). */
  readonly actionsPerSide?: number;
  /** Largest speed (default 4). */
  readonly maxSpeed?: number;
  /** Initial law `N(initialMean, initialStd^2)` restricted to the grid (defaults 0.2 and 0.5). */
  readonly initialMean?: number;
  readonly initialStd?: number;
}

/** The discretised LQ game plus its grid and the continuous closed form it approximates. */
export interface LinearQuadraticGame extends FiniteMfg {
  /** Cell centres `x_i`. */
  readonly grid: Float64Array;
  /** Speed of each action. */
  readonly speeds: Float64Array;
  /** Time step `T / horizon`. */
  readonly dt: number;
  /** Continuous equilibrium gain `p(t)`: `alpha = -p(t)(x - m)`, `p' = p^2 - kappa`, `p(T) = c` (closed form). */
  exactGain(t: number): number;
  /** Continuous equilibrium cost-to-go `p(t)(x - m)^2/2 + sigma^2/2 ∫_t^T p` (the game's value is its negative). */
  exactCost(t: number, x: number, m: number): number;
}

function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev fit), relative error < 1.2e-7 everywhere
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * A linear-quadratic mean-field game discretised as a finite game (after OpenSpiel's `mean_field_lin_quad`,
 * Perrin et al. 2020 sec. 4.1, but with a consistent Markov-chain approximation so that the discrete
 * equilibrium converges to the continuous one): states are cells of `[-xMax, xMax]`, actions are speeds
 * `alpha`, and a step moves `x` to a cell drawn from `N(x + alpha dt, sigma^2 dt)` integrated over cells (tails
 * lumped into the end cells). Reward `-(alpha^2/2 + kappa/2 (x - m_t)^2) dt`, terminal reward
 * `-c/2 (x - m_T)^2`, `m_t` the population mean. The continuous equilibrium is `alpha = -p(t)(x - m)` with
 * `p(t) = s (c + s tanh(s(T-t))) / (s + c tanh(s(T-t)))`, `s = sqrt(kappa)`; `exactGain`/`exactCost` return it
 * so the discrete equilibrium can be compared as the grid refines (error O(dt + h^2/dt + (speed step)^2)).
 *
 * @example
 * ```ts
 * const game = linearQuadraticGame({ cells: 81, horizon: 20, actionsPerSide: 20 });
 * // the mean field is the (conserved) mean, so one best response is the equilibrium (exploitability 5e-8)
 * const res = solve(game, { algorithm: "fixed-point", iterations: 2 });
 * // speed in the cell x = 1.05 at t = 0: -0.80, continuous -game.exactGain(0) * (1.05 - 0.2) = -0.85 (first order)
 * ```
 */
export function linearQuadraticGame(options: LinearQuadraticGameOptions = {}): LinearQuadraticGame {
  const where = "linearQuadraticGame";
  const N = options.cells ?? 41;
  const H = options.horizon ?? 10;
  const J = options.actionsPerSide ?? 10;
  for (const [k, v, lo] of [
    ["cells", N, 3],
    ["horizon", H, 1],
    ["actionsPerSide", J, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < lo)
      throw new Error(`${where}: ${k} must be an integer >= ${lo}, received ${v}`);
  }
  const num = (
    k: keyof LinearQuadraticGameOptions,
    def: number,
    ok: (v: number) => boolean,
    what: string,
  ) => {
    const v = (options[k] as number | undefined) ?? def;
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v))
      throw new Error(`${where}: ${k} must be ${what}, received ${String(v)}`);
    return v;
  };
  const T = num("T", 1, (v) => v > 0, "> 0");
  const xMax = num("xMax", 3, (v) => v > 0, "> 0");
  const sigma = num("sigma", 0.5, (v) => v > 0, "> 0");
  const kappa = num("kappa", 1, (v) => v >= 0, ">= 0");
  const c = num("c", 1, (v) => v >= 0, ">= 0");
  const maxSpeed = num("maxSpeed", 4, (v) => v > 0, "> 0");
  const m0 = num("initialMean", 0.2, () => true, "finite");
  const std0 = num("initialStd", 0.5, (v) => v > 0, "> 0");
  const dt = T / H;
  const h = (2 * xMax) / (N - 1);
  const grid = Float64Array.from({ length: N }, (_, i) => -xMax + i * h);
  const A = 2 * J + 1;
  const speeds = Float64Array.from({ length: A }, (_, j) => (maxSpeed * (j - J)) / J);
  const sd = sigma * Math.sqrt(dt);
  const table: Successors[] = [];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < A; j++) {
      const mean = grid[i]! + speeds[j]! * dt;
      // cells within 8 standard deviations, clamped to the grid: when the drift carries the whole law past an
      // end of the grid (small sigma, large speeds), the window is that end cell, which collects the tail
      const lo = Math.min(N - 1, Math.max(0, Math.floor((mean - 8 * sd + xMax) / h)));
      const hi = Math.max(lo, Math.min(N - 1, Math.ceil((mean + 8 * sd + xMax) / h)));
      const states: number[] = [];
      const probs: number[] = [];
      let prev = lo === 0 ? 0 : normalCdf((grid[lo]! - h / 2 - mean) / sd);
      let total = 0;
      for (let k = lo; k <= hi; k++) {
        const upper = k === N - 1 ? 1 : normalCdf((grid[k]! + h / 2 - mean) / sd);
        const p = Math.max(upper - prev, 0);
        prev = upper;
        if (p > 0) {
          states.push(k);
          probs.push(p);
          total += p;
        }
      }
      table.push({ states, probs: probs.map((p) => p / total) });
    }
  }
  const mu0 = grid.map((x) => Math.exp(-0.5 * ((x - m0) / std0) ** 2));
  const z = mu0.reduce((a, b) => a + b, 0);
  for (let i = 0; i < N; i++) mu0[i]! /= z;
  // the mean of each time slice, cached per mean-field array (algorithms never mutate a flow once built)
  const cache = new WeakMap<Float64Array, Float64Array>();
  const meanAt = (mu: Float64Array, t: number) => {
    let means = cache.get(mu);
    if (!means) {
      means = new Float64Array(H + 1);
      for (let k = 0; k <= H; k++) {
        let m = 0;
        for (let i = 0; i < N; i++) m += grid[i]! * mu[k * N + i]!;
        means[k] = m;
      }
      cache.set(mu, means);
    }
    return means[t]!;
  };
  const s = Math.sqrt(kappa);
  const gain = (t: number) => {
    const tau = Math.max(T - t, 0);
    if (s === 0) return c / (1 + c * tau);
    const th = Math.tanh(s * tau);
    return (s * (c + s * th)) / (s + c * th);
  };
  // ∫_t^T p: p = -d/dτ log(...)… use the antiderivative of the closed form: ∫ p dτ = log(s cosh(sτ) + c sinh(sτ)) - log s
  const integralGain = (t: number) => {
    const tau = Math.max(T - t, 0);
    if (s === 0) return Math.log(1 + c * tau);
    return Math.log(Math.cosh(s * tau) + (c / s) * Math.sinh(s * tau));
  };
  return {
    name: `linear-quadratic(${N} cells, horizon=${H})`,
    numStates: N,
    numActions: A,
    horizon: H,
    initialDistribution: mu0,
    grid,
    speeds,
    dt,
    successors: (_t, i, j) => table[i * A + j]!,
    reward(t, i, j, mu) {
      const a = speeds[j]!;
      const d = grid[i]! - meanAt(mu, t);
      return -(0.5 * a * a + 0.5 * kappa * d * d) * dt;
    },
    terminalReward(i, mu) {
      const d = grid[i]! - meanAt(mu, H);
      return -0.5 * c * d * d;
    },
    exactGain: gain,
    exactCost: (t, x, m) => 0.5 * gain(t) * (x - m) ** 2 + 0.5 * sigma * sigma * integralGain(t),
  };
}
