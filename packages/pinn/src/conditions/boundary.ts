import { tf } from "@continuum/core-tensor";
import type { DerivativeFn } from "../derivatives.js";
import type { Geometry } from "../geometry/geometry.js";
import type { Points } from "../points.js";
import {
  type Condition,
  type ConditionContext,
  type ConditionOptions,
  checkValue,
  commonOptions,
  evaluateValue,
  type RegionFn,
  sampleRegion,
  type ValueFn,
} from "./condition.js";

/** Options of boundary conditions. */
export interface BoundaryOptions extends ConditionOptions {
  /** Restrict to boundary points where `on(point)` is true (e.g. `([x]) => x < 0`). Default: whole boundary. */
  on?: RegionFn;
}

function boundaryPoints(
  geometry: Geometry,
  n: number,
  seed: number,
  method: "uniform" | "sobol" | "lhs" | undefined,
  on: RegionFn | undefined,
  where: string,
): Points {
  return sampleRegion(
    (m, s) => geometry.sampleBoundary(m, { method: method ?? "uniform", seed: s }),
    n,
    seed,
    on,
    where,
  );
}

/** Normal derivative `∂u/∂n = n·∇u` of a component as `[N]` (spatial variables only). */
function normalDerivative(ctx: ConditionContext, component: string | number): tf.Tensor {
  // Batches store one-column data as `[N]` (1-D geometries), wider data as `[N, k]`.
  const raw = ctx.data.normal!;
  const normals = raw.rank === 1 ? tf.reshape(raw, [raw.shape[0]!, 1]) : raw;
  const dim = normals.shape[1]!;
  let acc: tf.Tensor | null = null;
  const vars = ctx.vars;
  for (let j = 0; j < dim; j++) {
    const nj = tf.reshape(tf.slice(normals, [0, j], [normals.shape[0]!, 1]), [normals.shape[0]!]);
    const term = tf.mul(nj, ctx.d(component, vars[j]!));
    acc = acc === null ? term : tf.add(acc, term);
  }
  return acc!;
}

function withNormals(geometry: Geometry, p: Points) {
  const nrm = geometry.boundaryNormal(p);
  // Space-time products: the last column(s) of the normal belong to time and are zero on ∂Ω × T.
  return { values: nrm.data, width: nrm.dim };
}

/**
 * Dirichlet condition `u = g` on the boundary (or the part selected by `on`), as a soft (penalty) loss term. For an
 * exact boundary use a hard constraint instead ({@link hardConstraint}).
 * @example
 * ```ts
 * dirichlet({ value: ([x, y]) => Math.sin(Math.PI * x) * y, on: ([, y]) => y > 0.999 });
 * ```
 */
export function dirichlet(options: BoundaryOptions & { value: ValueFn }): Condition {
  const o = commonOptions(options, "dirichlet", 256);
  const value = checkValue(options?.value, "dirichlet");
  return {
    kind: "dirichlet",
    ...o,
    sample(geometry, n, s) {
      const points = boundaryPoints(geometry, n, s.seed ?? 0, s.method, options.on, "dirichlet");
      return { points, data: { target: { values: evaluateValue(value, points, "dirichlet"), width: 1 } } };
    },
    residual: (ctx) => tf.sub(ctx.d(o.component), ctx.data.target!),
  };
}

/**
 * Neumann condition `∂u/∂n = g` (outward normal from the geometry) on the boundary or the part selected by `on`.
 * @example
 * ```ts
 * neumann({ value: 0, on: ([x]) => x > 0.999 }); // insulated right end
 * ```
 */
export function neumann(options: BoundaryOptions & { value: ValueFn }): Condition {
  const o = commonOptions(options, "neumann", 256);
  const value = checkValue(options?.value, "neumann");
  return {
    kind: "neumann",
    ...o,
    sample(geometry, n, s) {
      const points = boundaryPoints(geometry, n, s.seed ?? 0, s.method, options.on, "neumann");
      return {
        points,
        data: {
          target: { values: evaluateValue(value, points, "neumann"), width: 1 },
          normal: withNormals(geometry, points),
        },
      };
    },
    residual: (ctx) => tf.sub(normalDerivative(ctx, o.component), ctx.data.target!),
  };
}

/**
 * Robin condition `a·u + b·∂u/∂n = g` on the boundary or the part selected by `on`.
 * @example
 * ```ts
 * robin({ a: 1, b: 0.5, value: 0 });
 * ```
 */
export function robin(options: BoundaryOptions & { a: number; b: number; value: ValueFn }): Condition {
  const o = commonOptions(options, "robin", 256);
  const value = checkValue(options?.value, "robin");
  for (const k of ["a", "b"] as const)
    if (!Number.isFinite(options[k]))
      throw new Error(`robin: ${k} must be a finite number, received ${options[k]}`);
  return {
    kind: "robin",
    ...o,
    sample(geometry, n, s) {
      const points = boundaryPoints(geometry, n, s.seed ?? 0, s.method, options.on, "robin");
      return {
        points,
        data: {
          target: { values: evaluateValue(value, points, "robin"), width: 1 },
          normal: withNormals(geometry, points),
        },
      };
    },
    residual: (ctx) =>
      tf.sub(
        tf.add(tf.mul(options.a, ctx.d(o.component)), tf.mul(options.b, normalDerivative(ctx, o.component))),
        ctx.data.target!,
      ),
  };
}

/** What the residual of {@link boundaryResidual} sees, on one batch of boundary points. */
export interface BoundaryResidualContext {
  /** The field at the points: `[N]` for one output, `[N, m]` for several (use `fields` or `d(name)`). */
  readonly u: tf.Tensor;
  /** Components by output name, each `[N]`. */
  readonly fields: Record<string, tf.Tensor>;
  /** Coordinates by variable name, each `[N]`. */
  readonly coords: Record<string, tf.Tensor>;
  /** Outward unit normals `[N, dim]` (zero in the time column of a space-time domain). */
  readonly normal: tf.Tensor;
  /** The outward normal derivative `n·∇u` of a component (name or index, default 0) as `[N]`. */
  normalDerivative(component?: string | number): tf.Tensor;
  /** Cached partial derivatives, as in PDE residuals: `d(u, "x")`, `d("v", "x", "y")`. */
  readonly d: DerivativeFn;
  /** PDE parameters (constants and trainable unknowns) as scalars. */
  readonly params: Record<string, tf.Scalar>;
  /** The points `[N, dim]`. */
  readonly x: tf.Tensor;
}

/**
 * A boundary condition given by its residual (DeepXDE's `OperatorBC`): any expression of the field, its
 * derivatives, the coordinates, the outward normal and the PDE parameters that vanishes where the condition holds,
 * on the boundary or the part selected by `on`, e.g. a nonlinear radiation condition `∂u/∂n + σu⁴ = 0` or a
 * tangential-derivative condition. The residual returns one value per point (`[N]` or `[N, 1]`); its loss term is
 * the mean square, as for the other conditions.
 * @example
 * ```ts
 * // ∂u/∂n + u⁴ = 0 on the unit circle: u = 1/r satisfies it (∂u/∂n = −1/r² = −1 = −u⁴ at r = 1).
 * boundaryResidual({ residual: ({ u, normalDerivative }) => tf.add(normalDerivative(), tf.pow(u, 4)) });
 * ```
 */
export function boundaryResidual(
  options: BoundaryOptions & { residual: (ctx: BoundaryResidualContext) => tf.Tensor },
): Condition {
  const o = commonOptions(options, "boundaryResidual", 256);
  if (typeof options?.residual !== "function")
    throw new TypeError(
      `boundaryResidual: residual must be a function ({ u, d, normal, coords, params }) => tensor, received ${typeof options?.residual}`,
    );
  return {
    kind: "boundaryResidual",
    ...o,
    sample(geometry, n, s) {
      const points = boundaryPoints(geometry, n, s.seed ?? 0, s.method, options.on, "boundaryResidual");
      return { points, data: { normal: withNormals(geometry, points) } };
    },
    residual: (ctx) => {
      const n = ctx.x.shape[0]!;
      const raw = ctx.data.normal!;
      const normal = raw.rank === 1 ? tf.reshape(raw, [n, 1]) : raw;
      const fields: Record<string, tf.Tensor> = {};
      for (const name of ctx.outputs) fields[name] = ctx.d(name);
      const coords: Record<string, tf.Tensor> = {};
      ctx.vars.forEach((v, j) => {
        coords[v] = tf.reshape(tf.slice(ctx.x, [0, j], [n, 1]), [n]);
      });
      const r = options.residual({
        u: ctx.outputs.length === 1 ? ctx.d(0) : ctx.u,
        fields,
        coords,
        normal,
        normalDerivative: (component = 0) => normalDerivative(ctx, component),
        d: ctx.d,
        params: ctx.params,
        x: ctx.x,
      });
      if (!(r instanceof tf.Tensor) || r.size !== n || r.rank > 2 || (r.rank === 2 && r.shape[1] !== 1))
        throw new Error(
          `boundaryResidual: residual must return one value per point ([${n}] or [${n}, 1]), received ${r instanceof tf.Tensor ? `[${r.shape}]` : typeof r}`,
        );
      return tf.reshape(r, [n]);
    },
  };
}

/**
 * Periodic condition in one variable: `∂^k u(…, a, …) = ∂^k u(…, b, …)` for `k = 0…derivatives` where `[a, b]` is
 * the bounding-box extent of that variable. Points are pairs on the two faces (other coordinates shared).
 * @example
 * ```ts
 * periodic({ variable: "x", derivatives: 1 }); // u and u_x match at x = ±1
 * ```
 */
export function periodic(options: ConditionOptions & { variable: string; derivatives?: number }): Condition {
  const o = commonOptions(options, "periodic", 128);
  const k = options?.derivatives ?? 0;
  if (!Number.isInteger(k) || k < 0 || k > 3)
    throw new Error(`periodic: derivatives must be 0…3, received ${k}`);
  if (typeof options?.variable !== "string")
    throw new Error(`periodic: variable must be a variable name, received ${String(options?.variable)}`);
  return {
    kind: "periodic",
    ...o,
    sample(geometry, n, s) {
      const j = geometry.vars.indexOf(options.variable);
      if (j < 0)
        throw new Error(
          `periodic: unknown variable '${options.variable}'; the problem's variables are ${geometry.vars.join(", ")}`,
        );
      const inner = geometry.sampleInterior(n, { method: s.method ?? "uniform", seed: s.seed ?? 0 });
      const d = geometry.dim;
      const data = new Float64Array(2 * n * d);
      for (let i = 0; i < n; i++) {
        data.set(inner.data.subarray(i * d, (i + 1) * d), i * d);
        data.set(inner.data.subarray(i * d, (i + 1) * d), (n + i) * d);
        data[i * d + j] = geometry.bbox.min[j]!;
        data[(n + i) * d + j] = geometry.bbox.max[j]!;
      }
      const pairs = { n: 2 * n, dim: d, data };
      // The paired points must lie on the boundary: true for boxes and products of intervals with other factors,
      // false when the faces of the bounding box are not part of the domain (a disk, a polygon…).
      const on = geometry.onBoundary(pairs);
      const off = on.indexOf(0);
      if (off >= 0)
        throw new Error(
          `periodic: the point ${JSON.stringify(Array.from(data.subarray(off * d, (off + 1) * d)))} on the face ${options.variable} = ${data[off * d + j]} of the bounding box is not on the boundary of the '${geometry.kind}' geometry; periodic conditions need a domain that is an interval in '${options.variable}' (interval, rectangle, box, or a product with one)`,
        );
      return { points: pairs, data: {} };
    },
    residual: (ctx) => {
      const n2 = ctx.x.shape[0]!;
      const half = n2 / 2;
      const parts: tf.Tensor[] = [];
      for (let order = 0; order <= k; order++) {
        const v = ctx.d(o.component, ...new Array<string>(order).fill(options.variable));
        parts.push(tf.sub(tf.slice(v, [0], [half]), tf.slice(v, [half], [half])));
      }
      return parts.length === 1 ? parts[0]! : tf.stack(parts, 1);
    },
  };
}
