import type { tf } from "@continuum/core-tensor";
import type { Condition } from "./conditions/condition.js";
import type { DerivativeFn } from "./derivatives.js";
import type { Geometry } from "./geometry/geometry.js";
import { createParameterStore, type ParameterSpec, type ParameterStore } from "./parameters.js";

/** What a PDE residual sees, for one batch of collocation points. */
export interface ResidualContext {
  /** Collocation points `[N, d]`. */
  readonly x: tf.Tensor;
  /** Network output: `[N]` for a scalar PDE, `[N, m]` for a system (use `fields` or `d(name)` for components). */
  readonly u: tf.Tensor;
  /** Components by output name, each `[N]`. */
  readonly fields: Record<string, tf.Tensor>;
  /** Coordinates by variable name, each `[N]` (`coords.x`, `coords.t`). */
  readonly coords: Record<string, tf.Tensor>;
  /** Cached partial derivatives: `d(u, "x", "x")`, `d("v", "t")`. */
  readonly d: DerivativeFn;
  /** PDE parameters (constants and trainable unknowns) as scalars. */
  readonly params: Record<string, tf.Scalar>;
  /**
   * Name of the time variable of a space-time geometry (`product(space, timeDomain(t0, t1, { name }))`: its last
   * variable); undefined for a purely spatial geometry. The built-in PDE terms differentiate in it and leave it out
   * of the Laplacian.
   */
  readonly time?: string;
}

/** A residual: `[N]` (or `[N, 1]`) for one equation, an array or record of those for a system. */
export type ResidualFn = (ctx: ResidualContext) => tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>;

/**
 * Hard-constraint output transform: `(x [N, d], network output [N, m]) → u [N, m]`. A transform may own trainable
 * `variables` (e.g. enrichment coefficients); `train` optimises them with the network.
 */
export type OutputTransform = ((x: tf.Tensor, n: tf.Tensor) => tf.Tensor) & {
  readonly variables?: Readonly<Record<string, tf.Variable>>;
};

/** Specification accepted by {@link pde}. */
export interface PdeSpec {
  geometry: Geometry;
  residual: ResidualFn;
  conditions?: Condition[];
  /** PDE coefficients: numbers are constants, `trainable(init)` are unknowns learnt from data. */
  parameters?: ParameterSpec;
  /** Output names for systems (default `["u"]`). */
  outputs?: string[];
  /** Hard-constraint output transform `u = g + D·N` (see {@link hardConstraint}). */
  transform?: OutputTransform;
}

/** A PDE problem: geometry, residual, conditions, parameters. Owns the trainable parameter variables. */
export interface Problem {
  readonly geometry: Geometry;
  readonly vars: readonly string[];
  readonly outputs: readonly string[];
  readonly residual: ResidualFn;
  readonly conditions: readonly Condition[];
  /** Loss-term names of the conditions, in order. */
  readonly conditionNames: readonly string[];
  readonly parameters: ParameterStore;
  readonly transform?: OutputTransform;
  /** Dispose trainable parameter variables (and the output transform's own variables). */
  dispose(): void;
}

/**
 * State a PDE problem: its domain, the residual of the equation(s), the conditions and the (possibly unknown)
 * coefficients. `residual({ x, u, d, params, coords, fields })` returns the equation residual per point, e.g.
 * `d(u, "t") + u·d(u, "x") − ν·d(u, "x", "x")` for Burgers; a system returns an array or record of residuals.
 * @example
 * ```ts
 * const problem = pde({
 *   geometry: interval(-1, 1),
 *   residual: ({ coords, d, u }) => tf.add(d(u, "x", "x"), tf.mul(Math.PI ** 2, tf.sin(tf.mul(Math.PI, coords.x)))),
 *   conditions: [dirichlet({ value: 0 })],
 * });
 * ```
 */
export function pde(spec: PdeSpec): Problem {
  if (spec == null || typeof spec !== "object")
    throw new TypeError("pde: spec must be an object { geometry, residual, conditions }");
  const g = spec.geometry;
  if (!g || typeof g.sampleInterior !== "function" || !Array.isArray(g.vars))
    throw new TypeError(
      `pde: geometry must be a geometry (interval, rectangle, product…), received ${String(g)}`,
    );
  if (typeof spec.residual !== "function")
    throw new TypeError(
      `pde: residual must be a function ({ x, u, d, params }) => tensor, received ${typeof spec.residual}`,
    );
  const conditions = spec.conditions ?? [];
  if (!Array.isArray(conditions)) throw new TypeError("pde: conditions must be an array");
  conditions.forEach((c, i) => {
    if (!c || typeof c.sample !== "function" || typeof c.residual !== "function")
      throw new TypeError(
        `pde: conditions[${i}] must be a condition (dirichlet(…), initial(…), …), received ${String(c)}`,
      );
  });
  const outputs = spec.outputs ?? ["u"];
  if (!Array.isArray(outputs) || outputs.length === 0 || outputs.some((o) => typeof o !== "string"))
    throw new Error(
      `pde: outputs must be a non-empty array of names, received ${JSON.stringify(spec.outputs)}`,
    );
  if (new Set(outputs).size !== outputs.length)
    throw new Error(`pde: outputs must be distinct, received ${outputs}`);
  for (const o of outputs)
    if (g.vars.includes(o))
      throw new Error(`pde: output '${o}' has the name of a variable (${g.vars.join(", ")})`);
  if (spec.transform !== undefined && typeof spec.transform !== "function")
    throw new TypeError("pde: transform must be a function (x, n) => u");
  const counts = new Map<string, number>();
  for (const c of conditions) counts.set(c.name ?? c.kind, (counts.get(c.name ?? c.kind) ?? 0) + 1);
  const seen = new Map<string, number>();
  const conditionNames = conditions.map((c) => {
    const base = c.name ?? c.kind;
    if (counts.get(base) === 1) return base;
    const i = seen.get(base) ?? 0;
    seen.set(base, i + 1);
    return `${base}${i}`;
  });
  if (conditionNames.some((n) => n === "residual" || n.startsWith("residual_")))
    throw new Error("pde: 'residual' is reserved for the PDE loss term; rename the condition");
  const parameters = createParameterStore(spec.parameters);
  for (const name of parameters.names)
    if (g.vars.includes(name) || outputs.includes(name))
      throw new Error(`pde: parameter '${name}' has the name of a variable or output`);
  return {
    geometry: g,
    vars: g.vars,
    outputs,
    residual: spec.residual,
    conditions,
    conditionNames,
    parameters,
    ...(spec.transform ? { transform: spec.transform } : {}),
    dispose: () => {
      parameters.dispose();
      for (const v of Object.values(spec.transform?.variables ?? {})) v.dispose();
    },
  };
}
