/**
 * The table of operations whose derivatives up to third order are checked against float64 finite differences
 * (`src/gradcheck-table.test.ts`) and whose kernels count as "checked" in the gradient audit
 * (`src/gradient-audit.test.ts`). Every row is a scalar function of one tensor `x` written with TensorFlow.js
 * ops, and an independent float64 re-implementation of the same function in plain JavaScript.
 *
 * Elementwise nonlinear ops are checked bare (`Σ cᵢ op(xᵢ)`); linear/structural ops are followed by `sin` so
 * that second and third derivatives are non-zero and exercise the gradient kernels of the op's own gradient
 * (Slice↔Pad, Concat↔Split, Gather↔UnsortedSegmentSum, Conv2D↔Conv2DBackpropInput/Filter…).
 * Internal to the tests: not part of the published API.
 */
import { tf } from "../engine.js";
import { activations } from "../modules/activations.js";

/** One row of the table. */
export interface GradOpRow {
  name: string;
  /** Input values (flat, row-major) and shape. */
  x: number[];
  shape: number[];
  /** Scalar function in tfjs ops. */
  f: (x: tf.Tensor) => tf.Tensor;
  /** The same function in float64 JavaScript. */
  ref: (x: Float64Array) => number;
}

/** Fixed, non-symmetric weights c_i so that sums do not cancel. */
const weight = (i: number) => Math.cos(1.3 * i + 0.2) + 0.1;
const weights = (n: number) => Array.from({ length: n }, (_, i) => weight(i));

const dot = (ys: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < ys.length; i++) s += weight(i) * ys[i]!;
  return s;
};
const sinDot = (ys: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < ys.length; i++) s += weight(i) * Math.sin(ys[i]!);
  return s;
};
const tfDot = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.tensor(weights(y.size), y.shape)));
const tfSinDot = (y: tf.Tensor) => tfDot(tf.sin(y));

const X3 = [0.3, -0.6, 0.9];
const POS3 = [0.4, 1.3, 0.8];
const UNIT3 = [0.3, -0.5, 0.6];

function unary(
  name: string,
  op: (x: tf.Tensor) => tf.Tensor,
  js: (x: number) => number,
  x: number[] = X3,
): GradOpRow {
  return {
    name,
    x,
    shape: [x.length],
    f: (t) => tfDot(op(t)),
    ref: (v) => dot(Array.from(v, js)),
  };
}

/**
 * Binary op followed by sin, both operands from x = [a (n values); b (m values)]; b broadcasts when m < n.
 */
function binary(
  name: string,
  op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  js: (a: number, b: number) => number,
  a: number[],
  b: number[],
  aShape: number[],
): GradOpRow {
  const n = a.length;
  const m = b.length;
  return {
    name,
    x: [...a, ...b],
    shape: [n + m],
    f: (t) => tfSinDot(op(tf.reshape(tf.slice(t, [0], [n]), aShape), tf.slice(t, [n], [m]))),
    ref: (v) => sinDot(Array.from({ length: n }, (_, i) => js(v[i]!, v[n + (i % m)]!))),
  };
}

/** A (possibly linear) op followed by sin: Σ cᵢ sin(g(x))ᵢ. */
function structural(
  name: string,
  x: number[],
  shape: number[],
  g: (x: tf.Tensor) => tf.Tensor,
  js: (x: Float64Array) => number[],
): GradOpRow {
  return { name, x, shape, f: (t) => tfSinDot(g(t)), ref: (v) => sinDot(js(v)) };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.log1p(Math.exp(x));
const GELU_C = Math.sqrt(2 / Math.PI);
const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x ** 3)));
const SELU_A = 1.6732632423543772;
const SELU_S = 1.0507009873554805;
// Abramowitz–Stegun 7.1.26 is only 1e-7 accurate; use a series/continued-fraction-free float64 erf instead.
function erf(x: number): number {
  // Maclaurin series, converges fast for |x| < 2 (the table uses |x| ≤ 0.9).
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const lse = (v: ArrayLike<number>) => Math.log(Array.from(v, Math.exp).reduce((a, b) => a + b, 0));

const M23 = [0.3, -0.6, 0.9, 0.2, 0.5, -0.4]; // 2x3
const W32 = [0.5, -0.2, 0.1, 0.7, -0.3, 0.4]; // 3x2 constant

function matMulJs(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, m: number): number[] {
  const out = new Array<number>(n * m).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) for (let l = 0; l < k; l++) out[i * m + j]! += a[i * k + l]! * b[l * m + j]!;
  return out;
}

/** conv1d, 'valid' padding, stride 1: x [W, Cin], f [K, Cin, Cout] → [W-K+1, Cout]. */
function conv1dJs(
  x: ArrayLike<number>,
  f: ArrayLike<number>,
  w: number,
  cin: number,
  k: number,
  cout: number,
) {
  const out: number[] = [];
  for (let p = 0; p + k <= w; p++)
    for (let o = 0; o < cout; o++) {
      let s = 0;
      for (let q = 0; q < k; q++)
        for (let c = 0; c < cin; c++) s += x[(p + q) * cin + c]! * f[(q * cin + c) * cout + o]!;
      out.push(s);
    }
  return out;
}

const CONV_X = [0.3, -0.6, 0.9, 0.2, 0.5, -0.4, 0.1, 0.8, -0.7, 0.6]; // [1, 5, 2]
const CONV_F = [0.5, -0.2, 0.1, 0.7, -0.3, 0.4, 0.2, 0.6, -0.5, 0.3, 0.9, -0.1]; // [3, 2, 2]

/** The table (rows are independent; add one to cover a new op). */
export function gradOpTable(): GradOpRow[] {
  const act = (n: string) => activations.get(n);
  return [
    // activations (the registry entries the packages use)
    unary("tanh", act("tanh"), Math.tanh),
    unary("sin", act("sin"), Math.sin),
    unary("cos", act("cos"), Math.cos),
    unary("sigmoid", act("sigmoid"), sigmoid),
    unary("softplus", act("softplus"), softplus),
    unary("gelu", act("gelu"), gelu),
    unary("swish", act("swish"), (x) => x * sigmoid(x)),
    unary("elu", act("elu"), (x) => (x > 0 ? x : Math.expm1(x))),
    unary(
      "relu",
      (x) => tf.mul(act("relu")(x), tf.square(x)),
      (x) => Math.max(x, 0) * x * x,
    ),
    unary("selu", tf.selu, (x) => SELU_S * (x > 0 ? x : SELU_A * Math.expm1(x))),
    unary(
      "leakyRelu",
      (x) => tf.mul(tf.leakyRelu(x, 0.2), tf.square(x)),
      (x) => (x > 0 ? x : 0.2 * x) * x * x,
    ),
    unary(
      "relu6",
      (x) => tf.mul(tf.relu6(x), tf.square(x)),
      (x) => Math.min(Math.max(x, 0), 6) * x * x,
      [0.3, -0.6, 6.5],
    ),
    binary("prelu", tf.prelu, (a, b) => (a > 0 ? a : a * b), X3, [0.2, 0.3, -0.4], [3]),
    unary("logSigmoid (customGrad)", tf.logSigmoid, (x) => -softplus(-x)),
    // exp / log / powers
    unary("exp", tf.exp, Math.exp),
    unary("expm1", tf.expm1, Math.expm1),
    unary("log", tf.log, Math.log, POS3),
    unary("log1p", tf.log1p, Math.log1p, POS3),
    unary("sqrt", tf.sqrt, Math.sqrt, POS3),
    unary("rsqrt", tf.rsqrt, (x) => 1 / Math.sqrt(x), POS3),
    unary(
      "square",
      (x) => tf.sin(tf.square(x)),
      (x) => Math.sin(x * x),
    ),
    unary("reciprocal", tf.reciprocal, (x) => 1 / x, POS3),
    unary(
      "pow(x, 3)",
      (x) => tf.pow(x, 3),
      (x) => x ** 3,
    ),
    unary(
      "pow(x, 2.5)",
      (x) => tf.pow(x, 2.5),
      (x) => x ** 2.5,
      POS3,
    ),
    unary(
      "abs·x²",
      (x) => tf.mul(tf.abs(x), tf.square(x)),
      (x) => Math.abs(x) * x * x,
    ),
    unary(
      "neg",
      (x) => tf.sin(tf.neg(x)),
      (x) => Math.sin(-x),
    ),
    // trig / hyperbolic / special
    unary("tan", tf.tan, Math.tan),
    unary("atan", tf.atan, Math.atan),
    unary("asin", tf.asin, Math.asin, UNIT3),
    unary("acos", tf.acos, Math.acos, UNIT3),
    unary("sinh", tf.sinh, Math.sinh),
    unary("cosh", tf.cosh, Math.cosh),
    unary("asinh", tf.asinh, Math.asinh),
    unary("atanh", tf.atanh, Math.atanh, UNIT3),
    unary("acosh", tf.acosh, Math.acosh, [1.4, 2.1, 1.7]),
    unary("erf", tf.erf, erf),
    // binary elementwise (both operands differentiated; the broadcast rows check the reductions in the gradient)
    binary("add", tf.add, (a, b) => a + b, M23, [0.7, -0.1, 0.4], [2, 3]),
    binary("mul", tf.mul, (a, b) => a * b, M23, [0.7, -0.1, 0.4], [2, 3]),
    binary("sub", tf.sub, (a, b) => a - b, X3, [0.7, -0.1, 0.4], [3]),
    binary("div", tf.div, (a, b) => a / b, M23, [0.7, 1.1, 0.4], [2, 3]),
    binary("pow(a, b)", tf.pow, (a, b) => a ** b, [0.4, 1.3, 0.8, 0.6, 1.1, 0.9], [1.5, 2.2, 0.7], [2, 3]),
    binary("squaredDifference", tf.squaredDifference, (a, b) => (a - b) ** 2, X3, [0.7, -0.1, 0.4], [3]),
    binary("maximum", tf.maximum, Math.max, X3, [0.7, -0.1, 0.4], [3]),
    binary("minimum", tf.minimum, Math.min, X3, [0.7, -0.1, 0.4], [3]),
    binary("atan2", tf.atan2, Math.atan2, X3, [0.7, -0.5, 0.4], [3]),
    // add with a broadcast bias written as `add` inside a nonlinearity (MLP layer)
    binary(
      "add+tanh (broadcast)",
      (a, b) => tf.tanh(tf.add(a, b)),
      (a, b) => Math.tanh(a + b),
      M23,
      [0.7, -0.1, 0.4],
      [2, 3],
    ),
    // linear algebra
    structural(
      "matMul (x·W)",
      M23,
      [2, 3],
      (x) => tf.matMul(x, tf.tensor2d(W32, [3, 2])),
      (x) => matMulJs(x, W32, 2, 3, 2),
    ),
    structural(
      "matMul (a·b, both from x)",
      [...M23, ...W32],
      [12],
      (x) => tf.matMul(tf.reshape(tf.slice(x, [0], [6]), [2, 3]), tf.reshape(tf.slice(x, [6], [6]), [3, 2])),
      (x) => matMulJs(x.subarray(0, 6), x.subarray(6), 2, 3, 2),
    ),
    structural(
      "matMul transposeB",
      M23,
      [2, 3],
      (x) => tf.matMul(x, tf.tensor2d(W32, [2, 3]), false, true),
      (x) => matMulJs(x, [0.5, 0.7, -0.2, -0.3, 0.1, 0.4], 2, 3, 2),
    ),
    structural(
      "batched matMul",
      [...M23, ...W32],
      [2, 2, 3],
      (x) => tf.matMul(x, tf.tensor3d([...W32, ...W32.map((w) => -w)], [2, 3, 2])),
      (x) => [
        ...matMulJs(x.subarray(0, 6), W32, 2, 3, 2),
        ...matMulJs(
          x.subarray(6),
          W32.map((w) => -w),
          2,
          3,
          2,
        ),
      ],
    ),
    structural(
      "conv1d (w.r.t. input)",
      CONV_X,
      [1, 5, 2],
      (x) => tf.conv1d(x as tf.Tensor3D, tf.tensor3d(CONV_F, [3, 2, 2]), 1, "valid"),
      (x) => conv1dJs(x, CONV_F, 5, 2, 3, 2),
    ),
    structural(
      "conv1d (w.r.t. filter)",
      CONV_F,
      [3, 2, 2],
      (f) => tf.conv1d(tf.tensor3d(CONV_X, [1, 5, 2]), f as tf.Tensor3D, 1, "valid"),
      (f) => conv1dJs(CONV_X, f, 5, 2, 3, 2),
    ),
    // reductions
    structural(
      "sum",
      M23,
      [2, 3],
      (x) => tf.sum(x, 1),
      (x) => [x[0]! + x[1]! + x[2]!, x[3]! + x[4]! + x[5]!],
    ),
    structural(
      "mean",
      M23,
      [2, 3],
      (x) => tf.mean(x, 0),
      (x) => [0, 1, 2].map((j) => (x[j]! + x[3 + j]!) / 2),
    ),
    structural(
      "max",
      M23,
      [2, 3],
      (x) => tf.max(x, 1),
      (x) => [Math.max(x[0]!, x[1]!, x[2]!), Math.max(x[3]!, x[4]!, x[5]!)],
    ),
    structural(
      "min",
      M23,
      [2, 3],
      (x) => tf.min(x, 1),
      (x) => [Math.min(x[0]!, x[1]!, x[2]!), Math.min(x[3]!, x[4]!, x[5]!)],
    ),
    structural(
      "logSumExp",
      M23,
      [2, 3],
      (x) => tf.logSumExp(x, 1),
      (x) => [lse(x.subarray(0, 3)), lse(x.subarray(3))],
    ),
    structural(
      "prod",
      X3,
      [3],
      (x) => tf.prod(x),
      (x) => [x[0]! * x[1]! * x[2]!],
    ),
    structural(
      "cumsum",
      X3,
      [3],
      (x) => tf.cumsum(x),
      (x) => [x[0]!, x[0]! + x[1]!, x[0]! + x[1]! + x[2]!],
    ),
    structural(
      "softmax",
      X3,
      [3],
      (x) => tf.softmax(x),
      (x) => {
        const e = Array.from(x, Math.exp);
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      },
    ),
    structural(
      "logSoftmax (customGrad)",
      X3,
      [3],
      (x) => tf.logSoftmax(x),
      (x) => {
        const l = Math.log(Array.from(x, Math.exp).reduce((a, b) => a + b, 0));
        return Array.from(x, (v) => v - l);
      },
    ),
    structural(
      "norm",
      X3,
      [3],
      (x) => tf.reshape(tf.norm(x), [1]),
      (x) => [Math.hypot(...x)],
    ),
    // indexing and shape ops
    structural(
      "gather",
      X3,
      [3],
      (x) => tf.gather(x, tf.tensor1d([2, 0, 2, 1], "int32")),
      (x) => [x[2]!, x[0]!, x[2]!, x[1]!],
    ),
    structural(
      "slice",
      M23,
      [2, 3],
      (x) => tf.slice(x, [0, 1], [2, 2]),
      (x) => [x[1]!, x[2]!, x[4]!, x[5]!],
    ),
    structural(
      "concat",
      X3,
      [3],
      (x) => tf.concat([x, tf.mul(x, 2)], 0),
      (x) => [...x, ...Array.from(x, (v) => 2 * v)],
    ),
    structural(
      "stack",
      X3,
      [3],
      (x) => tf.stack([x, tf.square(x)], 1),
      (x) => Array.from(x).flatMap((v) => [v, v * v]),
    ),
    structural(
      "unstack",
      M23,
      [2, 3],
      (x) => tf.mul(tf.unstack(x)[1]!, tf.unstack(x)[0]!),
      (x) => [0, 1, 2].map((j) => x[j]! * x[3 + j]!),
    ),
    structural(
      "split",
      M23,
      [6],
      (x) => tf.concat(tf.split(x, [2, 4]).slice().reverse(), 0),
      (x) => [...x.subarray(2), x[0]!, x[1]!],
    ),
    structural(
      "reshape",
      M23,
      [2, 3],
      (x) => tf.reshape(x, [3, 2]),
      (x) => Array.from(x),
    ),
    structural(
      "transpose",
      M23,
      [2, 3],
      (x) => tf.transpose(x),
      (x) => [x[0]!, x[3]!, x[1]!, x[4]!, x[2]!, x[5]!],
    ),
    structural(
      "tile",
      X3,
      [3],
      (x) => tf.tile(x, [2]),
      (x) => [...x, ...x],
    ),
    structural(
      "reverse",
      X3,
      [3],
      (x) => tf.reverse(x),
      (x) => [x[2]!, x[1]!, x[0]!],
    ),
    structural(
      "pad",
      X3,
      [3],
      (x) => tf.pad(x, [[1, 2]], 0.5),
      (x) => [0.5, ...x, 0.5, 0.5],
    ),
    structural(
      "mirrorPad reflect",
      X3,
      [3],
      (x) => tf.mirrorPad(x, [[1, 2]], "reflect"),
      (x) => [x[1]!, ...x, x[1]!, x[0]!],
    ),
    structural(
      "mirrorPad symmetric (2-D)",
      M23,
      [2, 3],
      (x) =>
        tf.mirrorPad(
          x,
          [
            [1, 0],
            [2, 1],
          ],
          "symmetric",
        ),
      (x) => {
        const row = (r: number) => [
          x[3 * r + 1]!,
          x[3 * r]!,
          x[3 * r]!,
          x[3 * r + 1]!,
          x[3 * r + 2]!,
          x[3 * r + 2]!,
        ];
        return [...row(0), ...row(0), ...row(1)];
      },
    ),
    structural(
      "expandDims+squeeze",
      X3,
      [3],
      (x) => tf.squeeze(tf.expandDims(x, 1)),
      (x) => Array.from(x),
    ),
    structural(
      "broadcastTo",
      X3,
      [3],
      (x) => tf.broadcastTo(x, [2, 3]),
      (x) => [...x, ...x],
    ),
    structural(
      "where",
      X3,
      [3],
      (x) => tf.where(tf.tensor1d([true, false, true], "bool"), tf.square(x), tf.sin(x)),
      (x) => [x[0]! ** 2, Math.sin(x[1]!), x[2]! ** 2],
    ),
    structural(
      "clipByValue",
      X3,
      [3],
      (x) => tf.mul(tf.clipByValue(x, -0.5, 0.5), x),
      (x) => Array.from(x, (v) => Math.min(0.5, Math.max(-0.5, v)) * v),
    ),
    structural(
      "cast+addN",
      X3,
      [3],
      (x) => tf.addN([x, tf.square(x), tf.cast(x, "float32")]),
      (x) => Array.from(x, (v) => 2 * v + v * v),
    ),
  ];
}
