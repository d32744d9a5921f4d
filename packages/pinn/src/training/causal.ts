/**
 * Causal weights of Wang, Sankaran & Perdikaris, "Respecting causality is all you need for training
 * physics-informed neural networks" (2022, arXiv:2203.07404): with the residual loss split into `M` time chunks
 * `L_1 … L_M` (in time order), `w_1 = 1` and `w_i = exp(−ε Σ_{k<i} L_k)`, so a later time is trained only once
 * earlier times have small residuals. The weights are constants (no gradient flows through them).
 * @example
 * ```ts
 * causalWeights([0.1, 0.2, 0.3], 10); // [1, exp(-1), exp(-3)]
 * ```
 */
export function causalWeights(chunkLosses: ArrayLike<number>, epsilon: number): Float64Array {
  if (!(epsilon >= 0) || !Number.isFinite(epsilon))
    throw new Error(`causalWeights: epsilon must be a finite number >= 0, received ${epsilon}`);
  for (let i = 0; i < chunkLosses.length; i++)
    if (!(chunkLosses[i]! >= 0) || !Number.isFinite(chunkLosses[i]))
      throw new Error(
        `causalWeights: chunkLosses[${i}] is ${chunkLosses[i]}; chunk losses must be finite and >= 0`,
      );
  const w = new Float64Array(chunkLosses.length);
  let acc = 0;
  for (let i = 0; i < chunkLosses.length; i++) {
    w[i] = Math.exp(-epsilon * acc);
    acc += chunkLosses[i]!;
  }
  return w;
}

/** Options of causal training in `train`. */
export interface CausalOptions {
  /**
   * Causality parameter ε, or an increasing schedule of them (Wang et al. use `[1e-2, 1e-1, 1, 10, 100]`): the next
   * ε is taken when every weight exceeds `delta`. Default `[1e-2, 1e-1, 1, 10, 100]`.
   */
  epsilon?: number | number[];
  /** Number of time chunks M (default 32). */
  chunks?: number;
  /** Move to the next ε when min wᵢ > delta (default 0.99). */
  delta?: number;
}

/** Validate causal options. */
export function checkCausal(o: CausalOptions): { epsilons: number[]; chunks: number; delta: number } {
  const eps = o.epsilon ?? [1e-2, 1e-1, 1, 10, 100];
  const epsilons = Array.isArray(eps) ? eps : [eps];
  if (epsilons.length === 0 || epsilons.some((e) => !(e >= 0) || !Number.isFinite(e)))
    throw new Error(
      `train: causal.epsilon must be a number >= 0 or a non-empty array of them, received ${JSON.stringify(eps)}`,
    );
  const chunks = o.chunks ?? 32;
  if (!Number.isInteger(chunks) || chunks < 1)
    throw new Error(`train: causal.chunks must be a positive integer, received ${chunks}`);
  const delta = o.delta ?? 0.99;
  if (!(delta > 0 && delta <= 1)) throw new Error(`train: causal.delta must be in (0, 1], received ${delta}`);
  return { epsilons, chunks, delta };
}
