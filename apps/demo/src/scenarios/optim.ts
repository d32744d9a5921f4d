import * as core from "@continuum/core-tensor";
import * as optim from "@continuum/optim";
import { type Params, type RunContext, type Scenario, missingExports, now, num, str, tick } from "./types.js";

const { tf } = core;

interface TestFunction {
  f: (x: number, y: number) => number;
  grad: (x: number, y: number) => [number, number];
  tensor: (p: core.Tensor) => core.Tensor;
  domain: [[number, number], [number, number]];
  start: [number, number];
  minimum: [number, number];
  /** Learning rates that suit the function (Adam, Lion, momentum). */
  lr: { adam: number; lion: number; momentum: number };
}

const TWO_PI = 2 * Math.PI;
const FUNCTIONS: Record<string, TestFunction> = {
  rosenbrock: {
    f: (x, y) => 100 * (y - x * x) ** 2 + (1 - x) ** 2,
    grad: (x, y) => [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)],
    tensor: (p) => {
      const x = p.slice(0, 1);
      const y = p.slice(1, 1);
      return tf.sum(tf.add(tf.mul(100, tf.square(tf.sub(y, tf.square(x)))), tf.square(tf.sub(1, x))));
    },
    domain: [
      [-2, 2],
      [-1, 3],
    ],
    start: [-1.5, 2.5],
    minimum: [1, 1],
    lr: { adam: 0.05, lion: 0.01, momentum: 2e-4 },
  },
  rastrigin: {
    f: (x, y) => 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y),
    grad: (x, y) => [
      2 * x + 20 * Math.PI * Math.sin(TWO_PI * x),
      2 * y + 20 * Math.PI * Math.sin(TWO_PI * y),
    ],
    tensor: (p) => tf.sum(tf.add(10, tf.sub(tf.square(p), tf.mul(10, tf.cos(tf.mul(TWO_PI, p)))))),
    domain: [
      [-5.12, 5.12],
      [-5.12, 5.12],
    ],
    start: [3.7, 3.2],
    minimum: [0, 0],
    lr: { adam: 0.05, lion: 0.02, momentum: 1e-3 },
  },
};

export interface OptimPath {
  method: string;
  kind: "gradient" | "quasi-Newton" | "direct" | "population";
  path: [number, number][];
  final: number;
  evaluations: number;
  ms: number;
}

export interface OptimResult {
  fn: string;
  grid: { nx: number; ny: number; x: [number, number]; y: [number, number]; values: number[] };
  minimum: [number, number];
  paths: OptimPath[];
}

function contourGrid(fn: TestFunction, n: number): OptimResult["grid"] {
  const [[x0, x1], [y0, y1]] = fn.domain;
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const v = fn.f(x0 + ((i + 0.5) * (x1 - x0)) / n, y0 + ((j + 0.5) * (y1 - y0)) / n);
      values.push(Math.log10(1 + v));
    }
  }
  return { nx: n, ny: n, x: [x0, x1], y: [y0, y1], values };
}

async function trajectories(params: Params, ctx: RunContext): Promise<OptimResult> {
  const name = str(params, "fn");
  const fn = FUNCTIONS[name];
  if (!fn)
    throw new Error(`parameter 'fn' must be one of ${Object.keys(FUNCTIONS).join(", ")}, received ${name}`);
  const steps = num(params, "steps");
  const result: OptimResult = { fn: name, grid: contourGrid(fn, 80), minimum: fn.minimum, paths: [] };
  const tensorMethods: [string, optim.GradientTransformation<any>][] = [
    ["Adam", optim.adam(fn.lr.adam)],
    ["Lion", optim.lion(fn.lr.lion)],
    ["SGD+momentum", optim.momentum(fn.lr.momentum, 0.9)],
  ];
  const total = tensorMethods.length + 4;
  for (const [method, opt] of tensorMethods) {
    const t0 = now();
    const p = tf.variable(tf.tensor1d(fn.start));
    const path: [number, number][] = [[...fn.start]];
    optim.fit({
      loss: (q: { p: core.Tensor }) => fn.tensor(q.p),
      params: { p },
      optimizer: opt,
      steps,
      callbacks: () => {
        const v = p.dataSync();
        path.push([v[0]!, v[1]!]);
      },
    });
    const last = path.at(-1)!;
    result.paths.push({
      method,
      kind: "gradient",
      path,
      final: fn.f(...last),
      evaluations: steps,
      ms: now() - t0,
    });
    p.dispose();
    ctx.progress(result.paths.length / total, method, result);
    await tick();
  }
  const f64 = (x: Float64Array) => fn.f(x[0]!, x[1]!);
  const jac = (x: Float64Array) => Float64Array.from(fn.grad(x[0]!, x[1]!));
  const float64Methods: [string, OptimPath["kind"], optim.MinimizeOptions][] = [
    ["L-BFGS", "quasi-Newton", { jac, maxIter: steps }],
    ["Nelder-Mead", "direct", { maxIter: steps }],
    ["CMA-ES", "population", { seed: 1, sigma0: name === "rastrigin" ? 2 : 0.5, maxIter: steps, tol: 1e-10 }],
    ["SPSA", "population", { seed: 1, maxIter: steps * 4 }],
  ];
  for (const [method, kind, options] of float64Methods) {
    const t0 = now();
    const path: [number, number][] = [[...fn.start]];
    const r = optim.minimize(f64, fn.start, {
      method,
      ...options,
      callback: (x) => {
        path.push([x[0]!, x[1]!]);
      },
    });
    path.push([r.x[0]!, r.x[1]!]);
    result.paths.push({ method, kind, path, final: r.fun, evaluations: r.nfev, ms: now() - t0 });
    ctx.progress(result.paths.length / total, method, result);
    await tick();
  }
  return result;
}

export const scenarios: readonly Scenario[] = [
  {
    id: "trajectories",
    title: "Optimiser trajectories",
    description:
      "Adam, Lion and momentum (tensor pytrees, optax-style transforms), L-BFGS and Nelder–Mead (float64), " +
      "CMA-ES and SPSA (ask/tell) from the same start on Rosenbrock's valley or Rastrigin's many minima.",
    controls: [
      { key: "fn", label: "function", kind: "select", options: ["rosenbrock", "rastrigin"] },
      { key: "steps", label: "steps", kind: "number", min: 10, max: 5000, step: 10 },
    ],
    defaults: { fn: "rosenbrock", steps: 400 },
    quick: { steps: 150 },
    missing: () =>
      missingExports("@continuum/optim", optim, ["adam", "lion", "momentum", "fit", "minimize"]).concat(
        optim.minimizers?.has?.("CMA-ES") === false ? ["@continuum/optim → CMA-ES minimizer"] : [],
      ),
    run: trajectories,
  },
];
