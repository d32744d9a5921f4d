import { tf } from "@continuum/core-tensor";
import type { Geometry } from "./geometry/geometry.js";

/**
 * A basis of fixed functions `φ₁…φ_K` that vanish on the constrained boundary, added to a hard constraint with
 * trainable coefficients: `u = g + Σₖ cₖ φₖ + D·N` (see {@link hardConstraint}). Use it for features the network
 * represents badly, e.g. corner singularities ({@link cornerEnrichment}).
 */
export interface Enrichment {
  /** Number of basis functions `K`. */
  readonly size: number;
  /** Names of the basis functions (for reports), length `K`. */
  readonly names: readonly string[];
  /** The basis at `x [N, d]` as `[N, K]` (parameter-free; differentiable in `x` to any order away from poles). */
  basis(x: tf.Tensor): tf.Tensor;
}

/** A vertex of a polygon as seen by {@link cornerEnrichment}. */
export interface PolygonCorner {
  /** Index of the vertex in the polygon's vertex list. */
  readonly index: number;
  readonly vertex: readonly [number, number];
  /** Interior angle ω in (0, 2π). */
  readonly angle: number;
  /** Direction (angle in radians from the +x axis) of the edge from which the interior angle φ is measured. */
  readonly start: number;
  /** Distance from the vertex to the nearest edge not incident to it. */
  readonly clearance: number;
}

/** Options of {@link cornerEnrichment}. */
export interface CornerEnrichmentOptions {
  /** Singular terms per corner, `k = firstTerm…firstTerm + terms − 1` with exponents `kπ/ω` (default 2). */
  terms?: number;
  /**
   * First term `k` (default 1). Use 2 with {@link cornerDistance}, whose distance factor already carries the
   * leading singular function.
   */
  firstTerm?: number;
  /**
   * Vertices to enrich: indices, `"reentrant"` (default: interior angle > π) or `"all"`. Singular terms whose
   * exponent kπ/ω is an integer are polynomials (smooth) and are left out.
   */
  corners?: readonly number[] | "reentrant" | "all";
  /**
   * Also add, at every chosen corner whose angle makes the Poisson corner problem resonant (ω = π/2 or 3π/2), the
   * logarithmic particular solution of `−Δw = 1` that vanishes on both edges (default false):
   * `w = −(r²/4)(1 − cos 2φ) − r²(log r · sin 2φ + φ cos 2φ)/(2ω)`. Its coefficient learns the source at the
   * corner; without it `u / D` has a `log r` singularity there (a convex right angle, where D ~ r²).
   */
  source?: boolean;
  /**
   * Outer radius of the cut-off as a fraction of the corner's clearance (distance to the nearest non-incident
   * edge), in (0, 1] (default 1): the basis is exactly 0 beyond it, so it vanishes on every other edge.
   */
  radius?: number;
  /** Inner radius of the cut-off as a fraction of the outer one, in [0, 1) (default 0.5): the cut-off is 1 inside. */
  inner?: number;
  /**
   * A smooth factor `[N, 2] → [N]` that vanishes on every edge not incident to the chosen corners, used instead of
   * the radial cut-off χ (`radius` and `inner` are then not allowed): each basis function becomes `window · r^λ
   * sin(λφ)` over the whole domain, e.g. `(1 − x²)(1 − y²)` on the L-shape `[−1, 1]² \ [0, 1]²`. The cut-off's
   * annulus puts large derivatives of χ into the residual, which the network must then cancel; a window that is
   * smooth everywhere avoids that (on the L-shaped Poisson problem the error fell from 2.7e-3 to 4e-4, see the
   * pinn-poisson-lshape bench). The domain must not cross a chosen corner's exterior bisector (the branch cut of φ).
   */
  window?: (x: tf.Tensor) => tf.Tensor;
}

function segmentDistance(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const ex = b[0]! - a[0]!;
  const ey = b[1]! - a[1]!;
  const t = Math.min(1, Math.max(0, ((p[0]! - a[0]!) * ex + (p[1]! - a[1]!) * ey) / (ex * ex + ey * ey)));
  return Math.hypot(p[0]! - a[0]! - t * ex, p[1]! - a[1]! - t * ey);
}

/**
 * The corners of a simple polygon: interior angle, the edge the angle is measured from (so that the interior is
 * `0 ≤ φ ≤ ω` counter-clockwise from it) and the clearance to the non-incident edges. Works for either orientation.
 * @example
 * ```ts
 * const L = polygonCorners([[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]]);
 * L[3].angle; // 3π/2 (the re-entrant corner at the origin), L[3].clearance = 1
 * ```
 */
export function polygonCorners(vertices: readonly (readonly number[])[]): PolygonCorner[] {
  if (!Array.isArray(vertices) || vertices.length < 3)
    throw new Error(
      `polygonCorners: vertices must be an array of at least 3 [x, y] pairs, received ${JSON.stringify(vertices)}`,
    );
  vertices.forEach((v, i) => {
    if (!Array.isArray(v) || v.length !== 2 || !v.every(Number.isFinite))
      throw new Error(
        `polygonCorners: vertices[${i}] must be a finite [x, y] pair, received ${JSON.stringify(v)}`,
      );
  });
  const m = vertices.length;
  let area2 = 0;
  for (let k = 0; k < m; k++) {
    const a = vertices[k]!;
    const b = vertices[(k + 1) % m]!;
    area2 += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  if (Math.abs(area2) < 1e-14) throw new Error("polygonCorners: vertices enclose zero area");
  const ccw = area2 > 0;
  const twoPi = 2 * Math.PI;
  return vertices.map((v, i) => {
    const prev = vertices[(i + m - 1) % m]!;
    const next = vertices[(i + 1) % m]!;
    const toNext = Math.atan2(next[1]! - v[1]!, next[0]! - v[0]!);
    const toPrev = Math.atan2(prev[1]! - v[1]!, prev[0]! - v[0]!);
    // Counter-clockwise polygons have the interior on the left of each edge: it sweeps counter-clockwise from the
    // outgoing edge to the incoming one; clockwise polygons the other way round.
    const start = ccw ? toNext : toPrev;
    const end = ccw ? toPrev : toNext;
    let angle = (((end - start) % twoPi) + twoPi) % twoPi;
    if (angle === 0) angle = twoPi;
    let clearance = Number.POSITIVE_INFINITY;
    for (let k = 0; k < m; k++) {
      const k1 = (k + 1) % m;
      if (k === i || k1 === i) continue;
      clearance = Math.min(clearance, segmentDistance(v, vertices[k]!, vertices[k1]!));
    }
    return { index: i, vertex: [v[0]!, v[1]!] as const, angle, start, clearance };
  });
}

/**
 * Singular-function enrichment of the re-entrant corners of a polygon, for hard-constrained Dirichlet problems
 * (`hardConstraint({ …, enrichment: cornerEnrichment(L) })`). Near a vertex with interior angle ω > π the solution
 * of an elliptic problem with zero Dirichlet data on both incident edges behaves like `Σₖ cₖ r^{kπ/ω} sin(kπφ/ω)`
 * (polar coordinates at the vertex, φ from one incident edge into the domain; Grisvard 1985, Strang & Fix 1973),
 * whose gradient is unbounded: `u / D` (D the distance factor, ≈ r) is then unbounded too and no network can
 * represent it. The basis functions are `φ_{k} = χ(r) r^{kπ/ω} sin(kπφ/ω)`, each harmonic where the cut-off χ is 1
 * and zero on both incident edges; χ is a C² quintic step from 1 (r ≤ inner·R) to 0 (r ≥ R), with R = radius ×
 * the clearance of the vertex, so the basis also vanishes on every other edge and the boundary condition stays
 * exact. The angle's branch cut lies on the bisector of the exterior wedge, outside the domain. The coefficients
 * cₖ (the generalised stress-intensity factors) are learnt with the network.
 *
 * Pass the polygon's vertices, or a geometry made by `polygon(…)` (which carries them).
 * @example
 * ```ts
 * const L = polygon([[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]]);
 * const enrichment = cornerEnrichment(L); // 2 terms at (0, 0): r^{2/3} sin(2φ/3), r^{4/3} sin(4φ/3)
 * const problem = pde({ geometry: L, residual: poisson({ f: 1 }), transform: hardConstraint({ geometry: L, enrichment }) });
 * ```
 */
export function cornerEnrichment(
  polygonOrVertices: Geometry | readonly (readonly number[])[],
  options: CornerEnrichmentOptions = {},
): Enrichment {
  const vertices = verticesOf(polygonOrVertices, "cornerEnrichment");
  const { terms = 2, firstTerm = 1, radius = 1, inner = 0.5 } = options;
  const window = checkWindow(options, "cornerEnrichment");
  if (!Number.isInteger(firstTerm) || firstTerm < 1)
    throw new Error(`cornerEnrichment: firstTerm must be a positive integer, received ${firstTerm}`);
  if (!Number.isInteger(terms) || terms < 1)
    throw new Error(`cornerEnrichment: terms must be a positive integer, received ${terms}`);
  if (!(radius > 0 && radius <= 1))
    throw new Error(`cornerEnrichment: radius must be in (0, 1], received ${radius}`);
  if (!(inner >= 0 && inner < 1))
    throw new Error(`cornerEnrichment: inner must be in [0, 1), received ${inner}`);
  const chosen = chooseCorners(vertices, options.corners, "cornerEnrichment");
  // Per corner: the exponents of its singular (non-polynomial) harmonic terms and whether it gets a source term.
  const isInteger = (v: number) => Math.abs(v - Math.round(v)) < 1e-9;
  const plan = chosen.map((c) => {
    const lambdas: number[] = [];
    for (let k = firstTerm; k < firstTerm + terms; k++) {
      const lambda = (k * Math.PI) / c.angle;
      if (!isInteger(lambda)) lambdas.push(lambda);
    }
    // Resonant when sin 2ω = 0 and cos 2ω = −1: ω = π/2 or 3π/2.
    const resonant = Math.abs(Math.cos(2 * c.angle) + 1) < 1e-9;
    return { c, lambdas, source: options.source === true && resonant };
  });
  const names: string[] = [];
  for (const { c, lambdas, source } of plan) {
    for (const lambda of lambdas) names.push(`corner${c.index}_r^${lambda.toPrecision(4)}`);
    if (source) names.push(`corner${c.index}_source`);
  }
  if (names.length === 0)
    throw new Error(
      "cornerEnrichment: no basis function: every chosen corner has only polynomial terms; choose re-entrant corners or source: true",
    );
  const basis = (x: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const cols: tf.Tensor[] = [];
      const win = window ? windowValues(window, x, "cornerEnrichment") : null;
      for (const { c, lambdas, source } of plan) {
        const polar = cornerPolar(x, c, radius, inner, "cornerEnrichment");
        const { r, phi } = polar;
        const chi = win ?? polar.chi;
        const logR = tf.log(r);
        for (const lambda of lambdas) {
          // r^λ as exp(λ log r): tf.pow's gradient also differentiates through the exponent.
          const col = tf.mul(chi, tf.mul(tf.exp(tf.mul(logR, lambda)), tf.sin(tf.mul(phi, lambda))));
          cols.push(tf.reshape(col, [-1, 1]));
        }
        if (source) {
          const r2 = tf.square(r);
          const twoPhi = tf.mul(phi, 2);
          const cos2 = tf.cos(twoPhi);
          const particular = tf.mul(tf.mul(r2, -0.25), tf.sub(1, cos2));
          const harmonic = tf.mul(r2, tf.add(tf.mul(logR, tf.sin(twoPhi)), tf.mul(phi, cos2)));
          const w = tf.sub(particular, tf.mul(harmonic, 1 / (2 * c.angle)));
          cols.push(tf.reshape(tf.mul(chi, w), [-1, 1]));
        }
      }
      // Columns by concat: a one-tensor tf.stack made the nested backward pass fail ("stack must be a Tensor[]").
      return cols.length === 1 ? cols[0]! : tf.concat(cols, 1);
    });
  return { size: names.length, names, basis };
}

/** The corners chosen by `corners` (default the re-entrant ones), checked. */
export function chooseCorners(
  vertices: readonly (readonly number[])[],
  corners: readonly number[] | "reentrant" | "all" | undefined,
  where: string,
): PolygonCorner[] {
  const all = polygonCorners(vertices);
  if (corners !== undefined && corners !== "reentrant" && corners !== "all" && !Array.isArray(corners))
    throw new Error(
      `${where}: corners must be "reentrant", "all" or an array of vertex indices, received ${JSON.stringify(corners)}`,
    );
  if (corners === "all") return all;
  const chosen =
    corners === undefined || corners === "reentrant"
      ? // Re-entrant: ω > π (a tolerance keeps straight "vertices" on an edge out).
        all.filter((c) => c.angle > Math.PI * (1 + 1e-9))
      : (corners as readonly number[]).map((i) => {
          if (!Number.isInteger(i) || i < 0 || i >= all.length)
            throw new Error(
              `${where}: corners must hold vertex indices in [0, ${all.length - 1}], received ${i}`,
            );
          return all[i]!;
        });
  if (chosen.length === 0)
    throw new Error(
      `${where}: the polygon has no re-entrant vertex (interior angle > π); pass options.corners to choose vertices`,
    );
  return chosen;
}

/** The vertex list of a polygon geometry or a vertex array. */
export function verticesOf(
  polygonOrVertices: Geometry | readonly (readonly number[])[],
  where: string,
): readonly (readonly number[])[] {
  const vertices = Array.isArray(polygonOrVertices)
    ? (polygonOrVertices as readonly (readonly number[])[])
    : (polygonOrVertices as Geometry & { vertices?: readonly (readonly number[])[] })?.vertices;
  if (!vertices)
    throw new Error(
      `${where}: expected a polygon geometry or its vertex list, received ${(polygonOrVertices as Geometry)?.kind ?? String(polygonOrVertices)}`,
    );
  return vertices;
}

/**
 * Polar coordinates at a corner (`r`, and `φ` in [0, ω] inside the domain, measured from the corner's start edge)
 * and the C² cut-off `χ(r)`: 1 for r ≤ inner·R, 0 for r ≥ R (R = radius × clearance), all `[N]`.
 */
export function cornerPolar(
  x: tf.Tensor,
  c: PolygonCorner,
  radius: number,
  inner: number,
  where: string,
): { r: tf.Tensor; phi: tf.Tensor; chi: tf.Tensor } {
  if (x.rank !== 2 || x.shape[1] !== 2) throw new Error(`${where}: x must be [N, 2], received [${x.shape}]`);
  const n = x.shape[0]!;
  const dx = tf.sub(tf.reshape(tf.slice(x, [0, 0], [n, 1]), [n]), c.vertex[0]);
  const dy = tf.sub(tf.reshape(tf.slice(x, [0, 1], [n, 1]), [n]), c.vertex[1]);
  // Clamp r² away from 0 so the derivatives at the vertex itself stay finite (r ≥ 1e-15, r^{2/3−2} ≲ 1e20).
  const r = tf.sqrt(tf.maximum(tf.add(tf.square(dx), tf.square(dy)), 1e-30));
  // φ = ω/2 + angle from the interior bisector: in [0, ω] inside, the cut at ±π on the exterior bisector.
  const beta = c.start + c.angle / 2;
  const cb = Math.cos(beta);
  const sb = Math.sin(beta);
  const along = tf.add(tf.mul(dx, cb), tf.mul(dy, sb));
  const across = tf.sub(tf.mul(dy, cb), tf.mul(dx, sb));
  const phi = tf.add(tf.atan2(across, along), c.angle / 2);
  const outer = radius * c.clearance;
  const innerR = inner * outer;
  // C² quintic step: χ = 1 − (10s³ − 15s⁴ + 6s⁵), s = (r − inner·R)/(R − inner·R) clipped to [0, 1].
  const s = tf.clipByValue(tf.div(tf.sub(r, innerR), outer - innerR), 0, 1);
  const s3 = tf.mul(tf.square(s), s);
  const chi = tf.sub(1, tf.mul(s3, tf.add(10, tf.mul(s, tf.sub(tf.mul(s, 6), 15)))));
  return { r, phi, chi };
}

/** The `window` option of {@link cornerEnrichment} / cornerDistance, checked (null when absent). */
export function checkWindow(
  options: { window?: unknown; radius?: unknown; inner?: unknown },
  where: string,
): ((x: tf.Tensor) => tf.Tensor) | null {
  if (options.window === undefined) return null;
  if (typeof options.window !== "function")
    throw new Error(
      `${where}: window must be a function (x [N, 2]) => [N], received ${String(options.window)}`,
    );
  if (options.radius !== undefined || options.inner !== undefined)
    throw new Error(`${where}: window replaces the radial cut-off; do not pass radius or inner with it`);
  return options.window as (x: tf.Tensor) => tf.Tensor;
}

/** `window(x)` as an `[N]` tensor, or a clear error. */
export function windowValues(window: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, where: string): tf.Tensor {
  const n = x.shape[0]!;
  const w = window(x);
  if (!(w instanceof tf.Tensor) || w.size !== n)
    throw new Error(
      `${where}: window must return one value per point (${n}), received ${w instanceof tf.Tensor ? `shape [${w.shape.join(", ")}]` : String(w)}`,
    );
  return tf.reshape(w, [n]);
}
