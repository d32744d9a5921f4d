import { tf } from "@continuum/core-tensor";
import { positiveInt } from "../internal/validate.js";
import { spectralConv2dChannelMajor } from "../spectral/spectral-conv2d.js";
import { type FnoCommonOptions, type FnoParams, fnoSettings, initFnoParams } from "./fno-common.js";
import type { FnoModel } from "./fno1d.js";
import { pointwise, pointwiseRows, unitGrid } from "./layers.js";

/** Options of {@link fno2d}. */
export interface Fno2dOptions extends FnoCommonOptions {
  /** Modes kept along each axis (FNO Darcy: 12). */
  modes1: number;
  modes2: number;
}

/** Parameters of an FNO2d. */
export type Fno2dParams = FnoParams;

/**
 * Fourier Neural Operator in two dimensions (Li et al., ICLR 2021): as {@link fno1d} with
 * {@link spectralConv2d} kernels, on `[B, S1, S2, inChannels]` over a uniform grid of [0, 1]²; padding
 * makes the periodic transform usable for non-periodic problems such as Darcy flow.
 *
 * @example
 * ```ts
 * const model = fno2d({ inChannels: 1, outChannels: 1, modes1: 4, modes2: 4, width: 8, seed: 0 });
 * const u = model.apply(model.params, tf.zeros([2, 16, 16, 1])); // shape [2, 16, 16, 1]
 * // Darcy-style non-periodic data at several resolutions: pad 1/8 of each axis (round(S/8) points).
 * const darcy = fno2d({ inChannels: 1, outChannels: 1, modes1: 12, modes2: 12, width: 32, domainPadding: 0.125 });
 * ```
 */
export function fno2d(options: Fno2dOptions): FnoModel<Fno2dParams> {
  const settings = fnoSettings(options, "fno2d");
  const { inC, outC, width, L, padFor, useGrid, act, method } = settings;
  const m1 = positiveInt(options.modes1, "fno2d: options.modes1");
  const m2 = positiveInt(options.modes2, "fno2d: options.modes2");
  const liftIn = inC + (useGrid ? 2 : 0);
  const params = initFnoParams(settings, liftIn, [2 * m1, m2]);
  return {
    kind: "fno2d",
    options: { ...options },
    params,
    apply(p, a) {
      if (a.rank !== 4 || a.shape[3] !== inC || a.size === 0)
        throw new Error(
          `fno2d.apply: input must have shape [B, S1, S2, ${inC}], received [${a.shape}] (B, S1, S2 ≥ 1)`,
        );
      const [B, S1, S2] = a.shape as [number, number, number, number];
      const pad1 = padFor(S1);
      const pad2 = padFor(S2);
      for (const [m, S, pad, name] of [
        [m1, S1, pad1, "modes1"],
        [m2, S2, pad2, "modes2"],
      ] as const)
        if (m > Math.floor((S + pad) / 2))
          throw new Error(
            `fno2d.apply: ${name} (${m}) must be at most (resolution + padding)/2 = ${Math.floor((S + pad) / 2)} ` +
              `for resolution ${S}`,
          );
      return tf.tidy(() => {
        let x = tf.transpose(a, [3, 0, 1, 2]); // [inC, B, S1, S2]
        if (useGrid) {
          const gx = tf.broadcastTo(tf.tensor4d(unitGrid(S1), [1, 1, S1, 1]), [1, B, S1, S2]);
          const gy = tf.broadcastTo(tf.tensor4d(unitGrid(S2), [1, 1, 1, S2]), [1, B, S1, S2]);
          x = tf.concat([x, gx, gy], 0);
        }
        const N = B * S1 * S2;
        let v = tf.reshape(pointwise(p.lift, tf.reshape(x, [liftIn, N]) as tf.Tensor2D), [width, B, S1, S2]);
        if (pad1 > 0 || pad2 > 0)
          v = tf.pad(v, [
            [0, 0],
            [0, 0],
            [0, pad1],
            [0, pad2],
          ]);
        const P1 = S1 + pad1;
        const P2 = S2 + pad2;
        for (let l = 0; l < L; l++) {
          const k = spectralConv2dChannelMajor(
            v as tf.Tensor4D,
            p.spectral[l]!.wr as tf.Tensor4D,
            p.spectral[l]!.wi as tf.Tensor4D,
            method,
          );
          const w = pointwise(p.skip[l]!, tf.reshape(v, [width, B * P1 * P2]) as tf.Tensor2D);
          let s = tf.add(tf.reshape(k, [width, B * P1 * P2]), w);
          if (l + 1 < L) s = act(s);
          v = tf.reshape(s, [width, B, P1, P2]);
        }
        if (pad1 > 0 || pad2 > 0) v = tf.slice(v, [0, 0, 0, 0], [width, B, S1, S2]);
        const rows = tf.transpose(tf.reshape(v, [width, N])) as tf.Tensor2D; // [N, width], see pointwiseRows
        const h = act(pointwiseRows(p.proj1, rows, tf.transpose(p.proj1.w) as tf.Tensor2D)) as tf.Tensor2D;
        const out = pointwiseRows(p.proj2, h, tf.transpose(p.proj2.w) as tf.Tensor2D); // [N, outC]
        return tf.reshape(out, [B, S1, S2, outC]);
      });
    },
  };
}
