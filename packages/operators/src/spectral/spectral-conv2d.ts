import { type Module, tf } from "@continuum/core-tensor";
import { positiveInt } from "../internal/validate.js";
import { applyBasis } from "./dft-basis.js";
import { checkModes, checkSpectralWeights, spectralInit } from "./spectral-conv1d.js";
import { resolveSpectralMethod, type SpectralMethod } from "./spectral-method.js";
import { complexModeMix } from "./spectral-mix.js";
import { truncatedIrfft, truncatedRfft } from "./truncated-fft.js";

/**
 * Parameters of a 2-D spectral convolution: `[2·modes1, modes2, in, out]` real and imaginary weights; the
 * first `modes1` rows act on frequencies 0..modes1−1 along the first axis, the next on the negative
 * frequencies −modes1..−1 (the two weight tensors of the FNO code, stacked).
 */
export interface SpectralConv2dParams {
  [key: string]: tf.Variable;
  wr: tf.Variable;
  wi: tf.Variable;
}

/** Options of {@link spectralConv2d}. */
export interface SpectralConv2dOptions {
  inChannels: number;
  outChannels: number;
  /** Modes kept along the first spatial axis (positive and negative), ≤ S1/2. */
  modes1: number;
  /** Modes kept along the second (real-FFT) axis, ≤ S2/2. */
  modes2: number;
  /** Method for the last-axis real transform (the first axis always uses the truncated DFT matmul). */
  method?: SpectralMethod;
  seed?: number;
}

/** Spectral convolution on channel-major data `[Ci, B, S1, S2]` → `[Co, B, S1, S2]`. */
export function spectralConv2dChannelMajor(
  x: tf.Tensor4D,
  wr: tf.Tensor4D,
  wi: tf.Tensor4D,
  method: SpectralMethod = "auto",
): tf.Tensor4D {
  checkSpectralWeights(wr, wi, 4, "[2·modes1, modes2, in, out]", "spectralConv2d");
  if (wr.shape[0] % 2 !== 0)
    throw new Error(
      `spectralConv2d: the first weight axis holds modes1 positive then modes1 negative frequencies and must be even, received [${wr.shape}]`,
    );
  if (x.rank !== 4 || x.size === 0)
    throw new Error(
      `spectralConv2d: x must have shape [C, B, S1, S2] with no empty axis, received [${x.shape}]`,
    );
  return tf.tidy(() => {
    const [ci, b, n1, n2] = x.shape;
    const [K, m2, wci, co] = wr.shape;
    const m1 = K / 2;
    if (wci !== ci) throw new Error(`spectralConv2d: input has ${ci} channels but the weights expect ${wci}`);
    checkModes(m1, n1, "spectralConv2d (modes1)");
    checkModes(m2, n2, "spectralConv2d (modes2)");
    const how = resolveSpectralMethod(method, n2, m2);
    // Stage 1: real transform along the last axis.
    const rows = tf.reshape(x, [ci * b * n1, n2]) as tf.Tensor2D;
    const A = how === "dft" ? applyBasis(rows, "r", n2, m2) : truncatedRfft(rows, m2); // [ci b n1, 2 m2]
    // Stage 2: complex transform along the first axis, kept frequencies only.
    const A2 = tf.reshape(tf.transpose(tf.reshape(A, [ci * b, n1, 2, m2]), [0, 3, 2, 1]), [
      ci * b * m2,
      2 * n1,
    ]);
    const Z = applyBasis(A2, "c", n1, m1); // [ci b m2, 2K]
    // Modes to the batch axis: [ci, b, m2, 2, K] -> [K, m2, b, 2, ci]
    const Zm = tf.reshape(tf.transpose(tf.reshape(Z, [ci, b, m2, 2, K]), [4, 2, 1, 3, 0]), [
      K * m2,
      b,
      2 * ci,
    ]);
    const Y = complexModeMix(
      Zm as tf.Tensor3D,
      tf.reshape(wr, [K * m2, ci, co]) as tf.Tensor3D,
      tf.reshape(wi, [K * m2, ci, co]) as tf.Tensor3D,
    ); // [K m2, b, 2co]
    const Y2 = tf.reshape(tf.transpose(tf.reshape(Y, [K, m2, b, 2, co]), [4, 2, 1, 3, 0]), [
      co * b * m2,
      2 * K,
    ]);
    const B1 = applyBasis(Y2, "ic", n1, m1); // [co b m2, 2 n1]
    const B2 = tf.reshape(tf.transpose(tf.reshape(B1, [co * b, m2, 2, n1]), [0, 3, 2, 1]), [
      co * b * n1,
      2 * m2,
    ]);
    const u = how === "dft" ? applyBasis(B2, "ir", n2, m2) : truncatedIrfft(B2 as tf.Tensor2D, m2, n2);
    return tf.reshape(u, [co, b, n1, n2]) as tf.Tensor4D;
  });
}

/**
 * 2-D spectral convolution (Li et al. 2021, FNO2d): rfft2, keep `modes1` positive and negative frequencies
 * along the first axis and `modes2` along the second, complex `in × out` mixing per mode, irfft2.
 * Channels-last `[B, S1, S2, C]` in and out; resolution-independent weights.
 *
 * @example
 * ```ts
 * const conv = spectralConv2d({ inChannels: 1, outChannels: 2, modes1: 3, modes2: 3, seed: 0 });
 * const y = conv.apply(conv.params, tf.ones([2, 16, 16, 1])); // shape [2, 16, 16, 2]
 * ```
 */
export function spectralConv2d(options: SpectralConv2dOptions): Module<SpectralConv2dParams> {
  const ci = positiveInt(options?.inChannels, "spectralConv2d: options.inChannels");
  const co = positiveInt(options.outChannels, "spectralConv2d: options.outChannels");
  const m1 = positiveInt(options.modes1, "spectralConv2d: options.modes1");
  const m2 = positiveInt(options.modes2, "spectralConv2d: options.modes2");
  const method = options.method ?? "auto";
  resolveSpectralMethod(method, 2 * m2, m2);
  const [wr, wi] = spectralInit([2 * m1, m2, ci, co], ci, co, options.seed ?? 0);
  return {
    params: { wr, wi },
    apply(params, x) {
      if (x.rank !== 4 || x.shape[3] !== ci)
        throw new Error(`spectralConv2d.apply: x must have shape [B, S1, S2, ${ci}], received [${x.shape}]`);
      return tf.tidy(() => {
        const cm = tf.transpose(x, [3, 0, 1, 2]) as tf.Tensor4D;
        const y = spectralConv2dChannelMajor(cm, params.wr as tf.Tensor4D, params.wi as tf.Tensor4D, method);
        return tf.transpose(y, [1, 2, 3, 0]);
      });
    },
  };
}
