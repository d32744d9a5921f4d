import { tf } from "@continuum/core-tensor";
import { nonNegativeInt, positiveInt } from "../internal/validate.js";
import { spectralInit } from "../spectral/spectral-conv1d.js";
import { spectralConv2dChannelMajor } from "../spectral/spectral-conv2d.js";
import type { SpectralMethod } from "../spectral/spectral-method.js";
import type { FnoModel } from "./fno1d.js";
import {
  type OperatorActivation,
  type PointwiseParams,
  pointwise,
  pointwiseInit,
  pointwiseRows,
  resolveOperatorActivation,
  unitGrid,
} from "./layers.js";

/** Options of {@link fno2d}. */
export interface Fno2dOptions {
  inChannels: number;
  outChannels: number;
  /** Modes kept along each axis (FNO Darcy: 12). */
  modes1: number;
  modes2: number;
  /** Channel width (FNO Darcy: 32). */
  width: number;
  layers?: number;
  projection?: number;
  /** Append (x, y) ∈ [0, 1]² as two input channels (default true). */
  grid?: boolean;
  /** Zero-padding appended along both axes after lifting (FNO Darcy: 9; default 0). */
  padding?: number;
  activation?: OperatorActivation;
  method?: SpectralMethod;
  seed?: number;
}

/** Parameters of an FNO2d. */
export interface Fno2dParams {
  [key: string]: unknown;
  lift: PointwiseParams;
  spectral: { wr: tf.Variable; wi: tf.Variable }[];
  skip: PointwiseParams[];
  proj1: PointwiseParams;
  proj2: PointwiseParams;
}

/**
 * Fourier Neural Operator in two dimensions (Li et al., ICLR 2021): as {@link fno1d} with
 * {@link spectralConv2d} kernels, on `[B, S1, S2, inChannels]` over a uniform grid of [0, 1]²; padding
 * makes the periodic transform usable for non-periodic problems such as Darcy flow.
 *
 * @example
 * ```ts
 * const model = fno2d({ inChannels: 1, outChannels: 1, modes1: 4, modes2: 4, width: 8, seed: 0 });
 * const u = model.apply(model.params, tf.zeros([2, 16, 16, 1])); // shape [2, 16, 16, 1]
 * ```
 */
export function fno2d(options: Fno2dOptions): FnoModel<Fno2dParams> {
  const inC = positiveInt(options?.inChannels, "fno2d: options.inChannels");
  const outC = positiveInt(options.outChannels, "fno2d: options.outChannels");
  const m1 = positiveInt(options.modes1, "fno2d: options.modes1");
  const m2 = positiveInt(options.modes2, "fno2d: options.modes2");
  const width = positiveInt(options.width, "fno2d: options.width");
  const L = positiveInt(options.layers ?? 4, "fno2d: options.layers");
  const hidden = positiveInt(options.projection ?? 128, "fno2d: options.projection");
  const pad = nonNegativeInt(options.padding ?? 0, "fno2d: options.padding");
  const useGrid = options.grid ?? true;
  const act = resolveOperatorActivation(options.activation, "fno2d");
  const method = options.method ?? "auto";
  const seed = options.seed ?? 0;
  const liftIn = inC + (useGrid ? 2 : 0);
  const params: Fno2dParams = {
    lift: pointwiseInit(liftIn, width, seed * 1000 + 1),
    spectral: [],
    skip: [],
    proj1: pointwiseInit(width, hidden, seed * 1000 + 2),
    proj2: pointwiseInit(hidden, outC, seed * 1000 + 3),
  };
  for (let l = 0; l < L; l++) {
    const [wr, wi] = spectralInit([2 * m1, m2, width, width], width, width, seed * 1000 + 10 + l);
    params.spectral.push({ wr, wi });
    params.skip.push(pointwiseInit(width, width, seed * 1000 + 100 + l));
  }
  return {
    kind: "fno2d",
    options: { ...options },
    params,
    apply(p, a) {
      if (a.rank !== 4 || a.shape[3] !== inC)
        throw new Error(`fno2d.apply: input must have shape [B, S1, S2, ${inC}], received [${a.shape}]`);
      const [B, S1, S2] = a.shape as [number, number, number, number];
      for (const [m, S, name] of [
        [m1, S1, "modes1"],
        [m2, S2, "modes2"],
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
        if (pad > 0)
          v = tf.pad(v, [
            [0, 0],
            [0, 0],
            [0, pad],
            [0, pad],
          ]);
        const P1 = S1 + pad;
        const P2 = S2 + pad;
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
        if (pad > 0) v = tf.slice(v, [0, 0, 0, 0], [width, B, S1, S2]);
        const rows = tf.transpose(tf.reshape(v, [width, N])) as tf.Tensor2D; // [N, width], see pointwiseRows
        const h = act(pointwiseRows(p.proj1, rows, tf.transpose(p.proj1.w) as tf.Tensor2D)) as tf.Tensor2D;
        const out = pointwiseRows(p.proj2, h, tf.transpose(p.proj2.w) as tf.Tensor2D); // [N, outC]
        return tf.reshape(out, [B, S1, S2, outC]);
      });
    },
  };
}
