/**
 * Test helpers for Continuum and its plugins: float32-aware closeness, leak checks and gradient checks.
 * Framework-agnostic: they throw an `Error` with a readable message, so they work inside vitest, jest or node:test.
 */
import { tf } from "../engine.js";

type Numeric = tf.Tensor | number | ArrayLike<number> | number[][];

function toFlat(x: Numeric, name: string): { data: ArrayLike<number>; shape: number[] | null } {
  if (x instanceof tf.Tensor) return { data: x.dataSync(), shape: x.shape };
  if (typeof x === "number") return { data: [x], shape: [] };
  if (Array.isArray(x) && x.length > 0 && Array.isArray(x[0]))
    return { data: (x as number[][]).flat(Number.POSITIVE_INFINITY) as number[], shape: null };
  if (x != null && typeof (x as ArrayLike<number>).length === "number")
    return { data: x as ArrayLike<number>, shape: null };
  throw new TypeError(`expectAllClose: ${name} must be a tensor, number or array`);
}

/** Tolerances of {@link expectAllClose}. */
export interface CloseOptions {
  /** Relative tolerance (default 1e-5, about 100 float32 ulps). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Prefix for the error message. */
  message?: string;
}

/**
 * Assert `|actual − expected| ≤ atol + rtol·|expected|` elementwise (NaN equals NaN only when both are NaN).
 * Defaults suit float32 results; pass tighter ones for float64 code.
 * @example
 * ```ts
 * expectAllClose(tf.tensor([1, 2]), [1, 2.000001]); // passes
 * expectAllClose([1], [1.1], { rtol: 1e-3 });         // throws with the worst index
 * ```
 */
export function expectAllClose(actual: Numeric, expected: Numeric, options: CloseOptions = {}): void {
  const { rtol = 1e-5, atol = 1e-6, message } = options;
  const a = toFlat(actual, "actual");
  const e = toFlat(expected, "expected");
  const pre = message ? `${message}: ` : "";
  if (
    a.shape &&
    e.shape &&
    (a.shape.length !== e.shape.length || a.shape.some((s, i) => s !== e.shape![i]))
  ) {
    throw new Error(`${pre}shape mismatch: actual [${a.shape}] vs expected [${e.shape}]`);
  }
  if (a.data.length !== e.data.length)
    throw new Error(`${pre}length mismatch: actual ${a.data.length} vs expected ${e.data.length}`);
  let worst = -1;
  let worstExcess = 0;
  let bad = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!;
    const y = e.data[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      bad++;
      if (worst < 0 || worstExcess !== Number.POSITIVE_INFINITY) {
        worst = i;
        worstExcess = Number.POSITIVE_INFINITY;
      }
      continue;
    }
    if (x === y) continue;
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (excess > 0 || !Number.isFinite(excess)) {
      bad++;
      if (excess > worstExcess || worst < 0) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (bad > 0) {
    const x = a.data[worst]!;
    const y = e.data[worst]!;
    throw new Error(
      `${pre}${bad} of ${a.data.length} values differ (rtol=${rtol}, atol=${atol}); worst at index ${worst}: actual ${x}, expected ${y}, |diff| ${Math.abs(x - y)}`,
    );
  }
}

/**
 * Run `fn` and assert that it leaves no new tensors behind (returned tensors count unless `allowReturned`).
 * Returns what `fn` returned.
 * @example
 * ```ts
 * await expectNoLeaks(() => tf.tidy(() => { tf.ones([3]).square(); })); // passes
 * ```
 */
export async function expectNoLeaks<T>(
  fn: () => T | Promise<T>,
  options: { allow?: number; message?: string } = {},
): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  const after = tf.memory().numTensors;
  const allow = options.allow ?? 0;
  if (after - before > allow) {
    throw new Error(
      `${options.message ? `${options.message}: ` : ""}tensor leak: ${after - before} tensors created and not disposed (allowed ${allow})`,
    );
  }
  return out;
}

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Highest derivative order to check (1–3, default 1). */
  order?: number;
  /** Number of random directions (default 2). */
  directions?: number;
  /** Finite-difference step along the unit direction (default 1e-2; Richardson-extrapolated). */
  h?: number;
  rtol?: number;
  atol?: number;
  /** Seed of the random directions. */
  seed?: number;
  /**
   * Optional float64 re-implementation of `f` on a flat Float64Array (same values as `f`). When given, the
   * finite differences of every order are taken on it in float64 instead of on the float32 autodiff result.
   */
  reference?: (x: Float64Array) => number;
}

/** One compared directional derivative. */
export interface GradcheckResult {
  order: number;
  direction: number;
  autodiff: number;
  finiteDifference: number;
}

function directionalDerivative(
  f: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  v: tf.Tensor,
  order: number,
  t0: number,
): number {
  return tf.tidy(() => {
    let g = (t: tf.Tensor): tf.Tensor => {
      const y = f(tf.add(x, tf.mul(t, v)));
      if (y.size !== 1) throw new Error(`gradcheck: f must return a scalar, received shape [${y.shape}]`);
      return tf.sum(y);
    };
    for (let k = 0; k < order; k++) {
      const inner = g;
      g = (t: tf.Tensor) => tf.grad(inner)(t);
    }
    return g(tf.scalar(t0)).dataSync()[0]!;
  });
}

function fdStencil(phi: (t: number) => number, order: number, h: number): number {
  // Central differences of `order` (1–3) applied to phi, Richardson-extrapolated from h and h/2 (O(h⁴)).
  const d = (s: number) => {
    if (order === 1) return (phi(s) - phi(-s)) / (2 * s);
    if (order === 2) return (phi(s) - 2 * phi(0) + phi(-s)) / (s * s);
    return (phi(2 * s) - 2 * phi(s) + 2 * phi(-s) - phi(-2 * s)) / (2 * s * s * s);
  };
  return (4 * d(h / 2) - d(h)) / 3;
}

/**
 * Check the derivatives of a scalar function `f` of a tensor up to third order along random unit directions:
 * the order-k derivative from nested reverse-mode autodiff is compared with central finite differences of the
 * order-(k−1) autodiff derivative (or of the float64 `reference`, when given). Throws on mismatch.
 * @example
 * ```ts
 * gradcheck((x) => tf.sum(tf.tanh(x)), tf.tensor([0.3, -0.2]), { order: 3 }); // passes
 * ```
 */
export function gradcheck(
  f: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  options: GradcheckOptions = {},
): GradcheckResult[] {
  const { order = 1, directions = 2, h = 1e-2, rtol = 2e-2, atol = 1e-3, seed = 0 } = options;
  if (!Number.isInteger(order) || order < 1 || order > 3)
    throw new Error(`gradcheck: options.order must be 1, 2 or 3, received ${order}`);
  if (!(x instanceof tf.Tensor)) throw new TypeError("gradcheck: x must be a tensor");
  const results: GradcheckResult[] = [];
  let s = seed * 7919 + 17;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  const x64 = Float64Array.from(x.dataSync());
  for (let dIdx = 0; dIdx < directions; dIdx++) {
    const dir = new Float64Array(x.size).map(() => rand());
    const norm = Math.hypot(...dir) || 1;
    for (let i = 0; i < dir.length; i++) dir[i]! /= norm;
    const v = tf.tensor(Float32Array.from(dir), x.shape);
    for (let k = 1; k <= order; k++) {
      const ad = directionalDerivative(f, x, v, k, 0);
      let fd: number;
      if (options.reference) {
        const ref = options.reference;
        const phi = (t: number) => ref(x64.map((xi, i) => xi + t * dir[i]!));
        fd = fdStencil(phi, k, h);
      } else {
        fd = fdStencil((t) => directionalDerivative(f, x, v, k - 1, t), 1, h);
      }
      results.push({ order: k, direction: dIdx, autodiff: ad, finiteDifference: fd });
      if (!(Math.abs(ad - fd) <= atol + rtol * Math.abs(fd))) {
        v.dispose();
        throw new Error(
          `gradcheck: order-${k} derivative along direction ${dIdx}: autodiff ${ad} vs finite difference ${fd}`,
        );
      }
    }
    v.dispose();
  }
  return results;
}
