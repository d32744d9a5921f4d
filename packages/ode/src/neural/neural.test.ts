import { mlp, prng, ready, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { cnf } from "./cnf.js";
import { odeint, tensorOdeMethods } from "./odeint.js";
import { sdeint } from "./sdeint.js";

// Float64 matrix exponential (scaling and squaring + 20-term Taylor series): independent reference.
function expm(A: number[][]): number[][] {
  const norm = Math.max(...A.map((r) => r.reduce((s, v) => s + Math.abs(v), 0)));
  const sq = Math.max(0, Math.ceil(Math.log2(norm + 1e-300)) + 1);
  const S = A.map((r) => r.map((v) => v / 2 ** sq));
  const mul = (X: number[][], Y: number[][]) =>
    X.map((r, i) => Y[0]!.map((_, j) => r.reduce((s, _v, k) => s + X[i]![k]! * Y[k]![j]!, 0)));
  let E: number[][] = A.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  let term: number[][] = E;
  for (let k = 1; k <= 20; k++) {
    term = mul(term, S).map((r) => r.map((v) => v / k));
    E = E.map((r, i) => r.map((v, j) => v + term[i]![j]!));
  }
  for (let s = 0; s < sq; s++) E = mul(E, E);
  return E;
}

const A0 = [
  [-0.3, 0.8],
  [-0.6, -0.1],
];
const Y0 = [
  [1, 0.5],
  [-0.2, 0.7],
];
const W = [
  [0.3, -1],
  [0.8, 0.4],
];
const T1 = 1.5;

/** Closed-form gradients of L = Σ W ⊙ y(T) with y(T) = y0 · expm(A T) (row-vector convention). */
function closedForm() {
  const E = expm(A0.map((r) => r.map((v) => v * T1)));
  // dL/dy0 = W Eᵀ
  const dY0 = W.map((w) => E.map((er) => er.reduce((s, v, k) => s + v * w[k]!, 0)));
  // dL/dA_ij = Σ_b y0_b · Fréchet(A T; T e_ij) · W_bᵀ, Fréchet = upper-right block of expm([[AT, T e_ij], [0, AT]]).
  const dA = A0.map((r, i) =>
    r.map((_, j) => {
      const B = [
        [A0[0]![0]! * T1, A0[0]![1]! * T1, i === 0 && j === 0 ? T1 : 0, i === 0 && j === 1 ? T1 : 0],
        [A0[1]![0]! * T1, A0[1]![1]! * T1, i === 1 && j === 0 ? T1 : 0, i === 1 && j === 1 ? T1 : 0],
        [0, 0, A0[0]![0]! * T1, A0[0]![1]! * T1],
        [0, 0, A0[1]![0]! * T1, A0[1]![1]! * T1],
      ];
      const F = expm(B);
      let s = 0;
      for (let b = 0; b < 2; b++)
        for (let p = 0; p < 2; p++) for (let q = 0; q < 2; q++) s += Y0[b]![p]! * F[p]![q + 2]! * W[b]![q]!;
      return s;
    }),
  );
  const yT = Y0.map((y) => [0, 1].map((j) => y[0]! * E[0]![j]! + y[1]! * E[1]![j]!));
  return { E, dY0, dA, yT };
}

beforeAll(async () => {
  await ready();
});

describe("odeint on tensors", () => {
  it.each(["dopri5", "tsit5", "bosh3", "rk4"])("%s matches the matrix exponential", (method) => {
    const A = tf.tensor2d(A0);
    const ys = odeint((_t, y: tf.Tensor) => tf.matMul(y, A), tf.tensor2d(Y0), [0, T1 / 2, T1], {
      method,
      rtol: 1e-6,
      atol: 1e-8,
      dt0: 0.01,
    });
    expect(ys.shape).toEqual([3, 2, 2]);
    // float32 state: 1e-5 relative is ~100 ulps over ~100 steps; RK4 with h=0.01 has error ~1e-9.
    expectAllClose(tf.slice(ys, [2, 0, 0], [1, 2, 2]).reshape([2, 2]), closedForm().yT, {
      rtol: 2e-5,
      atol: 2e-5,
    });
    tf.dispose([A, ys]);
  });

  it.each([false, true])("gradients w.r.t. A and y0 match the closed form (adjoint=%s)", async (adjoint) => {
    const { dA, dY0 } = closedForm();
    const params = { A: tf.variable(tf.tensor2d(A0)) };
    const y0 = tf.tensor2d(Y0);
    const w = tf.tensor2d(W);
    const loss = (p: { y0: tf.Tensor; params: { A: tf.Tensor } }) => {
      const ys = odeint((_t, y: tf.Tensor, q: { A: tf.Tensor }) => tf.matMul(y, q.A), p.y0, [0, T1], {
        params: p.params,
        adjoint,
        rtol: 1e-7,
        atol: 1e-9,
      });
      return tf.sum(tf.mul(tf.slice(ys, [1, 0, 0], [1, 2, 2]).reshape([2, 2]), w));
    };
    const { value, grad } = await expectNoLeaks(() => valueAndGrad(loss)({ y0, params }), { allow: 3 });
    expectAllClose(grad.y0, dY0, { rtol: 1e-4, atol: 1e-5 });
    expectAllClose(grad.params.A, dA, { rtol: 1e-4, atol: 1e-5 });
    tf.dispose([value, grad.y0, grad.params.A, y0, w]);
    treeDispose(params);
  });

  it("adjoint gradients of an MLP field agree with backprop and with finite differences", () => {
    const net = mlp({ inputs: 2, hidden: [16], outputs: 2, activation: "tanh", seed: 3 });
    const f = (_t: number, y: tf.Tensor, p: typeof net.params) => net.apply(p, y);
    const y0 = tf.tensor2d([
      [0.5, -0.3],
      [0.1, 0.9],
    ]);
    const lossWith = (adjoint: boolean) => (p: typeof net.params) => {
      const ys = odeint(f, y0, [0, 0.5, 1], { params: p, adjoint, method: "dopri5", rtol: 1e-6, atol: 1e-8 });
      return tf.sum(tf.square(ys));
    };
    const gb = valueAndGrad(lossWith(false))(net.params);
    const ga = valueAndGrad(lossWith(true))(net.params);
    // Both are accurate to the solver tolerance (1e-6) amplified by the loss; float32 limits agreement to ~1e-4.
    expectAllClose(ga.grad.layers[0]!.w, gb.grad.layers[0]!.w, { rtol: 2e-3, atol: 1e-4 });
    expectAllClose(ga.grad.layers[1]!.b, gb.grad.layers[1]!.b, { rtol: 2e-3, atol: 1e-4 });
    // Central finite difference on one weight (float32 loss, h = 1e-2 → truncation ~1e-4, rounding ~1e-5/h).
    const w = net.params.layers[1]!.w;
    const w0 = w.dataSync().slice();
    const at = (delta: number) => {
      const wd = w0.slice();
      wd[3] = wd[3]! + delta;
      w.assign(tf.tensor(wd, w.shape));
      return lossWith(false)(net.params).dataSync()[0]!;
    };
    const fd = (at(1e-2) - at(-1e-2)) / 2e-2;
    at(0);
    expect(Math.abs(ga.grad.layers[1]!.w.dataSync()[3]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
  });

  it("adjoint memory does not grow with the number of steps; backprop memory does", () => {
    const net = mlp({ inputs: 2, hidden: [16], outputs: 2, seed: 1 });
    const y0 = tf.ones([16, 2]);
    const measure = (adjoint: boolean, steps: number) => {
      let bytes = 0;
      const r = valueAndGrad((p: typeof net.params) => {
        const ys = odeint((_t, y: tf.Tensor, q: typeof net.params) => net.apply(q, y), y0, [0, 1], {
          params: p,
          adjoint,
          method: "rk4",
          dt0: 1 / steps,
        });
        bytes = tf.memory().numBytes;
        return tf.sum(ys);
      })(net.params);
      tf.dispose([r.value]);
      treeDispose(r.grad);
      return bytes;
    };
    const base = tf.memory().numBytes;
    // 5 vs 50 steps keeps the test fast; `node bench/neural-ode.bench.mjs` reports 100 vs 1000.
    const bp100 = measure(false, 5) - base;
    const bp1000 = measure(false, 50) - base;
    const adj100 = measure(true, 5) - base;
    const adj1000 = measure(true, 50) - base;
    console.log(
      `[memory held during the loss] backprop: ${(bp100 / 1e6).toFixed(2)} MB (5 steps), ${(bp1000 / 1e6).toFixed(2)} MB (50 steps); adjoint: ${(adj100 / 1e6).toFixed(3)} MB, ${(adj1000 / 1e6).toFixed(3)} MB`,
    );
    expect(bp1000).toBeGreaterThan(5 * bp100);
    expect(adj1000).toBeLessThan(1.1 * adj100 + 1024);
    y0.dispose();
  });

  it("keeps shapes and leaks nothing for every method (contract)", async () => {
    for (const method of tensorOdeMethods.names()) {
      const y0 = tf.ones([3, 4]);
      const ys = await expectNoLeaks(
        () => odeint((_t, y: tf.Tensor) => tf.neg(y), y0, [0, 0.1, 0.2], { method, dt0: 0.05 }),
        { allow: 1, message: method },
      );
      expect(ys.shape).toEqual([3, 3, 4]);
      expectAllClose(tf.slice(ys, [2, 0, 0], [1, 1, 1]).reshape([1]), [Math.exp(-0.2)], {
        rtol: method === "euler" ? 5e-2 : 5e-3,
      });
      tf.dispose([y0, ys]);
    }
  });

  it("rejects bad input naming the argument", () => {
    const y0 = tf.ones([2, 2]);
    expect(() => odeint((_t, y: tf.Tensor) => y, y0, [0, 1, 1])).toThrow(
      /ts must be strictly monotone; ts\[1\]=1 and ts\[2\]=1/,
    );
    expect(() => odeint((_t, _y: tf.Tensor) => tf.ones([2, 3]), y0, [0, 1])).toThrow(
      /f returned shape \[2, 3\] for a state of shape \[2, 2\]/,
    );
    expect(() =>
      odeint((_t, y: tf.Tensor) => y, tf.tensor2d([[Number.NaN, 1]]), [0, 1], { method: "rk4" }),
    ).toThrow(/NaN or infinite/);
    expect(() => odeint((_t, y: tf.Tensor) => y, y0, [0, 1], { method: "rk45x" })).toThrow(
      /unknown tensor ODE method 'rk45x'; known: euler/,
    );
    expect(() => odeint((_t, y: tf.Tensor) => y, y0, [0, 1], { rtol: -1 })).toThrow(
      /rtol must be a positive finite number/,
    );
  });

  it("rejects a NaN, infinite or zero dt0 (NaN used to take no steps and return y0 at every time)", () => {
    const y0 = tf.ones([1, 2]);
    const before = tf.memory().numTensors;
    const decay = (_t: number, y: tf.Tensor) => tf.neg(y);
    expect(() => odeint(decay, y0, [0, 1], { method: "rk4", dt0: Number.NaN })).toThrow(
      "odeint: dt0 must be a finite non-zero number, received NaN",
    );
    expect(() => odeint(decay, y0, [0, 1], { dt0: 0 })).toThrow("dt0 must be a finite non-zero number");
    expect(() =>
      odeint(decay, y0, [0, 1], { adjoint: true, adjointOptions: { dt0: Number.POSITIVE_INFINITY } }),
    ).toThrow("odeint: adjointOptions.dt0 must be a finite non-zero number, received Infinity");
    expect(tf.memory().numTensors).toBe(before);
    // A negative dt0 only gives the size (ts give the direction): RK4 with h = 0.1 on y′ = −y, y(1) = e⁻¹ to
    // RK4's global error (h⁴/120 · e⁻¹ ≈ 3e-7) plus float32 rounding (~1e-7 per step over 10 steps).
    const ys = odeint(decay, y0, [0, 1], { method: "rk4", dt0: -0.1 });
    expect(Math.abs(ys.dataSync()[2]! - Math.exp(-1))).toBeLessThan(2e-6);
    tf.dispose([ys, y0]);
    expect(tf.memory().numTensors).toBe(before - 1);
  });
});

describe("continuous normalising flows", () => {
  // Linear field f(x) = x A pushes N(0, I) to N(0, Eᵀ E) with E = expm(A) (rows are samples).
  const A1 = [
    [0.4, 0.3],
    [-0.2, -0.1],
  ];
  function analyticLogProb(x: number[]): number {
    const E = expm(A1);
    const C = [
      [E[0]![0]! ** 2 + E[1]![0]! ** 2, E[0]![0]! * E[0]![1]! + E[1]![0]! * E[1]![1]!],
      [0, E[0]![1]! ** 2 + E[1]![1]! ** 2],
    ];
    C[1]![0] = C[0]![1]!;
    const det = C[0]![0]! * C[1]![1]! - C[0]![1]! * C[1]![0]!;
    const q = (C[1]![1]! * x[0]! ** 2 - 2 * C[0]![1]! * x[0]! * x[1]! + C[0]![0]! * x[1]! ** 2) / det;
    return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
  }
  const pts = [
    [0.2, -0.4],
    [1.0, 0.5],
    [-0.7, 1.2],
  ];

  it("logProb with the exact trace matches the analytic Gaussian density", () => {
    const A = tf.tensor2d(A1);
    const flow = cnf((_t, x) => tf.matMul(x, A), { dim: 2, method: "dopri5", rtol: 1e-6, atol: 1e-8 });
    const lp = flow.logProb(tf.tensor2d(pts), undefined);
    expectAllClose(lp, pts.map(analyticLogProb), { rtol: 1e-4, atol: 1e-4 });
    const s = flow.sample(5, undefined, prng(0));
    expect(s.shape).toEqual([5, 2]);
    tf.dispose([A, lp, s]);
  });

  it("logProb and its gradient agree between backprop and the adjoint (exact trace)", async () => {
    const params = { A: tf.variable(tf.tensor2d(A1)) };
    const x = tf.tensor2d(pts);
    type Q = { A: tf.Tensor };
    const lossWith = (adjoint: boolean) => (p: Q) => {
      const flow = cnf((_t, z, q: Q) => tf.matMul(z, q.A), { dim: 2, method: "rk4", dt0: 0.125, adjoint });
      return tf.neg(tf.mean(flow.logProb(x, p)));
    };
    const gb = valueAndGrad(lossWith(false))(params);
    const ga = await expectNoLeaks(() => valueAndGrad(lossWith(true))(params), { allow: 2 });
    // RK4 at h = 1/8 on a linear field: relative error ~(h‖A‖)⁵/120 < 1e-7, so float32 rounding dominates.
    const mean = pts.map(analyticLogProb).reduce((a, b) => a + b, 0) / pts.length;
    expect(Math.abs(ga.value.dataSync()[0]! + mean)).toBeLessThan(1e-4);
    expect(Math.abs(gb.value.dataSync()[0]! + mean)).toBeLessThan(1e-4);
    // Backprop differentiates the RK4 solution, the adjoint discretises the adjoint ODE: O(h⁴) apart.
    expectAllClose(ga.grad.A, gb.grad.A, { rtol: 1e-3, atol: 1e-4 });
    tf.dispose([ga.value, gb.value, ga.grad.A, gb.grad.A, x]);
    treeDispose(params);
  });

  it("the Hutchinson estimate is unbiased (mean over 24 seeds within 4 standard errors)", () => {
    const A = tf.tensor2d(A1);
    const x = tf.tensor2d(pts);
    const vals: number[][] = [];
    for (let seed = 0; seed < 24; seed++) {
      const flow = cnf((_t, z) => tf.matMul(z, A), {
        dim: 2,
        method: "rk4",
        dt0: 0.1,
        trace: "hutchinson",
        rng: prng(seed),
      });
      const lp = flow.logProb(x, undefined);
      vals.push(Array.from(lp.dataSync()));
      lp.dispose();
    }
    for (let i = 0; i < pts.length; i++) {
      const v = vals.map((r) => r[i]!);
      const mean = v.reduce((s, a) => s + a, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, a) => s + (a - mean) ** 2, 0) / (v.length - 1));
      expect(Math.abs(mean - analyticLogProb(pts[i]!))).toBeLessThan(4 * (sd / Math.sqrt(v.length)) + 1e-3);
    }
    tf.dispose([A, x]);
  });
});

describe("sdeint", () => {
  it("Ornstein–Uhlenbeck moments match the closed form (4000 paths)", () => {
    // dy = -θ y dt + σ dW, y0 = 1: mean e^{-θt}, variance σ²(1 − e^{−2θt})/(2θ).
    const theta = 1;
    const sigma = 0.5;
    for (const method of ["euler-maruyama", "milstein", "heun"] as const) {
      const ys = sdeint(
        (_t, y) => tf.mul(y, -theta),
        (_t, y) => tf.mul(tf.onesLike(y), sigma),
        tf.ones([4000, 1]),
        [0, 1],
        { dt: 0.01, rng: prng(11), method },
      );
      const last = Array.from(tf.slice(ys, [1, 0, 0], [1, 4000, 1]).dataSync());
      const m = last.reduce((s, a) => s + a, 0) / last.length;
      const v = last.reduce((s, a) => s + (a - m) ** 2, 0) / (last.length - 1);
      const vTrue = (sigma ** 2 * (1 - Math.exp(-2 * theta))) / (2 * theta);
      // Standard errors: mean sqrt(v/n) ≈ 0.006, variance v·sqrt(2/n) ≈ 0.0023; bias O(dt) ≈ 0.005.
      expect(Math.abs(m - Math.exp(-theta))).toBeLessThan(0.03);
      expect(Math.abs(v - vTrue)).toBeLessThan(0.012);
      ys.dispose();
    }
  });

  it("rejects bad options", () => {
    const y = tf.ones([2, 1]);
    expect(() =>
      sdeint(
        (_t, z) => z,
        (_t, z) => z,
        y,
        [0, 1],
        { dt: 0, rng: prng(0) },
      ),
    ).toThrow(/options.dt must be a positive number/);
    expect(() =>
      sdeint(
        (_t, z) => z,
        (_t, z) => z,
        y,
        [0, 1],
        { dt: 0.1, rng: prng(0), method: "rk4" as never },
      ),
    ).toThrow(/unknown options.method 'rk4'/);
    y.dispose();
  });
});
