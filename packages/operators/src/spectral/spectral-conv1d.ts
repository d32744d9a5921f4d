import { type Module, prng, tf } from "@continuum/core-tensor";
import { ownedVariable } from "../internal/owned-variable.js";
import { positiveInt } from "../internal/validate.js";
import { applyBasis } from "./dft-basis.js";
import { resolveSpectralMethod, type SpectralMethod } from "./spectral-method.js";
import { complexModeMix } from "./spectral-mix.js";
import { truncatedIrfft, truncatedRfft } from "./truncated-fft.js";

/** Parameters of a 1-D spectral convolution: complex weights as real/imaginary pairs `[modes, in, out]`. */
export interface SpectralConv1dParams {
  [key: string]: tf.Variable;
  wr: tf.Variable;
  wi: tf.Variable;
}

/** Options of {@link spectralConv1d}. */
export interface SpectralConv1dOptions {
  inChannels: number;
  outChannels: number;
  /** Number of lowest Fourier modes kept (k = 0..modes−1); must be ≤ resolution/2 when applied. */
  modes: number;
  /** `"auto"` (default), `"dft"` or `"fft"`; see {@link SpectralMethod}. */
  method?: SpectralMethod;
  seed?: number;
}

/**
 * Check that `modes` is a positive integer with `modes ≤ ⌊n/2⌋` (n the resolution), with a message naming both.
 * @example
 * ```ts
 * checkModes(4, 9, "mySolver"); // ok
 * checkModes(5, 9, "mySolver"); // throws: modes (5) must be at most resolution/2 = 4 for resolution 9
 * ```
 */
export function checkModes(modes: number, n: number, where: string): void {
  // A NaN or fractional modes formerly passed the comparison below silently.
  if (!Number.isInteger(modes) || modes < 1)
    throw new Error(`${where}: modes must be a positive integer, received ${String(modes)}`);
  if (modes > Math.floor(n / 2))
    throw new Error(
      `${where}: modes (${modes}) must be at most resolution/2 = ${Math.floor(n / 2)} for resolution ${n}; ` +
        `lower modes or raise the resolution`,
    );
}

/** Check that `wr` and `wi` have the same shape of rank `rank` (the layouts documented on the params). */
export function checkSpectralWeights(
  wr: tf.Tensor,
  wi: tf.Tensor,
  rank: number,
  layout: string,
  where: string,
): void {
  if (wr.rank !== rank || wi.rank !== rank || wr.shape.join() !== wi.shape.join())
    throw new Error(
      `${where}: wr and wi must both have shape ${layout}, received [${wr.shape}] and [${wi.shape}]`,
    );
}

/**
 * Spectral convolution on channel-major data `[Ci, B, S]` → `[Co, B, S]` (the layout FNO uses internally,
 * where every transform is a plain 2-D matmul without transposes of the full field).
 */
export function spectralConv1dChannelMajor(
  x: tf.Tensor3D,
  wr: tf.Tensor3D,
  wi: tf.Tensor3D,
  method: SpectralMethod = "auto",
): tf.Tensor3D {
  checkSpectralWeights(wr, wi, 3, "[modes, in, out]", "spectralConv1d");
  if (x.rank !== 3 || x.size === 0)
    throw new Error(`spectralConv1d: x must have shape [C, B, S] with no empty axis, received [${x.shape}]`);
  return tf.tidy(() => {
    const [ci, b, n] = x.shape;
    const [m, wci, co] = wr.shape;
    if (wci !== ci) throw new Error(`spectralConv1d: input has ${ci} channels but the weights expect ${wci}`);
    checkModes(m, n, "spectralConv1d");
    const how = resolveSpectralMethod(method, n, m);
    const rows = tf.reshape(x, [ci * b, n]) as tf.Tensor2D;
    const X = how === "dft" ? applyBasis(rows, "r", n, m) : truncatedRfft(rows, m); // [ci*b, 2m]
    // [ci, b, 2, m] -> [m, b, 2, ci] -> [m, b, 2ci]
    const Xm = tf.reshape(tf.transpose(tf.reshape(X, [ci, b, 2, m]), [3, 1, 2, 0]), [m, b, 2 * ci]);
    const Y = complexModeMix(Xm as tf.Tensor3D, wr, wi); // [m, b, 2co]
    const Yr = tf.reshape(tf.transpose(tf.reshape(Y, [m, b, 2, co]), [3, 1, 2, 0]), [co * b, 2 * m]);
    const u = how === "dft" ? applyBasis(Yr, "ir", n, m) : truncatedIrfft(Yr as tf.Tensor2D, m, n);
    return tf.reshape(u, [co, b, n]) as tf.Tensor3D;
  });
}

/** FNO initialisation: U[0,1) scaled by 1/(in·out) for real and imaginary parts (Li et al. 2021 code). */
export function spectralInit(
  shape: number[],
  inC: number,
  outC: number,
  seed: number,
): [tf.Variable, tf.Variable] {
  const rng = prng(seed);
  const scale = 1 / (inC * outC);
  const wr = ownedVariable(rng.uniform(shape, { min: 0, max: scale }));
  const wi = ownedVariable(rng.uniform(shape, { min: 0, max: scale }));
  return [wr, wi];
}

/**
 * 1-D spectral convolution (the Fourier layer kernel of Li et al., "Fourier Neural Operator for Parametric
 * PDEs", ICLR 2021): real FFT along space, keep the lowest `modes` modes, multiply each by a learned complex
 * `in × out` matrix, inverse real FFT. Input and output are channels-last `[B, S, C]`; any resolution S with
 * `modes ≤ S/2` works with the same weights (resolution invariance). Computed as a truncated DFT matmul or with
 * fft.js inside a custom-gradient op (see {@link SpectralMethod}).
 *
 * @example
 * ```ts
 * const conv = spectralConv1d({ inChannels: 2, outChannels: 3, modes: 4, seed: 0 });
 * const y = conv.apply(conv.params, tf.ones([5, 32, 2])); // shape [5, 32, 3]
 * ```
 */
export function spectralConv1d(options: SpectralConv1dOptions): Module<SpectralConv1dParams> {
  const ci = positiveInt(options?.inChannels, "spectralConv1d: options.inChannels");
  const co = positiveInt(options.outChannels, "spectralConv1d: options.outChannels");
  const m = positiveInt(options.modes, "spectralConv1d: options.modes");
  const method = options.method ?? "auto";
  resolveSpectralMethod(method, 2 * m, m);
  const [wr, wi] = spectralInit([m, ci, co], ci, co, options.seed ?? 0);
  return {
    params: { wr, wi },
    apply(params, x) {
      if (x.rank !== 3 || x.shape[2] !== ci)
        throw new Error(`spectralConv1d.apply: x must have shape [B, S, ${ci}], received [${x.shape}]`);
      return tf.tidy(() => {
        const cm = tf.transpose(x, [2, 0, 1]) as tf.Tensor3D;
        const y = spectralConv1dChannelMajor(cm, params.wr as tf.Tensor3D, params.wi as tf.Tensor3D, method);
        return tf.transpose(y, [1, 2, 0]);
      });
    },
  };
}
