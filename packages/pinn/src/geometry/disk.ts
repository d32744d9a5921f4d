import { tf } from "@continuum/core-tensor";
import type { Points } from "../points.js";
import type { VarsOption } from "./box.js";
import { checkVars, col, type Geometry, makeGeometry } from "./geometry.js";

/**
 * The disk `|x − c| ≤ r` in 2-D. Interior samples use the area-preserving polar map `(ρ, θ) = (r√u₁, 2πu₂)` of the
 * unit square (so Sobol stays well spread); boundary samples use `θ = 2πu`. `distanceFunction` is
 * `(r² − |x − c|²) / (2r)`, which equals the distance to first order at the circle.
 * @example
 * ```ts
 * const d = disk([0, 0], 1);
 * d.boundaryNormal(points([[1, 0]])).data; // [1, 0]
 * ```
 */
export function disk(center: readonly number[], radius: number, options: VarsOption = {}): Geometry {
  if (!Array.isArray(center) || center.length !== 2 || !center.every(Number.isFinite))
    throw new Error(`disk: center must be [cx, cy] with finite entries, received ${JSON.stringify(center)}`);
  if (!(radius > 0) || !Number.isFinite(radius))
    throw new Error(`disk: radius must be a positive finite number, received ${radius}`);
  const [cx, cy] = center as [number, number];
  const r = radius;
  const polar = (rho: (u: number) => number, u: Float64Array, n: number, stride: number): Points => {
    const data = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const rr = rho(u[i * stride + (stride - 1)]!);
      const th = 2 * Math.PI * u[i * stride]!;
      data[i * 2] = cx + rr * Math.cos(th);
      data[i * 2 + 1] = cy + rr * Math.sin(th);
    }
    return { n, dim: 2, data };
  };
  return makeGeometry({
    kind: "disk",
    dim: 2,
    vars: checkVars(options.vars, 2, "disk"),
    bbox: { min: [cx - r, cy - r], max: [cx + r, cy + r] },
    measure: Math.PI * r * r,
    boundaryMeasure: 2 * Math.PI * r,
    signedDistance: (p) => {
      const out = new Float64Array(p.n);
      for (let i = 0; i < p.n; i++) out[i] = Math.hypot(p.data[2 * i]! - cx, p.data[2 * i + 1]! - cy) - r;
      return out;
    },
    distanceFunction: (x) => {
      const dx = tf.sub(col(x, 0), cx);
      const dy = tf.sub(col(x, 1), cy);
      return tf.div(tf.sub(r * r, tf.add(tf.square(dx), tf.square(dy))), 2 * r);
    },
    normal: (p) => {
      const data = new Float64Array(p.n * 2);
      for (let i = 0; i < p.n; i++) {
        const dx = p.data[2 * i]! - cx;
        const dy = p.data[2 * i + 1]! - cy;
        const s = Math.hypot(dx, dy) || 1;
        data[2 * i] = dx / s;
        data[2 * i + 1] = dy / s;
      }
      return { n: p.n, dim: 2, data };
    },
    fromUnitCube: (u, n) => polar((v) => r * Math.sqrt(v), u, n, 2),
    boundaryFromUnit: (u, n) => polar(() => r, u, n, 2),
  });
}
