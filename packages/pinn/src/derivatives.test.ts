import { jetMlp, mlp, ready, tf } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { derivatives, type TaylorFieldFn } from "./derivatives.js";

beforeAll(async () => {
  await ready();
});

// u(x, t) = sin(2x)·exp(−t/2) + x³t², v(x, t) = cos(x + t).
const field = (z: tf.Tensor) =>
  tf.tidy(() => {
    const n = z.shape[0]!;
    const x = tf.reshape(tf.slice(z, [0, 0], [n, 1]), [n, 1]);
    const t = tf.reshape(tf.slice(z, [0, 1], [n, 1]), [n, 1]);
    const u = tf.add(
      tf.mul(tf.sin(tf.mul(x, 2)), tf.exp(tf.mul(t, -0.5))),
      tf.mul(tf.pow(x, 3), tf.square(t)),
    );
    return tf.concat([u, tf.cos(tf.add(x, t))], 1);
  });
const xs = [0.1, -0.4, 0.7, 0.3];
const ts = [0.2, 0.5, 0.9, 0.05];
const analytic = {
  u_x: (x: number, t: number) => 2 * Math.cos(2 * x) * Math.exp(-t / 2) + 3 * x * x * t * t,
  u_xx: (x: number, t: number) => -4 * Math.sin(2 * x) * Math.exp(-t / 2) + 6 * x * t * t,
  u_xxx: (x: number, t: number) => -8 * Math.cos(2 * x) * Math.exp(-t / 2) + 6 * t * t,
  u_t: (x: number, t: number) => -0.5 * Math.sin(2 * x) * Math.exp(-t / 2) + 2 * x ** 3 * t,
  u_xt: (x: number, t: number) => -Math.cos(2 * x) * Math.exp(-t / 2) + 6 * x * x * t,
  v_tt: (x: number, t: number) => -Math.cos(x + t),
};

describe("derivatives (nested grad)", () => {
  it("equals analytic derivatives up to third order, mixed included", () => {
    tf.tidy(() => {
      const x = tf.tensor2d(
        xs.flatMap((v, i) => [v, ts[i]!]),
        [4, 2],
      );
      const eng = derivatives(field, x, { vars: ["x", "t"], outputs: ["u", "v"] });
      const ref = (f: (x: number, t: number) => number) => xs.map((v, i) => f(v, ts[i]!));
      // float32 evaluation of O(1) quantities through three nested passes: 1e-4 relative + 1e-5 absolute.
      const tol = { rtol: 1e-4, atol: 1e-5 };
      expectAllClose(eng.d("u", "x"), ref(analytic.u_x), tol);
      expectAllClose(eng.d("u", "x", "x"), ref(analytic.u_xx), tol);
      expectAllClose(eng.d(0, "x", "x", "x"), ref(analytic.u_xxx), { rtol: 1e-3, atol: 1e-4 });
      expectAllClose(eng.d("u", "t"), ref(analytic.u_t), tol);
      expectAllClose(eng.d("u", "t", "x"), ref(analytic.u_xt), tol);
      expectAllClose(eng.d("v", "t", "t"), ref(analytic.v_tt), tol);
    });
  });

  it("computes each derivative once per batch (cached, shared rows)", () => {
    tf.tidy(() => {
      const x = tf.tensor2d([0.1, 0.2, 0.3, 0.4], [2, 2]);
      const eng = derivatives(field, x, { vars: ["x", "t"], outputs: ["u", "v"] });
      const a = eng.d("u", "x");
      eng.d("u", "t"); // same gradient row as u_x
      expect(eng.passes).toBe(1);
      expect(eng.d("u", "x")).toBe(a);
      eng.d("u", "x", "x");
      eng.d("u", "x", "t"); // shares the pass of u_xx
      eng.d("u", "t", "x");
      expect(eng.passes).toBe(2);
      expect(eng.requested.map((r) => r.join(","))).toEqual(["0", "1", "0,0", "0,1"]);
    });
  });

  it("Taylor mode (jet) gives the same derivatives in one pass", () => {
    const net = mlp({ inputs: 2, hidden: [8, 8], outputs: 2, seed: 1 });
    const f = (z: tf.Tensor) => net.apply(net.params, z);
    const taylor: TaylorFieldFn = (x, dirs, orders) => jetMlp(net, net.params, x, dirs, orders);
    tf.tidy(() => {
      const x = tf.tensor2d([0.1, 0.2, -0.3, 0.4, 0.5, -0.6], [3, 2]);
      const ref = derivatives(f, x, { vars: ["x", "t"] });
      const plan = [[0], [1], [0, 0], [0, 1], [1, 1, 1]];
      const eng = derivatives(f, x, { vars: ["x", "t"], taylor, plan });
      expect(eng.method).toBe("jet");
      for (const idx of plan) {
        const names = idx.map((j) => ["x", "t"][j]!);
        expectAllClose(eng.d(1, ...names), ref.d(1, ...names), { rtol: 1e-4, atol: 1e-5 });
      }
      expect(eng.passes).toBe(0);
    });
  });

  it("does not leak", async () => {
    await expectNoLeaks(() => {
      tf.tidy(() => {
        const x = tf.tensor2d([0.1, 0.2], [1, 2]);
        const eng = derivatives(field, x, { vars: ["x", "t"], outputs: ["u", "v"] });
        eng.d("u", "x", "x");
      });
    });
  });

  it("errors name the problem's variables and outputs", () => {
    tf.tidy(() => {
      const x = tf.tensor2d([0.1, 0.2], [1, 2]);
      const eng = derivatives(field, x, { vars: ["x", "t"], outputs: ["u", "v"] });
      expect(() => eng.d("u", "y")).toThrow("d: unknown variable 'y'; the problem's variables are x, t");
      expect(() => eng.d("w", "x")).toThrow("d: unknown output 'w'; outputs are u, v");
      expect(() => eng.d(eng.values, "x")).toThrow(/u has 2 components \[u, v\]/);
      expect(() => eng.d(tf.scalar(1), "x")).toThrow(/target must be the network output/);
      expect(() => derivatives(field, x, { vars: ["x"] })).toThrow(/1 variable names for x with 2 columns/);
    });
  });
});
