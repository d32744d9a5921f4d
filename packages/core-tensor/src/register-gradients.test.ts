import { describe, expect, it } from "vitest";
import { ready, tf } from "./index.js";
import { gradcheck } from "./testing/index.js";

// Analytic values in float64; float32 autodiff agrees to ~1e-6 relative, so rtol 1e-4 leaves margin for
// accumulated rounding in three nested reverse passes.
const third: [string, (x: tf.Tensor) => tf.Tensor, (x: number) => number][] = [
  [
    "tanh",
    (x) => tf.tanh(x),
    (x) => {
      const t = Math.tanh(x);
      return -2 * (1 - t * t) * (1 - 3 * t * t);
    },
  ],
  [
    "sigmoid",
    (x) => tf.sigmoid(x),
    (x) => {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s) * (1 - 6 * s + 6 * s * s);
    },
  ],
  ["exp", (x) => tf.exp(x), (x) => Math.exp(x)],
  [
    "softplus",
    (x) => tf.softplus(x),
    (x) => {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s) * (1 - 2 * s);
    },
  ],
  ["sin", (x) => tf.sin(x), (x) => -Math.cos(x)],
  ["pow3", (x) => tf.pow(x, 3), () => 6],
  ["elu", (x) => tf.elu(x), (x) => (x > 0 ? 0 : Math.exp(x))],
];

describe.each(["cpu", "wasm"])("higher-order gradients on %s (tfjs#3252)", (backend) => {
  it("initialises the backend", async () => {
    const info = await ready({ backend });
    expect(info.name).toBe(backend);
  });

  it.each(third)("third derivative of %s matches the analytic value", (_name, f, d3) => {
    const x0 = -0.4;
    const g3 = tf.grad(tf.grad(tf.grad((x: tf.Tensor) => tf.sum(f(x)))));
    const got = tf.tidy(() => g3(tf.scalar(x0)).dataSync()[0]!);
    expect(Math.abs(got - d3(x0))).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(d3(x0))));
  });

  it("d/dw of sum((d/dx tanh(w x))^2) matches the analytic value", () => {
    const xs = [0.3, -0.7, 1.1];
    const w0 = 0.8;
    const w = tf.variable(tf.scalar(w0));
    const x = tf.tensor1d(xs);
    const { value, grads } = tf.variableGrads(() => {
      const g = tf.grad((z: tf.Tensor) => tf.sum(tf.tanh(tf.mul(w, z))))(x);
      return tf.sum(tf.square(g)) as tf.Scalar;
    }, [w]);
    let expected = 0;
    for (const xv of xs) {
      const t = Math.tanh(w0 * xv);
      const s = 1 - t * t;
      expected += 2 * (w0 * s) * (s - 2 * w0 * xv * t * s);
    }
    expect(Math.abs(grads[w.name]!.dataSync()[0]! - expected)).toBeLessThan(1e-5);
    tf.dispose([value, grads[w.name]!, w, x]);
  });

  it("softmax derivatives up to third order agree with finite differences", () => {
    const x = tf.tensor1d([0.2, -0.5, 0.9]);
    gradcheck((z) => tf.sum(tf.mul(tf.softmax(z), tf.tensor1d([1, 2, 3]))), x, { order: 2 });
    gradcheck((z) => tf.sum(tf.mul(tf.softmax(z), tf.sin(z))), x, { order: 3 });
    x.dispose();
  });
});

describe("customGrad with savedOnly", () => {
  // f(x) = x³ with gradFunc 3·x²·dy from the saved x; `calls` counts forward runs.
  const cube = (calls: { n: number }, savedOnly: boolean) =>
    tf.customGrad((x, save) => {
      calls.n++;
      (save as (ts: tf.Tensor[]) => void)([x as tf.Tensor]);
      return {
        value: tf.pow(x as tf.Tensor, 3),
        savedOnly,
        gradFunc: (dy: tf.Tensor, [xs]: tf.Tensor[]) => tf.mul(dy, tf.mul(3, tf.square(xs!))),
      } as never;
    });

  it("a first-order backward after the input was disposed re-runs the forward only without savedOnly", async () => {
    await ready({ backend: "wasm" });
    for (const savedOnly of [false, true]) {
      const calls = { n: 0 };
      const op = cube(calls, savedOnly);
      const g = tf.grad((w: tf.Tensor) => {
        const x = tf.tidy(() => tf.mul(w, 2)); // the op's input, freed before the backward runs
        const y = op(x);
        x.dispose();
        return tf.sum(y);
      })(tf.tensor1d([1, -0.5]));
      // d/dw (2w)³ = 24 w²
      expect(Array.from(g.dataSync())).toEqual([24, 6]);
      expect(calls.n).toBe(savedOnly ? 1 : 2);
      g.dispose();
    }
  });

  it("stays right to second order (the forward is re-run on the tape)", async () => {
    await ready({ backend: "wasm" });
    const op = cube({ n: 0 }, true);
    const g2 = tf.grad((x: tf.Tensor) => tf.sum(tf.grad((z: tf.Tensor) => tf.sum(op(z)))(x)))(
      tf.tensor1d([0.5, 2]),
    );
    expect(Array.from(g2.dataSync())).toEqual([3, 12]); // d²/dx² x³ = 6x
    g2.dispose();
  });
});
