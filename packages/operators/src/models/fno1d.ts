import { type Module, tf } from "@continuum/core-tensor";
import { positiveInt } from "../internal/validate.js";
import { spectralConv1dChannelMajor } from "../spectral/spectral-conv1d.js";
import { type FnoCommonOptions, type FnoParams, fnoSettings, initFnoParams } from "./fno-common.js";
import { pointwise, pointwiseRows, unitGrid } from "./layers.js";

/** Options of {@link fno1d}. */
export interface Fno1dOptions extends FnoCommonOptions {
  /** Fourier modes kept per layer. */
  modes: number;
}

/** Parameters of an FNO1d. */
export type Fno1dParams = FnoParams;

/** An FNO: a module on `[B, S, inChannels]` → `[B, S, outChannels]`, plus its configuration. */
export interface FnoModel<P> extends Module<P> {
  readonly kind: "fno1d" | "fno2d" | "fno3d";
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Fourier Neural Operator in one dimension (Li, Kovachki, Azizzadenesheli, Liu, Bhattacharya, Stuart,
 * Anandkumar, "Fourier Neural Operator for Parametric Partial Differential Equations", ICLR 2021):
 * lift `[a(x), x]` to `width` channels pointwise, apply `layers` Fourier layers
 * `v ← σ(K v + W v)` (K a {@link spectralConv1d}, W a pointwise skip; no σ after the last), project with a
 * two-layer pointwise MLP. Inputs `[B, S, inChannels]` on a uniform grid of [0, 1]; any S with
 * `modes ≤ (S + padding)/2` works with the same parameters. For non-periodic data pad with `domainPadding`
 * (a fraction of S) rather than a fixed `padding` when the model will be evaluated at other resolutions.
 *
 * @example
 * ```ts
 * const model = fno1d({ inChannels: 1, outChannels: 1, modes: 8, width: 16, seed: 0 });
 * const u = model.apply(model.params, tf.zeros([4, 64, 1])); // shape [4, 64, 1]
 * // Non-periodic data: pad 12.5 % of the grid (8 points at S = 64, 16 at S = 128).
 * const padded = fno1d({ inChannels: 1, outChannels: 1, modes: 8, width: 16, domainPadding: 0.125 });
 * ```
 */
export function fno1d(options: Fno1dOptions): FnoModel<Fno1dParams> {
  const settings = fnoSettings(options, "fno1d");
  const { inC, outC, width, L, padFor, useGrid, act, method } = settings;
  const modes = positiveInt(options.modes, "fno1d: options.modes");
  const liftIn = inC + (useGrid ? 1 : 0);
  const params = initFnoParams(settings, liftIn, [modes]);
  return {
    kind: "fno1d",
    options: { ...options },
    params,
    apply(p, a) {
      if (a.rank !== 3 || a.shape[2] !== inC || a.size === 0)
        throw new Error(
          `fno1d.apply: input must have shape [B, S, ${inC}], received [${a.shape}] (B, S ≥ 1)`,
        );
      const [B, S] = a.shape as [number, number, number];
      const pad = padFor(S);
      if (modes > Math.floor((S + pad) / 2))
        throw new Error(
          `fno1d.apply: modes (${modes}) must be at most (resolution + padding)/2 = ${Math.floor((S + pad) / 2)} ` +
            `for resolution ${S}; lower modes or raise the resolution`,
        );
      return tf.tidy(() => {
        let x = tf.transpose(a, [2, 0, 1]); // [inC, B, S]
        if (useGrid) {
          const g = tf.broadcastTo(tf.tensor3d(unitGrid(S), [1, 1, S]), [1, B, S]);
          x = tf.concat([x, g], 0);
        }
        let h = pointwise(p.lift, tf.reshape(x, [liftIn, B * S]) as tf.Tensor2D);
        let v = tf.reshape(h, [width, B, S]) as tf.Tensor3D;
        if (pad > 0)
          v = tf.pad(v, [
            [0, 0],
            [0, 0],
            [0, pad],
          ]);
        const Sp = S + pad;
        for (let l = 0; l < L; l++) {
          const k = spectralConv1dChannelMajor(
            v,
            p.spectral[l]!.wr as tf.Tensor3D,
            p.spectral[l]!.wi as tf.Tensor3D,
            method,
          );
          const w = pointwise(p.skip[l]!, tf.reshape(v, [width, B * Sp]) as tf.Tensor2D);
          let s = tf.add(tf.reshape(k, [width, B * Sp]), w);
          if (l + 1 < L) s = act(s);
          v = tf.reshape(s, [width, B, Sp]) as tf.Tensor3D;
        }
        if (pad > 0) v = tf.slice(v, [0, 0, 0], [width, B, S]);
        // Projection channels-last (one transpose; see pointwiseRows).
        const rows = tf.transpose(tf.reshape(v, [width, B * S])) as tf.Tensor2D; // [B*S, width]
        h = act(pointwiseRows(p.proj1, rows, tf.transpose(p.proj1.w) as tf.Tensor2D)) as tf.Tensor2D;
        const out = pointwiseRows(p.proj2, h, tf.transpose(p.proj2.w) as tf.Tensor2D); // [B*S, outC]
        return tf.reshape(out, [B, S, outC]);
      });
    },
  };
}
