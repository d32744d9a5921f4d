import { tf } from "@continuum/core-tensor";
import { positiveInt } from "../internal/validate.js";
import { spectralConv3dChannelMajor } from "../spectral/spectral-conv3d.js";
import { type FnoCommonOptions, type FnoParams, fnoSettings, initFnoParams } from "./fno-common.js";
import type { FnoModel } from "./fno1d.js";
import { pointwise, pointwiseRows, unitGrid } from "./layers.js";

/** Options of {@link fno3d}. */
export interface Fno3dOptions extends FnoCommonOptions {
  /** Modes kept along each axis (FNO3d on Navier–Stokes: 8, 8, 8); the third axis is the real-FFT axis. */
  modes1: number;
  modes2: number;
  modes3: number;
}

/** Parameters of an FNO3d. */
export type Fno3dParams = FnoParams;

/**
 * Fourier Neural Operator in three dimensions (Li et al., ICLR 2021, FNO-3D: 2-D space plus time, or 3-D space):
 * as {@link fno2d} with {@link spectralConv3d} kernels, on `[B, S1, S2, S3, inChannels]` over a uniform grid of
 * [0, 1]³ (three grid channels); `padding`/`domainPadding` pad every axis, e.g. the non-periodic time axis.
 *
 * @example
 * ```ts
 * const model = fno3d({ inChannels: 1, outChannels: 1, modes1: 4, modes2: 4, modes3: 4, width: 8, seed: 0 });
 * const u = model.apply(model.params, tf.zeros([1, 16, 16, 10, 1])); // shape [1, 16, 16, 10, 1]
 * ```
 */
export function fno3d(options: Fno3dOptions): FnoModel<Fno3dParams> {
  const settings = fnoSettings(options, "fno3d");
  const { inC, outC, width, L, padFor, useGrid, act, method } = settings;
  const m1 = positiveInt(options.modes1, "fno3d: options.modes1");
  const m2 = positiveInt(options.modes2, "fno3d: options.modes2");
  const m3 = positiveInt(options.modes3, "fno3d: options.modes3");
  const liftIn = inC + (useGrid ? 3 : 0);
  const params = initFnoParams(settings, liftIn, [2 * m1, 2 * m2, m3]);
  return {
    kind: "fno3d",
    options: { ...options },
    params,
    apply(p, a) {
      if (a.rank !== 5 || a.shape[4] !== inC || a.size === 0)
        throw new Error(
          `fno3d.apply: input must have shape [B, S1, S2, S3, ${inC}], received [${a.shape}] (B, S1, S2, S3 ≥ 1)`,
        );
      const [B, S1, S2, S3] = a.shape as [number, number, number, number, number];
      const pads = [padFor(S1), padFor(S2), padFor(S3)] as const;
      for (const [m, S, pad, name] of [
        [m1, S1, pads[0], "modes1"],
        [m2, S2, pads[1], "modes2"],
        [m3, S3, pads[2], "modes3"],
      ] as const)
        if (m > Math.floor((S + pad) / 2))
          throw new Error(
            `fno3d.apply: ${name} (${m}) must be at most (resolution + padding)/2 = ${Math.floor((S + pad) / 2)} ` +
              `for resolution ${S}`,
          );
      const padded = pads.some((q) => q > 0);
      return tf.tidy(() => {
        let x = tf.transpose(a, [4, 0, 1, 2, 3]); // [inC, B, S1, S2, S3]
        if (useGrid) {
          const shape = [1, B, S1, S2, S3];
          const g1 = tf.broadcastTo(tf.tensor5d(unitGrid(S1), [1, 1, S1, 1, 1]), shape);
          const g2 = tf.broadcastTo(tf.tensor5d(unitGrid(S2), [1, 1, 1, S2, 1]), shape);
          const g3 = tf.broadcastTo(tf.tensor5d(unitGrid(S3), [1, 1, 1, 1, S3]), shape);
          x = tf.concat([x, g1, g2, g3], 0);
        }
        const N = B * S1 * S2 * S3;
        let v = tf.reshape(pointwise(p.lift, tf.reshape(x, [liftIn, N]) as tf.Tensor2D), [
          width,
          B,
          S1,
          S2,
          S3,
        ]);
        if (padded)
          v = tf.pad(v, [
            [0, 0],
            [0, 0],
            [0, pads[0]],
            [0, pads[1]],
            [0, pads[2]],
          ]);
        const Pn = (S1 + pads[0]) * (S2 + pads[1]) * (S3 + pads[2]);
        for (let l = 0; l < L; l++) {
          const k = spectralConv3dChannelMajor(
            v as tf.Tensor5D,
            p.spectral[l]!.wr,
            p.spectral[l]!.wi,
            method,
          );
          const w = pointwise(p.skip[l]!, tf.reshape(v, [width, B * Pn]) as tf.Tensor2D);
          let s = tf.add(tf.reshape(k, [width, B * Pn]), w);
          if (l + 1 < L) s = act(s);
          v = tf.reshape(s, v.shape);
        }
        if (padded) v = tf.slice(v, [0, 0, 0, 0, 0], [width, B, S1, S2, S3]);
        const rows = tf.transpose(tf.reshape(v, [width, N])) as tf.Tensor2D; // [N, width], see pointwiseRows
        const h = act(pointwiseRows(p.proj1, rows, tf.transpose(p.proj1.w) as tf.Tensor2D)) as tf.Tensor2D;
        const out = pointwiseRows(p.proj2, h, tf.transpose(p.proj2.w) as tf.Tensor2D); // [N, outC]
        return tf.reshape(out, [B, S1, S2, S3, outC]);
      });
    },
  };
}
