/** A smooth saddle-point problem `min_x max_y f(x, y)` given by its partial gradients. */
export interface SaddleProblem {
  /** `{ gx: ∇ₓf, gy: ∇ᵧf }` at (x, y). */
  grad(x: Float64Array, y: Float64Array): { gx: Float64Array; gy: Float64Array };
  /** Optional value `f(x, y)` (for reporting). */
  value?(x: Float64Array, y: Float64Array): number;
}

/** The iterate of a minimax method (plus whatever memory it keeps). */
export interface MinimaxIterate {
  x: Float64Array;
  y: Float64Array;
  /** Previous gradients (optimistic GDA) or the anchor (Halpern). */
  memory?: Record<string, Float64Array>;
  k: number;
}

/** One step of a minimax method with step size `eta`. Returns the next iterate and how many gradient calls it used. */
export type MinimaxStep = (
  p: SaddleProblem,
  z: MinimaxIterate,
  eta: number,
) => { next: MinimaxIterate; gradCalls: number };

export function axpy(a: Float64Array, s: number, b: Float64Array): Float64Array {
  return Float64Array.from(a, (v, i) => v + s * b[i]!);
}
