import { tf } from "@continuum/core-tensor";
import type { Geometry } from "./geometry/geometry.js";
import type { OutputTransform } from "./pde.js";

/** Options of {@link hardConstraint}. */
export interface HardConstraintOptions {
  /** Geometry whose `distanceFunction` gives `D(x)` (0 on the constrained boundary). */
  geometry?: Geometry;
  /** Custom `D(x)`: `[N, d] → [N]`, zero exactly where the condition holds. */
  distance?: (x: tf.Tensor) => tf.Tensor;
  /**
   * The boundary data extended inside, `g(x)`: a number or a tensor function `[N, d] → [N]` (or `[N, m]` for all
   * components). Default 0.
   */
  value?: number | ((x: tf.Tensor) => tf.Tensor);
  /** Components the constraint applies to (default all). */
  components?: number[];
}

/**
 * Hard (exact) Dirichlet/initial constraint by output transform: `u(x) = g(x) + D(x)·N(x)` where `N` is the network,
 * `D` vanishes on the constrained boundary (the geometry's R-function distance, or your own) and `g` extends the
 * boundary data (Lagaris et al. 1998; Sukumar & Srivastava 2022). The condition then holds to float32 rounding
 * and no boundary loss term is needed.
 * @example
 * ```ts
 * const problem = pde({ geometry: rectangle([0, 0], [1, 1]), residual, transform: hardConstraint({ geometry: rectangle([0, 0], [1, 1]) }) });
 * ```
 */
export function hardConstraint(options: HardConstraintOptions): OutputTransform {
  const { geometry, distance, value = 0, components } = options ?? {};
  if (!geometry && !distance) throw new Error("hardConstraint: pass options.geometry or options.distance");
  if (distance !== undefined && typeof distance !== "function")
    throw new TypeError("hardConstraint: distance must be a function (x: Tensor[N, d]) => Tensor[N]");
  if (typeof value !== "number" && typeof value !== "function")
    throw new TypeError(
      `hardConstraint: value must be a number or a tensor function, received ${typeof value}`,
    );
  const D = distance ?? ((x: tf.Tensor) => geometry!.distanceFunction(x));
  return (x, n) => {
    const n0 = x.shape[0]!;
    const m = n.shape[1]!;
    const dist = D(x);
    if (dist.size !== n0)
      throw new Error(`hardConstraint: distance returned shape [${dist.shape}], expected [${n0}]`);
    const d2 = tf.reshape(dist, [n0, 1]);
    let g: tf.Tensor;
    if (typeof value === "number") g = tf.fill([n0, 1], value);
    else {
      g = value(x);
      if (g.size === n0) g = tf.reshape(g, [n0, 1]);
      else if (!(g.rank === 2 && g.shape[0] === n0 && g.shape[1] === m))
        throw new Error(
          `hardConstraint: value returned shape [${g.shape}], expected [${n0}] or [${n0}, ${m}]`,
        );
    }
    const constrained = tf.add(g, tf.mul(d2, n));
    if (!components) return constrained;
    const cols: tf.Tensor[] = [];
    for (let c = 0; c < m; c++)
      cols.push(tf.slice(components.includes(c) ? constrained : n, [0, c], [n0, 1]));
    return tf.concat(cols, 1);
  };
}
