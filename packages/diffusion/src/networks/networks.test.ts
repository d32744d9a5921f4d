import { prng, ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { toyData, toyDataArray, TOY_DATASETS } from "../data/toy.js";
import { cfmLoss } from "../losses/flow-matching.js";
import { flowLinear } from "../processes/flow.js";
import { vpCosine } from "../processes/vp.js";
import { train } from "../train.js";
import { mlpDenoiser } from "./mlp-denoiser.js";
import { timeEmbedding } from "./time-embedding.js";
import { unet } from "./unet.js";

beforeAll(async () => {
  await ready();
});

describe("networks and training", () => {
  it("time embeddings: sinusoidal values, fourier shape, bad dim", () => {
    const e = timeEmbedding({ dim: 4, kind: "sinusoidal", scale: 1 });
    // frequencies [1, 1e-4]: emb(t) = [sin t, sin 1e-4 t, cos t, cos 1e-4 t]
    const v = e.apply(tf.tensor1d([0.5])).dataSync();
    expect(v[0]).toBeCloseTo(Math.sin(0.5), 5);
    expect(v[2]).toBeCloseTo(Math.cos(0.5), 5);
    const f = timeEmbedding({ dim: 8, kind: "fourier", seed: 1 });
    expect(f.apply(tf.tensor1d([0.1, 0.2])).shape).toEqual([2, 8]);
    expect(() => timeEmbedding({ dim: 3 })).toThrow(/even integer >= 2, received 3/);
    e.dispose();
    f.dispose();
  });
  it("U-Net construction leaves nothing behind once the network is disposed", async () => {
    await expectNoLeaks(() => unet({ size: [8, 8], channels: 1, base: 4, levels: 2 }).dispose());
  });
  it("U-Net (2-D 8x8 and 1-D 16) keeps the input shape, has gradients for every parameter and no leaks", async () => {
    const net = unet({ size: [8, 8], channels: 1, base: 4, levels: 2 });
    const x = prng(0).normal([2, 8, 8, 1]);
    const t = tf.tensor1d([0.2, 0.8]);
    const out = await expectNoLeaks(() => net.apply(net.params, x, t), { allow: 1 });
    expect(out.shape).toEqual([2, 8, 8, 1]);
    const vars = [
      ...net.params.convs.flatMap((c) => [c.w, c.b]),
      ...net.params.temb.flatMap((c) => [c.w, c.b]),
    ];
    const { grads, value } = tf.variableGrads(
      () => tf.mean(tf.square(net.apply(net.params, x, t))) as tf.Scalar,
      vars,
    );
    expect(Object.keys(grads).length).toBe(vars.length);
    tf.dispose([out, value, ...Object.values(grads)]);
    const n1 = unet({ size: [16], channels: 2, base: 4, levels: 2 });
    const y = n1.model(vpCosine(), "eps").apply(tf.zeros([3, 16, 2]), tf.fill([3], 0.5));
    expect(y.shape).toEqual([3, 16, 2]);
    expect(() => n1.apply(n1.params, tf.zeros([3, 8, 2]), tf.fill([3], 0.5))).toThrow(
      /data dimension mismatch/,
    );
    expect(() => unet({ size: [10, 10], levels: 2 })).toThrow(/divisible by 2\^levels = 4/);
    tf.dispose([x, t, y]);
    net.dispose();
    n1.dispose();
  });
  it("flow matching on eight-gaussians: 150 Adam steps reduce the CFM loss by > 30%", () => {
    const net = mlpDenoiser({ dim: 2, hidden: [64, 64], seed: 0, embedScale: 10 });
    const model = net.model(flowLinear(), "velocity");
    const hist = train(
      net.params,
      (r) => {
        const x = toyData("eight-gaussians", 128, r);
        const l = cfmLoss(model, x, { rng: r });
        x.dispose();
        return l;
      },
      { steps: 150, lr: 3e-3, rng: prng(1), logEvery: 50 },
    );
    // Initial loss ~ E|x1 - x0|^2 ~ 4; a trained velocity explains a large part (floor ~1.2 for I-CFM).
    expect(hist[hist.length - 1]!).toBeLessThan(0.7 * hist[0]!);
    net.dispose();
  });
  it("toy data sets are seeded, shaped and roughly standardised", () => {
    for (const name of TOY_DATASETS) {
      const a = toyDataArray(name, 500, prng(2));
      const b = toyDataArray(name, 500, prng(2));
      expect(a).toEqual(b);
      const m = a.reduce((s, v) => s + v * v, 0) / a.length;
      expect(m).toBeGreaterThan(0.2);
      expect(m).toBeLessThan(6);
    }
    expect(() => toyDataArray("spiral" as never, 5, prng(0))).toThrow(
      /unknown dataset 'spiral'; known: two-moons/,
    );
  });
});
