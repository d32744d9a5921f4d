import { jacobian, mlp, prng, ready, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import ref from "../../test/fixtures/regularizers.json" with { type: "json" };
import { valueAndDivergence, valueAndJacobianRows } from "./field-derivatives.js";
import { regularizedOdeint } from "./regularized-odeint.js";

beforeAll(async () => {
  await ready();
});

describe("regularizedOdeint (Finlay et al. 2020)", () => {
  it("kinetic energy and Jacobian Frobenius integrals match the closed form of a scaled rotation", async () => {
    // A = [[−λ, ω], [−ω, −λ]] scales every row vector by √(λ²+ω²): ‖y(t)A‖² = ‖y0‖²(λ²+ω²)e^{−2λt}.
    const lam = 0.5;
    const om = 1.2;
    const T = 2;
    const A = tf.tensor2d([
      [-lam, om],
      [-om, -lam],
    ]);
    const y0 = tf.tensor2d([
      [1, 0],
      [0.3, -0.4],
    ]);
    const r = await expectNoLeaks(
      () =>
        regularizedOdeint((_t, y) => tf.matMul(y, A), y0, [0, 1, T], {
          jacobian: "exact",
          rtol: 1e-7,
          atol: 1e-9,
        }),
      { allow: 3 },
    );
    expect(r.ys.shape).toEqual([3, 2, 2]);
    const s = lam ** 2 + om ** 2;
    const ke = [1, 0.25].map((n2) => (n2 * s * (1 - Math.exp(-2 * lam * T))) / (2 * lam));
    // float32 quadrature state accumulated over ~50 dopri5 steps at rtol 1e-7: ~1e-6 relative.
    expectAllClose(r.kineticEnergy!, ke, { rtol: 1e-5, atol: 1e-6 });
    expectAllClose(r.jacobianFrobenius!, [2 * s * T, 2 * s * T], { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([A, y0, r.ys, r.kineticEnergy!, r.jacobianFrobenius!]);
  });

  it("matches the scipy quadrature of a non-normal linear field (test/fixtures/gen_regularizers.py)", () => {
    const A = tf.tensor2d(ref.A);
    const y0 = tf.tensor2d(ref.y0);
    const r = regularizedOdeint((_t, y) => tf.matMul(y, A), y0, [0, ref.T], {
      jacobian: "exact",
      method: "tsit5",
      rtol: 1e-7,
      atol: 1e-9,
    });
    // Same float32 budget as above; the reference is good to 1e-12.
    expectAllClose(r.kineticEnergy!, ref.kinetic, { rtol: 1e-5, atol: 1e-6 });
    expectAllClose(
      r.jacobianFrobenius!,
      ref.y0.map(() => ref.frobenius),
      { rtol: 1e-5, atol: 1e-6 },
    );
    expectAllClose(tf.slice(r.ys, [1, 0, 0], [1, 3, 2]).reshape([3, 2]), ref.yT, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([A, y0, r.ys, r.kineticEnergy!, r.jacobianFrobenius!]);
  });

  it("the Hutchinson Frobenius estimate is unbiased (128 probes within 4 standard errors)", () => {
    const A = tf.tensor2d(ref.A);
    const y0 = tf.tensor2d(Array.from({ length: 16 }, (_, i) => [Math.cos(i), Math.sin(i)]));
    const vals: number[] = [];
    for (let seed = 0; seed < 8; seed++) {
      const r = regularizedOdeint((_t, y) => tf.matMul(y, A), y0, [0, ref.T], {
        jacobian: "hutchinson",
        rng: prng(seed),
        kinetic: false,
        method: "rk4",
        dt0: ref.T / 4,
      });
      expect(r.kineticEnergy).toBeUndefined();
      vals.push(...r.jacobianFrobenius!.dataSync());
      tf.dispose([r.ys, r.jacobianFrobenius!]);
    }
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1));
    expect(sd).toBeGreaterThan(0.1); // a real estimator, not the exact value
    expect(Math.abs(mean - ref.frobenius)).toBeLessThan((4 * sd) / Math.sqrt(vals.length));
    // Rademacher probes give the same expectation.
    const r = regularizedOdeint((_t, y) => tf.matMul(y, A), y0, [0, ref.T], {
      jacobian: "hutchinson",
      probe: "rademacher",
      rng: prng(1),
      method: "rk4",
      dt0: ref.T / 4,
    });
    const rv = Array.from(r.jacobianFrobenius!.dataSync());
    const rm = rv.reduce((a, b) => a + b, 0) / rv.length;
    const rsd = Math.sqrt(rv.reduce((a, b) => a + (b - rm) ** 2, 0) / (rv.length - 1));
    expect(Math.abs(rm - ref.frobenius)).toBeLessThan((4 * rsd) / Math.sqrt(rv.length) + 1e-4);
    tf.dispose([A, y0, r.ys, r.kineticEnergy!, r.jacobianFrobenius!]);
  });

  it.each(["exact", "hutchinson"] as const)(
    "gradients of a regularised loss agree between backprop and the adjoint (%s)",
    async (jac) => {
      const net = mlp({ inputs: 2, hidden: [8], outputs: 2, activation: "tanh", seed: 4 });
      type P = typeof net.params;
      const y0 = tf.tensor2d([
        [0.5, -0.3],
        [0.1, 0.9],
        [-0.7, 0.2],
      ]);
      const lossWith = (adjoint: boolean) => (p: P) => {
        const r = regularizedOdeint((_t, y, q: P) => net.apply(q, y), y0, [0, 0.5], {
          params: p,
          adjoint,
          jacobian: jac,
          rng: prng(7),
          method: "rk4",
          dt0: 0.125,
        });
        return tf.addN([
          tf.sum(tf.square(r.ys)),
          tf.mul(tf.mean(r.kineticEnergy!), 0.5),
          tf.mul(tf.mean(r.jacobianFrobenius!), 0.1),
        ]);
      };
      const gb = valueAndGrad(lossWith(false))(net.params);
      const ga = await expectNoLeaks(() => valueAndGrad(lossWith(true))(net.params), { allow: 5 });
      expect(Math.abs(ga.value.dataSync()[0]! - gb.value.dataSync()[0]!)).toBeLessThan(1e-5);
      // Backprop differentiates the RK4 solution, the adjoint discretises the adjoint ODE: they differ by O(h⁴)
      // ≈ 1e-4 relative at h = 1/8, which the tolerances cover along with float32 rounding.
      for (const [i, layer] of gb.grad.layers.entries()) {
        expectAllClose(ga.grad.layers[i]!.w, layer.w, { rtol: 2e-3, atol: 2e-4 });
        expectAllClose(ga.grad.layers[i]!.b, layer.b, { rtol: 2e-3, atol: 2e-4 });
      }
      tf.dispose([gb.value, ga.value, y0]);
      treeDispose([gb.grad, ga.grad, net.params] as never);
    },
  );

  it("rejects bad options naming the argument", () => {
    const y = tf.ones([2, 2]);
    const f = (_t: number, z: tf.Tensor) => z;
    expect(() => regularizedOdeint(f, y, [0, 1], { jacobian: "hutchinson" })).toThrow(
      /options.rng .* is required with jacobian 'hutchinson'/,
    );
    expect(() => regularizedOdeint(f, y, [0, 1], { jacobian: "trace" as never })).toThrow(
      /options.jacobian must be 'exact', 'hutchinson' or false, received 'trace'/,
    );
    expect(() => regularizedOdeint(f, tf.ones([2, 2, 2]), [0, 1], { jacobian: "exact" })).toThrow(
      /jacobian 'exact' needs y0 of shape \[N, d\], received \[2, 2, 2\]/,
    );
    expect(() =>
      regularizedOdeint(f, y, [0, 1], { jacobian: "hutchinson", rng: prng(0), probe: "sphere" as never }),
    ).toThrow(/options.probe must be 'normal' or 'rademacher', received 'sphere'/);
    y.dispose();
  });
});

describe("field derivatives from one forward pass", () => {
  it("Jacobian rows and divergence match core-tensor's jacobian of an MLP", async () => {
    const net = mlp({ inputs: 3, hidden: [8], outputs: 3, activation: "tanh", seed: 2 });
    const x = tf.tensor2d([
      [0.1, -0.2, 0.3],
      [0.5, 0.4, -0.6],
    ]);
    const F = (z: tf.Tensor) => net.apply(net.params, z);
    const { value, rows } = await expectNoLeaks(() => valueAndJacobianRows(F, x), { allow: 2 });
    const J = jacobian(F, x); // [N, m, d]
    expectAllClose(rows, tf.transpose(J, [1, 0, 2]), { rtol: 1e-5, atol: 1e-6 });
    expectAllClose(value, F(x), { rtol: 1e-6, atol: 1e-7 });
    const { divergence } = valueAndDivergence(F, x);
    const Jarr = J.arraySync() as number[][][];
    const tr = Jarr.map((Jn) => [0, 1, 2].reduce((s, i) => s + Jn[i]![i]!, 0));
    expectAllClose(divergence, tr, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([x, value, rows, J, divergence]);
    treeDispose(net.params);
  });
});
