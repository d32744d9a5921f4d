import { tf } from "@continuum/core-tensor";
import { checkWindow, chooseCorners, cornerPolar, verticesOf, windowValues } from "./corner-enrichment.js";
import type { Geometry } from "./geometry/geometry.js";

/** Options of {@link cornerDistance}. */
export interface CornerDistanceOptions {
  /**
   * The distance factor away from the corners, `[N, 2] → [N]`, zero on the whole boundary (default: the geometry's
   * `distanceFunction`; required when vertices are passed).
   */
  base?: (x: tf.Tensor) => tf.Tensor;
  /** Vertices to treat, by index (default: every re-entrant vertex, interior angle > π). */
  corners?: readonly number[];
  /** Outer blending radius as a fraction of the corner's clearance, in (0, 1] (default 1). */
  radius?: number;
  /** Inner blending radius as a fraction of the outer one, in [0, 1) (default 0.5). */
  inner?: number;
  /**
   * Global form, no blending: `D' = window · Π σ r^{π/ω} sin(πφ/ω)` over the chosen corners, where `window`
   * (`[N, 2] → [N]`, smooth, positive inside) vanishes on every edge not incident to them, e.g. `(1 − x²)(1 − y²)`
   * on the L-shape `[−1, 1]² \ [0, 1]²`. `base`, `radius` and `inner` are then not used (radius/inner not allowed).
   * The blend's annulus puts large derivatives of χ into `Δ(D'·N)`, which the network must cancel; on the L-shaped
   * Poisson problem the global form lowered the error from 2.7e-3 to 4e-4 (pinn-poisson-lshape bench). The domain
   * must not cross a chosen corner's exterior bisector (the branch cut of φ).
   */
  window?: (x: tf.Tensor) => tf.Tensor;
}

/**
 * A hard-constraint distance factor adapted to re-entrant corners: near each chosen vertex the base factor `D` is
 * replaced by the leading singular function `σ r^{π/ω} sin(πφ/ω)` (harmonic, zero on both incident edges, positive
 * inside), blended with the C² cut-off χ of {@link cornerEnrichment}: `D' = (1 − χ) D + χ σ r^{π/ω} sin(πφ/ω)`,
 * σ = ρ^{1 − π/ω} with ρ the middle of the blending annulus so both factors have the size of a distance there.
 * Why: any factor that vanishes linearly on the two edges of a corner with ω > π has an unbounded Laplacian
 * there (`Δr = 1/r`), so the residual of `D·N` blows up unless `N` vanishes at the corner, and `u / D` is itself
 * unbounded (`u ~ r^{π/ω}`). With `D'`, `u / D'` tends to the corner's stress-intensity factor and stays bounded,
 * and `Δ(D'·N) = 2∇D'·∇N + D'ΔN` has only an integrable `r^{π/ω − 1}` singularity. Combine with
 * `cornerEnrichment(…, { firstTerm: 2 })` for the next singular terms. Zero on the boundary wherever `D` is
 * (inside a corner's disk on the incident edges, outside it through `D`), positive inside.
 * @example
 * ```ts
 * const L = polygon([[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]]);
 * const transform = hardConstraint({
 *   distance: cornerDistance(L),
 *   enrichment: cornerEnrichment(L, { firstTerm: 2, terms: 1 }),
 * }); // u = c·χ r^{4/3} sin(4φ/3) + D'·N, exactly 0 on the boundary
 * ```
 */
export function cornerDistance(
  polygonOrVertices: Geometry | readonly (readonly number[])[],
  options: CornerDistanceOptions = {},
): (x: tf.Tensor) => tf.Tensor {
  const vertices = verticesOf(polygonOrVertices, "cornerDistance");
  const { radius = 1, inner = 0.5 } = options;
  if (!(radius > 0 && radius <= 1))
    throw new Error(`cornerDistance: radius must be in (0, 1], received ${radius}`);
  if (!(inner >= 0 && inner < 1))
    throw new Error(`cornerDistance: inner must be in [0, 1), received ${inner}`);
  const window = checkWindow(options, "cornerDistance");
  const chosen = chooseCorners(vertices, options.corners, "cornerDistance");
  if (window)
    return (x: tf.Tensor) =>
      tf.tidy(() => {
        let d = windowValues(window, x, "cornerDistance");
        for (const c of chosen) {
          const { r, phi } = cornerPolar(x, c, 1, 0.5, "cornerDistance");
          const lambda = Math.PI / c.angle;
          // σ = (clearance / 2)^{1 − λ}: the factor has the size of a distance at half the clearance.
          const sigma = (c.clearance / 2) ** (1 - lambda);
          d = tf.mul(
            d,
            tf.mul(sigma, tf.mul(tf.exp(tf.mul(tf.log(r), lambda)), tf.sin(tf.mul(phi, lambda)))),
          );
        }
        return d;
      });
  const geometry = Array.isArray(polygonOrVertices) ? null : (polygonOrVertices as Geometry);
  const base = options.base ?? (geometry ? (x: tf.Tensor) => geometry.distanceFunction(x) : undefined);
  if (typeof base !== "function")
    throw new Error("cornerDistance: pass options.base (the distance factor) when giving vertices");
  return (x: tf.Tensor) =>
    tf.tidy(() => {
      const n = x.shape[0]!;
      let d = tf.reshape(base(x), [-1]);
      if (d.size !== n) throw new Error(`cornerDistance: base returned ${d.size} values for ${n} points`);
      for (const c of chosen) {
        const { r, phi, chi } = cornerPolar(x, c, radius, inner, "cornerDistance");
        const lambda = Math.PI / c.angle;
        const rho = ((1 + inner) / 2) * radius * c.clearance;
        const singular = tf.mul(
          rho ** (1 - lambda),
          tf.mul(tf.exp(tf.mul(tf.log(r), lambda)), tf.sin(tf.mul(phi, lambda))),
        );
        d = tf.add(tf.mul(tf.sub(1, chi), d), tf.mul(chi, singular));
      }
      return d;
    });
}
