import { mlp, ready, tf } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "./geometry/box.js";
import { disk } from "./geometry/disk.js";
import { hardConstraint } from "./hard-constraint.js";
import { pde } from "./pde.js";
import { makeField, makeTaylor, type PlanSlot, residualVectors } from "./training/loss.js";

beforeAll(async () => {
  await ready();
});

describe("hardConstraint", () => {
  it.each([
    ["rectangle", rectangle([0, 0], [2, 1])],
    ["disk", disk([0, 0], 1)],
  ])("u = g + D·N equals g on the boundary of a %s (any network)", (_n, g) => {
    const net = mlp({ inputs: 2, hidden: [8], outputs: 1, seed: 3 });
    const value = (x: tf.Tensor) => tf.sin(tf.sum(x, 1));
    const T = hardConstraint({ geometry: g, value });
    const b = g.sampleBoundary(100, { method: "sobol" });
    tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(b.data), [b.n, 2]);
      const u = T(x, net.apply(net.params, x));
      const err = tf.max(tf.abs(tf.sub(tf.reshape(u, [-1]), value(x)))).dataSync()[0]!;
      // Exact up to float32 rounding of D on the boundary (coordinates rounded to float32: |D| ≲ 1e-7).
      expect(err).toBeLessThan(1e-6);
    });
  });

  it("frees its intermediates when called outside a training scope", async () => {
    const T = hardConstraint({ geometry: disk([0, 0], 1), value: (x) => tf.sum(x, 1) });
    const x = tf.tensor2d([0.1, 0.2, -0.3, 0.4], [2, 2]);
    const n = tf.tensor2d([1, 2], [2, 1]);
    await expectNoLeaks(() => {
      T(x, n).dispose();
    });
    x.dispose();
    n.dispose();
  });

  it("rejects missing distance", () => {
    expect(() => hardConstraint({} as never)).toThrow(
      "hardConstraint: pass options.geometry or options.distance",
    );
  });

  it("rejects bad values and components, naming the argument", () => {
    const geometry = disk([0, 0], 1);
    expect(() => hardConstraint({ geometry, value: Number.NaN })).toThrow(
      "hardConstraint: value must be a finite number or a tensor function, received NaN",
    );
    for (const components of [[], [0, 0], [-1], [0.5]])
      expect(() => hardConstraint({ geometry, components })).toThrow(
        `hardConstraint: components must be a non-empty array of distinct output indices (integers >= 0), received ${JSON.stringify(components)}`,
      );
    // An index beyond the network's outputs used to leave every output unconstrained, silently.
    const T = hardConstraint({ geometry, value: 1, components: [1] });
    tf.tidy(() => {
      const x = tf.tensor2d([1, 0], [1, 2]);
      expect(() => T(x, tf.tensor2d([5], [1, 1]))).toThrow(
        "hardConstraint: components has index 1 but the network has 1 output (indices 0…0)",
      );
      // With two outputs it constrains column 1 only: on the boundary (D = 0) u = [N₀, g].
      expect(Array.from(T(x, tf.tensor2d([5, 7], [1, 2])).dataSync())).toEqual([5, 1]);
    });
  });
});

describe("hardConstraint in Taylor mode", () => {
  it.each([
    ["g = 0", undefined, undefined],
    ["g = sin(x + y), component 1 only", (x: tf.Tensor) => tf.sin(tf.sum(x, 1)), [1]],
  ])("the Leibniz rule matches nested grads of the transformed field (%s)", async (_n, value, components) => {
    const geometry = rectangle([-1, -1], [1, 1]);
    const net = mlp({ inputs: 2, hidden: [8, 8], outputs: 2, seed: 5 });
    const problem = pde({
      geometry,
      outputs: ["u", "v"],
      // Uses u_xx, u_yy, v_x, v_xy and v_yyy: pure orders 1–3 and a mixed pair.
      residual: ({ d }) => [
        tf.add(d("u", "x", "x"), d("u", "y", "y")),
        tf.add(tf.mul(d("v", "x"), d("v", "x", "y")), d("v", "y", "y", "y")),
      ],
      transform: hardConstraint({
        geometry,
        ...(value ? { value } : {}),
        ...(components ? { components } : {}),
      }),
    });
    const pts = geometry.sampleInterior(16, { method: "sobol", seed: 1 });
    await expectNoLeaks(async () => {
      tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(pts.data), [pts.n, 2]);
        const field = makeField(problem, net, net.params);
        const params = problem.parameters.materialize();
        const nested = residualVectors(problem, field, x, params).values;
        const taylor = makeTaylor(problem, net, net.params);
        expect(taylor).toBeDefined();
        const slot: PlanSlot = {};
        residualVectors(problem, field, x, params, { taylor, slot }); // learns the plan
        const viaJet = residualVectors(problem, field, x, params, { taylor, slot }).values;
        nested.forEach((r, i) => {
          // float32 throughout; third derivatives of a tanh net through two different evaluation orders.
          expectAllClose(viaJet[i]!, r, { rtol: 1e-3, atol: 1e-4 });
        });
      });
    });
  });
});
