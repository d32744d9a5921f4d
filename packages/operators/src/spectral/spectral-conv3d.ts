import { type Module, tf } from "@continuum/core-tensor";
import { positiveInt } from "../internal/validate.js";
import { applyBasis } from "./dft-basis.js";
import { checkModes, checkSpectralWeights, spectralInit } from "./spectral-conv1d.js";
import { resolveSpectralMethod, type SpectralMethod } from "./spectral-method.js";
import { complexModeMix } from "./spectral-mix.js";
import { truncatedIrfft, truncatedRfft } from "./truncated-fft.js";

/**
 * Parameters of a 3-D spectral convolution: `[2·modes1, 2·modes2, modes3, in, out]` real and imaginary weights.
 * Along each of the first two axes the first `modes` rows act on frequencies 0..modes−1 and the next on the
 * negative frequencies −modes..−1 (the four corner weight tensors of the FNO3d code, stacked); the third axis is
 * the real-FFT axis.
 */
export interface SpectralConv3dParams {
  [key: string]: tf.Variable;
  wr: tf.Variable;
  wi: tf.Variable;
}

/** Options of {@link spectralConv3d}. */
export interface SpectralConv3dOptions {
  inChannels: number;
  outChannels: number;
  /** Modes kept along the first spatial axis (positive and negative), ≤ S1/2. */
  modes1: number;
  /** Modes kept along the second spatial axis (positive and negative), ≤ S2/2. */
  modes2: number;
  /** Modes kept along the third (real-FFT) axis, ≤ S3/2. */
  modes3: number;
  /** Method for the last-axis real transform (the other two axes always use the truncated DFT matmul). */
  method?: SpectralMethod;
  seed?: number;
}

/** Spectral convolution on channel-major data `[Ci, B, S1, S2, S3]` → `[Co, B, S1, S2, S3]`. */
export function spectralConv3dChannelMajor(
  x: tf.Tensor5D,
  wr: tf.Tensor,
  wi: tf.Tensor,
  method: SpectralMethod = "auto",
): tf.Tensor5D {
  checkSpectralWeights(wr, wi, 5, "[2·modes1, 2·modes2, modes3, in, out]", "spectralConv3d");
  if (wr.shape[0]! % 2 !== 0 || wr.shape[1]! % 2 !== 0)
    throw new Error(
      `spectralConv3d: the first two weight axes hold modes positive then modes negative frequencies and must be even, received [${wr.shape}]`,
    );
  if (x.rank !== 5 || x.size === 0)
    throw new Error(
      `spectralConv3d: x must have shape [C, B, S1, S2, S3] with no empty axis, received [${x.shape}]`,
    );
  return tf.tidy(() => {
    const [ci, b, n1, n2, n3] = x.shape;
    const [K1, K2, m3, wci, co] = wr.shape as [number, number, number, number, number];
    const m1 = K1 / 2;
    const m2 = K2 / 2;
    if (wci !== ci) throw new Error(`spectralConv3d: input has ${ci} channels but the weights expect ${wci}`);
    checkModes(m1, n1, "spectralConv3d (modes1)");
    checkModes(m2, n2, "spectralConv3d (modes2)");
    checkModes(m3, n3, "spectralConv3d (modes3)");
    const how = resolveSpectralMethod(method, n3, m3);
    // Stage 1: real transform along the last axis.
    const rows = tf.reshape(x, [ci * b * n1 * n2, n3]) as tf.Tensor2D;
    const A = how === "dft" ? applyBasis(rows, "r", n3, m3) : truncatedRfft(rows, m3); // [ci b n1 n2, 2 m3]
    // Stage 2: complex transform along the second axis, kept frequencies only.
    const A2 = tf.reshape(tf.transpose(tf.reshape(A, [ci * b * n1, n2, 2, m3]), [0, 3, 2, 1]), [
      ci * b * n1 * m3,
      2 * n2,
    ]);
    const Z2 = applyBasis(A2, "c", n2, m2); // [ci b n1 m3, 2 K2]
    // Stage 3: complex transform along the first axis.
    const A1 = tf.reshape(tf.transpose(tf.reshape(Z2, [ci * b, n1, m3, 2, K2]), [0, 2, 4, 3, 1]), [
      ci * b * m3 * K2,
      2 * n1,
    ]);
    const Z = applyBasis(A1, "c", n1, m1); // [ci b m3 K2, 2 K1]
    // Modes to the batch axis: [ci, b, m3, K2, 2, K1] -> [K1, K2, m3, b, 2, ci]
    const Zm = tf.reshape(tf.transpose(tf.reshape(Z, [ci, b, m3, K2, 2, K1]), [5, 3, 2, 1, 4, 0]), [
      K1 * K2 * m3,
      b,
      2 * ci,
    ]);
    const Y = complexModeMix(
      Zm as tf.Tensor3D,
      tf.reshape(wr, [K1 * K2 * m3, ci, co]) as tf.Tensor3D,
      tf.reshape(wi, [K1 * K2 * m3, ci, co]) as tf.Tensor3D,
    ); // [K1 K2 m3, b, 2co]
    // Back: [K1, K2, m3, b, 2, co] -> [co, b, m3, K2, 2, K1], inverse along the first axis.
    const Y1 = tf.reshape(tf.transpose(tf.reshape(Y, [K1, K2, m3, b, 2, co]), [5, 3, 2, 1, 4, 0]), [
      co * b * m3 * K2,
      2 * K1,
    ]);
    const B1 = applyBasis(Y1, "ic", n1, m1); // [co b m3 K2, 2 n1]
    const Y2 = tf.reshape(tf.transpose(tf.reshape(B1, [co * b, m3, K2, 2, n1]), [0, 4, 1, 3, 2]), [
      co * b * n1 * m3,
      2 * K2,
    ]);
    const B2 = applyBasis(Y2, "ic", n2, m2); // [co b n1 m3, 2 n2]
    const Y3 = tf.reshape(tf.transpose(tf.reshape(B2, [co * b * n1, m3, 2, n2]), [0, 3, 2, 1]), [
      co * b * n1 * n2,
      2 * m3,
    ]);
    const u = how === "dft" ? applyBasis(Y3, "ir", n3, m3) : truncatedIrfft(Y3 as tf.Tensor2D, m3, n3);
    return tf.reshape(u, [co, b, n1, n2, n3]) as tf.Tensor5D;
  });
}

/**
 * 3-D spectral convolution (Li et al., "Fourier Neural Operator for Parametric PDEs", ICLR 2021, FNO3d: 2-D
 * space plus time, or 3-D space): rfftn over the three axes, keep `modes1` positive and negative frequencies
 * along the first axis, `modes2` along the second and `modes3` along the third (real) axis, multiply each mode
 * by a learned complex `in × out` matrix, irfftn. Channels-last `[B, S1, S2, S3, C]` in and out;
 * resolution-independent weights.
 *
 * @example
 * ```ts
 * const conv = spectralConv3d({ inChannels: 1, outChannels: 2, modes1: 2, modes2: 2, modes3: 3, seed: 0 });
 * const y = conv.apply(conv.params, tf.ones([1, 8, 8, 10, 1])); // shape [1, 8, 8, 10, 2]
 * ```
 */
export function spectralConv3d(options: SpectralConv3dOptions): Module<SpectralConv3dParams> {
  const ci = positiveInt(options?.inChannels, "spectralConv3d: options.inChannels");
  const co = positiveInt(options.outChannels, "spectralConv3d: options.outChannels");
  const m1 = positiveInt(options.modes1, "spectralConv3d: options.modes1");
  const m2 = positiveInt(options.modes2, "spectralConv3d: options.modes2");
  const m3 = positiveInt(options.modes3, "spectralConv3d: options.modes3");
  const method = options.method ?? "auto";
  resolveSpectralMethod(method, 2 * m3, m3);
  const [wr, wi] = spectralInit([2 * m1, 2 * m2, m3, ci, co], ci, co, options.seed ?? 0);
  return {
    params: { wr, wi },
    apply(params, x) {
      if (x.rank !== 5 || x.shape[4] !== ci)
        throw new Error(
          `spectralConv3d.apply: x must have shape [B, S1, S2, S3, ${ci}], received [${x.shape}]`,
        );
      return tf.tidy(() => {
        const cm = tf.transpose(x, [4, 0, 1, 2, 3]) as tf.Tensor5D;
        const y = spectralConv3dChannelMajor(cm, params.wr, params.wi, method);
        return tf.transpose(y, [1, 2, 3, 4, 0]);
      });
    },
  };
}
