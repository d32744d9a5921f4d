import { mlp, type MlpParams, type Module, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { adam, applyUpdates, disposeState, type GradientTransformation } from "@continuum/optim";
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
  /** Euler–Maruyama steps in the simulated Lagrangian (default 20). */
  readonly timeSteps?: number;
  /** Particles per batch (default 256). */
  readonly particles?: number;
  /** Hidden widths of the policy MLP (default [64, 64]). */
  readonly hidden?: number[];
  readonly iterations?: number;
  /** Step size of the default Adam (default 3e-3). */
  readonly learningRate?: number;
  /**
   * Any optax-style `GradientTransformation` from `@continuum/optim` (e.g. `adamw(1e-3)`); it carries its own
   * learning rate, so `learningRate` is then not used. Default: `adam(learningRate)`.
   */
  readonly optimizer?: GradientTransformation;
  readonly seed?: number;
  /** Called with (iteration, loss) after each step. */
  readonly callback?: (iteration: number, loss: number) => void;
}

/** Result of {@link trainNeuralLqMfg}; call `dispose()` to free the network weights. */
export interface NeuralLqResult {
  /** Loss (Monte Carlo cost per player) at every iteration. */
  readonly losses: number[];
  /** The trained policy `alpha(t, x - m)`; input `[N, 1 + dim]` = `[t, x - m]`, output `[N, dim]`. */
  readonly policy: Module<MlpParams>;
  /** Relative L2 error of the learned control against the Riccati feedback `-p(t)(x - m)` on fresh samples. */
  controlError(samples?: number): number;
  /** Exact equilibrium cost per player from the Riccati solution. */
  readonly riccatiCost: number;
  dispose(): void;
}

function lossFn(problem: NeuralLqProblem, net: Module<MlpParams>, K: number, N: number, seed: number) {
  const { dim: d, sigma, qbar, c, horizon: T, initialStd } = problem;
  const dt = T / K;
  return (params: MlpParams) =>
    tf.tidy(() => {
      let x = tf.randomNormal([N, d], 0, initialStd, "float32", seed);
      let cost: tf.Tensor = tf.scalar(0);
      for (let k = 0; k < K; k++) {
        const dev = tf.sub(x, tf.mean(x, 0, true));
        const input = tf.concat([tf.fill([N, 1], k * dt), dev], 1);
        const a = net.apply(params, input);
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

/**
 * Neural solver for a high-dimensional LQ mean-field game, in the Lagrangian/variational form of Ruthotto,
 * Osher, Li, Nurbekyan & Fung (2020, PNAS 117, "A machine learning framework for solving high-dimensional mean
 * field game and mean field control problems"): this game is *potential* — its coupling `qbar/2 |x - m|^2` is the
 * first variation of `qbar/2 Var(mu)` — so its Nash equilibrium minimises the population cost
 * `E[∫ |alpha|^2/2 + qbar/2 |X - m|^2 dt + c/2 |X_T - m_T|^2]`. The feedback `alpha_theta(t, x - m)` is an MLP
 * (core-tensor `mlp`), the cost is a Monte Carlo average over simulated particles (Euler–Maruyama, empirical
 * mean), and `theta` is trained with `@continuum/optim`'s Adam (or `options.optimizer`) through the simulation. The exact equilibrium is
 * `alpha = -p(t)(x - m)` with `p' = p^2 - qbar`, `p(T) = c` (scalar Riccati; {@link solveLqMfg} with `d = 1`).
 *
 * @example
 * ```ts
 * const res = trainNeuralLqMfg({ dim: 10, sigma: 0.5, qbar: 1, c: 1, horizon: 1, initialStd: 1 }, { iterations: 300 });
 * res.controlError(); // relative L2 error of the learned feedback vs Riccati
 * res.dispose();
 * ```
 */
export function trainNeuralLqMfg(problem: NeuralLqProblem, options: NeuralLqOptions = {}): NeuralLqResult {
  const { dim: d } = problem;
  if (!Number.isInteger(d) || d < 1)
    throw new Error(`trainNeuralLqMfg: dim must be a positive integer, received ${d}`);
  for (const k of ["sigma", "horizon", "initialStd"] as const) {
    if (!(problem[k] > 0)) throw new Error(`trainNeuralLqMfg: ${k} must be > 0, received ${problem[k]}`);
  }
  for (const k of ["qbar", "c"] as const) {
    if (!(problem[k] >= 0)) throw new Error(`trainNeuralLqMfg: ${k} must be >= 0, received ${problem[k]}`);
  }
  const K = options.timeSteps ?? 20;
  const N = options.particles ?? 256;
  const iterations = options.iterations ?? 300;
  const lr = options.learningRate ?? 3e-3;
  const seed = options.seed ?? 0;
  const net = mlp({
    inputs: d + 1,
    hidden: options.hidden ?? [64, 64],
    outputs: d,
    activation: "tanh",
    seed,
  });
  const params = net.params;
  const f = (v: number) => Float64Array.of(v);
  const riccati = solveLqMfg(
    {
      dim: 1,
      controlDim: 1,
      horizon: problem.horizon,
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
    { steps: 1000 },
  );
  const opt = options.optimizer ?? adam(lr);
  let state = opt.init(params);
  const losses: number[] = [];
  try {
    for (let it = 0; it < iterations; it++) {
      const { value, grad } = valueAndGrad(lossFn(problem, net, K, N, seed + 1000 * (it + 1)))(params);
      const loss = value.dataSync()[0]!;
      losses.push(loss);
      try {
        const r = opt.update(grad, state, params);
        state = r.state;
        applyUpdates(params, r.updates);
        treeDispose(r.updates);
      } finally {
        value.dispose();
        treeDispose(grad);
      }
      options.callback?.(it, loss);
      if (!Number.isFinite(loss)) break;
    }
  } finally {
    disposeState(state);
  }
  const trained: Module<MlpParams> = { ...net, params };
  return {
    losses,
    policy: trained,
    riccatiCost: d * riccati.cost,
    controlError(samples = 1024) {
      return tf.tidy(() => {
        let num = 0;
        let den = 0;
        for (const frac of [0, 0.25, 0.5, 0.75]) {
          const t = frac * problem.horizon;
          const p = riccati.P[Math.round(frac * (riccati.P.length - 1))]![0]!;
          const dev = tf.randomNormal(
            [samples, d],
            0,
            problem.initialStd,
            "float32",
            seed + 99 + frac * 1000,
          );
          const a = net.apply(params, tf.concat([tf.fill([samples, 1], t), dev], 1));
          const exact = tf.mul(-p, dev);
          num += tf.sum(tf.square(tf.sub(a, exact))).dataSync()[0]!;
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
