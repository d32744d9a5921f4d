import { relativeL2Error, tf } from "@continuum/core-tensor";
import type { Problem } from "./pde.js";
import type { Points } from "./points.js";
import { makeField, type NetworkLike, residualVectors } from "./training/loss.js";

function checkPts(p: Points, dim: number, where: string): void {
  if (!p || !(p.data instanceof Float64Array))
    throw new TypeError(`${where}: points must be a Points set; use points(rows) or grid(axes)`);
  if (p.dim !== dim) throw new Error(`${where}: points have dim ${p.dim}, the problem has ${dim} variables`);
  const bad = p.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new Error(
      `${where}: points row ${Math.floor(bad / dim)} has coordinate ${bad % dim} = ${p.data[bad]}; coordinates must be finite`,
    );
}

/**
 * Evaluate the trained field (with the problem's hard-constraint transform) at `points`, in chunks, returning
 * float64 values `[n, m]` row-major (for a scalar PDE simply one value per point).
 * @example
 * ```ts
 * const u = predict(problem, net, grid([t, x])); // Float64Array(t.length * x.length)
 * ```
 */
export function predict(
  problem: Problem,
  network: NetworkLike,
  pts: Points,
  options: { chunk?: number } = {},
): Float64Array {
  checkPts(pts, problem.geometry.dim, "predict");
  const m = problem.outputs.length;
  const out = new Float64Array(pts.n * m);
  const chunk = options.chunk ?? 8192;
  const field = makeField(problem, network, network.params);
  for (let s = 0; s < pts.n; s += chunk) {
    const k = Math.min(chunk, pts.n - s);
    const y = tf.tidy(() =>
      field(tf.tensor2d(Float32Array.from(pts.data.subarray(s * pts.dim, (s + k) * pts.dim)), [k, pts.dim])),
    );
    out.set(y.dataSync(), s * m);
    y.dispose();
  }
  return out;
}

/**
 * PDE residual(s) of the trained field at `points` (float64, `[n]` per equation, equations concatenated).
 * @example
 * ```ts
 * const r = residualAt(problem, net, grid([t, x]));
 * ```
 */
export function residualAt(
  problem: Problem,
  network: NetworkLike,
  pts: Points,
  options: { chunk?: number } = {},
): Float64Array[] {
  checkPts(pts, problem.geometry.dim, "residualAt");
  const chunk = options.chunk ?? 2048;
  let out: Float64Array[] | null = null;
  for (let s = 0; s < pts.n; s += chunk) {
    const k = Math.min(chunk, pts.n - s);
    const rs = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(pts.data.subarray(s * pts.dim, (s + k) * pts.dim)), [
        k,
        pts.dim,
      ]);
      return residualVectors(
        problem,
        makeField(problem, network, network.params),
        x,
        problem.parameters.materialize(),
      ).values;
    });
    out ??= rs.map(() => new Float64Array(pts.n));
    rs.forEach((r, i) => {
      out![i]!.set(r.dataSync(), s);
      r.dispose();
    });
  }
  return out ?? [];
}

/**
 * Relative L2 error `‖u − u_ref‖₂ / ‖u_ref‖₂` of the trained field against reference values at `points`
 * (component `component` for systems), computed in float64.
 * @example
 * ```ts
 * evaluate(problem, net, { points: grid([t, x]), values: reference.flat() }); // e.g. 3e-3
 * ```
 */
export function evaluate(
  problem: Problem,
  network: NetworkLike,
  reference: { points: Points; values: ArrayLike<number>; component?: number },
): number {
  const { points: pts, values, component = 0 } = reference ?? ({} as never);
  checkPts(pts, problem.geometry.dim, "evaluate");
  if (!values || values.length !== pts.n)
    throw new Error(
      `evaluate: reference.values must have one value per point (${pts?.n}), received ${values?.length}`,
    );
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new Error(`evaluate: reference.values[${i}] is ${values[i]}; reference values must be finite`);
  const m = problem.outputs.length;
  if (!Number.isInteger(component) || component < 0 || component >= m)
    throw new Error(`evaluate: component must be in [0, ${m - 1}], received ${component}`);
  const u = predict(problem, network, pts);
  const uc = m === 1 ? u : Float64Array.from({ length: pts.n }, (_, i) => u[i * m + component]!);
  return relativeL2Error(uc, values);
}
