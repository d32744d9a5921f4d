import type { tf } from "@continuum/core-tensor";
import type { DerivativeFn } from "../derivatives.js";
import type { Geometry } from "../geometry/geometry.js";
import type { SampleOptions } from "../geometry/sampling.js";
import type { Points } from "../points.js";

/** Points of one condition and the float64 data attached to them (targets, normals…). */
export interface ConditionBatch {
  /** Points where the network is evaluated. */
  readonly points: Points;
  /** Per-point columns (`[n]` values or `[n, k]` flattened) turned into float32 tensors for the loss. */
  readonly data: Record<string, { values: Float64Array; width: number }>;
}

/** What a condition's residual sees. */
export interface ConditionContext {
  /** Network (transformed) values at the batch points, `[N, m]`. */
  readonly u: tf.Tensor;
  readonly d: DerivativeFn;
  /** Tensors of the batch data (`[N]` or `[N, k]`). */
  readonly data: Record<string, tf.Tensor>;
  readonly params: Record<string, tf.Scalar>;
  readonly x: tf.Tensor;
  /** Variable names of the columns of `x`. */
  readonly vars: readonly string[];
  readonly outputs: readonly string[];
}

/**
 * A condition of a PDE problem (boundary, initial, data, integral…): how to sample its points and its residual
 * (zero when satisfied). Its loss term is `weight · mean(residual²)`.
 */
export interface Condition {
  readonly kind: string;
  /** Name of the loss term (default `${kind}` plus an index when repeated). */
  readonly name?: string;
  /** Fixed weight of the loss term (default 1). */
  readonly weight: number;
  /** Default number of points (overridden by `train(…, { points: { [name]: n } })`). */
  readonly count: number;
  /** Whether the batch is fixed data (not resampled). */
  readonly fixed?: boolean;
  sample(geometry: Geometry, n: number, options: SampleOptions): ConditionBatch;
  residual(ctx: ConditionContext): tf.Tensor;
}

/** A target value: a constant or a float64 function of the point coordinates. */
export type ValueFn = number | ((p: readonly number[]) => number);

/** A region filter: which boundary (or initial) points a condition applies to. */
export type RegionFn = (p: readonly number[]) => boolean;

/** Evaluate a {@link ValueFn} at every point. */
export function evaluateValue(value: ValueFn, p: Points, where: string): Float64Array {
  const out = new Float64Array(p.n);
  if (typeof value === "number") return out.fill(value);
  const row = new Array<number>(p.dim);
  for (let i = 0; i < p.n; i++) {
    for (let j = 0; j < p.dim; j++) row[j] = p.data[i * p.dim + j]!;
    const v = value(row);
    if (!Number.isFinite(v))
      throw new Error(
        `${where}: value(${JSON.stringify(row)}) returned ${v}; it must return a finite number`,
      );
    out[i] = v;
  }
  return out;
}

/** Check a value option. */
export function checkValue(value: unknown, where: string): ValueFn {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "function") return value as ValueFn;
  throw new Error(
    `${where}: value must be a finite number or a function (point) => number, received ${String(value)}`,
  );
}

/** Common options of conditions. */
export interface ConditionOptions {
  name?: string;
  weight?: number;
  /** Default number of points. */
  points?: number;
  /** Output component (name or index) the condition applies to (default 0). */
  component?: string | number;
}

/** Validate the common options. */
export function commonOptions(
  o: ConditionOptions | undefined,
  where: string,
  defaultPoints: number,
): { name?: string; weight: number; count: number; component: string | number } {
  const weight = o?.weight ?? 1;
  if (!(weight >= 0) || !Number.isFinite(weight))
    throw new Error(`${where}: weight must be a finite number >= 0, received ${weight}`);
  const count = o?.points ?? defaultPoints;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`${where}: points must be a positive integer, received ${count}`);
  const component = o?.component ?? 0;
  if (typeof component !== "string" && !(Number.isInteger(component) && component >= 0))
    throw new Error(`${where}: component must be an output name or index, received ${String(component)}`);
  return { ...(o?.name !== undefined ? { name: o.name } : {}), weight, count, component };
}

/**
 * Sample `n` points with `draw` and keep those satisfying `on` (drawing more as needed); throws naming `where`
 * when no sampled point falls in the region.
 */
export function sampleRegion(
  draw: (n: number, seed: number) => Points,
  n: number,
  seed: number,
  on: RegionFn | undefined,
  where: string,
): Points {
  if (!on) return draw(n, seed);
  const dim = draw(1, seed).dim;
  const out: number[] = [];
  const row = new Array<number>(dim);
  let drawn = 0;
  for (let round = 0; out.length < n * dim; round++) {
    const m = Math.max(64, 2 * n);
    const p = draw(m, seed + round * 104729);
    drawn += m;
    for (let i = 0; i < p.n && out.length < n * dim; i++) {
      for (let j = 0; j < dim; j++) row[j] = p.data[i * dim + j]!;
      if (on(row)) out.push(...row);
    }
    if (round >= 20 && out.length === 0)
      throw new Error(
        `${where}: the region filter 'on' selected none of ${drawn} sampled points; check the region (e.g. use a tolerance: Math.abs(x + 1) < 1e-9, not x === -1)`,
      );
    if (round > 200)
      throw new Error(`${where}: the region filter 'on' keeps too few points (${out.length / dim}/${n})`);
  }
  return { n, dim, data: Float64Array.from(out) };
}
