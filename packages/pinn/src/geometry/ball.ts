import { tf } from "@continuum/core-tensor";
import type { Points } from "../points.js";
import type { VarsOption } from "./box.js";
import { checkVars, col, type Geometry, makeGeometry } from "./geometry.js";
import { type SampleOptions, unitCube } from "./sampling.js";

/** Volume of the `d`-ball of radius `r`: `V₀ = 1`, `V₁ = 2r`, `V_d = V_{d−2} · 2πr²/d`. */
function ballVolume(d: number, r: number): number {
  let v = d % 2 === 0 ? 1 : 2 * r;
  for (let k = d % 2 === 0 ? 2 : 3; k <= d; k += 2) v *= (2 * Math.PI * r * r) / k;
  return v;
}

/**
 * Unit vectors from unit-cube points: exact area-preserving maps in 2-D (`θ = 2πu₀`) and 3-D (Archimedes:
 * `z = 1 − 2u₁` uniform, `φ = 2πu₀`); above, normalised Gaussian vectors (Box–Muller on pairs of coordinates).
 * `u` has `stride` coordinates per point, the first `directionCoordinates(d)` of which are used.
 */
function unitDirections(d: number, u: Float64Array, n: number, stride: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    if (d === 2) {
      const th = 2 * Math.PI * u[o]!;
      out[i * 2] = Math.cos(th);
      out[i * 2 + 1] = Math.sin(th);
      continue;
    }
    if (d === 3) {
      const phi = 2 * Math.PI * u[o]!;
      const z = 1 - 2 * u[o + 1]!;
      const s = Math.sqrt(Math.max(0, 1 - z * z));
      out[i * 3] = s * Math.cos(phi);
      out[i * 3 + 1] = s * Math.sin(phi);
      out[i * 3 + 2] = z;
      continue;
    }
    let norm = 0;
    for (let j = 0; j < d; j += 2) {
      // 1 − u ∈ (0, 1]: the Sobol origin gives a finite radius.
      const rho = Math.sqrt(-2 * Math.log(1 - u[o + j]!));
      const th = 2 * Math.PI * u[o + j + 1]!;
      out[i * d + j] = rho * Math.cos(th);
      if (j + 1 < d) out[i * d + j + 1] = rho * Math.sin(th);
    }
    for (let j = 0; j < d; j++) norm += out[i * d + j]! ** 2;
    norm = Math.sqrt(norm);
    // A zero Gaussian vector has probability 0 (both radii of a pair at u = 0): fall back to the first axis.
    if (!(norm > 0)) out[i * d] = norm = 1;
    for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! / norm;
  }
  return out;
}

/** Unit-cube coordinates a direction takes: 1 in 2-D, 2 in 3-D, 2⌈d/2⌉ above. */
function directionCoordinates(d: number): number {
  return d === 2 ? 1 : d === 3 ? 2 : 2 * Math.ceil(d / 2);
}

/**
 * The ball `|x − c| ≤ r` in any dimension `d ≥ 2` (a sphere in 3-D, a hypersphere above; DeepXDE's `Sphere` and
 * `Hypersphere`). Volume `π^{d/2} r^d / Γ(d/2 + 1)` and boundary area `d·V/r` are exact. Interior samples put a
 * uniform direction at radius `r·u^{1/d}`, boundary samples a uniform direction at radius `r`: the directions come
 * from exact area-preserving maps of the unit square in 2-D and 3-D (so Sobol points stay well spread) and from
 * normalised Gaussian vectors (Box–Muller) above. `distanceFunction` is `(r² − |x − c|²) / (2r)`, the distance to
 * first order at the sphere.
 * @example
 * ```ts
 * const b = ball([0, 0, 0], 1);
 * b.measure; // 4π/3 ≈ 4.18879
 * b.boundaryNormal(points([[0, 0, 1]])).data; // [0, 0, 1]
 * ```
 */
export function ball(center: readonly number[], radius: number, options: VarsOption = {}): Geometry {
  if (!Array.isArray(center) || center.length < 2 || !center.every(Number.isFinite))
    throw new Error(
      `ball: center must be an array of at least 2 finite coordinates, received ${JSON.stringify(center)}`,
    );
  if (!(radius > 0) || !Number.isFinite(radius))
    throw new Error(`ball: radius must be a positive finite number, received ${radius}`);
  const c = center.slice();
  const d = c.length;
  const r = radius;
  const volume = ballVolume(d, r);
  const nDir = directionCoordinates(d);
  const place = (dirs: Float64Array, n: number, radiusOf: (i: number) => number): Points => {
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const rr = radiusOf(i);
      for (let j = 0; j < d; j++) data[i * d + j] = c[j]! + rr * dirs[i * d + j]!;
    }
    return { n, dim: d, data };
  };
  // Unit-cube points for `width` coordinates, with the Sobol origin (a degenerate point) skipped.
  const cube = (n: number, width: number, options: SampleOptions): Float64Array => {
    const seed = options.method === "sobol" ? (options.seed ?? 0) + 1 : (options.seed ?? 0);
    return unitCube(n, width, { method: options.method ?? "uniform", seed });
  };
  const interiorFrom = (u: Float64Array, n: number): Points => {
    const w = nDir + 1;
    return place(unitDirections(d, u, n, w), n, (i) => r * u[i * w + nDir]! ** (1 / d));
  };
  return makeGeometry({
    kind: "ball",
    dim: d,
    vars: checkVars(options.vars, d, "ball"),
    bbox: { min: c.map((v) => v - r), max: c.map((v) => v + r) },
    measure: volume,
    boundaryMeasure: (d * volume) / r,
    signedDistance: (p) => {
      const out = new Float64Array(p.n);
      for (let i = 0; i < p.n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (p.data[i * d + j]! - c[j]!) ** 2;
        out[i] = Math.sqrt(s) - r;
      }
      return out;
    },
    distanceFunction: (x) => {
      let s: tf.Tensor | null = null;
      for (let j = 0; j < d; j++) {
        const sq = tf.square(tf.sub(col(x, j), c[j]!));
        s = s === null ? sq : tf.add(s, sq);
      }
      return tf.div(tf.sub(r * r, s!), 2 * r);
    },
    normal: (p) => {
      const data = new Float64Array(p.n * d);
      for (let i = 0; i < p.n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (p.data[i * d + j]! - c[j]!) ** 2;
        s = Math.sqrt(s) || 1;
        for (let j = 0; j < d; j++) data[i * d + j] = (p.data[i * d + j]! - c[j]!) / s;
      }
      return { n: p.n, dim: d, data };
    },
    // Direction coordinates first, the radius coordinate last: d coordinates in 2-D and 3-D, so the ball maps the
    // unit cube (and a product with a time domain draws one joint Sobol sequence); more above.
    ...(nDir + 1 === d
      ? { fromUnitCube: (u: Float64Array, n: number) => interiorFrom(u, n) }
      : {
          sampleInterior: (n: number, options: SampleOptions) => interiorFrom(cube(n, nDir + 1, options), n),
        }),
    sampleBoundary: (n, options) => place(unitDirections(d, cube(n, nDir, options), n, nDir), n, () => r),
  });
}
