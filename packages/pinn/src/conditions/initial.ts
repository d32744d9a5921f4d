import { tf } from "@continuum/core-tensor";
import type { Geometry } from "../geometry/geometry.js";
import { hstackPoints, type Points } from "../points.js";
import {
  type Condition,
  type ConditionOptions,
  checkValue,
  commonOptions,
  evaluateValue,
  type RegionFn,
  sampleRegion,
  type ValueFn,
} from "./condition.js";

/** An initial condition: which time derivative it sets and of which output. */
export interface InitialCondition extends Condition {
  readonly kind: "initial";
  /** Order of the time derivative it sets (0: the value). */
  readonly derivative: number;
  /** The output it applies to (name or index). */
  readonly component: string | number;
  /** The initial value (or time derivative): a number or a function of the point `[…x, t0]`. */
  readonly value: ValueFn;
}

/**
 * Initial condition on `Ω × {t0}` of a space-time problem: `u = g` (default) or, with `derivative: 1`,
 * `∂u/∂t = g` (e.g. the initial velocity of the wave equation). `value` receives the full point `[…x, t0]`.
 * @example
 * ```ts
 * initial({ value: ([x]) => -Math.sin(Math.PI * x) });
 * initial({ value: 0, derivative: 1 });
 * ```
 */
export function initial(
  options: ConditionOptions & { value: ValueFn; derivative?: number; on?: RegionFn },
): InitialCondition {
  const o = commonOptions(options, "initial", 256);
  const value = checkValue(options?.value, "initial");
  const order = options.derivative ?? 0;
  if (!Number.isInteger(order) || order < 0 || order > 2)
    throw new Error(`initial: derivative must be 0, 1 or 2, received ${String(options.derivative)}`);
  let timeVar = "t";
  return {
    kind: "initial",
    ...o,
    derivative: order,
    value,
    sample(geometry: Geometry, n, s) {
      if (!geometry.timeDependent)
        throw new Error(
          `initial: the geometry must be space-time (product(space, timeDomain(t0, t1))), received '${geometry.kind}'`,
        );
      timeVar = geometry.vars[geometry.dim - 1]!;
      const t0 = geometry.bbox.min[geometry.dim - 1]!;
      const draw = (m: number, seed: number): Points => {
        const p = geometry.sampleInterior(m, { method: s.method ?? "uniform", seed });
        const space = { n: m, dim: geometry.dim - 1, data: new Float64Array(m * (geometry.dim - 1)) };
        for (let i = 0; i < m; i++)
          space.data.set(
            p.data.subarray(i * geometry.dim, i * geometry.dim + geometry.dim - 1),
            i * (geometry.dim - 1),
          );
        return hstackPoints(space, { n: m, dim: 1, data: new Float64Array(m).fill(t0) });
      };
      const points = sampleRegion(draw, n, s.seed ?? 0, options.on, "initial");
      return { points, data: { target: { values: evaluateValue(value, points, "initial"), width: 1 } } };
    },
    residual: (ctx) =>
      tf.sub(ctx.d(o.component, ...new Array<string>(order).fill(timeVar)), ctx.data.target!),
  };
}
