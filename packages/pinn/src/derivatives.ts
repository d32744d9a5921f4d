import { grad, tf } from "@continuum/core-tensor";

/** A field `[N, d] → [N, m]`: the network (with its output transform) at fixed parameters. */
export type FieldFn = (x: tf.Tensor) => tf.Tensor;

/** What `d` differentiates: the scalar output tensor `u`, a component index, an output name or a `fields` entry. */
export type DerivativeTarget = tf.Tensor | number | string;

/** `d(u, "x", "x")`: the per-point partial derivative `∂²u/∂x²` as `[N]`. With no variables, the value of `u`. */
export type DerivativeFn = (target: DerivativeTarget, ...vars: string[]) => tf.Tensor;

/** How derivatives are computed: Taylor mode (`jet`, one forward pass) or nested reverse mode. */
export type DerivativeMethod = "jet" | "nested-grad";

/** A Taylor-mode evaluator of the field: value and directional derivatives up to `orders[i]` along `directions[i]`. */
export type TaylorFieldFn = (
  x: tf.Tensor,
  directions: tf.Tensor[],
  orders: number[],
) => { value: tf.Tensor; derivatives: tf.Tensor[][] };

/** The derivative engine of one batch: the field values and a cached `d`. */
export interface Derivatives {
  /** Field values `[N, m]`. */
  readonly values: tf.Tensor;
  /** Component `c` of the field as `[N]`. */
  component(c: number): tf.Tensor;
  /** Cached partial derivatives. */
  readonly d: DerivativeFn;
  /** Number of nested reverse passes run so far (each computes a full gradient row, cached); 0 when all came from the jet. */
  readonly passes: number;
  /** Distinct derivatives requested so far, as sorted variable-index lists (the plan for the next batch). */
  readonly requested: readonly (readonly number[])[];
  /** How the planned derivatives were computed. */
  readonly method: DerivativeMethod;
}

/** Options of {@link derivatives}. */
export interface DerivativesOptions {
  /** Variable names of the input columns (e.g. `["x", "t"]`). */
  vars: readonly string[];
  /** Output names (e.g. `["u", "v"]`); default `["u"]` or `u0, u1, …`. */
  outputs?: readonly string[];
  /** Extra tensors that stand for components (the `fields` handed to residuals), by identity. */
  aliases?: ReadonlyMap<tf.Tensor, number>;
  /**
   * Taylor-mode evaluator; used with `plan` to compute every planned derivative in one forward pass (pure
   * derivatives of any order ≤ 8 and mixed second derivatives by polarisation). Requests outside the plan fall back
   * to nested `grad`.
   */
  taylor?: TaylorFieldFn;
  /** Derivatives to precompute with `taylor` (sorted variable-index lists, as in `requested`). */
  plan?: readonly (readonly number[])[];
}

/**
 * The derivative engine of a PINN batch. `d(target, ...vars)` returns the mixed partial derivative of one output
 * component with respect to the named input variables, per point (`[N]`). Each derivative is computed once per
 * batch: a request for `∂^k u/∂x_{i1}…∂x_{ik}` runs one reverse pass on the (k−1)-th derivative in canonical
 * (sorted) variable order and caches the whole gradient row, so `u_xx` and `u_xt` share a pass and `u_x`, `u_t` come
 * from one pass. Passes are nested `grad`s (right to any order thanks to core-tensor's re-registered gradients) and
 * stay differentiable with respect to the network parameters. With a Taylor evaluator and a plan (the `requested`
 * list of a previous batch) every planned derivative comes from one Taylor-mode forward pass (core-tensor `jet`,
 * Bettencourt et al. 2019) instead. Call it inside a `tidy` or a gradient scope.
 *
 * @example
 * ```ts
 * const x = tf.tensor2d([[0.5, 0.1]]);
 * const eng = derivatives((z) => tf.sin(z), x, { vars: ["x", "t"], outputs: ["u", "v"] });
 * eng.d("u", "x", "x"); // -sin(0.5)
 * ```
 */
export function derivatives(field: FieldFn, x: tf.Tensor, options: DerivativesOptions): Derivatives {
  if (!(x instanceof tf.Tensor) || x.rank !== 2)
    throw new Error(
      `derivatives: x must be a tensor [N, d], received ${x instanceof tf.Tensor ? `[${x.shape}]` : typeof x}`,
    );
  const vars = options.vars;
  const dim = x.shape[1]!;
  if (vars.length !== dim)
    throw new Error(`derivatives: ${vars.length} variable names for x with ${dim} columns`);
  const n = x.shape[0]!;
  const planned =
    options.taylor && options.plan && options.plan.length > 0 ? planDirections(options.plan, dim) : null;
  let jetOut: { value: tf.Tensor; derivatives: tf.Tensor[][] } | null = null;
  if (planned) {
    const eye = (coef: number[]) => tf.tile(tf.tensor2d([coef]), [n, 1]);
    jetOut = options.taylor!(x, planned.directions.map(eye), planned.orders);
  }
  const values = jetOut ? jetOut.value : field(x);
  if (values.rank !== 2 || values.shape[0] !== n)
    throw new Error(`derivatives: the field must return [N, m] with N=${n}, received [${values.shape}]`);
  const m = values.shape[1]!;
  const outputs = options.outputs ?? (m === 1 ? ["u"] : Array.from({ length: m }, (_, i) => `u${i}`));
  if (outputs.length !== m)
    throw new Error(
      `derivatives: ${outputs.length} output names [${outputs.join(", ")}] for a field with ${m} outputs`,
    );
  const comps: tf.Tensor[] = [];
  for (let c = 0; c < m; c++) comps.push(tf.reshape(tf.slice(values, [0, c], [n, 1]), [n]));
  const cache = new Map<string, tf.Tensor>();
  let passes = 0;
  const requested = new Map<string, number[]>();
  const key = (c: number, idx: readonly number[]) => `${c}:${idx.join(",")}`;
  if (planned && jetOut) {
    const colOf = (t: tf.Tensor, c: number) => tf.reshape(tf.slice(t, [0, c], [n, 1]), [n]);
    const pure = new Map<string, tf.Tensor>(); // `${c}:${j}:${k}`
    planned.pure.forEach(([j, maxK], di) => {
      for (let k = 1; k <= maxK; k++)
        for (let c = 0; c < m; c++) {
          const t = colOf(jetOut!.derivatives[di]![k - 1]!, c);
          pure.set(`${c}:${j}:${k}`, t);
          cache.set(key(c, new Array<number>(k).fill(j)), t);
        }
    });
    planned.mixed.forEach(([i, j], mi) => {
      const di = planned.pure.length + mi;
      for (let c = 0; c < m; c++) {
        // D²_{eᵢ+eⱼ} u = u_ii + 2 u_ij + u_jj.
        const both = colOf(jetOut!.derivatives[di]![1]!, c);
        const uij = tf.mul(tf.sub(tf.sub(both, pure.get(`${c}:${i}:2`)!), pure.get(`${c}:${j}:2`)!), 0.5);
        cache.set(key(c, [i, j]), uij);
      }
    });
  }

  const componentFn = (c: number) => (z: tf.Tensor) => {
    const y = field(z);
    return tf.reshape(tf.slice(y, [0, c], [z.shape[0]!, 1]), [z.shape[0]!]);
  };
  // The function z ↦ ∂^{prefix} u_c(z) (per point), built by nesting grads.
  const nested = (c: number, prefix: readonly number[]): ((z: tf.Tensor) => tf.Tensor) => {
    if (prefix.length === 0) return componentFn(c);
    const inner = nested(c, prefix.slice(0, -1));
    const j = prefix[prefix.length - 1]!;
    return (z: tf.Tensor) => {
      const g = grad((w: tf.Tensor) => tf.sum(inner(w)))(z);
      return tf.reshape(tf.slice(g, [0, j], [z.shape[0]!, 1]), [z.shape[0]!]);
    };
  };
  const resolveTarget = (target: DerivativeTarget): number => {
    if (typeof target === "number") {
      if (!Number.isInteger(target) || target < 0 || target >= m)
        throw new Error(`d: component index must be an integer in [0, ${m - 1}], received ${target}`);
      return target;
    }
    if (typeof target === "string") {
      const c = outputs.indexOf(target);
      if (c < 0) throw new Error(`d: unknown output '${target}'; outputs are ${outputs.join(", ")}`);
      return c;
    }
    if (target instanceof tf.Tensor) {
      if (target === values) {
        if (m !== 1)
          throw new Error(`d: u has ${m} components [${outputs.join(", ")}]; pass a component name or index`);
        return 0;
      }
      const c = comps.indexOf(target);
      if (c >= 0) return c;
      const a = options.aliases?.get(target);
      if (a !== undefined) return a;
    }
    throw new Error(
      "d: target must be the network output u handed to the residual, one of its fields, an output name or a component index (derivatives of derived expressions are not supported; differentiate the components and combine)",
    );
  };

  const d: DerivativeFn = (target, ...names) => {
    const c = resolveTarget(target);
    if (names.length === 0) return comps[c]!;
    const idx = names.map((v) => {
      const j = vars.indexOf(v);
      if (j < 0)
        throw new Error(`d: unknown variable '${String(v)}'; the problem's variables are ${vars.join(", ")}`);
      return j;
    });
    idx.sort((a, b) => a - b);
    requested.set(idx.join(","), idx);
    const k = key(c, idx);
    const hit = cache.get(k);
    if (hit) return hit;
    const prefix = idx.slice(0, -1);
    const inner = nested(c, prefix);
    const g = grad((w: tf.Tensor) => tf.sum(inner(w)))(x);
    passes++;
    for (let j = 0; j < dim; j++) {
      const full = [...prefix, j].sort((a, b) => a - b);
      const kk = key(c, full);
      if (!cache.has(kk)) cache.set(kk, tf.reshape(tf.slice(g, [0, j], [n, 1]), [n]));
    }
    return cache.get(k)!;
  };
  return {
    values,
    component: (c) => comps[c]!,
    d,
    get passes() {
      return passes;
    },
    get requested() {
      return [...requested.values()];
    },
    method: planned ? "jet" : "nested-grad",
  };
}

/**
 * Jet directions for a plan: one axis direction per variable with its highest pure order (at least 2 when the
 * variable appears in a mixed second derivative), plus eᵢ + eⱼ (order 2) per mixed pair. Mixed derivatives of order
 * > 2 are left to nested grads.
 */
function planDirections(
  plan: readonly (readonly number[])[],
  dim: number,
): { directions: number[][]; orders: number[]; pure: [number, number][]; mixed: [number, number][] } {
  const maxPure = new Array<number>(dim).fill(0);
  const mixed: [number, number][] = [];
  for (const idx of plan) {
    if (idx.length === 0) continue;
    const distinct = [...new Set(idx)];
    if (distinct.length === 1)
      maxPure[distinct[0]!] = Math.max(maxPure[distinct[0]!]!, Math.min(idx.length, 8));
    else if (idx.length === 2 && !mixed.some(([a, b]) => a === idx[0] && b === idx[1])) {
      mixed.push([idx[0]!, idx[1]!]);
    }
  }
  for (const [i, j] of mixed) {
    maxPure[i] = Math.max(maxPure[i]!, 2);
    maxPure[j] = Math.max(maxPure[j]!, 2);
  }
  const pure: [number, number][] = [];
  const directions: number[][] = [];
  const orders: number[] = [];
  maxPure.forEach((k, j) => {
    if (k === 0) return;
    pure.push([j, k]);
    const e = new Array<number>(dim).fill(0);
    e[j] = 1;
    directions.push(e);
    orders.push(k);
  });
  for (const [i, j] of mixed) {
    const e = new Array<number>(dim).fill(0);
    e[i] = 1;
    e[j] = 1;
    directions.push(e);
    orders.push(2);
  }
  return { directions, orders, pure, mixed };
}
