import { grad, type PyTree, ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectNoLeaks, gradcheck } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { operatorModels } from "../registries.js";
import "../register-models.js";
import { checkModes } from "../spectral/spectral-conv1d.js";
import { spectralConv2d } from "../spectral/spectral-conv2d.js";
import { roll } from "../spectral/test-helpers.js";
import { deeponet } from "./deeponet.js";
import { fno1d } from "./fno1d.js";
import { fno2d } from "./fno2d.js";
import { physicsInformedDeeponet } from "./physics-informed-deeponet.js";
import { podBasis, podDeeponet } from "./pod-deeponet.js";

beforeAll(async () => {
  await ready();
});

describe("model construction", () => {
  it("leaves no tensors behind: disposing a model's parameters frees everything it made", async () => {
    // The params interfaces are typed per model; as pytrees they are plain nested records of variables.
    const free = (params: unknown) => treeDispose(params as PyTree);
    await expectNoLeaks(() => {
      free(fno1d({ inChannels: 1, outChannels: 1, modes: 3, width: 4, layers: 2, seed: 0 }).params);
      free(
        fno2d({ inChannels: 1, outChannels: 1, modes1: 2, modes2: 2, width: 4, layers: 1, seed: 0 }).params,
      );
      free(deeponet({ sensors: 5, coordinates: 1, branch: [4], trunk: [4], latent: 3, seed: 0 }).params);
      free(
        deeponet({
          sensors: 5,
          coordinates: 2,
          branch: [4],
          trunk: [4],
          latent: 3,
          trunkDomain: [
            [0, 1],
            [-1, 1],
          ],
        }).params,
      );
    });
  });
});

describe("fno1d / fno2d", () => {
  it("maps [B, S, C] to [B, S, out] at any resolution, with padding, without leaks", async () => {
    const m = fno1d({
      inChannels: 2,
      outChannels: 3,
      modes: 4,
      width: 8,
      layers: 2,
      projection: 16,
      seed: 0,
    });
    m.apply(m.params, tf.zeros([1, 16, 2])).dispose();
    m.apply(m.params, tf.zeros([1, 40, 2])).dispose();
    await expectNoLeaks(() => {
      tf.tidy(() => {
        expect(m.apply(m.params, tf.ones([3, 16, 2])).shape).toEqual([3, 16, 3]);
        expect(m.apply(m.params, tf.ones([2, 40, 2])).shape).toEqual([2, 40, 3]);
      });
    });
    const p = fno1d({ inChannels: 1, outChannels: 1, modes: 4, width: 4, layers: 1, padding: 5, seed: 0 });
    expect(p.apply(p.params, tf.ones([2, 11, 1])).shape).toEqual([2, 11, 1]);
    treeDispose(m.params as never);
  });

  it("fno1d gradients w.r.t. the input match finite differences", () => {
    const m = fno1d({
      inChannels: 1,
      outChannels: 1,
      modes: 3,
      width: 4,
      layers: 2,
      projection: 8,
      seed: 1,
      activation: "tanh",
    });
    const r = tf.randomNormal([1, 8, 1], 0, 1, "float32", 2);
    // Smooth activation; default gradcheck tolerances (rtol 2e-2) cover float32 finite differences.
    gradcheck(
      (x: tf.Tensor) => tf.sum(tf.mul(m.apply(m.params, x), r)),
      tf.randomNormal([1, 8, 1], 0, 1, "float32", 3),
    );
  });

  it("fno2d maps [B, S1, S2, C] with padding and rejects bad shapes", () => {
    const m = fno2d({
      inChannels: 1,
      outChannels: 2,
      modes1: 3,
      modes2: 2,
      width: 6,
      layers: 2,
      projection: 8,
      padding: 2,
      seed: 0,
    });
    tf.tidy(() => {
      expect(m.apply(m.params, tf.ones([2, 10, 12, 1])).shape).toEqual([2, 10, 12, 2]);
      expect(m.apply(m.params, tf.ones([1, 7, 9, 1])).shape).toEqual([1, 7, 9, 2]);
    });
    expect(() => m.apply(m.params, tf.ones([1, 10, 10, 2]))).toThrow(
      /\[B, S1, S2, 1\], received \[1,10,10,2\]/,
    );
    expect(() => m.apply(m.params, tf.ones([1, 3, 10, 1]))).toThrow(/modes1 \(3\) must be at most/);
  });

  it("errors name the argument: modes above resolution/2, channels, options", () => {
    const m = fno1d({ inChannels: 1, outChannels: 1, modes: 12, width: 4, seed: 0 });
    expect(() => m.apply(m.params, tf.zeros([1, 16, 1]))).toThrow(
      /modes \(12\) must be at most .* = 8 for resolution 16/,
    );
    expect(() => m.apply(m.params, tf.zeros([1, 32, 2]))).toThrow(/\[B, S, 1\], received \[1,32,2\]/);
    expect(() => fno1d({ inChannels: 1, outChannels: 1, modes: 4, width: 0 })).toThrow(
      /options.width must be a positive integer, received 0/,
    );
    // Formerly accepted at construction (method failed only at the first apply; grid: "no" was truthy).
    expect(() =>
      fno1d({ inChannels: 1, outChannels: 1, modes: 4, width: 4, method: "fast" as never }),
    ).toThrow(/fno1d: options.method must be "auto", "dft" or "fft", received "fast"/);
    expect(() =>
      fno2d({ inChannels: 1, outChannels: 1, modes1: 2, modes2: 2, width: 4, grid: "no" as never }),
    ).toThrow(/fno2d: options.grid must be true or false, received "no"/);
  });

  it("domainPadding pads a fixed fraction of each axis, keeping non-periodic FNOs resolution-invariant", () => {
    const opts = { inChannels: 1, outChannels: 1, modes: 6, width: 8, layers: 3, projection: 16, seed: 3 };
    // a(x) = x² + sin 3x on x_j = j/(S−1): non-periodic; S = 65 holds the S = 33 points at even indices.
    const sample = (S: number) =>
      tf.tensor3d(
        Float32Array.from({ length: S }, (_, j) => (j / (S - 1)) ** 2 + Math.sin((3 * j) / (S - 1))),
        [1, S, 1],
      );
    const mismatch = (o: object) => {
      const m = fno1d({ ...opts, ...o });
      // Spectral weights ×10 (nearer trained magnitudes than the 1/width² init) so the kernels dominate the skips.
      for (const w of m.params.spectral) {
        w.wr.assign(tf.mul(w.wr, 10));
        w.wi.assign(tf.mul(w.wi, 10));
      }
      const [coarse, fine] = tf.tidy(() => [
        m.apply(m.params, sample(33)).dataSync(),
        m.apply(m.params, sample(65)).dataSync(),
      ]);
      let e = 0;
      let scale = 0;
      for (let j = 0; j < 33; j++) {
        e = Math.max(e, Math.abs(coarse[j]! - fine[2 * j]!));
        scale = Math.max(scale, Math.abs(fine[2 * j]!));
      }
      treeDispose(m.params as never);
      return e / scale;
    };
    const unpadded = mismatch({});
    const fixed = mismatch({ padding: 8 });
    const fraction = mismatch({ domainPadding: 0.25 }); // 8 points at S = 33, 16 at S = 65
    // Measured (2026-11): unpadded 2.8e-3 (grid channel and GELU harmonics above the kept modes), fixed padding
    // 2.0e-2 (its period is 41/33 of the domain on one grid and 73/65 on the other), domainPadding 2.7e-3. The
    // bounds leave 2× margins on the fraction and 3× separation from the fixed-padding mismatch.
    expect(fraction).toBeLessThan(2 * unpadded);
    expect(fixed).toBeGreaterThan(3 * fraction);
    // Same number of points as the equivalent fixed padding (same seed, same parameters): identical outputs.
    const a = fno1d({ ...opts, domainPadding: 0.25 });
    const b = fno1d({ ...opts, padding: 16 });
    tf.tidy(() => {
      const x = sample(64);
      expect(Array.from(a.apply(a.params, x).dataSync())).toEqual(
        Array.from(b.apply(b.params, x).dataSync()),
      );
    });
    // fno2d pads each axis by its own resolution: round(0.25·8) = 2 and round(0.25·16) = 4.
    const m2 = fno2d({
      inChannels: 1,
      outChannels: 1,
      modes1: 5,
      modes2: 10,
      width: 4,
      layers: 1,
      projection: 4,
      domainPadding: 0.25,
    });
    tf.tidy(() => {
      expect(m2.apply(m2.params, tf.ones([1, 8, 16, 1])).shape).toEqual([1, 8, 16, 1]);
      expect(() => m2.apply(m2.params, tf.ones([1, 7, 16, 1]))).toThrow(
        /modes1 \(5\) must be at most \(resolution \+ padding\)\/2 = 4 for resolution 7/,
      );
    });
    expect(() => fno1d({ ...opts, padding: 4, domainPadding: 0.1 })).toThrow(
      /fno1d: give options.padding \(4 points\) or options.domainPadding \(0.1 of the resolution\), not both/,
    );
    expect(() =>
      fno2d({ inChannels: 1, outChannels: 1, modes1: 2, modes2: 2, width: 4, domainPadding: -0.1 }),
    ).toThrow(
      /fno2d: options.domainPadding must be a non-negative finite fraction of the resolution, received -0.1/,
    );
    treeDispose([a.params, b.params, m2.params] as never);
  });

  it("empty batches or grids are rejected naming the shape (formerly a concat error or 'divide by zero')", () => {
    const m1 = fno1d({
      inChannels: 2,
      outChannels: 1,
      modes: 2,
      width: 4,
      layers: 1,
      projection: 4,
      seed: 0,
    });
    const m2 = fno2d({
      inChannels: 1,
      outChannels: 1,
      modes1: 2,
      modes2: 2,
      width: 4,
      layers: 1,
      projection: 4,
    });
    tf.tidy(() => {
      expect(() => m1.apply(m1.params, tf.zeros([0, 16, 2]))).toThrow(
        /fno1d.apply: input must have shape \[B, S, 2\], received \[0,16,2\] \(B, S ≥ 1\)/,
      );
      expect(() => m2.apply(m2.params, tf.zeros([0, 8, 8, 1]))).toThrow(
        /fno2d.apply: input must have shape \[B, S1, S2, 1\], received \[0,8,8,1\] \(B, S1, S2 ≥ 1\)/,
      );
      const conv = spectralConv2d({ inChannels: 1, outChannels: 1, modes1: 2, modes2: 2 });
      expect(() => conv.apply(conv.params, tf.zeros([0, 8, 8, 1]))).toThrow(
        /spectralConv2d: x must have shape \[C, B, S1, S2\] with no empty axis, received \[1,0,8,8\]/,
      );
      expect(() => checkModes(Number.NaN, 16, "custom layer")).toThrow(
        /custom layer: modes must be a positive integer, received NaN/,
      );
      expect(() => checkModes(2.5, 16, "custom layer")).toThrow(/received 2.5/);
      tf.dispose([conv.params.wr, conv.params.wi]);
    });
    treeDispose(m1.params as never);
    treeDispose(m2.params as never);
  });

  it("fno2d on a non-square grid with several channels is shift-equivariant along each axis separately", () => {
    // Without grid channels and padding an FNO commutes with periodic shifts. Shifting by 3 rows and 5 columns
    // of an 8×12 grid (different per axis) would fail if the two spatial axes or their modes were swapped.
    const m = fno2d({
      inChannels: 2,
      outChannels: 3,
      modes1: 4,
      modes2: 3,
      width: 5,
      layers: 2,
      projection: 8,
      grid: false,
      seed: 5,
    });
    tf.tidy(() => {
      const x = tf.randomNormal([1, 8, 12, 2], 0, 1, "float32", 8);
      const y = m.apply(m.params, x);
      expect(y.shape).toEqual([1, 8, 12, 3]);
      const ys = m.apply(m.params, roll(roll(x, 3, 1), 5, 2));
      // float32 spectral round trips of O(1) values: agreement to ~1e-6; 1e-5 bound.
      expect(tf.max(tf.abs(tf.sub(ys, roll(roll(y, 3, 1), 5, 2)))).dataSync()[0]).toBeLessThan(1e-5);
    });
    treeDispose(m.params as unknown as PyTree);
  });
});

describe("DeepONet family", () => {
  it("deeponet: cartesian and aligned evaluation agree; multiple outputs", () => {
    const net = deeponet({
      sensors: 5,
      coordinates: 2,
      branch: [8],
      trunk: [8],
      latent: 4,
      outputs: 2,
      seed: 0,
    });
    tf.tidy(() => {
      const u = tf.randomNormal([3, 5], 0, 1, "float32", 1);
      const y = tf.randomNormal([4, 2], 0, 1, "float32", 2);
      const s = net.apply(net.params, u, y);
      expect(s.shape).toEqual([3, 4, 2]);
      // Row (function 1, point 2) via the aligned path.
      const a = net.applyAligned(net.params, tf.slice(u, [1, 0], [1, 5]), tf.slice(y, [2, 0], [1, 2]));
      const c = tf.slice(s, [1, 2, 0], [1, 1, 2]).dataSync();
      const d = a.dataSync();
      expect(d[0]).toBeCloseTo(c[0]!, 5);
      expect(d[1]).toBeCloseTo(c[1]!, 5);
    });
    expect(() => net.apply(net.params, tf.zeros([2, 4]), tf.zeros([3, 2]))).toThrow(
      /u must have shape \[B, 5\]/,
    );
  });

  it("deeponet trunkDomain puts every trunk breakpoint inside the box; zero biases without it", () => {
    const base = { sensors: 5, coordinates: 1, branch: [4], trunk: [64], latent: 3, seed: 7 };
    const plain = deeponet(base);
    expect(Array.from(plain.params.trunk.layers[0]!.b.dataSync())).toEqual(new Array(64).fill(0));
    const spread = deeponet({ ...base, trunkDomain: [[0.25, 0.75]] });
    // Same Glorot weights; the breakpoint of unit i is y_i = −b_i/w_i, drawn uniformly in [0.25, 0.75]
    // (float32 rounding of b_i = −w_i·c_i moves it by ~1e-7 relative, hence the 1e-6 margin).
    const w = spread.params.trunk.layers[0]!.w.dataSync();
    expect(Array.from(w)).toEqual(Array.from(plain.params.trunk.layers[0]!.w.dataSync()));
    const b = spread.params.trunk.layers[0]!.b.dataSync();
    const kinks = Array.from(b, (bi, i) => -bi / w[i]!);
    for (const k of kinks) {
      expect(k).toBeGreaterThan(0.25 - 1e-6);
      expect(k).toBeLessThan(0.75 + 1e-6);
    }
    // Spread over the box, not clustered: 64 uniform draws cover both halves.
    expect(kinks.filter((k) => k < 0.5).length).toBeGreaterThan(16);
    expect(kinks.filter((k) => k > 0.5).length).toBeGreaterThan(16);
    expect(() => deeponet({ ...base, trunkDomain: [[1, 0]] })).toThrow(
      /trunkDomain\[0\] must satisfy lo < hi, received \[1, 0\]/,
    );
    expect(() => deeponet({ ...base, trunkDomain: [] })).toThrow(
      /one \[lo, hi\] pair per coordinate \(1\), received \[\]/,
    );
    expect(() => deeponet({ ...base, trunkDomain: [[0, Number.NaN]] })).toThrow(
      /trunkDomain\[0\]\[1\] must be a finite number, received NaN/,
    );
    treeDispose(plain.params as unknown as PyTree);
    treeDispose(spread.params as unknown as PyTree);
  });

  it("podBasis recovers an exact low-rank family and podDeeponet evaluates on its points", () => {
    // Samples c1·sin(πx) + c2·x(1−x) + mean: rank 2 around the mean, so 2 modes hold all the energy.
    const P = 12;
    const N = 30;
    const s = new Float64Array(N * P);
    for (let i = 0; i < N; i++)
      for (let j = 0; j < P; j++) {
        const x = j / (P - 1);
        s[i * P + j] = 1 + Math.sin(i) * Math.sin(Math.PI * x) + Math.cos(3 * i) * x * (1 - x);
      }
    const basis = podBasis(s, N, P, 2);
    expect(basis.energy).toBeGreaterThan(1 - 1e-10);
    const gramOff = basis.modes.slice(0, P).reduce((acc, v, j) => acc + v * basis.modes[P + j]!, 0);
    expect(Math.abs(gramOff)).toBeLessThan(1e-10); // orthonormal modes (float64 Jacobi)
    const basisWide = podBasis(s.slice(0, 5 * P), 5, P, 2); // Gram-matrix route (N < P)
    expect(basisWide.energy).toBeGreaterThan(1 - 1e-10);
    const net = podDeeponet({ sensors: 3, branch: [8], basis, seed: 0 });
    tf.tidy(() => {
      expect(net.apply(net.params, tf.zeros([4, 3])).shape).toEqual([4, P]);
    });
    expect(() => podBasis(s, N, P, 13)).toThrow(/count \(13\) must be at most/);
    // Rank 2 around the mean: a third mode has zero variance. In the Gram route (N < P) its entries were ~1e133.
    expect(() => podBasis(s.slice(0, 5 * P), 5, P, 3)).toThrow(
      /podBasis: count \(3\) exceeds the 2 modes of non-zero variance.*at most 2/,
    );
    expect(() => podBasis(s, N, P, 3)).toThrow(/exceeds the 2 modes of non-zero variance/);
    // Rank 2 data from 3 samples, all 2 possible modes: still orthonormal (Gram route, N < P).
    const three = podBasis(s.slice(0, 3 * P), 3, P, 2);
    const norm1 = three.modes.slice(P).reduce((acc, v) => acc + v * v, 0);
    expect(norm1).toBeCloseTo(1, 10);
    const nan = s.slice(0, 5 * P);
    nan[7] = Number.NaN;
    expect(() => podBasis(nan, 5, P, 2)).toThrow(/podBasis: samples must be finite, received NaN at index 7/);
    // An inconsistent basis is rejected when the net is built (formerly a tensor-shape error at apply).
    expect(() => podDeeponet({ sensors: 3, branch: [8], basis: { ...basis, count: 3 } })).toThrow(
      /options.basis must be a PodBasis .*count 3, points 12/,
    );
    net.dispose();
    treeDispose(net.params.branch);
  });

  it("podDeeponet.dispose frees the cached basis: create, apply twice, dispose leaks nothing", async () => {
    const P = 6;
    const basis = podBasis(
      Float64Array.from({ length: 4 * P }, (_, k) => Math.sin(k)),
      4,
      P,
      2,
    );
    await expectNoLeaks(() => {
      const net = podDeeponet({ sensors: 3, branch: [4], basis, seed: 1 });
      const u = tf.ones([2, 3]);
      tf.dispose([net.apply(net.params, u), net.apply(net.params, u)]);
      net.dispose();
      net.dispose(); // idempotent
      // After dispose the cache is rebuilt on demand and freed again.
      tf.dispose(net.apply(net.params, u));
      u.dispose();
      net.dispose();
      treeDispose(net.params.branch);
    });
  });

  it("physicsInformedDeeponet: residual loss differentiates through the trunk (antiderivative)", () => {
    const net = physicsInformedDeeponet({
      sensors: 4,
      coordinates: 1,
      branch: [8],
      trunk: [8],
      latent: 4,
      seed: 0,
      residual: (s, y, _u, f) => tf.sub(tf.reshape(grad((z: tf.Tensor) => tf.sum(s(z)))(y), [-1]), f!),
    });
    const u = tf.randomNormal([6, 4], 0, 1, "float32", 1);
    const y = tf.randomUniform([6, 1], 0, 1, "float32", 2);
    const f = tf.randomNormal([6], 0, 1, "float32", 3);
    const loss = net.residualLoss(net.params, u, y, f);
    expect(loss.shape).toEqual([]);
    expect(Number.isFinite(loss.dataSync()[0]!)).toBe(true);
    // The residual loss is trainable: its gradient w.r.t. trunk weights exists and is finite.
    const w = net.params.trunk.layers[0]!.w;
    const g = tf.grad((ww: tf.Tensor) =>
      net.residualLoss(
        {
          ...net.params,
          trunk: {
            layers: [
              { w: ww as tf.Variable, b: net.params.trunk.layers[0]!.b },
              ...net.params.trunk.layers.slice(1),
            ],
          },
        },
        u,
        y,
        f,
      ),
    )(w);
    expect(g.shape).toEqual(w.shape);
    expect(g.dataSync().every(Number.isFinite)).toBe(true);
    expect(() =>
      physicsInformedDeeponet({ sensors: 1, coordinates: 1, branch: [], trunk: [], latent: 1 } as never),
    ).toThrow(/options.residual must be a function/);
  });

  it("physicsInformedDeeponet.dataLoss handles several outputs (target [N, outputs])", () => {
    const net = physicsInformedDeeponet({
      sensors: 5,
      coordinates: 2,
      branch: [8],
      trunk: [8],
      latent: 4,
      outputs: 3,
      seed: 0,
      residual: (s, y) => tf.sum(s(y), 1),
    });
    tf.tidy(() => {
      const u = tf.randomNormal([4, 5], 0, 1, "float32", 1);
      const y = tf.randomUniform([4, 2], 0, 1, "float32", 2);
      const target = tf.randomNormal([4, 3], 0, 1, "float32", 3);
      // Formerly the target was flattened to [12] and broadcasting against [4, 3] threw.
      const expected = tf.mean(tf.square(tf.sub(net.applyAligned(net.params, u, y), target))).dataSync()[0]!;
      expect(net.dataLoss(net.params, u, y, target).dataSync()[0]).toBeCloseTo(expected, 6);
      expect(() => net.dataLoss(net.params, u, y, tf.zeros([4]))).toThrow(
        /dataLoss: target must hold one value per row and output, shape \[4,3\], received \[4\]/,
      );
    });
    treeDispose(net.params as unknown as PyTree);
  });

  it("registry lists the published model names and refuses duplicates", () => {
    expect(operatorModels.names()).toEqual([
      "fno1d",
      "fno2d",
      "fno3d",
      "deeponet",
      "pod-deeponet",
      "physics-informed-deeponet",
    ]);
    expect(() => operatorModels.register("fno1d", fno1d)).toThrow(/already registered/);
  });
});
