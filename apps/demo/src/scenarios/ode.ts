import * as core from "@continuum/core-tensor";
import * as optim from "@continuum/optim";
import * as ode from "@continuum/ode";
import { type Params, type RunContext, type Scenario, missingExports, now, num, str, tick } from "./types.js";

type Rhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Arenstorf orbit (Hairer–Nørsett–Wanner I, II.0): periodic with period T, so y(T) = y0 is an exact reference. */
const ARENSTORF_MU = 0.012277471;
export const ARENSTORF_T = 17.065216560157964; // 17.0652165601579625588917206249 rounded to float64
const arenstorf: Rhs = (_t, y, d) => {
  const mu = ARENSTORF_MU;
  const mp = 1 - mu;
  const [x, yy, vx, vy] = y as unknown as [number, number, number, number];
  const d1 = ((x + mu) ** 2 + yy ** 2) ** 1.5;
  const d2 = ((x - mp) ** 2 + yy ** 2) ** 1.5;
  d[0] = vx;
  d[1] = vy;
  d[2] = x + 2 * vy - (mp * (x + mu)) / d1 - (mu * (x - mp)) / d2;
  d[3] = yy - 2 * vx - (mp * yy) / d1 - (mu * yy) / d2;
};
const ARENSTORF_Y0 = [0.994, 0, 0, -2.0015851063790824]; // -2.00158510637908252240537862224 rounded to float64;

const lorenz: Rhs = (_t, y, d) => {
  d[0] = 10 * (y[1]! - y[0]!);
  d[1] = y[0]! * (28 - y[2]!) - y[1]!;
  d[2] = y[0]! * y[1]! - (8 / 3) * y[2]!;
};

const robertson: Rhs = (_t, y, d) => {
  d[0] = -0.04 * y[0]! + 1e4 * y[1]! * y[2]!;
  d[1] = 0.04 * y[0]! - 1e4 * y[1]! * y[2]! - 3e7 * y[1]! ** 2;
  d[2] = 3e7 * y[1]! ** 2;
};
const vanDerPol =
  (mu: number): Rhs =>
  (_t, y, d) => {
    d[0] = y[1]!;
    d[1] = mu * (1 - y[0]! ** 2) * y[1]! - y[0]!;
  };

/** Wrap a right-hand side so the solve reports its progress in t (solveIvp is one synchronous call). */
function withProgress(
  f: Rhs,
  t0: number,
  t1: number,
  ctx: RunContext,
  label: string,
  base = 0,
  span = 1,
): Rhs {
  let calls = 0;
  return (t, y, d) => {
    if (++calls % 2000 === 0) {
      const frac = Math.min(1, Math.max(0, (t - t0) / (t1 - t0)));
      ctx.progress(base + span * frac, `${label}: t = ${t.toPrecision(4)}, ${calls} evaluations`);
    }
    f(t, y, d);
  };
}

export interface TrajectoryResult {
  problem: string;
  method: string;
  rtol: number;
  t: number[];
  y: number[][];
  nfev: number;
  steps: number;
  ms: number;
  status: number;
  message: string;
  endError?: number;
}

async function trajectory(params: Params, ctx: RunContext): Promise<TrajectoryResult> {
  const problem = str(params, "problem");
  const method = str(params, "method");
  const rtol = 10 ** -num(params, "digits");
  const [f, y0, t1] =
    problem === "arenstorf"
      ? ([arenstorf, ARENSTORF_Y0, ARENSTORF_T] as const)
      : ([lorenz, [1, 1, 1], num(params, "tEnd")] as const);
  const t0 = now();
  const r = ode.solveIvp(withProgress(f, 0, t1, ctx, method), [0, t1], y0, {
    method,
    rtol,
    atol: rtol * 1e-3,
    maxSteps: 200_000,
  });
  const ms = now() - t0;
  const y = r.y.map((v) => Array.from(v));
  const last = y.at(-1)!;
  const endError =
    problem === "arenstorf" ? Math.hypot(...last.slice(0, 2).map((v, i) => v - ARENSTORF_Y0[i]!)) : undefined;
  ctx.progress(1, r.message);
  return {
    problem,
    method,
    rtol,
    t: Array.from(r.t),
    y,
    nfev: r.nfev,
    steps: r.t.length - 1,
    ms,
    status: r.status,
    message: r.message,
    endError,
  };
}

export interface WorkPrecisionPoint {
  method: string;
  rtol: number;
  error: number;
  nfev: number;
  ms: number;
}

const WP_METHODS = ["RK23", "RK45", "Tsit5", "DOP853", "Vern9"];

async function workPrecision(params: Params, ctx: RunContext): Promise<{ points: WorkPrecisionPoint[] }> {
  const maxDigits = num(params, "maxDigits");
  const points: WorkPrecisionPoint[] = [];
  const digits = Array.from({ length: maxDigits - 2 }, (_, i) => 3 + i);
  const total = WP_METHODS.length * digits.length;
  for (const method of WP_METHODS) {
    for (const d of digits) {
      // RK23 at tight tolerances needs millions of steps: skip what would take more than ~1 s here.
      if (method === "RK23" && d > 8) continue;
      const rtol = 10 ** -d;
      const t0 = now();
      const r = ode.solveIvp(arenstorf, [0, ARENSTORF_T], ARENSTORF_Y0, { method, rtol, atol: rtol * 1e-3 });
      const ms = now() - t0;
      const yT = r.y.at(-1)!;
      const error = Math.hypot(yT[0]! - ARENSTORF_Y0[0]!, yT[1]! - ARENSTORF_Y0[1]!);
      if (r.success) points.push({ method, rtol, error, nfev: r.nfev, ms });
      ctx.progress(points.length / total, `${method} rtol=1e-${d}: error ${error.toExponential(2)}`, {
        points,
      });
    }
  }
  return { points };
}

export interface StiffRun {
  method: string;
  kind: "explicit" | "implicit";
  status: number;
  message: string;
  nfev: number;
  njev: number;
  steps: number;
  tReached: number;
  ms: number;
  t: number[];
  y: number[][];
}

async function stiff(params: Params, ctx: RunContext): Promise<{ problem: string; runs: StiffRun[] }> {
  const problem = str(params, "problem");
  const maxSteps = num(params, "maxSteps");
  const [f, y0, t1] =
    problem === "robertson"
      ? ([robertson, [1, 0, 0], 1e5] as const)
      : ([vanDerPol(num(params, "mu")), [2, 0], 2 * num(params, "mu")] as const);
  const methods: [string, StiffRun["kind"]][] = [
    ["RK45", "explicit"],
    ["DOP853", "explicit"],
    ["Radau", "implicit"],
    ["BDF", "implicit"],
    ["Rodas5P", "implicit"],
  ];
  const runs: StiffRun[] = [];
  for (const [i, [method, kind]] of methods.entries()) {
    const t0 = now();
    const r = ode.solveIvp(
      withProgress(f, 0, t1, ctx, method, i / methods.length, 1 / methods.length),
      [0, t1],
      y0,
      {
        method,
        rtol: 1e-6,
        atol: problem === "robertson" ? 1e-10 : 1e-6,
        maxSteps,
      },
    );
    const ms = now() - t0;
    // Thin the saved steps for plotting.
    const stride = Math.max(1, Math.floor(r.t.length / 800));
    const idx = Array.from(r.t, (_, j) => j).filter((j) => j % stride === 0 || j === r.t.length - 1);
    runs.push({
      method,
      kind,
      status: r.status,
      message: r.message,
      nfev: r.nfev,
      njev: r.njev,
      steps: r.t.length - 1,
      tReached: r.t.at(-1) ?? 0,
      ms,
      t: idx.map((j) => r.t[j]!),
      y: idx.map((j) => Array.from(r.y[j]!)),
    });
    ctx.progress((i + 1) / methods.length, `${method}: ${r.success ? "ok" : "failed"}`, { problem, runs });
  }
  return { problem, runs };
}

export const scenarios: readonly Scenario[] = [
  {
    id: "trajectory",
    title: "Lorenz attractor and Arenstorf orbit",
    description:
      "One float64 adaptive solve with the method you pick. The Arenstorf orbit is periodic, so the distance " +
      "between y(T) and y(0) is the exact global error.",
    controls: [
      { key: "problem", label: "problem", kind: "select", options: ["lorenz", "arenstorf"] },
      {
        key: "method",
        label: "method",
        kind: "select",
        options: ["RK45", "Tsit5", "DOP853", "Vern9", "RK23", "Radau", "BDF", "Rodas5P"],
      },
      { key: "digits", label: "rtol = 10^-", kind: "number", min: 2, max: 12, step: 1 },
      { key: "tEnd", label: "Lorenz t end", kind: "number", min: 1, max: 200, step: 1 },
    ],
    defaults: { problem: "lorenz", method: "Tsit5", digits: 8, tEnd: 40 },
    missing: () => missingExports("@continuum/ode", ode, ["solveIvp"]),
    run: trajectory,
  },
  {
    id: "work-precision",
    title: "Work–precision on the Arenstorf orbit",
    description:
      "Error at one period against the number of right-hand-side evaluations, for explicit Runge–Kutta pairs " +
      "of order 3 to 9: high order wins at tight tolerances.",
    controls: [{ key: "maxDigits", label: "tightest rtol = 10^-", kind: "number", min: 5, max: 13, step: 1 }],
    defaults: { maxDigits: 12 },
    quick: { maxDigits: 8 },
    missing: () => missingExports("@continuum/ode", ode, ["solveIvp"]),
    run: workPrecision,
  },
  {
    id: "stiff",
    title: "Stiff problems: explicit vs implicit",
    description:
      "Robertson's chemical kinetics (to t = 1e5) or Van der Pol with large mu: explicit methods are held to " +
      "tiny steps by stability and run out of steps; Radau, BDF and Rodas5P take a few hundred.",
    controls: [
      { key: "problem", label: "problem", kind: "select", options: ["robertson", "vanderpol"] },
      { key: "mu", label: "Van der Pol mu", kind: "number", min: 1, max: 1e6, step: 1 },
      { key: "maxSteps", label: "max steps", kind: "number", min: 100, max: 1e6, step: 100 },
    ],
    defaults: { problem: "robertson", mu: 1000, maxSteps: 20000 },
    quick: { maxSteps: 5000 },
    missing: () => missingExports("@continuum/ode", ode, ["solveIvp"]),
    run: stiff,
  },
  {
    id: "neural-ode",
    title: "Neural ODE fitting a spiral",
    description:
      "An MLP vector field dy/dt = net(y³) trained with Adam through a tensor RK4 solve (odeint) on short windows " +
      "of a spiral computed by the float64 solver (the torchdiffeq demo).",
    controls: [
      { key: "steps", label: "Adam steps", kind: "number", min: 10, max: 5000, step: 10 },
      { key: "lr", label: "learning rate", kind: "number", min: 1e-4, max: 0.1, step: 1e-3 },
    ],
    defaults: { steps: 300, lr: 0.01 },
    quick: { steps: 40 },
    missing: () => missingExports("@continuum/ode", ode, ["odeint", "solveIvp"]),
    run: neuralOde,
  },
  {
    id: "cnf-two-moons",
    title: "Continuous normalising flow on two moons",
    description:
      "A CNF (FFJORD) pushes a standard normal through a neural ODE; the log-density follows the exact trace of " +
      "the field's Jacobian, integrated with the state by a tensor RK4 solve. Trained live by maximum likelihood: " +
      "data, samples from the model and its log-density on a grid.",
    controls: [
      { key: "iters", label: "Adam steps", kind: "number", min: 5, max: 2000, step: 5 },
      { key: "batch", label: "batch size", kind: "number", min: 16, max: 512, step: 16 },
      { key: "width", label: "hidden width", kind: "number", min: 8, max: 128, step: 8 },
      { key: "steps", label: "RK4 steps on [0, 1]", kind: "number", min: 2, max: 20, step: 1 },
      { key: "lr", label: "learning rate", kind: "number", min: 1e-4, max: 0.05, step: 1e-3 },
    ],
    defaults: { iters: 300, batch: 128, width: 32, steps: 6, lr: 0.005 },
    quick: { iters: 12, batch: 48, width: 16, steps: 3, lr: 0.01 },
    missing: () => missingExports("@continuum/ode", ode, ["cnf"]),
    run: cnfTwoMoons,
  },
];

export interface NeuralOdeResult {
  t: number[];
  truth: number[][];
  prediction: number[][];
  losses: { step: number; loss: number }[];
  steps: number;
  ms: number;
}

/** The spiral of torchdiffeq's ode_demo: dy/dt = (y³) A with A = [[-0.1, 2], [-2, -0.1]], y(0) = (2, 0). */
const SPIRAL_A = [
  [-0.1, 2],
  [-2, -0.1],
];

async function neuralOde(params: Params, ctx: RunContext): Promise<NeuralOdeResult> {
  const { tf } = core;
  const steps = num(params, "steps");
  const lr = num(params, "lr");
  const T = 10;
  const nT = 200;
  const t = Array.from({ length: nT }, (_, i) => (i * T) / (nT - 1));
  const truthSol = ode.solveIvp(
    (_t, y, d) => {
      const a = y[0]! ** 3;
      const b = y[1]! ** 3;
      d[0] = a * SPIRAL_A[0]![0]! + b * SPIRAL_A[1]![0]!;
      d[1] = a * SPIRAL_A[0]![1]! + b * SPIRAL_A[1]![1]!;
    },
    [0, T],
    [2, 0],
    { method: "DOP853", rtol: 1e-10, atol: 1e-12, tEval: t },
  );
  const truth = truthSol.y.map((v) => [v[0]!, v[1]!]);
  const net = core.mlp({ inputs: 2, hidden: [50], outputs: 2, activation: "tanh", seed: 0 });
  type P = typeof net.params;
  const field = (_t: number, y: core.Tensor, p: P) => net.apply(p, tf.pow(y, 3));
  const window = 8;
  const batch = 16;
  const dt = t[1]!;
  const rel = Array.from({ length: window }, (_, k) => k * dt);
  const rng = core.prng(0);
  const res: NeuralOdeResult = { t, truth, prediction: [], losses: [], steps: 0, ms: 0 };
  const predictAll = () => {
    const ys = tf.tidy(() =>
      ode.odeint(field, tf.tensor2d([truth[0]!]), t, { params: net.params, method: "rk4", dt0: dt }),
    );
    const arr = ys.arraySync() as number[][][];
    ys.dispose();
    res.prediction = arr.map((r) => r[0]!);
  };
  const t0 = now();
  const every = Math.max(1, Math.round(steps / 10));
  optim.fit({
    params: net.params,
    optimizer: optim.adam(lr),
    steps,
    loss: (p: P) => {
      const starts = Array.from({ length: batch }, () => rng.int(0, nT - window));
      const y0 = tf.tensor2d(starts.map((s) => truth[s]!));
      const target = tf.tensor3d(rel.map((_, k) => starts.map((s) => truth[s + k]!)));
      const ys = ode.odeint(field, y0, rel, { params: p, method: "rk4", dt0: dt }) as core.Tensor;
      return tf.mean(tf.abs(tf.sub(ys, target)));
    },
    callbacks: (info: optim.FitStepInfo) => {
      res.losses.push({ step: info.step, loss: info.loss });
      res.steps = info.step + 1;
      if (info.step % every === 0 || info.step === steps - 1) {
        predictAll();
        ctx.progress((info.step + 1) / steps, `step ${info.step}: loss ${info.loss.toExponential(2)}`, res);
      } else {
        ctx.progress((info.step + 1) / steps, `step ${info.step}: loss ${info.loss.toExponential(2)}`);
      }
    },
  });
  predictAll();
  res.ms = now() - t0;
  core.treeDispose(net.params);
  return res;
}

export interface CnfTwoMoonsResult {
  data: [number, number][];
  samples: [number, number][];
  /** Grid cells with the model's log-density at their centres. */
  grid: { x1: number; x2: number; y1: number; y2: number; logp: number }[];
  losses: { step: number; loss: number }[];
  steps: number;
  /** Held-out negative log-likelihood (nats) of the model and of the best single Gaussian. */
  testNll: number;
  gaussianNll: number;
  ms: number;
}

/** Two moons (scikit-learn's make_moons, noise 0.1 after centring and scaling to about unit variance). */
function twoMoons(n: number, rng: core.Rng): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const upper = i % 2 === 0;
    const a = Math.PI * rng.nextDouble();
    const x = upper ? Math.cos(a) : 1 - Math.cos(a);
    const y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
    return [(x - 0.5) / 0.87 + 0.1 * rng.nextNormal(), (y - 0.25) / 0.5 + 0.1 * rng.nextNormal()];
  });
}

/** Mean negative log-likelihood of the Gaussian with the sample's own mean and covariance (the baseline). */
function gaussianNll(a: number[][]): number {
  const m = [0, 1].map((j) => a.reduce((s, r) => s + r[j]!, 0) / a.length);
  const c = [0, 1].map((i) =>
    [0, 1].map((j) => a.reduce((s, r) => s + (r[i]! - m[i]!) * (r[j]! - m[j]!), 0) / a.length),
  );
  const det = c[0]![0]! * c[1]![1]! - c[0]![1]! * c[1]![0]!;
  let q = 0;
  for (const r of a) {
    const d0 = r[0]! - m[0]!;
    const d1 = r[1]! - m[1]!;
    q += (c[1]![1]! * d0 * d0 - 2 * c[0]![1]! * d0 * d1 + c[0]![0]! * d1 * d1) / det;
  }
  return Math.log(2 * Math.PI) + 0.5 * Math.log(det) + (0.5 * q) / a.length;
}

async function cnfTwoMoons(params: Params, ctx: RunContext): Promise<CnfTwoMoonsResult> {
  const { tf } = core;
  const iters = num(params, "iters");
  const batch = num(params, "batch");
  const width = num(params, "width");
  const steps = num(params, "steps");
  const lr = num(params, "lr");
  const rng = core.prng(0);
  const net = core.mlp({ inputs: 3, hidden: [width, width], outputs: 2, activation: "tanh", seed: 1 });
  type P = typeof net.params;
  // Time enters the field as a third input, so the flow can bend differently along the way.
  const field = (t: number, x: core.Tensor, p: P) =>
    net.apply(p, tf.concat([x, tf.fill([x.shape[0]!, 1], t)], 1));
  const flow = ode.cnf(field, { dim: 2, method: "rk4", dt0: 1 / steps });
  const data = twoMoons(ctx.quick ? 300 : 1000, core.prng(7));
  const test = twoMoons(ctx.quick ? 300 : 1000, core.prng(99));
  const G = ctx.quick ? 16 : 40;
  const lo = -2.5;
  const hi = 2.5;
  const cell = (hi - lo) / G;
  const res: CnfTwoMoonsResult = {
    data: data.map((r) => [r[0]!, r[1]!]),
    samples: [],
    grid: [],
    losses: [],
    steps: 0,
    testNll: Number.NaN,
    gaussianNll: gaussianNll(test),
    ms: 0,
  };
  const snapshot = () => {
    const s = tf.tidy(() => flow.sample(ctx.quick ? 200 : 600, net.params, core.prng(3)));
    const sv = s.dataSync();
    s.dispose();
    res.samples = Array.from({ length: sv.length / 2 }, (_, i) => [sv[2 * i]!, sv[2 * i + 1]!]);
    const centres: number[] = [];
    for (let i = 0; i < G; i++)
      for (let j = 0; j < G; j++) centres.push(lo + (j + 0.5) * cell, lo + (i + 0.5) * cell);
    const lp = tf.tidy(() => flow.logProb(tf.tensor2d(centres, [G * G, 2]), net.params));
    const lv = lp.dataSync();
    lp.dispose();
    res.grid = Array.from(lv as Float32Array, (logp, k) => {
      const x = centres[2 * k]!;
      const y = centres[2 * k + 1]!;
      return { x1: x - cell / 2, x2: x + cell / 2, y1: y - cell / 2, y2: y + cell / 2, logp };
    });
  };
  const t0 = now();
  const opt = optim.adam(lr);
  let state = opt.init(net.params);
  const every = Math.max(1, Math.round(iters / 6));
  for (let it = 0; it < iters; it++) {
    const idx = Array.from({ length: batch }, () => rng.int(0, data.length));
    const x = tf.tensor2d(idx.map((k) => data[k]!));
    const { value, grad } = core.valueAndGrad((p: P) => tf.neg(tf.mean(flow.logProb(x, p))))(net.params);
    const { updates, state: next } = opt.update(grad, state, net.params);
    state = next;
    optim.applyUpdates(net.params, updates);
    const loss = value.dataSync()[0]!;
    tf.dispose([value, x]);
    core.treeDispose([grad, updates] as never);
    res.losses.push({ step: it, loss });
    res.steps = it + 1;
    if (it % every === 0 || it === iters - 1) {
      snapshot();
      ctx.progress((it + 1) / iters, `step ${it}: train NLL ${loss.toFixed(3)}`, res);
    } else {
      ctx.progress((it + 1) / iters, `step ${it}: train NLL ${loss.toFixed(3)}`);
    }
    await tick();
  }
  const nll = tf.tidy(() => tf.neg(tf.mean(flow.logProb(tf.tensor2d(test), net.params))));
  res.testNll = nll.dataSync()[0]!;
  nll.dispose();
  res.ms = now() - t0;
  optim.disposeState(state);
  core.treeDispose(net.params);
  return res;
}
