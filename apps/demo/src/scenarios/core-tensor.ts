import * as core from "@continuum/core-tensor";
import { type Params, type RunContext, type Scenario, missingExports, num, str, tick } from "./types.js";

const { tf } = core;

/** Closed-form k-th derivatives (k = 0..4) of the demo functions. */
const EXACT: Record<string, (x: number, k: number) => number> = {
  tanh: (x, k) => {
    const t = Math.tanh(x);
    const s = 1 - t * t;
    return [t, s, -2 * t * s, -2 * s * (1 - 3 * t * t), 8 * t * (2 - 3 * t * t) * s][k]!;
  },
  sin: (x, k) => Math.sin(x + (k * Math.PI) / 2),
  softplus: (x, k) => {
    const s = 1 / (1 + Math.exp(-x));
    const q = s * (1 - s);
    return [Math.log1p(Math.exp(x)), s, q, q * (1 - 2 * s), q * (1 - 6 * s + 6 * s * s)][k]!;
  },
};

const FN: Record<string, (x: core.Tensor) => core.Tensor> = {
  tanh: (x) => tf.tanh(x),
  sin: (x) => tf.sin(x),
  softplus: (x) => tf.softplus(x),
};

export interface AutodiffResult {
  fn: string;
  backend: string;
  x: number[];
  orders: { k: number; auto: number[]; exact: number[]; maxAbsErr: number }[];
  rosenbrock: { point: number[]; maxAbsErr: number }[];
}

async function run(params: Params, ctx: RunContext): Promise<AutodiffResult> {
  const fn = str(params, "fn");
  const maxOrder = num(params, "order");
  const n = num(params, "points");
  const f = FN[fn];
  const exact = EXACT[fn];
  if (!f || !exact)
    throw new Error(`parameter 'fn' must be one of ${Object.keys(FN).join(", ")}, received ${fn}`);
  const xs = Array.from({ length: n }, (_, i) => -3 + (6 * i) / (n - 1));
  const x = tf.tensor1d(xs);
  const orders: AutodiffResult["orders"] = [];
  // Nested reverse mode: d^k f is grad of the sum of d^(k-1) f (elementwise functions, so the sum separates).
  let g: (t: core.Tensor) => core.Tensor = f;
  for (let k = 1; k <= maxOrder; k++) {
    const prev = g;
    g = (t) => core.grad((z: core.Tensor) => tf.sum(prev(z)))(t);
    const auto = Array.from(await tf.tidy(() => g(x)).data());
    const ex = xs.map((v) => exact(v, k));
    const maxAbsErr = Math.max(...auto.map((a, i) => Math.abs(a - ex[i]!)));
    orders.push({ k, auto, exact: ex, maxAbsErr });
    ctx.progress(k / (maxOrder + 1), `order ${k}: max error ${maxAbsErr.toExponential(2)}`, {
      fn,
      backend: core.backendInfo().name ?? "?",
      x: xs,
      orders,
      rosenbrock: [],
    });
    await tick();
  }
  x.dispose();
  // Hessian of the 2-D Rosenbrock function against its closed form.
  const rosen = (p: core.Tensor) => {
    const a = p.slice([0, 0], [-1, 1]);
    const b = p.slice([0, 1], [-1, 1]);
    return tf.add(tf.mul(100, tf.square(tf.sub(b, tf.square(a)))), tf.square(tf.sub(1, a))).reshape([-1]);
  };
  const pts = [
    [-1.2, 1],
    [0.5, 0.5],
    [1, 1],
    [2, -1],
  ];
  const H = await tf.tidy(() => core.hessian(rosen, tf.tensor2d(pts))).array();
  const rosenbrock = pts.map((p, i) => {
    const [a, b] = p as [number, number];
    const exactH = [
      [1200 * a * a - 400 * b + 2, -400 * a],
      [-400 * a, 200],
    ];
    const h = (H as number[][][])[i]!;
    let err = 0;
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 2; c++) err = Math.max(err, Math.abs(h[r]![c]! - exactH[r]![c]!));
    return { point: p, maxAbsErr: err };
  });
  ctx.progress(1, "Rosenbrock Hessian checked");
  return { fn, backend: core.backendInfo().name ?? "?", x: xs, orders, rosenbrock };
}

export const scenarios: readonly Scenario[] = [
  {
    id: "higher-order",
    title: "Derivatives to fourth order",
    description:
      "Nested reverse-mode grad of an elementwise function, compared point by point with its closed-form " +
      "derivatives (float32 on the active backend), plus the Hessian of Rosenbrock's function.",
    controls: [
      { key: "fn", label: "function", kind: "select", options: ["tanh", "sin", "softplus"] },
      { key: "order", label: "max order", kind: "number", min: 1, max: 4, step: 1 },
      { key: "points", label: "points", kind: "number", min: 5, max: 400, step: 1 },
    ],
    defaults: { fn: "tanh", order: 4, points: 121 },
    quick: { points: 41 },
    missing: () => missingExports("@continuum/core-tensor", core, ["grad", "hessian", "tf", "backendInfo"]),
    run,
  },
];
