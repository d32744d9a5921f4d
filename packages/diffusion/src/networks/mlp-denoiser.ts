import { mlp, type MlpParams, tf } from "@continuum/core-tensor";
import type { DiffusionModel, Prediction } from "../parametrisation.js";
import type { GaussianPath } from "../processes/gaussian-path.js";
import { timeEmbedding } from "./time-embedding.js";

/** Options of {@link mlpDenoiser}. */
export interface MlpDenoiserOptions {
  /** Data dimension. */
  dim: number;
  /** Hidden widths (default [128, 128, 128]). */
  hidden?: number[];
  /** Time-embedding width (default 32) and kind (default `sinusoidal`). */
  embedDim?: number;
  embedding?: "sinusoidal" | "fourier";
  /** Sinusoidal time multiplier / Fourier scale (defaults 1000 / 16; use ~1 for EDM's c_noise input). */
  embedScale?: number;
  /** Hidden activation (default `silu`). */
  activation?: string;
  seed?: number;
}

/** An MLP network `F(x, t)` with explicit parameters; `model(path, prediction)` makes a DiffusionModel. */
export interface MlpDenoiser {
  readonly params: MlpParams;
  apply(params: MlpParams, x: tf.Tensor, t: tf.Tensor): tf.Tensor;
  /** The DiffusionModel using the current parameter values. */
  model(path: GaussianPath, prediction: Prediction): DiffusionModel;
  dispose(): void;
}

/**
 * The toy-data workhorse: an MLP on `[x, emb(t)]` with a sinusoidal or Fourier time embedding, output the
 * same width as x (any prediction kind).
 * @example
 * ```ts
 * const net = mlpDenoiser({ dim: 2, hidden: [64, 64], seed: 0 });
 * const model = net.model(flowLinear(), "velocity");
 * model.apply(tf.zeros([4, 2]), tf.fill([4], 0.5)); // [4, 2]
 * ```
 */
export function mlpDenoiser(options: MlpDenoiserOptions): MlpDenoiser {
  const { dim } = options;
  if (!(Number.isInteger(dim) && dim >= 1))
    throw new Error(`mlpDenoiser: options.dim must be a positive integer, received ${dim}`);
  const embDim = options.embedDim ?? 32;
  const emb = timeEmbedding({
    dim: embDim,
    kind: options.embedding ?? "sinusoidal",
    scale: options.embedScale,
    seed: options.seed,
  });
  const net = mlp({
    inputs: dim + embDim,
    hidden: options.hidden ?? [128, 128, 128],
    outputs: dim,
    activation: options.activation ?? "silu",
    seed: options.seed ?? 0,
  });
  const apply = (params: MlpParams, x: tf.Tensor, t: tf.Tensor) =>
    tf.tidy(() => {
      if (x.rank !== 2 || x.shape[1] !== dim)
        throw new Error(
          `mlpDenoiser.apply: x must have shape [N, ${dim}], received [${x.shape}] (data dimension mismatch)`,
        );
      return net.apply(params, tf.concat([x, emb.apply(t)], 1));
    });
  return {
    params: net.params,
    apply,
    model: (path, prediction) => ({ path, prediction, apply: (x, t) => apply(net.params, x, t) }),
    dispose: () => {
      emb.dispose();
      for (const l of net.params.layers) tf.dispose([l.w, l.b]);
    },
  };
}
