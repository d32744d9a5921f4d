import { prng, tf } from "@continuum/core-tensor";

/** Options of {@link timeEmbedding}. */
export interface TimeEmbeddingOptions {
  /** Output width (even). */
  dim: number;
  /** `sinusoidal` (Vaswani et al. 2017 / DDPM, log-spaced frequencies) or `fourier` (random Gaussian
   * frequencies, Tancik et al. 2020 / Song et al. 2021). */
  kind?: "sinusoidal" | "fourier";
  /** Fourier: std of the frequencies (default 16); sinusoidal: time multiplier (default 1000). */
  scale?: number;
  seed?: number;
}

/** A fixed (non-trainable) time embedding `t [N] -> [N, dim]`; dispose it with `dispose()`. */
export interface TimeEmbedding {
  readonly dim: number;
  apply(t: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/**
 * Time embedding of diffusion networks: `[sin(w_k t), cos(w_k t)]` with log-spaced `w_k = scale * 10000^(-k/h)`
 * (sinusoidal) or random `w_k = 2 pi B_k`, `B ~ N(0, scale^2)` (Gaussian Fourier projection).
 * @example
 * ```ts
 * const emb = timeEmbedding({ dim: 32, kind: "fourier", seed: 0 });
 * emb.apply(tf.tensor1d([0.1, 0.5])); // [2, 32]
 * ```
 */
export function timeEmbedding(options: TimeEmbeddingOptions): TimeEmbedding {
  const { dim } = options;
  if (!(Number.isInteger(dim) && dim >= 2 && dim % 2 === 0))
    throw new Error(`timeEmbedding: options.dim must be an even integer >= 2, received ${dim}`);
  const kind = options.kind ?? "sinusoidal";
  const h = dim / 2;
  const w = new Float32Array(h);
  if (kind === "sinusoidal") {
    const scale = options.scale ?? 1000;
    for (let k = 0; k < h; k++) w[k] = scale * 10000 ** (-k / Math.max(1, h - 1));
  } else if (kind === "fourier") {
    const rng = prng(options.seed ?? 0);
    const scale = options.scale ?? 16;
    for (let k = 0; k < h; k++) w[k] = 2 * Math.PI * scale * rng.nextNormal();
  } else throw new Error(`timeEmbedding: unknown options.kind '${String(kind)}'; known: sinusoidal, fourier`);
  const W = tf.keep(tf.tensor2d(w, [1, h]));
  return {
    dim,
    apply: (t) =>
      tf.tidy(() => {
        const a = tf.matMul(tf.reshape(t, [-1, 1]), W);
        return tf.concat([tf.sin(a), tf.cos(a)], 1);
      }),
    dispose: () => W.dispose(),
  };
}
