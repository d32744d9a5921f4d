import {
  type DenseParams,
  mlp,
  type MlpParams,
  type Module,
  prng,
  tf,
  treeDispose,
  valueAndGrad,
} from "@continuum/core-tensor";
import {
  adam,
  applyUpdates,
  cosineDecaySchedule,
  disposeState,
  type GradientTransformation,
} from "@continuum/optim";
import { solveLqMfg } from "../continuous/lq-mfg.js";

/** The isotropic LQ mean-field game in `R^dim` solved by {@link trainNeuralLqMfg}. */
export interface NeuralLqProblem {
  /** State dimension (e.g. 10 or 50). */
  readonly dim: number;
  /** `dX = alpha dt + sigma dW` */
  readonly sigma: number;
  /** Running cost `|alpha|^2/2 + qbar/2 |X - m|^2`. */
  readonly qbar: number;
  /** Terminal cost `c/2 |X_T - m_T|^2`. */
  readonly c: number;
  readonly horizon: number;
  /** `X_0 ~ N(0, initialStd^2 I)`. */
  readonly initialStd: number;
}

/** Training settings of {@link trainNeuralLqMfg}. */
export interface NeuralLqOptions {
  /** Euler–Maruyama steps in the simulated Lagrangian (default 20; the equilibrium of the discretised game differs from the continuous one by O(1/timeSteps), about 2.4% at 20 and 1% at 50 for `c = 2`). */
  readonly timeSteps?: number;
  /** Particles per batch (default 256). */
  readonly particles?: number;
  /** Hidden widths of the policy MLP (default [64, 64]). */
  readonly hidden?: number[];
  /**
   * Linear shortcut added to the MLP output (default `"time-varying"`):
   * - `"none"`: the plain MLP of `[t, x - m]`;
   * - `"static"`: `W [t, x - m] + b`;
   * - `"time-varying"`: `W(t)(x - m) + b(t)` with `W(t)` piecewise linear in `t` between `shortcutKnots` knots.
   *
   * A tanh MLP fed `[t, x - m]` must build every product `t · x_i` from its hidden units; with 64 units and 50
   * inputs it learns a nearly time-independent gain (the 20–30% errors of the plain MLP were mostly that: the
   * exact gain p(t) goes from 1.09 to 2 on [0, 1]). The time-varying linear term represents time-dependent
   * linear feedback directly; the MLP learns the nonlinear remainder.
   */
  readonly linearShortcut?: "none" | "static" | "time-varying";
  /** Knots of the piecewise-linear `W(t)` on `[0, horizon]` (default 8). */
  readonly shortcutKnots?: number;
  /** Training iterations (default 300). */
  readonly iterations?: number;
  /**
   * Initial step size of the default Adam, decayed by a cosine schedule to 1% over `iterations` (default 3e-2).
   * Adam moves each weight by at most about the step size per iteration, so the total travel is about
   * `learningRate * iterations / 2`; the feedback gains must travel to `-p(t)` (here up to 2).
   */
  readonly learningRate?: number;
  /**
   * Any optax-style `GradientTransformation` from `@continuum/optim` (e.g. `adamw(1e-3)`); it carries its own
   * learning rate, so `learningRate` is then not used. Default: `adam(cosineDecaySchedule(learningRate))`.
   */
  readonly optimizer?: GradientTransformation;
  readonly seed?: number;
  /** Called with (iteration, loss) after each step. */
  readonly callback?: (iteration: number, loss: number) => void;
}

/** Settings of {@link NeuralLqResult.valueError} (Monte Carlo value of the learned policy at probe points). */
export interface NeuralLqValueOptions {
  /** Probe points per start time, drawn from the exact equilibrium law (default 64). */
  readonly probes?: number;
  /** Simulated players per probe point (default 64). */
  readonly replicas?: number;
  /** Particles simulating the population's mean (default 1024). */
  readonly populationParticles?: number;
}

/** Result of {@link trainNeuralLqMfg}; call `dispose()` to free the network weights. */
export interface NeuralLqResult {
  /** `"diverged"` when the loss stopped being finite (training stops there); `message` then gives a hint. */
  readonly status: "ok" | "diverged";
  readonly message: string;
  /** Loss (Monte Carlo cost per player) at every iteration. */
  readonly losses: number[];
  /**
   * The trained policy `alpha(t, x - m)`; input `[N, 1 + dim]` = `[t, x - m]`, output `[N, dim]`. `applyAt` is
   * the same map at one time `t` for `[N, dim]` deviations (the form used in training).
   */
  readonly policy: Module<MlpParams> & {
    applyAt(params: MlpParams, t: number, y: tf.Tensor): tf.Tensor;
  };
  /**
   * Relative L2 error of the learned control against the Riccati feedback `-p(t)(x - m)`, integrated over the
   * equilibrium: fresh samples `x - m ~ N(0, v(t) I)` (the exact equilibrium law, `v' = -2 p v + sigma^2`) at
   * the `timeSteps` decision times.
   */
  controlError(samples?: number): number;
  /**
   * Relative L2 error of the value of the learned policy against the exact value
   * `V(t, x) = p(t)|x - m|^2/2 + (sigma^2 dim/2) ∫_t^T p`, at probe points drawn from the exact equilibrium law
   * at `t = 0, T/4, T/2, 3T/4`. The value of the policy at a probe is the Monte Carlo mean of the cost-to-go of
   * `replicas` players started there (population mean from a simulated population), with the exact martingale
   * `sum_k ∇V(t_k, X_k) · sigma ΔW_k` (mean zero for any policy) subtracted as a control variate.
   */
  valueError(options?: NeuralLqValueOptions): number;
  /** Exact equilibrium cost per player from the Riccati solution. */
  readonly riccatiCost: number;
  /** Exact feedback gain `p(t)` (interpolated from the Riccati solution); `t` must be in `[0, horizon]`. */
  gain(t: number): number;
  dispose(): void;
}

interface PolicyParams extends MlpParams {
  skip: DenseParams[];
}

interface PolicyModule extends Module<PolicyParams> {
  /** The policy at one time `t` for all rows of `y = x - m` (`[N, d]`); same values as `apply` on `[t, y]`. */
  applyAt(params: PolicyParams, t: number, y: tf.Tensor): tf.Tensor;
}

function zerosVariable(shape: number[]): tf.Variable {
  const z = tf.zeros(shape);
  const v = tf.variable(z, true);
  z.dispose();
  return v;
}

function policyNetwork(
  d: number,
  hidden: number[],
  shortcut: "none" | "static" | "time-varying",
  knots: number,
  horizon: number,
  seed: number,
): PolicyModule {
  const net = mlp({ inputs: d + 1, hidden, outputs: d, activation: "tanh", seed });
  if (shortcut !== "none") {
    // zero the MLP's output layer: the policy starts as the (zero) linear feedback instead of a random nonlinear
    // function the optimiser would first have to unlearn (as zero-initialised residual branches)
    const last = net.params.layers.at(-1)!;
    const z = tf.zerosLike(last.w);
    last.w.assign(z);
    z.dispose();
  }
  const skip: DenseParams[] = [];
  if (shortcut === "static") skip.push({ w: zerosVariable([d + 1, d]), b: zerosVariable([d]) });
  // time-varying: w is [d, knots*d] (one d×d block per knot), b is [knots, d]
  if (shortcut === "time-varying")
    skip.push({ w: zerosVariable([d, knots * d]), b: zerosVariable([knots, d]) });
  const hat = (t: tf.Tensor) =>
    // hat functions of t on `knots` equally spaced knots of [0, horizon]: [N, knots], rows sum to 1
    tf.relu(
      tf.sub(
        1,
        tf.abs(
          tf.sub(tf.mul(t, (knots - 1) / horizon), tf.range(0, knots, 1, "float32").reshape([1, knots])),
        ),
      ),
    );
  return {
    params: { layers: net.params.layers, skip },
    apply(params, x) {
      return tf.tidy(() => {
        const out = net.apply({ layers: params.layers }, x);
        const s = params.skip[0];
        if (!s) return out;
        if (shortcut === "static") return tf.add(out, tf.add(tf.matMul(x, s.w), s.b));
        const n = x.shape[0]!;
        const t = x.slice([0, 0], [n, 1]);
        const y = x.slice([0, 1], [n, d]);
        const phi = hat(t); // [N, K]
        const yw = tf.matMul(y, s.w).reshape([n, knots, d]); // y W_k for every knot
        const lin = tf.sum(tf.mul(yw, phi.reshape([n, knots, 1])), 1);
        return tf.add(out, tf.add(lin, tf.matMul(phi, s.b)));
      });
    },
    applyAt(params, t, y) {
      return tf.tidy(() => {
        const n = y.shape[0]!;
        const out = net.apply({ layers: params.layers }, tf.concat([tf.fill([n, 1], t), y], 1));
        const s = params.skip[0];
        if (!s) return out;
        if (shortcut === "static")
          return tf.add(
            out,
            tf.add(
              tf.add(tf.matMul(y, s.w.slice([1, 0], [d, d])), tf.mul(t, s.w.slice([0, 0], [1, d]))),
              s.b,
            ),
          );
        // only the two knots around t carry weight: W(t) = (1 - f) W_k + f W_{k+1}
        const u = Math.min(Math.max((t * (knots - 1)) / horizon, 0), knots - 1);
        const k = Math.min(Math.floor(u), knots - 2);
        const f = u - k;
        const W = tf.add(
          tf.mul(1 - f, s.w.slice([0, k * d], [d, d])),
          tf.mul(f, s.w.slice([0, (k + 1) * d], [d, d])),
        );
        const b = tf.add(tf.mul(1 - f, s.b.slice([k, 0], [1, d])), tf.mul(f, s.b.slice([k + 1, 0], [1, d])));
        return tf.add(out, tf.add(tf.matMul(y, W), b));
      });
    },
  };
}

function lossFn(problem: NeuralLqProblem, net: PolicyModule, K: number, N: number, seed: number) {
  const { dim: d, sigma, qbar, c, horizon: T, initialStd } = problem;
  const dt = T / K;
  return (params: PolicyParams) =>
    tf.tidy(() => {
      let x = tf.randomNormal([N, d], 0, initialStd, "float32", seed);
      let cost: tf.Tensor = tf.scalar(0);
      for (let k = 0; k < K; k++) {
        const dev = tf.sub(x, tf.mean(x, 0, true));
        const a = net.applyAt(params, k * dt, dev);
        const running = tf.add(tf.mul(0.5, tf.sum(tf.square(a))), tf.mul(0.5 * qbar, tf.sum(tf.square(dev))));
        cost = tf.add(cost, tf.mul(running, dt / N));
        x = tf.add(
          tf.add(x, tf.mul(a, dt)),
          tf.randomNormal([N, d], 0, sigma * Math.sqrt(dt), "float32", seed + 7919 * (k + 1)),
        );
      }
      const devT = tf.sub(x, tf.mean(x, 0, true));
      return tf.add(cost, tf.mul((0.5 * c) / N, tf.sum(tf.square(devT)))) as tf.Scalar;
    });
}

/** One step of any optax-style optimiser on `loss`; returns the loss value. */
function step<P extends MlpParams>(
  loss: (p: P) => tf.Scalar,
  params: P,
  opt: GradientTransformation,
  state: { s: unknown },
): number {
  const { value, grad } = valueAndGrad(loss)(params);
  try {
    const r = opt.update(grad, state.s, params);
    state.s = r.state;
    applyUpdates(params, r.updates);
    treeDispose(r.updates);
    return value.dataSync()[0]!;
  } finally {
    value.dispose();
    treeDispose(grad);
  }
}

function checkOptions(options: NeuralLqOptions): void {
  const ints = ["timeSteps", "iterations"] as const;
  for (const k of ints) {
    const v = options[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      throw new Error(`trainNeuralLqMfg: options.${k} must be a positive integer, received ${v}`);
  }
  // one particle is its own empirical mean: every deviation x - m is 0, the loss is 0 and nothing is learnt
  if (options.particles !== undefined && (!Number.isInteger(options.particles) || options.particles < 2))
    throw new Error(
      `trainNeuralLqMfg: options.particles must be an integer >= 2, received ${options.particles}`,
    );
  if (
    options.shortcutKnots !== undefined &&
    (!Number.isInteger(options.shortcutKnots) || options.shortcutKnots < 2)
  )
    throw new Error(
      `trainNeuralLqMfg: options.shortcutKnots must be an integer >= 2, received ${options.shortcutKnots}`,
    );
  const kinds = ["none", "static", "time-varying"];
  if (options.linearShortcut !== undefined && !kinds.includes(options.linearShortcut))
    throw new Error(
      `trainNeuralLqMfg: options.linearShortcut must be one of ${kinds.join(", ")}, received ${String(options.linearShortcut)}`,
    );
  if (
    options.learningRate !== undefined &&
    (!(options.learningRate > 0) || !Number.isFinite(options.learningRate))
  )
    throw new Error(
      `trainNeuralLqMfg: options.learningRate must be > 0 and finite, received ${options.learningRate}`,
    );
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new Error(`trainNeuralLqMfg: options.seed must be an integer, received ${options.seed}`);
}

/**
 * Neural solver for a high-dimensional LQ mean-field game, in the Lagrangian/variational form of Ruthotto,
 * Osher, Li, Nurbekyan & Fung (2020, PNAS 117, "A machine learning framework for solving high-dimensional mean
 * field game and mean field control problems"): this game is *potential* — its coupling `qbar/2 |x - m|^2` is the
 * first variation of `qbar/2 Var(mu)` — so its Nash equilibrium minimises the population cost
 * `E[∫ |alpha|^2/2 + qbar/2 |X - m|^2 dt + c/2 |X_T - m_T|^2]`. The feedback `alpha_theta(t, x - m)` is an MLP
 * (core-tensor `mlp`, output layer zero-initialised) plus a linear feedback `W(t)(x - m)` piecewise linear in
 * time; the cost is a Monte Carlo average over simulated particles (Euler–Maruyama, empirical mean, fresh
 * particles every iteration), and `theta` is trained through the
 * simulation with Adam under a cosine learning-rate decay (or `options.optimizer`). The exact equilibrium is
 * `alpha = -p(t)(x - m)` with `p' = p^2 - qbar`, `p(T) = c` ({@link solveLqMfg} on the one-dimensional factor).
 *
 * @example
 * ```ts
 * const res = trainNeuralLqMfg({ dim: 10, sigma: 0.5, qbar: 1, c: 2, horizon: 1, initialStd: 1 });
 * res.status; // "ok" ("diverged", with a hint in res.message, if the loss stops being finite)
 * res.controlError(); // 0.049 (bench/mean-field-games.bench.mjs; 0.080 in 50-D)
 * res.valueError(); // 0.025
 * res.dispose();
 * ```
 */
export function trainNeuralLqMfg(problem: NeuralLqProblem, options: NeuralLqOptions = {}): NeuralLqResult {
  const { dim: d } = problem ?? ({} as NeuralLqProblem);
  if (!Number.isInteger(d) || d < 1)
    throw new Error(`trainNeuralLqMfg: dim must be a positive integer, received ${d}`);
  for (const k of ["sigma", "horizon", "initialStd"] as const) {
    if (!(problem[k] > 0) || !Number.isFinite(problem[k]))
      throw new Error(`trainNeuralLqMfg: ${k} must be > 0 and finite, received ${problem[k]}`);
  }
  for (const k of ["qbar", "c"] as const) {
    if (!(problem[k] >= 0) || !Number.isFinite(problem[k]))
      throw new Error(`trainNeuralLqMfg: ${k} must be >= 0 and finite, received ${problem[k]}`);
  }
  checkOptions(options);
  const K = options.timeSteps ?? 20;
  const N = options.particles ?? 256;
  const iterations = options.iterations ?? 300;
  const lr = options.learningRate ?? 3e-2;
  const seed = options.seed ?? 0;
  const T = problem.horizon;
  const f = (v: number) => Float64Array.of(v);
  const riccatiSteps = 1000;
  const riccati = solveLqMfg(
    {
      dim: 1,
      controlDim: 1,
      horizon: T,
      A: f(0),
      Abar: f(0),
      B: f(1),
      R: f(1),
      Q: f(0),
      Qbar: f(problem.qbar),
      S: f(1),
      QT: f(0),
      QbarT: f(problem.c),
      ST: f(1),
      sigma: f(problem.sigma),
      m0: f(0),
      cov0: f(problem.initialStd ** 2),
    },
    { steps: riccatiSteps },
  );
  const p = riccati.P.map((m) => m[0]!);
  // equilibrium variance v' = -2 p v + sigma^2 and r(t) = sigma^2/2 ∫_t^T p per axis (trapezoid on the fine grid)
  const h = T / riccatiSteps;
  const variance = new Float64Array(riccatiSteps + 1);
  variance[0] = problem.initialStd ** 2;
  for (let i = 0; i < riccatiSteps; i++) {
    const rate = (t: number, v: number) => -2 * t * v + problem.sigma ** 2;
    const pm = (p[i]! + p[i + 1]!) / 2;
    const v = variance[i]!;
    const k1 = rate(p[i]!, v);
    const k2 = rate(pm, v + (h / 2) * k1);
    const k3 = rate(pm, v + (h / 2) * k2);
    const k4 = rate(p[i + 1]!, v + h * k3);
    variance[i + 1] = v + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  const r = new Float64Array(riccatiSteps + 1);
  for (let i = riccatiSteps - 1; i >= 0; i--)
    r[i] = r[i + 1]! + ((problem.sigma ** 2 / 2) * h * (p[i]! + p[i + 1]!)) / 2;
  const at = (arr: ArrayLike<number>, t: number) => {
    const u = Math.min(Math.max(t / T, 0), 1) * riccatiSteps;
    const i = Math.min(Math.floor(u), riccatiSteps - 1);
    return arr[i]! + (u - i) * (arr[i + 1]! - arr[i]!);
  };

  const knots = options.shortcutKnots ?? 8;
  // build the optimiser before the network: if it throws (bad schedule), no weights are left behind
  const opt =
    options.optimizer ??
    adam(cosineDecaySchedule({ init: lr, decaySteps: Math.max(iterations, 1), alpha: 0.01 }));
  const net = policyNetwork(
    d,
    options.hidden ?? [64, 64],
    options.linearShortcut ?? "time-varying",
    knots,
    T,
    seed,
  );
  const params = net.params;
  const losses: number[] = [];
  try {
    const state = { s: opt.init(params) as unknown };
    try {
      for (let it = 0; it < iterations; it++) {
        const loss = step(lossFn(problem, net, K, N, seed + 1000 * (it + 1)), params, opt, state);
        losses.push(loss);
        options.callback?.(it, loss);
        if (!Number.isFinite(loss)) break;
      }
    } finally {
      disposeState(state.s);
    }
  } catch (e) {
    // a throwing optimiser or callback must not leak the network's weights
    treeDispose(params);
    throw e;
  }
  const diverged = losses.length > 0 && !Number.isFinite(losses.at(-1)!);
  const status: NeuralLqResult["status"] = diverged ? "diverged" : "ok";
  const message = diverged
    ? `the loss became ${losses.at(-1)} at iteration ${losses.length - 1}; lower learningRate (or the optimizer's step size)`
    : "";

  /** Equilibrium samples `x - m ~ N(0, v(t_k) I)` at the decision times, as `[K*n, 1 + d]` inputs. */
  const equilibriumInputs = (n: number, salt: number) =>
    tf.tidy(() => {
      const rng = prng(seed + salt);
      const blocks: tf.Tensor[] = [];
      for (let k = 0; k < K; k++) {
        const t = (k * T) / K;
        const y = rng.normal([n, d], { std: Math.sqrt(at(variance, t)) });
        blocks.push(tf.concat([tf.fill([n, 1], t), y], 1));
      }
      return tf.concat(blocks, 0);
    });
  const gainColumn = (inputs: tf.Tensor) =>
    tf.tensor2d(
      Array.from(inputs.slice([0, 0], [-1, 1]).dataSync(), (t) => at(p, t)),
      [inputs.shape[0]!, 1],
    );

  const trained: NeuralLqResult["policy"] = {
    params,
    apply: (ps, x) => net.apply(ps as PolicyParams, x),
    applyAt: (ps, t, y) => net.applyAt(ps as PolicyParams, t, y),
  };
  const checkTime = (where: string, t: number) => {
    if (typeof t !== "number" || !(t >= 0 && t <= T * (1 + 1e-12)))
      throw new Error(`${where}: t must be in [0, horizon=${T}], received ${t}`);
  };
  return {
    status,
    message,
    losses,
    policy: trained,
    riccatiCost: d * riccati.cost,
    gain: (t) => {
      checkTime("gain", t);
      return at(p, t);
    },
    controlError(samples = 1024) {
      if (!Number.isInteger(samples) || samples < 1)
        throw new Error(`controlError: samples must be a positive integer, received ${samples}`);
      return tf.tidy(() => {
        const inputs = equilibriumInputs(samples, 99);
        const y = inputs.slice([0, 1], [-1, d]);
        const exact = tf.mul(tf.neg(gainColumn(inputs)), y);
        const a = net.apply(params, inputs);
        const num = tf.sum(tf.square(tf.sub(a, exact))).dataSync()[0]!;
        const den = tf.sum(tf.square(exact)).dataSync()[0]!;
        return Math.sqrt(num / den);
      });
    },
    valueError(vOptions = {}) {
      const P = vOptions.probes ?? 64;
      const M = vOptions.replicas ?? 64;
      const Np = vOptions.populationParticles ?? 1024;
      for (const [k, v] of [
        ["probes", P],
        ["replicas", M],
        ["populationParticles", Np],
      ] as const)
        if (!Number.isInteger(v) || v < 1)
          throw new Error(`valueError: options.${k} must be a positive integer, received ${v}`);
      const dt = T / K;
      const { sigma, qbar, c } = problem;
      return tf.tidy(() => {
        // population means m_0 … m_K under the learned policy
        const means: tf.Tensor[] = [];
        let x = tf.randomNormal([Np, d], 0, problem.initialStd, "float32", seed + 501);
        for (let k = 0; k < K; k++) {
          const m = tf.mean(x, 0, true);
          means.push(m);
          const a = net.applyAt(params, k * dt, tf.sub(x, m));
          x = tf.add(
            tf.add(x, tf.mul(a, dt)),
            tf.randomNormal([Np, d], 0, sigma * Math.sqrt(dt), "float32", seed + 503 + k),
          );
        }
        means.push(tf.mean(x, 0, true));
        let num = 0;
        let den = 0;
        const rng = prng(seed + 307);
        for (const k0 of [0, Math.round(K / 4), Math.round(K / 2), Math.round((3 * K) / 4)]) {
          const t0 = k0 * dt;
          const y0 = rng.normal([P, d], { std: Math.sqrt(at(variance, t0)) });
          let xs = tf.add(tf.tile(y0, [M, 1]), means[k0]!); // replica r of probe j at row r * P + j
          let cost: tf.Tensor = tf.zeros([P * M]);
          let martingale: tf.Tensor = tf.zeros([P * M]);
          for (let k = k0; k < K; k++) {
            const dev = tf.sub(xs, means[k]!);
            const a = net.applyAt(params, k * dt, dev);
            cost = tf.add(
              cost,
              tf.mul(
                tf.add(tf.mul(0.5, tf.sum(tf.square(a), 1)), tf.mul(0.5 * qbar, tf.sum(tf.square(dev), 1))),
                dt,
              ),
            );
            const dW = tf.randomNormal([P * M, d], 0, Math.sqrt(dt), "float32", seed + 1009 * (k0 + 1) + k);
            martingale = tf.add(martingale, tf.mul(at(p, k * dt) * sigma, tf.sum(tf.mul(dev, dW), 1)));
            xs = tf.add(tf.add(xs, tf.mul(a, dt)), tf.mul(sigma, dW));
          }
          cost = tf.add(cost, tf.mul(0.5 * c, tf.sum(tf.square(tf.sub(xs, means[K]!)), 1)));
          const estimate = tf.mean(tf.sub(cost, martingale).reshape([M, P]), 0);
          const exact = tf.add(tf.mul(0.5 * at(p, t0), tf.sum(tf.square(y0), 1)), d * at(r, t0));
          num += tf.sum(tf.square(tf.sub(estimate, exact))).dataSync()[0]!;
          den += tf.sum(tf.square(exact)).dataSync()[0]!;
        }
        return Math.sqrt(num / den);
      });
    },
    dispose() {
      treeDispose(params);
    },
  };
}
