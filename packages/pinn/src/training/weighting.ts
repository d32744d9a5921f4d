/** Loss-weighting schemes of `train`. */
export type Weighting =
  | "fixed"
  | {
      /**
       * `gradNorm`: learning-rate annealing / gradient-norm balancing (Wang, Teng & Perdikaris 2021; jaxpi):
       * λ̂ₖ = Σⱼ‖∇θLⱼ‖ / ‖∇θLₖ‖. `ntk`: NTK trace balancing (Wang, Yu & Perdikaris 2022): λ̂ₖ = Σⱼ tr Kⱼ / tr Kₖ
       * with tr Kₖ estimated as the mean squared per-point gradient norm over `samples` points of term k.
       */
      method: "gradNorm" | "ntk";
      /** Update the weights every `every` steps (default 100). */
      every?: number;
      /** Moving-average factor: λ ← α λ + (1 − α) λ̂ (default 0.9). */
      alpha?: number;
      /** Points per term for the NTK trace estimate (default 8). */
      samples?: number;
    };

/**
 * Balanced weights from per-term magnitudes (gradient norms or NTK traces): `λ̂ₖ = Σⱼ sⱼ / sₖ`, so every weighted
 * term has the same magnitude `Σⱼ sⱼ`. Terms with zero magnitude keep weight 1.
 * @example
 * ```ts
 * balancedWeights([1, 3]); // [4, 4/3]
 * ```
 */
export function balancedWeights(magnitudes: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < magnitudes.length; i++) total += magnitudes[i]!;
  return Float64Array.from(magnitudes, (s) => (s > 0 && Number.isFinite(s) && total > 0 ? total / s : 1));
}

/** Validate weighting options. */
export function checkWeighting(w: Weighting | undefined): {
  method: "fixed" | "gradNorm" | "ntk";
  every: number;
  alpha: number;
  samples: number;
} {
  if (w === undefined || w === "fixed") return { method: "fixed", every: 0, alpha: 0, samples: 0 };
  if (typeof w !== "object" || (w.method !== "gradNorm" && w.method !== "ntk"))
    throw new Error(
      `train: weighting must be 'fixed', { method: 'gradNorm' } or { method: 'ntk' }, received ${JSON.stringify(w)}`,
    );
  const every = w.every ?? 100;
  const alpha = w.alpha ?? 0.9;
  const samples = w.samples ?? 8;
  if (!Number.isInteger(every) || every < 1)
    throw new Error(`train: weighting.every must be a positive integer, received ${every}`);
  if (!(alpha >= 0 && alpha < 1))
    throw new Error(`train: weighting.alpha must be in [0, 1), received ${alpha}`);
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`train: weighting.samples must be a positive integer, received ${samples}`);
  return { method: w.method, every, alpha, samples };
}
