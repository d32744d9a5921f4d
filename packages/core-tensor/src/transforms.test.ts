import { describe, expect, it } from "vitest";
import {
  divergence,
  grad,
  hessian,
  hutchinsonLaplacian,
  hvp,
  jacobian,
  jvp,
  laplacian,
  mlp,
  prng,
  tf,
  valueAndGrad,
  vjp,
} from "./index.js";
import { expectAllClose, expectNoLeaks } from "./testing/index.js";

// u(x, y) = sin(x) * exp(y) * tanh(x y): derivatives checked against float64 closed forms / central differences.
const u = (z: tf.Tensor) => {
  const x = tf.slice(z, [0, 0], [-1, 1]);
  const y = tf.slice(z, [0, 1], [-1, 1]);
  return tf.reshape(tf.mul(tf.mul(tf.sin(x), tf.exp(y)), tf.tanh(tf.mul(x, y))), [-1]);
};
const u64 = (x: number, y: number) => Math.sin(x) * Math.exp(y) * Math.tanh(x * y);
const pts = [
  [0.3, -0.2],
  [-0.5, 0.4],
  [1.1, 0.7],
];
function fdLaplacian(x: number, y: number): number {
  const h = 1e-4;
  return (u64(x + h, y) + u64(x - h, y) + u64(x, y + h) + u64(x, y - h) - 4 * u64(x, y)) / (h * h);
}

describe("functional transforms", () => {
  it("grad and valueAndGrad on pytrees", async () => {
    const p = { w: tf.tensor([1, 2]), b: [tf.scalar(3)] };
    const f = (q: typeof p) => tf.add(tf.sum(tf.square(q.w)), tf.mul(q.b[0]!, 2));
    const { value, grad: g } = await expectNoLeaks(() => valueAndGrad(f)(p), { allow: 3 });
    expect(value.dataSync()[0]).toBeCloseTo(11, 5);
    expectAllClose(g.w, [2, 4]);
    expectAllClose(g.b[0]!, 2);
    tf.dispose([value, g.w, g.b[0]!, p.w, p.b[0]!]);
  });

  it("grad of grad equals the second derivative", () => {
    const d2 = grad((x: tf.Tensor) => tf.sum(grad((z: tf.Tensor) => tf.sum(tf.tanh(z)))(x)));
    const x0 = 0.6;
    const t = Math.tanh(x0);
    expectAllClose(d2(tf.scalar(x0)), -2 * t * (1 - t * t), { rtol: 1e-5 });
  });

  it("laplacian, divergence and hessian agree with finite differences (float64)", async () => {
    const x = tf.tensor2d(pts);
    const lap = await expectNoLeaks(() => laplacian(u, x), { allow: 1 });
    // Five-point stencil with h=1e-4 in float64: truncation ~1e-8, rounding ~1e-8; float32 autodiff ~1e-5.
    expectAllClose(
      lap,
      pts.map(([a, b]) => fdLaplacian(a!, b!)),
      { rtol: 1e-4, atol: 1e-4 },
    );
    const H = hessian(u, x);
    expect(H.shape).toEqual([3, 2, 2]);
    const trace = tf.sum(tf.mul(H, tf.eye(2).expandDims(0)), [1, 2]);
    expectAllClose(trace, lap, { rtol: 1e-5, atol: 1e-5 });
    const F = (z: tf.Tensor) => tf.mul(tf.sin(z), tf.reverse(z, 1));
    const div = divergence(F, x);
    expectAllClose(
      div,
      pts.map(([a, b]) => Math.cos(a!) * b! + Math.cos(b!) * a!),
      { rtol: 1e-5, atol: 1e-6 },
    );
    const J = jacobian(F, x);
    expect(J.shape).toEqual([3, 2, 2]);
    tf.dispose([x, lap, H, trace, div, J]);
  });

  it("jvp, vjp and hvp agree with closed forms", () => {
    const x = tf.tensor1d([0.5, -1]);
    const v = tf.tensor1d([1, 2]);
    const { value, tangent } = jvp((z) => tf.mul(tf.square(z), 3), x, v);
    expectAllClose(tangent, [3, -12]);
    const r = vjp((z: tf.Tensor) => tf.exp(z), x, v);
    expectAllClose(r.vjp, [Math.exp(0.5), 2 * Math.exp(-1)], { rtol: 1e-6 });
    expectAllClose(
      hvp((z) => tf.sum(tf.pow(z, 3)), x, v),
      [3, -12],
    );
    tf.dispose([x, v, value, tangent, r.value, r.vjp]);
  });

  it("Hutchinson laplacian is unbiased (mean of many probes near the exact value)", () => {
    const x = tf.tensor2d(pts);
    const exact = laplacian(u, x).dataSync();
    const est = hutchinsonLaplacian(u, x, { rng: prng(3), probes: 400 }).dataSync();
    // Rademacher variance per probe for d=2 is 2·(∂xy u)²; with 400 probes the standard error is < 0.1·|∂xy u|.
    for (let i = 0; i < 3; i++) expect(Math.abs(est[i]! - exact[i]!)).toBeLessThan(0.25);
    x.dispose();
  });

  it("gradients w.r.t. parameters of a loss containing input derivatives (PINN style)", () => {
    const net = mlp({ inputs: 1, hidden: [8], outputs: 1, activation: "tanh", seed: 1 });
    const x = tf.tensor2d([[0.1], [0.4]]);
    const loss = (p: typeof net.params) =>
      tf.sum(tf.square(grad((z: tf.Tensor) => tf.sum(net.apply(p, z)))(x)));
    const g = grad(loss)(net.params);
    // central finite difference on one weight, float32: h=1e-2 gives O(h²)≈1e-4 relative truncation.
    const w = net.params.layers[0]!.w;
    const w0 = w.dataSync().slice();
    const evalAt = (delta: number) => {
      const wd = w0.slice();
      wd[0] = wd[0]! + delta;
      w.assign(tf.tensor(wd, w.shape));
      return loss(net.params).dataSync()[0]!;
    };
    const fd = (evalAt(1e-2) - evalAt(-1e-2)) / 2e-2;
    evalAt(0);
    expect(Math.abs(g.layers[0]!.w.dataSync()[0]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
  });

  it("rejects bad shapes naming the argument", () => {
    expect(() => laplacian(u, tf.ones([3]))).toThrow(/laplacian: x must have shape \[N, d\]/);
    expect(() => jvp((z) => z, tf.ones([2]), tf.ones([3]))).toThrow(/jvp: v must have shape \[2\]/);
  });
});

describe("failed transforms release the tensors TF.js saved for backprop", () => {
  // Before the fix each failing call left one kept clone per op input on the gradient tape (1–3 tensors here).
  const x = tf.tensor([1, 2, 3]);
  const xb = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  const v = tf.tensor([1, 0, 0]);
  const throwing = (z: tf.Tensor): tf.Tensor => {
    tf.sin(tf.mul(z, 2));
    throw new Error("boom");
  };
  const cases: [string, () => unknown, RegExp][] = [
    ["grad when f throws", () => grad(throwing)(x), /boom/],
    ["grad of a non-scalar", () => grad((z: tf.Tensor) => tf.mul(tf.sin(z), 2))(x), /must return a scalar/],
    [
      "valueAndGrad of a pytree, non-scalar",
      () => valueAndGrad((p: { a: tf.Tensor }) => tf.square(p.a))({ a: x }),
      /scalar/,
    ],
    [
      "nested grad when the inner f throws",
      () => grad((z: tf.Tensor) => tf.sum(grad(throwing)(z)))(x),
      /boom/,
    ],
    ["vjp when f throws", () => vjp(throwing, x, v), /boom/],
    ["hvp of a non-scalar", () => hvp((z) => tf.square(z), x, v), /hvp: f must return a scalar/],
    ["hessian when f throws", () => hessian(throwing, xb), /boom/],
    ["laplacian of a wrong shape", () => laplacian((z) => tf.square(z), xb), /laplacian: f must return/],
    [
      "hutchinsonLaplacian when u throws",
      () => hutchinsonLaplacian(throwing, xb, { rng: prng(0), probes: 2 }),
      /boom/,
    ],
  ];
  it.each(cases)("%s", async (_name, call, message) => {
    await expectNoLeaks(() => expect(call).toThrow(message));
  });

  it("derivatives of functions that do not depend on x are zeros, as in JAX (no 'Cannot compute gradient')", async () => {
    const jac = await expectNoLeaks(() => jacobian(() => tf.ones([2, 3]), xb), { allow: 1 });
    expect(jac.shape).toEqual([2, 3, 2]);
    expect(Array.from(jac.dataSync())).toEqual(new Array(12).fill(0));
    const h = await expectNoLeaks(() => hvp(() => tf.scalar(1), x, v), { allow: 1 });
    expect(Array.from(h.dataSync())).toEqual([0, 0, 0]);
    tf.dispose([jac, h]);
  });

  it("the refactored jvp and hvp keep their values: exact for polynomials", async () => {
    // d/dx x² · v = 2x·v and ∇²(Σx³)·v = 6x⊙v, exact in float32 for these small integers.
    const { value, tangent } = await expectNoLeaks(() => jvp((z) => tf.square(z), x, tf.tensor([1, 2, 3])), {
      allow: 3,
    });
    expect(Array.from(tangent.dataSync())).toEqual([2, 8, 18]);
    const h = hvp((z) => tf.sum(tf.pow(z, 3)), x, tf.tensor([1, 1, 0]));
    expect(Array.from(h.dataSync())).toEqual([6, 12, 0]);
    tf.dispose([value, tangent, h]);
  });
});

describe("grad and valueAndGrad treat inputs as JAX does", () => {
  it("never dispose the caller's tensors when f returns an input or a captured constant", async () => {
    const x = tf.scalar(3);
    const p = { a: tf.scalar(2), b: tf.scalar(5) };
    const c = tf.scalar(7);
    // d/dx x = 1, d/da a = 1 (and 0 for b), d/dx 7 = 0: exact.
    const g1 = await expectNoLeaks(() => grad((z: tf.Tensor) => z)(x), { allow: 1 });
    const g2 = await expectNoLeaks(() => grad((q: typeof p) => q.a)(p), { allow: 2 });
    const g3 = await expectNoLeaks(() => grad((_z: tf.Tensor) => c)(x), { allow: 1 });
    expect([x.isDisposed, p.a.isDisposed, c.isDisposed]).toEqual([false, false, false]);
    expect([g1.arraySync(), g2.a.arraySync(), g2.b.arraySync(), g3.arraySync()]).toEqual([1, 1, 0, 0]);
    const { value, grad: g4 } = valueAndGrad((z: tf.Tensor) => z)(x);
    value.dispose(); // the caller owns the value, and disposing it leaves x alive
    expect([x.isDisposed, x.arraySync(), g4.arraySync()]).toEqual([false, 3, 1]);
    tf.dispose([x, p.a, p.b, c, g1, g2.a, g2.b, g3, g4]);
  });

  it("differentiates repeated leaves separately (a tensor passed twice is two variables)", async () => {
    const w = tf.tensor([1, 2]);
    // f(a, b) = Σ a·b: ∂f/∂a = b = [1, 2], ∂f/∂b = a = [1, 2]; TF.js alone summed them into [2, 4] for both.
    const g = await expectNoLeaks(
      () => grad((q: { a: tf.Tensor; b: tf.Tensor }) => tf.sum(tf.mul(q.a, q.b)))({ a: w, b: w }),
      {
        allow: 2,
      },
    );
    expect([g.a.arraySync(), g.b.arraySync()]).toEqual([
      [1, 2],
      [1, 2],
    ]);
    // Unused copy gets zeros, the others their own terms: f = Σ t[0][1] + Σ t[1].a².
    const h = grad((t: [tf.Tensor[], { a: tf.Tensor }]) =>
      tf.add(tf.sum(t[0][1]!), tf.sum(tf.square(t[1].a))),
    )([[w, w], { a: w }]);
    expect([h[0][0]!.arraySync(), h[0][1]!.arraySync(), h[1].a.arraySync()]).toEqual([
      [0, 0],
      [1, 1],
      [2, 4],
    ]);
    tf.dispose([w, g.a, g.b, h[0][0]!, h[0][1]!, h[1].a]);
  });
});
