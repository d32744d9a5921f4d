/** Loss-weighting schemes of `train`. */
export type Weighting =
  | "fixed"
  | SelfAdaptiveWeighting
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
 * Self-adaptive per-point weights (SA-PINN; McClenny & Braga-Neto, "Self-adaptive physics-informed neural networks",
 * J. Comput. Phys. 474, 2023, arXiv:2009.04544): every residual point i of every loss term k gets a trainable
 * weight λₖᵢ and the term becomes `mean(m(λₖ) ⊙ rₖ²)`. The network minimises the loss while the weights *maximise*
 * it (gradient ascent), so points that stay badly fitted gain weight. See {@link selfAdaptiveUpdate}.
 * @example
 * ```ts
 * await train(problem, net, { weighting: { method: "selfAdaptive", lr: 0.1 }, schedule });
 * // result.pointWeights.residual: one weight per collocation point
 * ```
 */
export interface SelfAdaptiveWeighting {
  method: "selfAdaptive";
  /** Ascent step size η of the weights (default 1e-2; the ascent gradient is m'(λᵢ) rᵢ² / N). */
  lr?: number;
  /** Initial weight λ⁰ of every point (default 1). */
  init?: number;
  /** Mask m(λ): `"identity"` (λ, the paper's default, kept ≥ 0) or `"square"` (λ², always ≥ 0). Default identity. */
  mask?: "identity" | "square";
  /** Loss terms that get per-point weights (default: every term). */
  terms?: string[];
}

/** Resolved self-adaptive options. */
export interface SelfAdaptiveOptions {
  lr: number;
  init: number;
  mask: "identity" | "square";
  terms: string[] | null;
}

/**
 * The mask m(λ) of {@link SelfAdaptiveWeighting}, elementwise into a new array.
 * @example
 * ```ts
 * selfAdaptiveMask([2, -1], "square"); // [4, 1]
 * ```
 */
export function selfAdaptiveMask(lambda: ArrayLike<number>, mask: "identity" | "square"): Float64Array {
  return Float64Array.from(lambda, (l) => (mask === "square" ? l * l : l));
}

/**
 * One gradient-ascent step of SA-PINN weights on a term `L(λ) = (1/N) Σᵢ m(λᵢ) rᵢ²`:
 * `λᵢ ← λᵢ + η · m'(λᵢ) · rᵢ² / N` with m'(λ) = 1 (identity mask; the result is clipped at 0) or 2λ (square mask).
 * `squaredResiduals` are the rᵢ² of the term's points at the current parameters. Returns new weights.
 * @example
 * ```ts
 * selfAdaptiveUpdate([1, 1], [0, 4], { lr: 0.5, mask: "identity" }); // [1, 2]  (1 + 0.5·4/2)
 * ```
 */
export function selfAdaptiveUpdate(
  lambda: ArrayLike<number>,
  squaredResiduals: ArrayLike<number>,
  options: { lr: number; mask: "identity" | "square" },
): Float64Array {
  const n = lambda.length;
  if (squaredResiduals.length !== n)
    throw new Error(
      `selfAdaptiveUpdate: squaredResiduals must have one value per weight (${n}), received ${squaredResiduals.length}`,
    );
  if (!(options.lr >= 0) || !Number.isFinite(options.lr))
    throw new Error(`selfAdaptiveUpdate: lr must be a finite number >= 0, received ${options.lr}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = lambda[i]!;
    const r2 = squaredResiduals[i]!;
    const dm = options.mask === "square" ? 2 * l : 1;
    const next = l + (options.lr * dm * r2) / n;
    out[i] = options.mask === "identity" ? Math.max(0, next) : next;
  }
  return out;
}

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
  method: "fixed" | "gradNorm" | "ntk" | "selfAdaptive";
  every: number;
  alpha: number;
  samples: number;
  selfAdaptive: SelfAdaptiveOptions | null;
} {
  if (w === undefined || w === "fixed")
    return { method: "fixed", every: 0, alpha: 0, samples: 0, selfAdaptive: null };
  if (typeof w !== "object" || (w.method !== "gradNorm" && w.method !== "ntk" && w.method !== "selfAdaptive"))
    throw new Error(
      `train: weighting must be 'fixed', { method: 'gradNorm' }, { method: 'ntk' } or { method: 'selfAdaptive' }, received ${JSON.stringify(w)}`,
    );
  if (w.method === "selfAdaptive") {
    const lr = w.lr ?? 1e-2;
    const init = w.init ?? 1;
    const mask = w.mask ?? "identity";
    if (!(lr >= 0) || !Number.isFinite(lr))
      throw new Error(`train: weighting.lr must be a finite number >= 0, received ${w.lr}`);
    if (!(init >= 0) || !Number.isFinite(init))
      throw new Error(`train: weighting.init must be a finite number >= 0, received ${w.init}`);
    if (mask !== "identity" && mask !== "square")
      throw new Error(`train: weighting.mask must be 'identity' or 'square', received '${String(mask)}'`);
    if (w.terms !== undefined && (!Array.isArray(w.terms) || w.terms.some((t) => typeof t !== "string")))
      throw new Error(
        `train: weighting.terms must be an array of loss-term names, received ${JSON.stringify(w.terms)}`,
      );
    return {
      method: "selfAdaptive",
      every: 1,
      alpha: 0,
      samples: 0,
      selfAdaptive: { lr, init, mask, terms: w.terms ?? null },
    };
  }
  const every = w.every ?? 100;
  const alpha = w.alpha ?? 0.9;
  const samples = w.samples ?? 8;
  if (!Number.isInteger(every) || every < 1)
    throw new Error(`train: weighting.every must be a positive integer, received ${every}`);
  if (!(alpha >= 0 && alpha < 1))
    throw new Error(`train: weighting.alpha must be in [0, 1), received ${alpha}`);
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`train: weighting.samples must be a positive integer, received ${samples}`);
  return { method: w.method, every, alpha, samples, selfAdaptive: null };
}
