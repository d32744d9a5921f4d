import { describe, expect, it } from "vitest";
import { activations, fourierFeatures, mlp, resnetMlp, siren, tf, treeDispose, treeSize } from "../index.js";
import { expectAllClose, expectNoLeaks } from "../testing/index.js";

describe("modules", () => {
  it.each([
    ["mlp", () => mlp({ inputs: 2, hidden: [16, 16], outputs: 3, activation: "gelu", seed: 0 }), 2, 3],
    ["siren", () => siren({ inputs: 2, hidden: [16], outputs: 1, seed: 0 }), 2, 1],
    ["resnetMlp", () => resnetMlp({ inputs: 3, width: 8, blocks: 2, outputs: 2, seed: 0 }), 3, 2],
    ["fourierFeatures", () => fourierFeatures({ inputs: 2, features: 5, seed: 0 }), 2, 10],
  ] as const)("%s keeps shapes and leaks nothing", async (_n, make, din, dout) => {
    const m = make();
    const x = tf.ones([7, din]);
    const y = await expectNoLeaks(() => m.apply(m.params as never, x), { allow: 1 });
    expect(y.shape).toEqual([7, dout]);
    tf.dispose([x, y]);
    treeDispose(m.params as never);
  });
  it("is deterministic given the seed and has the stated parameter count", () => {
    const a = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, seed: 3 });
    const b = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, seed: 3 });
    expect(treeSize(a.params)).toBe(2 * 50 + 50 + 3 * (50 * 50 + 50) + 50 + 1);
    expectAllClose(a.params.layers[2]!.w, b.params.layers[2]!.w, { rtol: 0, atol: 0 });
  });
  it("gelu matches its closed form", () => {
    const x = 0.7;
    const g = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    expectAllClose(activations.get("gelu")(tf.scalar(x)), g, { rtol: 1e-6 });
  });
  it("rejects bad options and inputs naming the argument", () => {
    expect(() => mlp({ inputs: 0, hidden: [], outputs: 1 })).toThrow(
      /mlp: options.inputs must be a positive integer/,
    );
    expect(() => mlp({ inputs: 1, hidden: [2], outputs: 1, activation: "nope" })).toThrow(
      /unknown activation 'nope'; known: tanh/,
    );
    const m = mlp({ inputs: 2, hidden: [4], outputs: 1 });
    expect(() => m.apply(m.params, tf.ones([3, 5]))).toThrow(
      /mlp.apply: x must have shape \[N, 2\], received \[3, 5\]/,
    );
  });
  it("siren rejects a zero, negative or NaN omega0 instead of building Infinity/NaN weights", async () => {
    for (const omega0 of [0, -30, Number.NaN, Number.POSITIVE_INFINITY])
      await expectNoLeaks(() =>
        expect(() => siren({ inputs: 1, hidden: [4], outputs: 1, omega0 })).toThrow(
          /siren: options.omega0 must be a finite number > 0/,
        ),
      );
    // hidden given as a number used to fail with "options.hidden.entries is not a function"
    expect(() => siren({ inputs: 1, hidden: 4 as never, outputs: 1 })).toThrow(
      /siren: options.hidden must be an array of layer widths/,
    );
    expect(() => fourierFeatures({ inputs: 2, features: 4, scale: Number.POSITIVE_INFINITY })).toThrow(
      /fourierFeatures: options.scale must be a finite number > 0, received Infinity/,
    );
  });
});
