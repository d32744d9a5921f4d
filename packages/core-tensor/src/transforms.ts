/**
 * JAX-like functional transforms on tensors and pytrees: grad, valueAndGrad, vjp, jvp, jacobian, hessian,
 * hvp, and the per-sample differential operators used by PINNs and flows (divergence, laplacian and their
 * Hutchinson estimators). All compose: `grad(grad(f))`, and gradients with respect to parameters of a loss that
 * contains input derivatives are right to any order thanks to `register-gradients`.
 */
import { assertShape } from "./assert.js";
import { tf } from "./engine.js";
import { type PyTree, treeFlatten, treeUnflatten } from "./pytree.js";
import type { Rng } from "./random.js";

function scalarOf(y: tf.Tensor, where: string): tf.Scalar {
  if (!(y instanceof tf.Tensor))
    throw new TypeError(`${where}: f must return a tensor, received ${typeof y}`);
  if (y.rank !== 0)
    throw new Error(`${where}: f must return a scalar, received shape [${y.shape.join(", ")}]`);
  return y as tf.Scalar;
}

/** A node of the TF.js gradient tape; `saved` are the kept clones its backward pass would read. */
interface TapeNode {
  readonly saved?: readonly tf.Tensor[];
}

/** The engine's active gradient tape (TF.js internal state), or `null` outside `tf.grad`. */
function activeTape(): TapeNode[] | null {
  const state = (tf.engine() as unknown as { state?: { activeTape?: TapeNode[] | null } }).state;
  return state?.activeTape ?? null;
}

/**
 * Wraps the forward function of a gradient so that, when it throws (or returns a non-scalar), the tensors TF.js
 * saved for the abandoned backward pass are disposed and their tape nodes removed. Those saved tensors are kept
 * clones that `tidy` does not free, so without this every failed `grad(f)(x)` leaked one tensor per op input.
 */
function guardTape<R>(fn: () => R): () => R {
  return () => {
    const tape = activeTape();
    const start = tape?.length ?? 0;
    try {
      return fn();
    } catch (err) {
      if (tape) for (const node of tape.splice(start)) for (const t of node.saved ?? []) t.dispose();
      throw err;
    }
  };
}

/** Gradients of `f` (scalar) with respect to every leaf of `x`; unconnected leaves get zeros. */
function gradsOfLeaves(
  f: (leaves: tf.Tensor[]) => tf.Tensor,
  leaves: tf.Tensor[],
  where: string,
): { value: tf.Scalar; grads: tf.Tensor[] } {
  // tf.grads throws when any input is unconnected (e.g. a last-layer bias in a loss on du/dx); the engine call
  // with allowNoGradients returns null for those, which we turn into zeros.
  const engine = tf.engine() as unknown as {
    gradients(
      f: () => tf.Tensor,
      xs: tf.Tensor[],
      dy?: tf.Tensor,
      allowNoGradients?: boolean,
    ): { value: tf.Tensor; grads: (tf.Tensor | null)[] };
  };
  // A tensor that appears as several leaves ({ a: x, b: x }) is one source for TF.js, which would give every copy
  // the summed gradient; JAX differentiates each leaf separately, so repeated leaves get their own clone.
  const seen = new Set<number>();
  const clones: tf.Tensor[] = [];
  const sources = leaves.map((leaf) => {
    if (!seen.has(leaf.id)) {
      seen.add(leaf.id);
      return leaf;
    }
    const c = tf.clone(leaf);
    clones.push(c);
    return c;
  });
  // The value is cloned so that it is always a new tensor the caller owns: `f` may return one of its inputs or a
  // captured constant, which `grad` (disposing the value) would otherwise destroy.
  const forward = guardTape(() => tf.clone(scalarOf(f(sources), where)));
  try {
    const { value, grads } = engine.gradients(forward, sources, undefined, true);
    return { value: value as tf.Scalar, grads: grads.map((g, i) => g ?? tf.zerosLike(leaves[i]!)) };
  } finally {
    tf.dispose(clones);
  }
}

/** Gradient of the scalar `h(x)` with respect to the tensor `x` (zeros when `h` does not depend on `x`). */
function scalarGrad(h: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, where: string): tf.Tensor {
  const { value, grads } = gradsOfLeaves(([z]) => h(z!), [x], where);
  value.dispose();
  return grads[0]!;
}

/**
 * `valueAndGrad(f)(x)` returns `{ value: f(x), grad: ∇f(x) }` with `grad` shaped like the pytree `x`.
 * @example
 * ```ts
 * const { value, grad } = valueAndGrad((p: { w: tf.Tensor }) => tf.sum(tf.square(p.w)))({ w: tf.tensor([1, 2]) });
 * // value = 5, grad.w = [2, 4]
 * ```
 */
export function valueAndGrad<T extends PyTree>(
  f: (x: T) => tf.Tensor,
): (x: T) => { value: tf.Scalar; grad: T } {
  if (typeof f !== "function") throw new TypeError("valueAndGrad: f must be a function");
  return (x: T) => {
    const { leaves, treedef } = treeFlatten(x);
    if (leaves.length === 0) throw new Error("valueAndGrad: x has no tensor leaves");
    const { value, grads } = gradsOfLeaves((ls) => f(treeUnflatten<T>(treedef, ls)), leaves, "valueAndGrad");
    return { value, grad: treeUnflatten<T>(treedef, grads) };
  };
}

/**
 * `grad(f)(x)`: the gradient of a scalar function with respect to a tensor or pytree, shaped like `x`.
 * Nestable: `grad(x => tf.sum(grad(f)(x)))`.
 * @example
 * ```ts
 * grad((x: tf.Tensor) => tf.sum(tf.sin(x)))(tf.tensor([0])); // [1]
 * ```
 */
export function grad<T extends PyTree>(f: (x: T) => tf.Tensor): (x: T) => T {
  const vg = valueAndGrad(f);
  return (x: T) => {
    const { value, grad: g } = vg(x);
    value.dispose();
    return g;
  };
}

/**
 * Vector–Jacobian product: `{ value: f(x), vjp: Jᵀ·cotangent }` (shaped like `x`).
 * @example
 * ```ts
 * vjp((x) => tf.mul(x, 3), tf.tensor([1, 2]), tf.tensor([1, 1])).vjp; // [3, 3]
 * ```
 */
export function vjp<T extends PyTree>(
  f: (x: T) => tf.Tensor,
  x: T,
  cotangent: tf.Tensor,
): { value: tf.Tensor; vjp: T } {
  const { leaves, treedef } = treeFlatten(x);
  let value: tf.Tensor | undefined;
  const { grads, value: s } = gradsOfLeaves(
    (ls) => {
      const y = f(treeUnflatten<T>(treedef, ls));
      if (!tf.util.arraysEqual(y.shape, cotangent.shape)) {
        throw new Error(`vjp: cotangent has shape [${cotangent.shape}] but f(x) has shape [${y.shape}]`);
      }
      value = tf.keep(y.clone());
      return tf.sum(tf.mul(y, cotangent));
    },
    leaves,
    "vjp",
  );
  s.dispose();
  return { value: value!, vjp: treeUnflatten<T>(treedef, grads) };
}

/**
 * Jacobian–vector product (forward mode) `{ value: f(x), tangent: J·v }` for a tensor input, computed as the
 * transpose of a vector–Jacobian product (two reverse passes); composes with outer gradients.
 * @example
 * ```ts
 * jvp((x) => tf.square(x), tf.tensor([3]), tf.tensor([1])).tangent; // [6]
 * ```
 */
export function jvp(
  f: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  v: tf.Tensor,
): { value: tf.Tensor; tangent: tf.Tensor } {
  assertShape(x, null, "jvp: x");
  assertShape(v, x.shape, "jvp: v");
  return tf.tidy(() => {
    const y = f(x);
    const u0 = tf.zerosLike(y);
    // J v = d/du < Jᵀ u, v > (linear in u, so any u works).
    const tangent = scalarGrad(
      (u) =>
        tf.sum(
          tf.mul(
            scalarGrad((z) => tf.sum(tf.mul(f(z), u)), x, "jvp"),
            v,
          ),
        ),
      u0,
      "jvp",
    );
    return { value: y, tangent };
  });
}

/** Gradient of `sum(h(x))` with respect to `x` (per-sample gradient for row-independent h). */
function sumGrad(h: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  return scalarGrad((z) => tf.sum(h(z)), x, "sumGrad");
}

function checkBatched(x: tf.Tensor, where: string): number {
  assertShape(x, null, `${where}: x`);
  if (x.rank !== 2) throw new Error(`${where}: x must have shape [N, d], received [${x.shape.join(", ")}]`);
  return x.shape[1]!;
}

function flattenOutput(u: tf.Tensor, n: number, where: string): tf.Tensor {
  if (u.rank === 1 && u.shape[0] === n) return u;
  if (u.rank === 2 && u.shape[0] === n && u.shape[1] === 1) return tf.reshape(u, [n]);
  throw new Error(`${where}: f must return shape [N] or [N, 1] (N=${n}), received [${u.shape.join(", ")}]`);
}

/**
 * Per-sample Jacobian of `f: [N, d] → [N, m]`, returned as `[N, m, d]` (m reverse passes).
 * @example
 * ```ts
 * jacobian((x) => tf.mul(x, 2), tf.ones([5, 3])); // [5, 3, 3], each 2·I
 * ```
 */
export function jacobian(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const n = x.shape[0]!;
  checkBatched(x, "jacobian");
  return tf.tidy(() => {
    const y0 = f(x);
    if (y0.rank !== 2 || y0.shape[0] !== n)
      throw new Error(`jacobian: f must return [N, m], received [${y0.shape.join(", ")}]`);
    const m = y0.shape[1]!;
    const rows: tf.Tensor[] = [];
    for (let i = 0; i < m; i++) rows.push(sumGrad((z) => tf.slice(f(z), [0, i], [n, 1]), x));
    return tf.stack(rows, 1);
  });
}

/**
 * Per-sample Hessian of a scalar field `f: [N, d] → [N]` (or `[N, 1]`), returned as `[N, d, d]`.
 * @example
 * ```ts
 * hessian((x) => tf.sum(tf.square(x), 1), tf.ones([4, 2])); // each 2·I
 * ```
 */
export function hessian(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const d = checkBatched(x, "hessian");
  const n = x.shape[0]!;
  return tf.tidy(() => {
    const g = (z: tf.Tensor) => sumGrad((w) => flattenOutput(f(w), n, "hessian"), z);
    const rows: tf.Tensor[] = [];
    for (let i = 0; i < d; i++) rows.push(sumGrad((z) => tf.slice(g(z), [0, i], [n, 1]), x));
    return tf.stack(rows, 1);
  });
}

/**
 * Hessian–vector product of a scalar function of a tensor: `∇²f(x)·v` (shaped like `x`).
 * @example
 * ```ts
 * hvp((x) => tf.sum(tf.pow(x, 3)), tf.tensor([1, 2]), tf.tensor([1, 0])); // [6, 0]
 * ```
 */
export function hvp(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, v: tf.Tensor): tf.Tensor {
  assertShape(x, null, "hvp: x");
  assertShape(v, x.shape, "hvp: v");
  return tf.tidy(() => sumGrad((z) => tf.mul(scalarGrad(f, z, "hvp"), v), x));
}

/**
 * Exact per-sample divergence `Σᵢ ∂Fᵢ/∂xᵢ` of a vector field `F: [N, d] → [N, d]`, returned as `[N]` (d passes).
 * @example
 * ```ts
 * divergence((x) => tf.mul(x, 3), tf.ones([8, 2])); // [6, 6, …]
 * ```
 */
export function divergence(F: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const d = checkBatched(x, "divergence");
  const n = x.shape[0]!;
  return tf.tidy(() => {
    const y0 = F(x);
    if (!tf.util.arraysEqual(y0.shape, x.shape))
      throw new Error(`divergence: F must return [N, d] = [${x.shape}], received [${y0.shape}]`);
    let acc: tf.Tensor = tf.zeros([n]);
    for (let i = 0; i < d; i++) {
      const gi = sumGrad((z) => tf.slice(F(z), [0, i], [n, 1]), x);
      acc = tf.add(acc, tf.reshape(tf.slice(gi, [0, i], [n, 1]), [n]));
    }
    return acc;
  });
}

/**
 * Exact per-sample Laplacian `Σᵢ ∂²u/∂xᵢ²` of a scalar field `u: [N, d] → [N]` (or `[N, 1]`), returned as `[N]`.
 * @example
 * ```ts
 * laplacian((x) => tf.sum(tf.square(x), 1), tf.ones([4, 3])); // [6, 6, 6, 6]
 * ```
 */
export function laplacian(u: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const n = x.shape[0]!;
  checkBatched(x, "laplacian");
  return divergence((z) => sumGrad((w) => flattenOutput(u(w), n, "laplacian"), z), x);
}

/** Options of the Hutchinson estimators. */
export interface HutchinsonOptions {
  /** Seeded random stream for the probes (required, for reproducibility). */
  rng: Rng;
  /** Number of probe vectors per sample (default 1). */
  probes?: number;
  /** Probe distribution (default Rademacher, the minimum-variance choice). */
  distribution?: "rademacher" | "gaussian";
}

function probeVectors(opts: HutchinsonOptions, shape: number[], where: string): tf.Tensor[] {
  if (!opts || typeof opts.rng?.normal !== "function")
    throw new Error(`${where}: options.rng (a prng stream) is required`);
  const k = opts.probes ?? 1;
  if (!Number.isInteger(k) || k < 1)
    throw new Error(`${where}: options.probes must be a positive integer, received ${k}`);
  const dist = opts.distribution ?? "rademacher";
  if (dist !== "rademacher" && dist !== "gaussian")
    throw new Error(`${where}: unknown options.distribution '${dist}'; known: rademacher, gaussian`);
  return Array.from({ length: k }, () =>
    dist === "rademacher" ? opts.rng.rademacher(shape) : opts.rng.normal(shape),
  );
}

/**
 * Hutchinson estimate of the per-sample divergence: `E[vᵀ J v]` with random probes `v` (one reverse pass per
 * probe). Unbiased; variance falls as 1/probes.
 * @example
 * ```ts
 * hutchinsonDivergence(F, x, { rng: prng(0), probes: 4 }); // ≈ divergence(F, x)
 * ```
 */
export function hutchinsonDivergence(
  F: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  options: HutchinsonOptions,
): tf.Tensor {
  checkBatched(x, "hutchinsonDivergence");
  const vs = probeVectors(options, x.shape, "hutchinsonDivergence");
  try {
    return tf.tidy(() => {
      let acc: tf.Tensor = tf.zeros([x.shape[0]!]);
      for (const v of vs) {
        const vtJ = sumGrad((z) => tf.mul(F(z), v), x);
        acc = tf.add(acc, tf.sum(tf.mul(vtJ, v), 1));
      }
      return tf.div(acc, vs.length);
    });
  } finally {
    tf.dispose(vs); // also when F throws
  }
}

/**
 * Hutchinson estimate of the per-sample Laplacian `E[vᵀ ∇²u v]` (two reverse passes per probe).
 * @example
 * ```ts
 * hutchinsonLaplacian(u, x, { rng: prng(1), probes: 8 }); // ≈ laplacian(u, x)
 * ```
 */
export function hutchinsonLaplacian(
  u: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  options: HutchinsonOptions,
): tf.Tensor {
  const n = x.shape[0]!;
  checkBatched(x, "hutchinsonLaplacian");
  return hutchinsonDivergence(
    (z) => sumGrad((w) => flattenOutput(u(w), n, "hutchinsonLaplacian"), z),
    x,
    options,
  );
}
