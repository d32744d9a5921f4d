import { tf } from "@continuum/core-tensor";
import type { Points } from "../points.js";
import { type Condition, type ConditionOptions, commonOptions } from "./condition.js";

/**
 * Point observations (data) `u(x_i) = y_i`: the data term of inverse problems and data-assisted PINNs. The points
 * are fixed (never resampled); `values` has one entry per point.
 * @example
 * ```ts
 * observations({ points: points([[0.1, 0.5], [0.3, 0.5]]), values: [0.2, 0.4] });
 * ```
 */
export function observations(
  options: Omit<ConditionOptions, "points"> & { points: Points; values: ArrayLike<number> },
): Condition {
  const o = commonOptions({ ...options, points: 1 } as ConditionOptions, "observations", 1);
  const p = options?.points;
  if (!p || !(p.data instanceof Float64Array))
    throw new Error(
      "observations: points must be a Points set ({ n, dim, data }); build it with points(rows)",
    );
  for (let k = 0; k < p.data.length; k++)
    if (!Number.isFinite(p.data[k]))
      throw new Error(
        `observations: points row ${Math.floor(k / p.dim)} has coordinate ${k % p.dim} = ${p.data[k]}; coordinates must be finite`,
      );
  const values = options.values;
  if (!values || values.length !== p.n)
    throw new Error(
      `observations: values must have one entry per point (${p.n}), received ${values?.length}`,
    );
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new Error(`observations: values[${i}] is ${values[i]}; values must be finite`);
  const target = Float64Array.from(values);
  return {
    kind: "observations",
    ...o,
    count: p.n,
    fixed: true,
    sample(geometry) {
      if (geometry.dim !== p.dim)
        throw new Error(
          `observations: points have dim ${p.dim} but the geometry has dim ${geometry.dim} (${geometry.vars.join(", ")})`,
        );
      return { points: p, data: { target: { values: target, width: 1 } } };
    },
    residual: (ctx) => tf.sub(ctx.d(o.component), ctx.data.target!),
  };
}
