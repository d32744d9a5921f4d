import { hashNormals } from "./random.js";

/**
 * A Brownian motion that can be queried on any interval: W(t) − W(s) and the space-time integral
 * ∫ₛᵗ (W(r) − W(s)) dr (needed by order-1.5 additive-noise schemes), one value per noise dimension.
 *
 * @example
 * ```ts
 * import { virtualBrownianTree } from "@continuum/ode";
 * const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 2, seed: 1 });
 * const dW = bm.increment(0, 0.5); // Float64Array(2)
 * ```
 */
export interface BrownianMotion {
  readonly t0: number;
  readonly t1: number;
  readonly dim: number;
  /** W(t) − W(s) (writes into `out` when given). */
  increment(s: number, t: number, out?: Float64Array): Float64Array;
  /** ∫ₛᵗ (W(r) − W(s)) dr (writes into `out` when given). */
  timeIntegral(s: number, t: number, out?: Float64Array): Float64Array;
  /** W(t) − W(t0) into `w` and, when given, ∫_{t0}^t (W(r) − W(t0)) dr into `i` (one tree walk for both). */
  sample?(t: number, w: Float64Array, i?: Float64Array): void;
}

/**
 * Options of {@link virtualBrownianTree}.
 *
 * @example
 * ```ts
 * import type { VirtualBrownianTreeOptions } from "@continuum/ode";
 * const o: VirtualBrownianTreeOptions = { t0: 0, t1: 1, dim: 1, seed: 0, tol: 1e-9 };
 * ```
 */
export interface VirtualBrownianTreeOptions {
  readonly t0: number;
  readonly t1: number;
  readonly dim: number;
  readonly seed: number;
  /** Bisect until the interval is shorter than tol·|t1 − t0| (default 2⁻⁴⁰), then interpolate linearly. */
  readonly tol?: number;
}

/**
 * A virtual Brownian tree (Gaines & Lyons 1997; Li et al. 2020 "Scalable gradients for SDEs"; diffrax
 * `VirtualBrownianTree`): W and its time integral I(t) = ∫W are sampled by recursive bisection, each midpoint
 * drawn from the exact Gaussian conditional law given the interval's end values, with randomness hashed from
 * (seed, node), so nothing is stored and every query, on any grid and in any order, sees the same path.
 * Queries at dyadic points t0 + k·2⁻ʲ(t1 − t0) are exact; others interpolate over the last 2⁻⁴⁰ sub-interval.
 *
 * @example
 * ```ts
 * import { virtualBrownianTree } from "@continuum/ode";
 * const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 3 });
 * const a = bm.increment(0, 0.5)[0]! + bm.increment(0.5, 1)[0]!;
 * a === bm.increment(0, 1)[0]; // true up to rounding: the same path whatever the grid
 * ```
 */
export function virtualBrownianTree(options: VirtualBrownianTreeOptions): BrownianMotion {
  const { t0, t1, dim, seed } = options;
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || !(t1 > t0)) {
    throw new Error(`virtualBrownianTree: need finite t0 < t1, received t0=${t0}, t1=${t1}`);
  }
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`virtualBrownianTree: dim must be a positive integer, received ${dim}`);
  if (!Number.isInteger(seed))
    throw new Error(`virtualBrownianTree: seed must be an integer, received ${seed}`);
  const tol = options.tol ?? 2 ** -40;
  const T = t1 - t0;
  const maxDepth = Math.min(50, Math.ceil(Math.log2(1 / tol)));
  // Root: (W(T), I(T)) ~ N(0, [[T, T²/2], [T²/2, T³/3]]).
  const rootW = new Float64Array(dim);
  const rootI = new Float64Array(dim);
  for (let k = 0; k < dim; k++) {
    const [z1, z2] = hashNormals(seed, 0, 1, k);
    rootW[k] = Math.sqrt(T) * z1;
    rootI[k] = (T / 2) * rootW[k]! + Math.sqrt(T ** 3 / 12) * z2;
  }

  /** W(τ) and I(τ) for one component, τ in [0, T] relative to t0. */
  const query = (tau: number, k: number): [number, number] => {
    if (tau <= 0) return [0, 0];
    if (tau >= T) return [rootW[k]!, rootI[k]!];
    let s = 0;
    let u = T;
    let ws = 0;
    let is = 0;
    let wu = rootW[k]!;
    let iu = rootI[k]!;
    let node = 1;
    for (let depth = 0; depth < maxDepth; depth++) {
      const h = u - s;
      const delta = h / 2;
      const m = s + delta;
      // Bridge increments over [s, u]: b = W(u) − W(s), J = ∫ₛᵘ (W − W(s)).
      const b = wu - ws;
      const J = iu - is - h * ws;
      // First half (X, Y) = (W(m) − W(s), ∫ₛᵐ (W − W(s))). The halves are i.i.d. with Var X = δ,
      // Cov(X, Y) = δ²/2, Var Y = δ³/3, and b = X + X₂, J = Y + δX + Y₂. Gaussian conditioning gives
      // E[X | b, J] = −b/4 + 3J/(4δ), E[Y | b, J] = −δb/4 + J/2, Var X = δ/8, Var Y = δ³/24, Cov = 0.
      const [z1, z2] = hashNormals(seed, node >>> 0, Math.floor(node / 4294967296) + 7919 * (depth + 1), k);
      const X = -b / 4 + (3 * J) / (4 * delta) + Math.sqrt(delta / 8) * z1;
      const Y = (-delta * b) / 4 + J / 2 + Math.sqrt(delta ** 3 / 24) * z2;
      const wm = ws + X;
      const im = is + Y + delta * ws;
      if (tau === m) return [wm, im];
      if (tau < m) {
        u = m;
        wu = wm;
        iu = im;
        node = 2 * node;
      } else {
        s = m;
        ws = wm;
        is = im;
        node = 2 * node + 1;
      }
    }
    // Linear interpolation inside the final tiny interval.
    const r = (tau - s) / (u - s);
    const w = ws + r * (wu - ws);
    return [w, is + (tau - s) * 0.5 * (ws + w)];
  };

  const check = (s: number, t: number, where: string) => {
    const eps = 1e-12 * Math.max(1, Math.abs(t0), Math.abs(t1));
    if (!(s >= t0 - eps && t <= t1 + eps && s <= t + eps && t >= t0 - eps)) {
      throw new Error(`virtualBrownianTree.${where}: need ${t0} ≤ s ≤ t ≤ ${t1}, received s=${s}, t=${t}`);
    }
  };
  return Object.freeze({
    t0,
    t1,
    dim,
    increment(s: number, t: number, out?: Float64Array) {
      check(s, t, "increment");
      const res = out ?? new Float64Array(dim);
      for (let k = 0; k < dim; k++) res[k] = query(t - t0, k)[0] - query(s - t0, k)[0];
      return res;
    },
    sample(t: number, w: Float64Array, i?: Float64Array) {
      check(t, t, "sample");
      for (let k = 0; k < dim; k++) {
        const [wk, ik] = query(t - t0, k);
        w[k] = wk;
        if (i) i[k] = ik;
      }
    },
    timeIntegral(s: number, t: number, out?: Float64Array) {
      check(s, t, "timeIntegral");
      const res = out ?? new Float64Array(dim);
      for (let k = 0; k < dim; k++) {
        const [ws, is] = query(s - t0, k);
        const [, it] = query(t - t0, k);
        res[k] = it - is - (t - s) * ws;
      }
      return res;
    },
  });
}
