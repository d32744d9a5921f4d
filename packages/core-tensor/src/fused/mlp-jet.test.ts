import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  denseLayersOf,
  fastApply,
  fourierFeatures,
  fusedJetSupported,
  fusedMlpJet,
  grad,
  jetMlp,
  mlp,
  prng,
  ready,
  resnetMlp,
  setFusedJet,
  siren,
  tf,
  treeDispose,
  treeLeaves,
  valueAndGrad,
} from "../index.js";
import { expectAllClose, expectNoLeaks } from "../testing/index.js";

// Both paths are float32 with O(1) values and differ only in rounding (different operation order, tanh to
// 1 ulp): ~1e-7 observed; 1e-5 leaves a margin for reductions over N rows.
const TOL = { rtol: 1e-5, atol: 1e-5 };
const NU = 0.01 / Math.PI;

beforeAll(async () => {
  await ready();
});
afterEach(() => {
  setFusedJet(true);
});

const arrays = (ts: tf.Tensor[]) => ts.map((t) => t.dataSync() as Float32Array);

function setup(N = 32, hidden = [8, 8]) {
  const net = mlp({ inputs: 2, hidden, outputs: 1, activation: "tanh", seed: 0 });
  const xt = prng(1).uniform([N, 2], { min: -1, max: 1 });
  const ex = tf.tile(tf.tensor2d([[1, 0]]), [N, 1]);
  const et = tf.tile(tf.tensor2d([[0, 1]]), [N, 1]);
  const dispose = () => {
    treeDispose(net.params);
    tf.dispose([xt, ex, et]);
  };
  return { net, xt, ex, et, dispose };
}

/** Burgers residual loss from jetMlp (fused or generic, per setFusedJet). */
const burgersJet =
  (s: ReturnType<typeof setup>) =>
  (p: unknown): tf.Tensor => {
    const {
      value: u,
      derivatives: [[ux, uxx], [ut]],
    } = jetMlp(s.net, p as typeof s.net.params, s.xt, [s.ex, s.et], [2, 1]);
    return tf.mean(tf.square(tf.sub(tf.add(ut!, tf.mul(u, ux!)), tf.mul(NU, uxx!))));
  };

/** The same loss with u_x, u_t, u_xx by nested reverse-mode gradients (the independent reference). */
const burgersNested =
  (s: ReturnType<typeof setup>) =>
  (p: unknown): tf.Tensor => {
    const u = (z: tf.Tensor) => s.net.apply(p as typeof s.net.params, z);
    const g = grad((z: tf.Tensor) => tf.sum(u(z)))(s.xt) as tf.Tensor;
    const ux = tf.slice(g, [0, 0], [-1, 1]);
    const ut = tf.slice(g, [0, 1], [-1, 1]);
    const gxx = grad((z: tf.Tensor) =>
      tf.sum(tf.slice(grad((w: tf.Tensor) => tf.sum(u(w)))(z) as tf.Tensor, [0, 0], [-1, 1])),
    )(s.xt) as tf.Tensor;
    const uxx = tf.slice(gxx, [0, 0], [-1, 1]);
    return tf.mean(tf.square(tf.sub(tf.add(ut, tf.mul(u(s.xt), ux)), tf.mul(NU, uxx))));
  };

describe("fused Taylor-mode MLP", () => {
  it("jetMlp detects a plain tanh mlp and not residual / Fourier / SIREN modules", () => {
    const s = setup();
    expect(denseLayersOf(s.net, s.net.params, s.xt)?.map((l) => l.activation)).toEqual([
      "tanh",
      "tanh",
      "identity",
    ]);
    const res = resnetMlp({ inputs: 2, width: 8, blocks: 1, outputs: 1, seed: 0 });
    const ff = fourierFeatures({ inputs: 2, features: 4 });
    const si = siren({ inputs: 2, hidden: [8], outputs: 1 });
    expect(denseLayersOf(res, res.params, s.xt)).toBeNull();
    expect(denseLayersOf(ff, ff.params, s.xt)).toBeNull();
    expect(denseLayersOf(si, si.params, s.xt)).toBeNull();
    treeDispose([res.params, ff.params, si.params]);
    s.dispose();
  });

  it("values and derivatives equal the generic jet path", () => {
    const s = setup();
    const run = () =>
      tf.tidy(() => {
        const r = jetMlp(s.net, s.net.params, s.xt, [s.ex, s.et], [2, 1]);
        return arrays([r.value, ...r.derivatives.flat()]);
      });
    const fused = run();
    setFusedJet(false);
    const generic = run();
    expect(fused).toHaveLength(4);
    fused.forEach((f, i) => {
      expectAllClose(f, generic[i]!, TOL);
    });
    s.dispose();
  });

  it("a sin mlp takes the fused path, with values, derivatives and parameter gradients of the generic path", () => {
    const net = mlp({ inputs: 2, hidden: [9, 9], outputs: 1, activation: "sin", seed: 4 });
    const s = setup();
    expect(denseLayersOf(net, net.params, s.xt)?.map((l) => l.activation)).toEqual([
      "sin",
      "sin",
      "identity",
    ]);
    const run = () =>
      tf.tidy(() => {
        const loss = (p: unknown) => {
          const r = jetMlp(net, p as typeof net.params, s.xt, [s.ex, s.et], [2, 1]);
          const [[ux, uxx], [ut]] = r.derivatives;
          return tf.mean(tf.square(tf.sub(tf.add(ut!, tf.mul(r.value, ux!)), tf.mul(NU, uxx!))));
        };
        const r = jetMlp(net, net.params, s.xt, [s.ex, s.et], [2, 1]);
        const { grad: g } = valueAndGrad(loss)(net.params);
        return arrays([r.value, ...r.derivatives.flat(), ...treeLeaves(g)]);
      });
    const fused = run();
    setFusedJet(false);
    const generic = run();
    fused.forEach((f, i) => {
      expectAllClose(f, generic[i]!, TOL);
    });
    treeDispose(net.params);
    s.dispose();
  });

  it("parameter gradients of the Burgers loss equal nested reverse-mode gradients", () => {
    const s = setup();
    const fused = tf.tidy(() => arrays(treeLeaves(grad(burgersJet(s))(s.net.params))));
    const nested = tf.tidy(() => arrays(treeLeaves(grad(burgersNested(s))(s.net.params))));
    fused.forEach((f, i) => {
      expectAllClose(f, nested[i]!, TOL);
    });
    s.dispose();
  });

  it("gradients with respect to x and the directions equal the generic path", () => {
    const s = setup(16);
    const f = (x: tf.Tensor, v: tf.Tensor) => {
      const r = fusedMlpJet(denseLayersOf(s.net, s.net.params, x)!, x, [v, s.et], [2, 1]);
      return tf.sum(tf.add(tf.mul(r.derivatives[0]![1]!, r.value), tf.square(r.derivatives[1]![0]!)));
    };
    const g = (x: tf.Tensor, v: tf.Tensor) => {
      const r = jetMlp(s.net, s.net.params, x, [v, s.et], [2, 1]);
      return tf.sum(tf.add(tf.mul(r.derivatives[0]![1]!, r.value), tf.square(r.derivatives[1]![0]!)));
    };
    const a = tf.tidy(() => arrays(tf.grads(f)([s.xt, s.ex])));
    setFusedJet(false);
    const b = tf.tidy(() => arrays(tf.grads(g)([s.xt, s.ex])));
    a.forEach((x, i) => {
      expectAllClose(x, b[i]!, TOL);
    });
    s.dispose();
  });

  it("falls back to the generic path inside nested gradients (second derivatives stay exact)", () => {
    const s = setup(16);
    const h = (x: tf.Tensor) => tf.sum(jetMlp(s.net, s.net.params, x, [s.ex], [1]).derivatives[0]![0]!);
    const gg = () =>
      tf.tidy(() =>
        arrays([grad((x: tf.Tensor) => tf.sum(tf.square(grad(h)(x) as tf.Tensor)))(s.xt) as tf.Tensor]),
      );
    const fusedOn = gg();
    setFusedJet(false);
    expectAllClose(fusedOn[0]!, gg()[0]!, TOL);
    s.dispose();
  });

  it("100 Adam steps give the same loss trajectory as the generic path", () => {
    // Adam (lr 1e-2, betas 0.9/0.999) written with tf ops; same initial weights (seed 0) for both paths.
    const trajectory = (fused: boolean) => {
      setFusedJet(fused);
      const s = setup(32, [12, 12]);
      const leaves = treeLeaves(s.net.params) as tf.Variable[];
      const m: tf.Tensor[] = leaves.map((p) => tf.zerosLike(p));
      const v: tf.Tensor[] = leaves.map((p) => tf.zerosLike(p));
      const losses: number[] = [];
      for (let t = 1; t <= 100; t++) {
        const l = tf.tidy(() => {
          const { value, grad: gt } = valueAndGrad(burgersJet(s))(s.net.params);
          treeLeaves(gt).forEach((g, i) => {
            const mi = tf.add(tf.mul(m[i]!, 0.9), tf.mul(g, 0.1));
            const vi = tf.add(tf.mul(v[i]!, 0.999), tf.mul(tf.square(g), 0.001));
            const step = tf.div(tf.div(mi, 1 - 0.9 ** t), tf.add(tf.sqrt(tf.div(vi, 1 - 0.999 ** t)), 1e-8));
            leaves[i]!.assign(tf.sub(leaves[i]!, tf.mul(step, 1e-2)));
            tf.dispose([m[i]!, v[i]!]);
            m[i] = tf.keep(mi);
            v[i] = tf.keep(vi);
          });
          return value;
        });
        losses.push(l.dataSync()[0]!);
        l.dispose();
      }
      tf.dispose([...m, ...v]);
      s.dispose();
      return losses;
    };
    const fused = trajectory(true);
    const generic = trajectory(false);
    expect(fused[99]!).toBeLessThan(fused[0]! / 10); // it trains
    // Float32 rounding differences grow slowly through 100 Adam steps; 1e-4 relative is the float32 budget.
    expectAllClose(fused, generic, { rtol: 1e-4, atol: 1e-7 });
  });

  it("fastApply equals module.apply for a gelu mlp (values and gradients)", () => {
    const net = mlp({ inputs: 3, hidden: [16, 16], outputs: 2, activation: "gelu", seed: 2 });
    const x = prng(3).normal([24, 3]);
    const loss = (apply: (p: unknown) => tf.Tensor) => (p: unknown) => tf.mean(tf.square(apply(p)));
    const a = tf.tidy(() =>
      arrays([
        fastApply(net, net.params, x),
        ...treeLeaves(grad(loss((p) => fastApply(net, p as never, x)))(net.params)),
      ]),
    );
    const b = tf.tidy(() =>
      arrays([
        net.apply(net.params, x),
        ...treeLeaves(grad(loss((p) => net.apply(p as never, x)))(net.params)),
      ]),
    );
    a.forEach((v, i) => {
      expectAllClose(v, b[i]!, TOL);
    });
    treeDispose(net.params);
    x.dispose();
  });

  it("runs on the cpu backend too", async () => {
    const s = setup(8);
    const run = () => tf.tidy(() => arrays(jetMlp(s.net, s.net.params, s.xt, s.ex, 2)));
    const onWasm = run();
    await tf.setBackend("cpu");
    try {
      expect(fusedJetSupported(["tanh"], 2)).toBe(true);
      const onCpu = run();
      onCpu.forEach((c, i) => {
        expectAllClose(c, onWasm[i]!, TOL);
      });
    } finally {
      await tf.setBackend("wasm");
    }
    s.dispose();
  });

  it("leaks no tensors", async () => {
    const s = setup(8);
    const layers = denseLayersOf(s.net, s.net.params, s.xt)!;
    await expectNoLeaks(() => tf.dispose(Object.values(fusedMlpJet(layers, s.xt, [s.ex], [2])).flat(2)));
    await expectNoLeaks(() => {
      const r = jetMlp(s.net, s.net.params, s.xt, [s.ex, s.et], [2, 1]);
      tf.dispose([r.value, ...r.derivatives.flat()]);
    });
    await expectNoLeaks(() => tf.dispose(fastApply(s.net, s.net.params, s.xt)));
    await expectNoLeaks(() => tf.dispose(grad(burgersJet(s))(s.net.params) as never));
    await expectNoLeaks(() => denseLayersOf(s.net, s.net.params, s.xt));
    s.dispose();
  });

  it("rejects bad input with the argument, expected and received values", () => {
    const s = setup(8);
    const layers = denseLayersOf(s.net, s.net.params, s.xt)!;
    expect(() => fusedMlpJet(layers, s.xt, [s.ex], [3])).toThrow(
      /orders must be integers in \[0, 2\], received 3/,
    );
    expect(() => fusedMlpJet(layers, s.xt, [s.ex], [])).toThrow(/same length, received 1 and 0/);
    expect(() => fusedMlpJet(layers, s.xt, [tf.zeros([8, 3])], [1])).toThrow(
      /v\[0\] must have the shape of x \[8, 2\], received \[8, 3\]/,
    );
    expect(() => fusedMlpJet([{ ...layers[0]!, activation: "relu" }], s.xt)).toThrow(
      /layers\[0\]\.activation must be one of tanh, sin, identity, gelu, received 'relu'/,
    );
    expect(() => fusedMlpJet(layers.slice(1), s.xt)).toThrow(
      /layers\[0\]\.w must be a \[2, \*\] matrix, received \[8, 8\]/,
    );
    expect(() => fusedMlpJet([{ ...layers[0]!, activation: "gelu" }], s.xt, [s.ex], [1])).toThrow(
      /'gelu' supports order ≤ 0, requested 1/,
    );
    expect(() => setFusedJet(1 as never)).toThrow(/enabled must be a boolean, received 1/);
    s.dispose();
  });
});
