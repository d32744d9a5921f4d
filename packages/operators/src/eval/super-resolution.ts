import { type Module, tf } from "@continuum/core-tensor";
import { evaluateOperator } from "../training/metrics.js";

/** One row of {@link superResolution}. */
export interface ResolutionError {
  /** Grid points along the first spatial axis. */
  resolution: number;
  /** Grid points along every spatial axis (`[S]`, `[S1, S2]` or `[S1, S2, S3]`; differs from `[resolution]` on non-square grids). */
  shape: number[];
  /** Subsampling stride from the finest data. */
  stride: number;
  relativeL2: number;
}

/**
 * Zero-shot super-resolution (Li et al. 2021, §5.4): evaluate one trained operator on the same test functions
 * sampled at several resolutions, obtained by striding the finest data `[N, S, (S, S,) C]` by each factor. A
 * discretisation-invariant model keeps its error across resolutions. Spatial axes are 1..rank−2; each stride must
 * divide S (periodic grid j/S) or S − 1 (grid j/(S−1) including both ends) of every spatial axis.
 *
 * @example
 * ```ts
 * // trained at 256; the test set is at 1024
 * superResolution(model, { inputs: a1024, targets: u1024 }, { strides: [4, 2, 1] });
 * // [{ resolution: 256, … }, { resolution: 512, … }, { resolution: 1024, … }]
 * superResolution(model, { inputs: a1024, targets: u1024 }, { strides: [3] }); // throws: 3 divides neither 1024 nor 1023
 * ```
 */
export function superResolution<P>(
  model: Module<P>,
  data: { inputs: tf.Tensor; targets: tf.Tensor },
  options: { strides: number[]; batchSize?: number },
): ResolutionError[] {
  const spatial = data.inputs.rank - 2;
  if (spatial < 1 || spatial > 3)
    throw new Error(
      `superResolution: inputs must be [N, S, C], [N, S1, S2, C] or [N, S1, S2, S3, C], received [${data.inputs.shape}]`,
    );
  if (!Array.isArray(options?.strides) || options.strides.length === 0)
    throw new Error(
      `superResolution: options.strides must be a non-empty array of positive integers, received ${JSON.stringify(options?.strides)}`,
    );
  return options.strides.map((stride) => {
    if (!Number.isInteger(stride) || stride < 1)
      throw new Error(`superResolution: strides must be positive integers, received ${stride}`);
    // Striding keeps a uniform grid of the same domain only when the stride divides S (periodic grid j/S) or
    // S − 1 (grid j/(S−1) with both ends, e.g. Darcy 421 → 85 with stride 5). Otherwise the subsampled
    // points are unevenly spaced (or cover less of the domain) and the model is evaluated on a wrong grid.
    for (let axis = 1; axis <= spatial; axis++) {
      const S = data.inputs.shape[axis]!;
      if (S % stride !== 0 && (S - 1) % stride !== 0)
        throw new Error(
          `superResolution: stride ${stride} divides neither ${S} nor ${S - 1} (spatial axis ${axis} of the inputs), so the ` +
            `subsampled grid would not be uniform over the domain; use a divisor of ${S} (periodic grid) or of ${S - 1} (grid with both ends)`,
        );
    }
    const sub = (t: tf.Tensor) => {
      const begin = t.shape.map(() => 0);
      const strides = t.shape.map((_, i) => (i >= 1 && i <= spatial ? stride : 1));
      return tf.stridedSlice(t, begin, t.shape, strides);
    };
    const x = sub(data.inputs);
    const y = sub(data.targets);
    try {
      const m = evaluateOperator(model, x, y, { batchSize: options.batchSize });
      return {
        resolution: x.shape[1]!,
        shape: x.shape.slice(1, 1 + spatial),
        stride,
        relativeL2: m.relativeL2,
      };
    } finally {
      tf.dispose([x, y]);
    }
  });
}
