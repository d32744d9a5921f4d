import { readFileSync } from "node:fs";
import { ready, tf } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks, gradcheck } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { clearSpectralCache } from "./dft-basis.js";
import { spectralConv1d, spectralConv1dChannelMajor } from "./spectral-conv1d.js";
import { spectralConv2d, spectralConv2dChannelMajor } from "./spectral-conv2d.js";
import { resolveSpectralMethod, type SpectralMethod } from "./spectral-method.js";
import { truncatedIrfft, truncatedRfft } from "./truncated-fft.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../test/fixtures/spectral_conv.json", import.meta.url), "utf8"),
) as {
  conv1d: {
    b: number;
    ci: number;
    co: number;
    n: number;
    m: number;
    x: number[];
    wr: number[];
    wi: number[];
    y: number[];
  }[];
  conv2d: {
    b: number;
    ci: number;
    co: number;
    n1: number;
    n2: number;
    m1: number;
    m2: number;
    x: number[];
    wr: number[];
    wi: number[];
    y: number[];
  }[];
};

const pow2 = (n: number) => (n & (n - 1)) === 0;

beforeAll(async () => {
  await ready();
});

// Tolerances: float32 transforms of O(1) data over ≤ 64 points accumulate ~S·eps32 ≈ 1e-5 relative error;
// 1e-4 leaves a margin of 10.
describe("spectral convolution vs numpy.fft reference (gen_spectral_conv.py)", () => {
  for (const [i, c] of fixture.conv1d.entries()) {
    const methods: SpectralMethod[] = pow2(c.n) ? ["dft", "fft"] : ["dft"];
    for (const method of methods)
      it(`1-D case ${i} (S=${c.n}, modes=${c.m}) with ${method}`, () => {
        const y = tf.tidy(() => {
          const x = tf.transpose(tf.tensor3d(c.x, [c.b, c.n, c.ci]), [2, 0, 1]) as tf.Tensor3D;
          const out = spectralConv1dChannelMajor(
            x,
            tf.tensor3d(c.wr, [c.m, c.ci, c.co]),
            tf.tensor3d(c.wi, [c.m, c.ci, c.co]),
            method,
          );
          return tf.transpose(out, [1, 2, 0]);
        });
        expectAllClose(y, c.y, { rtol: 1e-4, atol: 1e-4 });
        y.dispose();
      });
  }
  for (const [i, c] of fixture.conv2d.entries()) {
    const methods: SpectralMethod[] = pow2(c.n2) ? ["dft", "fft"] : ["dft"];
    for (const method of methods)
      it(`2-D case ${i} (${c.n1}x${c.n2}, modes ${c.m1}x${c.m2}) with ${method}`, () => {
        const y = tf.tidy(() => {
          const x = tf.transpose(tf.tensor4d(c.x, [c.b, c.n1, c.n2, c.ci]), [3, 0, 1, 2]) as tf.Tensor4D;
          const out = spectralConv2dChannelMajor(
            x,
            tf.tensor4d(c.wr, [2 * c.m1, c.m2, c.ci, c.co]),
            tf.tensor4d(c.wi, [2 * c.m1, c.m2, c.ci, c.co]),
            method,
          );
          return tf.transpose(out, [1, 2, 3, 0]);
        });
        expectAllClose(y, c.y, { rtol: 1e-4, atol: 1e-4 });
        y.dispose();
      });
  }
});

describe("gradients", () => {
  // Both maps are linear in x and in the weights, so central differences are exact up to float32 rounding;
  // gradcheck's default tolerance (rtol 2e-2, atol 1e-3) covers that rounding for O(1) values.
  for (const method of ["dft", "fft"] as const) {
    it(`spectralConv1d (${method}) input and weight gradients match finite differences`, () => {
      const conv = spectralConv1d({ inChannels: 2, outChannels: 2, modes: 3, method, seed: 1 });
      const r = tf.randomNormal([2, 8, 2], 0, 1, "float32", 3);
      const x0 = tf.randomNormal([2, 8, 2], 0, 1, "float32", 4);
      gradcheck((x: tf.Tensor) => tf.sum(tf.mul(conv.apply(conv.params, x), r)), x0, { directions: 3 });
      gradcheck(
        (w: tf.Tensor) => tf.sum(tf.mul(conv.apply({ wr: w as tf.Variable, wi: conv.params.wi }, x0), r)),
        conv.params.wr,
        { directions: 3 },
      );
      tf.dispose([r, x0, conv.params.wr, conv.params.wi]);
    });
    it(`spectralConv2d (${method}) input gradient matches finite differences`, () => {
      const conv = spectralConv2d({ inChannels: 1, outChannels: 2, modes1: 2, modes2: 2, method, seed: 1 });
      const r = tf.randomNormal([1, 8, 8, 2], 0, 1, "float32", 5);
      const x0 = tf.randomNormal([1, 8, 8, 1], 0, 1, "float32", 6);
      gradcheck((x: tf.Tensor) => tf.sum(tf.mul(conv.apply(conv.params, x), r)), x0, { directions: 3 });
      gradcheck(
        (w: tf.Tensor) => tf.sum(tf.mul(conv.apply({ wr: conv.params.wr, wi: w as tf.Variable }, x0), r)),
        conv.params.wi,
        { directions: 3 },
      );
      tf.dispose([r, x0, conv.params.wr, conv.params.wi]);
    });
  }

  // Odd sizes, modes at the limit ⌊S/2⌋ (for 2-D the negative block then reaches the Nyquist row), unequal
  // channel counts, batch 1 and non-square grids. Linear maps again: gradcheck's default tolerance applies.
  it.each([
    [1, 3, 5, 9, 4, "dft"],
    [1, 4, 1, 8, 4, "dft"],
    [2, 1, 2, 16, 8, "fft"],
    [1, 2, 3, 7, 3, "dft"],
  ] as const)(
    "spectralConv1d gradients: B=%i, %i→%i channels, S=%i, modes=%i (%s)",
    (b, ci, co, n, m, method) => {
      const conv = spectralConv1d({ inChannels: ci, outChannels: co, modes: m, method, seed: 3 });
      const x0 = tf.randomNormal([b, n, ci], 0, 1, "float32", 11);
      const r = tf.randomNormal([b, n, co], 0, 1, "float32", 12);
      gradcheck((x: tf.Tensor) => tf.sum(tf.mul(conv.apply(conv.params, x), r)), x0, { directions: 3 });
      gradcheck(
        (w: tf.Tensor) => tf.sum(tf.mul(conv.apply({ wr: conv.params.wr, wi: w as tf.Variable }, x0), r)),
        conv.params.wi,
        { directions: 3 },
      );
      tf.dispose([r, x0, conv.params.wr, conv.params.wi]);
    },
  );
  it.each([
    [1, 2, 3, 8, 12, 4, 6, "dft"],
    [2, 3, 1, 9, 7, 4, 3, "dft"],
    [1, 1, 2, 6, 16, 3, 8, "fft"],
  ] as const)(
    "spectralConv2d gradients: B=%i, %i→%i channels, %ix%i, modes %i×%i (%s)",
    (b, ci, co, n1, n2, m1, m2, method) => {
      const conv = spectralConv2d({
        inChannels: ci,
        outChannels: co,
        modes1: m1,
        modes2: m2,
        method,
        seed: 4,
      });
      const x0 = tf.randomNormal([b, n1, n2, ci], 0, 1, "float32", 13);
      const r = tf.randomNormal([b, n1, n2, co], 0, 1, "float32", 14);
      gradcheck((x: tf.Tensor) => tf.sum(tf.mul(conv.apply(conv.params, x), r)), x0, { directions: 3 });
      gradcheck(
        (w: tf.Tensor) => tf.sum(tf.mul(conv.apply({ wr: w as tf.Variable, wi: conv.params.wi }, x0), r)),
        conv.params.wr,
        { directions: 3 },
      );
      tf.dispose([r, x0, conv.params.wr, conv.params.wi]);
    },
  );

  it("the dft path is differentiable to second order (through its custom matmul gradients)", () => {
    const conv = spectralConv1d({ inChannels: 1, outChannels: 1, modes: 3, method: "dft", seed: 2 });
    // tanh makes the second derivative non-zero; gradcheck compares nested autodiff with finite differences.
    gradcheck(
      (x: tf.Tensor) => tf.sum(tf.tanh(conv.apply(conv.params, x))),
      tf.randomNormal([1, 8, 1], 0, 1, "float32", 9),
      {
        order: 2,
      },
    );
    tf.dispose([conv.params.wr, conv.params.wi]);
  });

  it("the fft path is differentiable to second order too, equal to the dft path", () => {
    // Formerly the fft ops' gradient was a detached tensor: second derivatives through core-tensor's `grad` were
    // silently zero and nested tf.grad threw. Now the gradient is the adjoint op, whose gradient is the op.
    const conv = spectralConv1d({ inChannels: 1, outChannels: 1, modes: 3, method: "fft", seed: 2 });
    const x0 = tf.randomNormal([1, 8, 1], 0, 1, "float32", 9);
    // tanh makes the second derivative non-zero; gradcheck compares nested autodiff with finite differences.
    gradcheck((x: tf.Tensor) => tf.sum(tf.tanh(conv.apply(conv.params, x))), x0, { order: 2 });
    const hvp = (method: SpectralMethod) =>
      tf.tidy(() => {
        const p = { wr: conv.params.wr, wi: conv.params.wi };
        const f = (x: tf.Tensor) =>
          tf.sum(
            tf.tanh(
              tf.transpose(
                spectralConv1dChannelMajor(
                  tf.transpose(x, [2, 0, 1]) as tf.Tensor3D,
                  p.wr as tf.Tensor3D,
                  p.wi as tf.Tensor3D,
                  method,
                ),
                [1, 2, 0],
              ),
            ),
          );
        return tf
          .grad((x: tf.Tensor) => tf.sum(tf.square(tf.grad(f)(x))))(x0)
          .dataSync();
      });
    const [viaFft, viaDft] = [hvp("fft"), hvp("dft")];
    // Same function through float32 transforms of 8 points: agreement to ~1e-6; 1e-4 relative bound.
    expectAllClose(Array.from(viaFft), Array.from(viaDft), { rtol: 1e-4, atol: 1e-5 });
    expect(Math.max(...Array.from(viaFft, Math.abs))).toBeGreaterThan(1e-2); // not the old silent zeros
    tf.dispose([x0, conv.params.wr, conv.params.wi]);
  });

  it("the fft custom ops' gradients are the adjoints (dot-product test) and equal the dft autodiff", () => {
    tf.tidy(() => {
      const x = tf.randomNormal([3, 16], 0, 1, "float32", 7) as tf.Tensor2D;
      const y = tf.randomNormal([3, 10], 0, 1, "float32", 8) as tf.Tensor2D;
      const gFft = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(truncatedRfft(z as tf.Tensor2D, 5), y)))(x);
      const Ax = truncatedRfft(x, 5);
      // <A x, y> = <x, A^T y>: float32 sums of 30-48 O(1) products, tolerance 1e-4 relative.
      const lhs = tf.sum(tf.mul(Ax, y)).dataSync()[0]!;
      const rhs = tf.sum(tf.mul(x, gFft)).dataSync()[0]!;
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * (Math.abs(lhs) + 1));
      const gInv = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(truncatedIrfft(z as tf.Tensor2D, 5, 16), x)))(y);
      const lhs2 = tf.sum(tf.mul(truncatedIrfft(y, 5, 16), x)).dataSync()[0]!;
      const rhs2 = tf.sum(tf.mul(y, gInv)).dataSync()[0]!;
      expect(Math.abs(lhs2 - rhs2)).toBeLessThan(1e-4 * (Math.abs(lhs2) + 1));
    });
  });
});

describe("contract", () => {
  it("keeps shapes, evaluates at other resolutions with the same weights, leaks nothing", async () => {
    const conv = spectralConv1d({ inChannels: 1, outChannels: 1, modes: 4, seed: 0 });
    // A band-limited input (modes < 4) sampled at 16 and 64 points gives the same function at both.
    const f = (n: number) =>
      tf.tensor3d(
        Array.from(
          { length: n },
          (_, s) => Math.sin((2 * Math.PI * s) / n) + 0.5 * Math.cos((6 * Math.PI * s) / n),
        ),
        [1, n, 1],
      );
    conv.apply(conv.params, f(16)).dispose(); // warm the basis cache
    conv.apply(conv.params, f(64)).dispose();
    await expectNoLeaks(() => {
      tf.tidy(() => {
        const a = conv.apply(conv.params, f(16)).dataSync();
        const b = conv.apply(conv.params, f(64)).dataSync();
        for (let s = 0; s < 16; s++) expect(a[s]!).toBeCloseTo(b[4 * s]!, 4);
      });
    });
    tf.dispose([conv.params.wr, conv.params.wi]);
  });

  it("rejects modes above resolution/2, wrong channels and non-power-of-two sizes on the fft path", () => {
    const conv = spectralConv1d({ inChannels: 2, outChannels: 1, modes: 9, seed: 0 });
    expect(() => conv.apply(conv.params, tf.zeros([1, 16, 2]))).toThrow(
      /modes \(9\) must be at most resolution\/2 = 8/,
    );
    expect(() => conv.apply(conv.params, tf.zeros([1, 32, 3]))).toThrow(/\[B, S, 2\], received \[1,32,3\]/);
    const f = spectralConv1d({ inChannels: 1, outChannels: 1, modes: 2, method: "fft", seed: 0 });
    expect(() => f.apply(f.params, tf.zeros([1, 12, 1]))).toThrow(
      /resolution 12 is not supported by the "fft" method.*"dft"/,
    );
    expect(() => spectralConv1d({ inChannels: 1, outChannels: 1, modes: 0 })).toThrow(
      /modes must be a positive integer/,
    );
    expect(() =>
      spectralConv1d({ inChannels: 1, outChannels: 1, modes: 2, method: "fast" as never }),
    ).toThrow(/"auto", "dft" or "fft"/);
    clearSpectralCache();
  });

  it("truncated FFT ops and channel-major layers reject bad modes and weight shapes, naming them", () => {
    tf.tidy(() => {
      // Formerly m > n/2 returned aliased values, a wrong y width gave NaN and a rank-3 input was misread.
      expect(() => truncatedRfft(tf.ones([1, 8]) as tf.Tensor2D, 6)).toThrow(
        /truncatedRfft: m must be an integer in \[1, 4\].*received 6/,
      );
      expect(() => truncatedRfft(tf.ones([1, 8]) as tf.Tensor2D, 0)).toThrow(
        /m must be an integer in \[1, 4\]/,
      );
      expect(() => truncatedRfft(tf.ones([1, 2, 8]) as never, 2)).toThrow(
        /must be a rank-2 tensor.*\[1,2,8\]/,
      );
      expect(() => truncatedIrfft(tf.ones([1, 5]) as tf.Tensor2D, 3, 8)).toThrow(
        /y must have 2m = 6 columns.*\[1,5\]/,
      );
      expect(() =>
        spectralConv1dChannelMajor(
          tf.ones([1, 1, 8]) as tf.Tensor3D,
          tf.ones([2, 1, 1]) as tf.Tensor3D,
          tf.ones([3, 1, 1]) as tf.Tensor3D,
        ),
      ).toThrow(/wr and wi must both have shape \[modes, in, out\], received \[2,1,1\] and \[3,1,1\]/);
      const w = tf.ones([3, 2, 1, 1]) as tf.Tensor4D;
      expect(() => spectralConv2dChannelMajor(tf.ones([1, 1, 8, 8]) as tf.Tensor4D, w, w)).toThrow(
        /first weight axis .* must be even, received \[3,2,1,1\]/,
      );
    });
  });

  it('"auto" follows the measured crossover (DFT below 160 modes or for non-power-of-two sizes)', () => {
    expect(resolveSpectralMethod("auto", 1024, 16)).toBe("dft");
    expect(resolveSpectralMethod("auto", 4096, 128)).toBe("dft");
    expect(resolveSpectralMethod("auto", 4096, 160)).toBe("fft");
    expect(resolveSpectralMethod("auto", 4096, 256)).toBe("fft");
    expect(resolveSpectralMethod("auto", 3000, 256)).toBe("dft");
    expect(resolveSpectralMethod("fft", 16, 2)).toBe("fft");
  });
});
