import { beforeAll, describe, expect, it } from "vitest";
import {
  fourierFeatures,
  grad,
  Jet,
  jet,
  jetMlp,
  jetOps,
  mlp,
  prng,
  ready,
  resnetMlp,
  siren,
  taylor,
  tf,
  treeDispose,
  treeLeaves,
} from "./index.js";
import { expectAllClose, expectNoLeaks } from "./testing/index.js";

// Reference: nested reverse-mode derivatives (gradients re-registered, gradcheck-table verified to third order).
// Both paths are float32 with O(1) values; they agree to ~1e-6, so the 1e-5 is the tolerance.
const TOL = { rtol: 1e-5, atol: 1e-5 };

/** d^k/dt^k of u(x + t v) per sample, by nested tf.grad w.r.t. a per-sample t (rows are independent). */
function nestedDirectional(
  u: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  v: tf.Tensor,
  order: number,
): tf.Tensor[] {
  return tf.tidy(() => {
    const n = x.shape[0]!;
    const out: tf.Tensor[] = [];
    let g = (t: tf.Tensor) => tf.reshape(u(tf.add(x, tf.mul(t, v))), [n]);
    out.push(g(tf.zeros([n, 1])));
    for (let k = 1; k <= order; k++) {
      const prev = g;
      g = (t: tf.Tensor) => tf.reshape(tf.grad((s: tf.Tensor) => tf.sum(prev(s)))(t), [n]);
      out.push(g(tf.zeros([n, 1])));
    }
    return out;
  });
}

describe("jet (Taylor mode)", () => {
  beforeAll(async () => {
    await ready({ backend: "wasm" });
  });

  it.each(["tanh", "sin", "cos", "sigmoid", "softplus", "gelu", "swish", "elu", "relu"])(
    "mlp with %s: u and 3 directional derivatives equal nested grads to 1e-5",
    async (activation) => {
      const net = mlp({ inputs: 2, hidden: [12, 12], outputs: 1, activation, seed: 4 });
      expect(typeof net.applyJet).toBe("function");
      const x = prng(1).uniform([6, 2], { min: -1, max: 1 });
      const v = prng(2).normal([6, 2]);
      const u = (z: tf.Tensor) => net.apply(net.params, z);
      const got = await expectNoLeaks(() => jetMlp(net, net.params, x, v, 3), { allow: 4 });
      const ref = nestedDirectional(u, x, v, 3);
      got.forEach((g, k) => {
        expectAllClose(tf.reshape(g, [6]), ref[k]!, { ...TOL, message: `order ${k}` });
      });
      tf.dispose([...got, ...ref, x, v]);
      treeDispose(net.params);
    },
  );

  it("siren, resnetMlp and fourierFeatures carry Taylor rules that match nested grads", () => {
    const x = prng(3).uniform([5, 2], { min: -1, max: 1 });
    const v = prng(4).normal([5, 2]);
    const ff = fourierFeatures({ inputs: 2, features: 3, seed: 0 });
    const mods = [
      siren({ inputs: 2, hidden: [8], outputs: 1, omega0: 3, seed: 0 }),
      resnetMlp({ inputs: 2, width: 6, blocks: 1, outputs: 1, seed: 0 }),
    ];
    for (const m of mods) {
      const got = jetMlp(m as never, m.params as never, x, v, 2);
      const ref = nestedDirectional((z) => m.apply(m.params as never, z), x, v, 2);
      got.forEach((g, k) => {
        expectAllClose(tf.reshape(g, [5]), ref[k]!, TOL);
      });
      tf.dispose([...got, ...ref]);
    }
    const got = jetMlp(ff, ff.params, x, v, 2);
    for (let c = 0; c < 6; c++) {
      const ref = nestedDirectional((z) => tf.slice(ff.apply(ff.params, z), [0, c], [-1, 1]), x, v, 2);
      got.forEach((g, k) => {
        expectAllClose(tf.reshape(tf.slice(g, [0, c], [-1, 1]), [5]), ref[k]!, { rtol: 1e-5, atol: 2e-5 });
      });
      tf.dispose(ref);
    }
    tf.dispose([...got, x, v]);
  });

  it("PINN: u, u_x, u_xx, u_t in one pass from a 4x50 tanh mlp (shared primal)", () => {
    const net = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, seed: 0 });
    const n = 16;
    const xt = prng(5).uniform([n, 2], { min: -1, max: 1 });
    const ex = tf.tile(tf.tensor2d([[1, 0]]), [n, 1]);
    const et = tf.tile(tf.tensor2d([[0, 1]]), [n, 1]);
    const r = jetMlp(net, net.params, xt, [ex, et], [2, 1]);
    const [[ux, uxx], [ut]] = r.derivatives as [[tf.Tensor, tf.Tensor], [tf.Tensor]];
    expect(r.derivatives.map((d) => d.length)).toEqual([2, 1]);
    const u = (z: tf.Tensor) => net.apply(net.params, z);
    const g = grad((z: tf.Tensor) => tf.sum(u(z)))(xt);
    const gxx = grad((z: tf.Tensor) =>
      tf.sum(tf.slice(grad((w: tf.Tensor) => tf.sum(u(w)))(z), [0, 0], [-1, 1])),
    )(xt);
    expectAllClose(r.value, u(xt), TOL);
    expectAllClose(ux, tf.slice(g, [0, 0], [-1, 1]), TOL);
    expectAllClose(ut, tf.slice(g, [0, 1], [-1, 1]), TOL);
    expectAllClose(uxx, tf.slice(gxx, [0, 0], [-1, 1]), TOL);
    tf.dispose([xt, ex, et, r.value, ux, uxx, ut, g, gxx]);
    treeDispose(net.params);
  });

  it("gradients of jet outputs w.r.t. the parameters equal those through nested grads", () => {
    const net = mlp({ inputs: 2, hidden: [10, 10], outputs: 1, seed: 2 });
    const n = 8;
    const xt = prng(6).uniform([n, 2], { min: -1, max: 1 });
    const ex = tf.tile(tf.tensor2d([[1, 0]]), [n, 1]);
    const et = tf.tile(tf.tensor2d([[0, 1]]), [n, 1]);
    const nu = 0.01 / Math.PI;
    // Burgers residual r = u_t + u u_x − ν u_xx.
    const lossJet = (p: typeof net.params) =>
      tf.tidy(() => {
        const { value: u, derivatives } = jetMlp(net, p, xt, [ex, et], [2, 1]);
        const [[ux, uxx], [ut]] = derivatives as [[tf.Tensor, tf.Tensor], [tf.Tensor]];
        return tf.mean(tf.square(tf.sub(tf.add(ut, tf.mul(u, ux)), tf.mul(nu, uxx))));
      });
    const lossNested = (p: typeof net.params) =>
      tf.tidy(() => {
        const u = (z: tf.Tensor) => net.apply(p, z);
        const g = grad((z: tf.Tensor) => tf.sum(u(z)))(xt);
        const ux = tf.slice(g, [0, 0], [-1, 1]);
        const ut = tf.slice(g, [0, 1], [-1, 1]);
        const uxx = tf.slice(
          grad((z: tf.Tensor) => tf.sum(tf.slice(grad((w: tf.Tensor) => tf.sum(u(w)))(z), [0, 0], [-1, 1])))(
            xt,
          ),
          [0, 0],
          [-1, 1],
        );
        return tf.mean(tf.square(tf.sub(tf.add(ut, tf.mul(u(xt), ux)), tf.mul(nu, uxx))));
      });
    const a = grad(lossJet)(net.params);
    const b = grad(lossNested)(net.params);
    const la = treeLeaves(a);
    const lb = treeLeaves(b);
    la.forEach((t, i) => {
      expectAllClose(t, lb[i]!, TOL);
    });
    tf.dispose([...la, ...lb, xt, ex, et]);
    treeDispose(net.params);
  });

  it("taylor() functions: div, log, sqrt, pow, exp, sub, square against closed forms", () => {
    const f = taylor((x) =>
      jetOps.add(
        jetOps.div(jetOps.log(jetOps.add(x, 2)), jetOps.sqrt(jetOps.add(jetOps.square(x), 1))),
        jetOps.sub(jetOps.mul(jetOps.pow(x, -2), 0.1), jetOps.exp(jetOps.neg(x))),
      ),
    );
    const x0 = [0.7, -0.4];
    const x = tf.tensor(x0);
    const v = tf.tensor([1, 1]);
    const out = jet(f, x, v, 4);
    // float64 Taylor coefficients by finite differences of the closed form would be noisy at order 4; compare
    // with nested reverse mode instead (an independent path through different kernels).
    const g = (z: tf.Tensor) =>
      tf.add(
        tf.div(tf.log(tf.add(z, 2)), tf.sqrt(tf.add(tf.square(z), 1))),
        tf.sub(tf.mul(tf.pow(z, -2), 0.1), tf.exp(tf.neg(z))),
      );
    const ref: tf.Tensor[] = [g(x)];
    let h = g;
    for (let k = 1; k <= 4; k++) {
      const prev = h;
      h = (z: tf.Tensor) => tf.grad((s: tf.Tensor) => tf.sum(prev(s)))(z);
      ref.push(h(x));
    }
    // Fourth derivatives of 0.1/x² reach ~1e3 at x=-0.4: relative tolerance 1e-5 of that scale.
    out.forEach((o, k) => {
      expectAllClose(o, ref[k]!, { rtol: 2e-5, atol: 1e-5 });
    });
    expectAllClose(f(x), ref[0]!, TOL);
    tf.dispose([...out, ...ref, x, v]);
  });

  it("plain functions fall back to nested jvp and give the same numbers", () => {
    const x = tf.tensor2d([[0.2, -0.3]]);
    const v = tf.tensor2d([[0.5, 1]]);
    const fTaylor = taylor((z) => jetOps.sum(jetOps.tanh(jetOps.mul(z, z)), 1));
    const fPlain = (z: tf.Tensor) => tf.sum(tf.tanh(tf.mul(z, z)), 1);
    const a = jet(fTaylor, x, v, 3);
    const b = jet(fPlain, x, v, 3);
    a.forEach((t, k) => {
      expectAllClose(t, b[k]!, TOL);
    });
    tf.dispose([...a, ...b, x, v]);
  });

  it("leaks nothing and validates its arguments, naming them", async () => {
    const f = taylor((z) => jetOps.tanh(z));
    const x = tf.ones([2, 2]);
    const out = await expectNoLeaks(
      () =>
        jet(
          f,
          x,
          tf.tidy(() => tf.onesLike(x)),
          2,
        ),
      { allow: 4 },
    );
    tf.dispose(out);
    expect(() => jet(f, x, tf.ones([3]), 2)).toThrow(/jet: v must have shape \[2, 2\], received \[3\]/);
    expect(() => jet(f, x, x, 1.5)).toThrow(/jet: order must be an integer in \[0, 8\], received 1.5/);
    expect(() => jet(f, x, [x, x], [1])).toThrow(/order has 1 entries but there are 2 directions/);
    expect(() => jet(f, tf.ones([2], "int32"), tf.ones([2], "int32"), 1)).toThrow(
      /x must have dtype float32/,
    );
    expect(() => jetOps.pow(new Jet([x], 1), 0.5)).toThrow(/exponent must be an integer, received 0.5/);
    expect(() => jetOps.matMul(new Jet([x], 1), tf.ones([3, 1]))).toThrow(
      /a has 2 columns but w has shape \[3, 1\]/,
    );
    const custom = mlp({ inputs: 2, hidden: [3], outputs: 1, activation: (z) => tf.mul(z, z) });
    expect(custom.applyJet).toBeUndefined();
    expect(() => jetMlp(custom, custom.params, tf.ones([1, 3]), tf.ones([1, 3]), 1)).toThrow(
      /mlp.apply: x must have shape \[N, 2\]/,
    );
    const outs = jetMlp(custom, custom.params, x, x, 1); // fallback path
    expect(outs.length).toBe(2);
    tf.dispose([...outs, x]);
  });
});
