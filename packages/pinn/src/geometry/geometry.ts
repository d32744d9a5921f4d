import { tf } from "@continuum/core-tensor";
import type { Points } from "../points.js";
import { checkSampleOptions, type SampleOptions, unitCube } from "./sampling.js";

/**
 * A domain in space, time or space-time. Points are float64 row-major {@link Points}. Signed distance is negative
 * inside; `distance` is the (exact or, for CSG, bounding) distance to the boundary, positive inside.
 */
export interface Geometry {
  /** Kind of geometry ("interval", "disk", "union", …). */
  readonly kind: string;
  readonly dim: number;
  /** Variable names of the coordinates (`["x", "y"]`, `["x", "t"]`), used by `d(u, "x")`. */
  readonly vars: readonly string[];
  /** Axis-aligned bounding box. */
  readonly bbox: { readonly min: readonly number[]; readonly max: readonly number[] };
  /** Whether the geometry is a product whose last factor is a time domain. */
  readonly timeDependent: boolean;
  /** Volume (length, area) of the domain (estimated by Monte Carlo for CSG). */
  readonly measure: number;
  /** Measure of the boundary (perimeter, area); for space-time products, of the spatial boundary × time. */
  readonly boundaryMeasure: number;
  /** Signed distance (negative inside) of each point. */
  signedDistance(p: Points): Float64Array;
  /** Inside or on the boundary (within `tol`, default 1e-9 × size). */
  isInside(p: Points, tol?: number): Uint8Array;
  /** On the boundary (within `tol`). */
  onBoundary(p: Points, tol?: number): Uint8Array;
  /** Distance to the boundary (positive inside, negative outside). */
  distance(p: Points): Float64Array;
  /** Outward unit normals at boundary points (`[n, dim]`). */
  boundaryNormal(p: Points): Points;
  /** `n` points inside. */
  sampleInterior(n: number, options?: SampleOptions): Points;
  /** `n` points on the boundary (for space-time products: on the spatial boundary × time). */
  sampleBoundary(n: number, options?: SampleOptions): Points;
  /**
   * A smooth tensor function `[N, dim] → [N]` that is 0 on the boundary, positive inside, and ≈ the distance near
   * the boundary (R-functions, Rvachev; Sukumar & Srivastava 2022): the `D(x)` of hard constraints.
   */
  distanceFunction(x: tf.Tensor): tf.Tensor;
  /** Map unit-cube points to the domain when the domain has such a map (boxes, disks, products of those). */
  fromUnitCube?(u: Float64Array, n: number): Points;
}

/** The primitives a geometry is built from; {@link makeGeometry} derives the rest. */
export interface GeometrySpec {
  kind: string;
  dim: number;
  vars: readonly string[];
  bbox: { min: readonly number[]; max: readonly number[] };
  timeDependent?: boolean;
  measure?: number;
  /** Boundary measure, or a function computing it on first use (e.g. a Monte Carlo estimate for CSG). */
  boundaryMeasure?: number | (() => number);
  signedDistance(p: Points): Float64Array;
  distanceFunction(x: tf.Tensor): tf.Tensor;
  normal?(p: Points): Points;
  fromUnitCube?(u: Float64Array, n: number): Points;
  /** Boundary points from `[0,1)^(dim)` unit points (uses `dim` coordinates). */
  boundaryFromUnit?(u: Float64Array, n: number): Points;
  /** Custom boundary sampler (overrides `boundaryFromUnit`). */
  sampleBoundary?(n: number, options: SampleOptions): Points;
  sampleInterior?(n: number, options: SampleOptions): Points;
}

/**
 * Default variable names for a `dim`-dimensional space.
 * @example
 * ```ts
 * defaultVars(2); // ["x", "y"]
 * ```
 */
export function defaultVars(dim: number): string[] {
  if (dim === 1) return ["x"];
  if (dim === 2) return ["x", "y"];
  if (dim === 3) return ["x", "y", "z"];
  return Array.from({ length: dim }, (_, i) => `x${i}`);
}

/** Validate user-given variable names. */
export function checkVars(vars: unknown, dim: number, where: string): string[] {
  if (vars === undefined) return defaultVars(dim);
  if (
    !Array.isArray(vars) ||
    vars.length !== dim ||
    vars.some((v) => typeof v !== "string" || v.length === 0)
  )
    throw new Error(`${where}: vars must be ${dim} non-empty strings, received ${JSON.stringify(vars)}`);
  if (new Set(vars).size !== vars.length)
    throw new Error(`${where}: vars must be distinct, received ${vars}`);
  return vars as string[];
}

/** Throw unless `p` has `dim` columns. */
export function checkPoints(p: Points, dim: number, where: string): void {
  if (p == null || typeof p !== "object" || !(p.data instanceof Float64Array))
    throw new TypeError(
      `${where}: points must be a Points set ({ n, dim, data: Float64Array }); use points(rows)`,
    );
  if (p.dim !== dim) throw new Error(`${where}: points must have dim ${dim}, received dim ${p.dim}`);
}

function sizeOf(bbox: { min: readonly number[]; max: readonly number[] }): number {
  let s = 0;
  for (let i = 0; i < bbox.min.length; i++) s = Math.max(s, bbox.max[i]! - bbox.min[i]!);
  return s;
}

/** Unit-cube points mapped to the bounding box. */
function boxFromUnit(bbox: GeometrySpec["bbox"], u: Float64Array, n: number): Points {
  const d = bbox.min.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      data[i * d + j] = bbox.min[j]! + u[i * d + j]! * (bbox.max[j]! - bbox.min[j]!);
  return { n, dim: d, data };
}

/**
 * Rejection sampling: draw from `draw(count, offset)` until `n` points satisfy `keep`. Draws continue the sequence
 * (for Sobol, the offset skips the points already used), so the result keeps low discrepancy.
 */
export function rejectionSample(
  n: number,
  dim: number,
  draw: (count: number, offset: number) => Points,
  keep: (p: Points) => Uint8Array,
  where: string,
): Points {
  const out = new Float64Array(n * dim);
  let got = 0;
  let offset = 0;
  let batch = Math.max(16, Math.ceil(n * 1.3));
  for (let round = 0; got < n; round++) {
    if (round > 60)
      throw new Error(`${where}: rejection sampling accepted ${got}/${n} points; is the domain empty?`);
    const cand = draw(batch, offset);
    offset += batch;
    const mask = keep(cand);
    let accepted = 0;
    for (let i = 0; i < cand.n && got < n; i++) {
      if (!mask[i]) continue;
      out.set(cand.data.subarray(i * dim, (i + 1) * dim), got * dim);
      got++;
      accepted++;
    }
    const rate = Math.max(accepted / cand.n, 0.01);
    batch = Math.min(Math.max(16, Math.ceil(((n - got) / rate) * 1.2)), 1 << 20);
  }
  return { n, dim, data: out };
}

/** Numerical outward normal: normalised central-difference gradient of the signed distance. */
export function sdfNormal(sdf: (p: Points) => Float64Array, p: Points, h: number): Points {
  const d = p.dim;
  const out = new Float64Array(p.n * d);
  const plus = new Float64Array(p.data);
  const minus = new Float64Array(p.data);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < p.n; i++) {
      plus[i * d + j] = p.data[i * d + j]! + h;
      minus[i * d + j] = p.data[i * d + j]! - h;
    }
    const a = sdf({ n: p.n, dim: d, data: plus });
    const b = sdf({ n: p.n, dim: d, data: minus });
    for (let i = 0; i < p.n; i++) {
      out[i * d + j] = (a[i]! - b[i]!) / (2 * h);
      plus[i * d + j] = p.data[i * d + j]!;
      minus[i * d + j] = p.data[i * d + j]!;
    }
  }
  for (let i = 0; i < p.n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += out[i * d + j]! ** 2;
    s = Math.sqrt(s) || 1;
    for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! / s;
  }
  return { n: p.n, dim: d, data: out };
}

function monteCarloMeasure(spec: GeometrySpec): number {
  const n = 1 << 14;
  const box = boxFromUnit(spec.bbox, unitCube(n, spec.dim, { method: "sobol", seed: 1 }), n);
  const s = spec.signedDistance(box);
  let inside = 0;
  for (let i = 0; i < n; i++) if (s[i]! <= 0) inside++;
  let vol = 1;
  for (let j = 0; j < spec.dim; j++) vol *= spec.bbox.max[j]! - spec.bbox.min[j]!;
  return (vol * inside) / n;
}

/**
 * Build a {@link Geometry} from its primitives: signed distance, smooth distance function, and optional maps
 * from the unit cube. Interior sampling falls back to rejection from the bounding box; normals fall back to the
 * gradient of the signed distance.
 * @example
 * ```ts
 * const g = makeGeometry({ kind: "halfdisk", dim: 2, vars: ["x", "y"], bbox: { min: [-1, 0], max: [1, 1] },
 *   signedDistance: (p) => …, distanceFunction: (x) => … });
 * ```
 */
export function makeGeometry(spec: GeometrySpec): Geometry {
  if (spec == null || typeof spec !== "object")
    throw new TypeError(
      "makeGeometry: spec must be an object { kind, dim, vars, bbox, signedDistance, distanceFunction }",
    );
  if (typeof spec.kind !== "string" || spec.kind.length === 0)
    throw new Error(`makeGeometry: spec.kind must be a non-empty string, received ${String(spec.kind)}`);
  if (!Number.isInteger(spec.dim) || spec.dim < 1)
    throw new Error(`makeGeometry: spec.dim must be a positive integer, received ${String(spec.dim)}`);
  checkVars(spec.vars, spec.dim, "makeGeometry");
  if (
    !spec.bbox ||
    !Array.isArray(spec.bbox.min) ||
    !Array.isArray(spec.bbox.max) ||
    spec.bbox.min.length !== spec.dim ||
    spec.bbox.max.length !== spec.dim ||
    spec.bbox.min.some(
      (v, j) => !Number.isFinite(v) || !Number.isFinite(spec.bbox.max[j]) || !(spec.bbox.max[j]! >= v),
    )
  )
    throw new Error(
      `makeGeometry: spec.bbox must be { min, max } with ${spec.dim} finite entries each and min <= max, received ${JSON.stringify(spec.bbox)}`,
    );
  for (const f of ["signedDistance", "distanceFunction"] as const)
    if (typeof spec[f] !== "function")
      throw new TypeError(`makeGeometry: spec.${f} must be a function, received ${typeof spec[f]}`);
  const size = sizeOf(spec.bbox) || 1;
  const defaultTol = 1e-9 * size;
  const where = spec.kind;
  let measure = spec.measure;
  let boundaryMeasure = typeof spec.boundaryMeasure === "function" ? undefined : spec.boundaryMeasure;
  const geom: Geometry = {
    kind: spec.kind,
    dim: spec.dim,
    vars: spec.vars,
    bbox: spec.bbox,
    timeDependent: spec.timeDependent ?? false,
    get measure() {
      measure ??= monteCarloMeasure(spec);
      return measure;
    },
    get boundaryMeasure() {
      if (boundaryMeasure === undefined)
        boundaryMeasure = typeof spec.boundaryMeasure === "function" ? spec.boundaryMeasure() : Number.NaN;
      return boundaryMeasure;
    },
    signedDistance(p) {
      checkPoints(p, spec.dim, `${where}.signedDistance`);
      return spec.signedDistance(p);
    },
    isInside(p, tol = defaultTol) {
      checkPoints(p, spec.dim, `${where}.isInside`);
      const s = spec.signedDistance(p);
      return Uint8Array.from(s, (v) => (v <= tol ? 1 : 0));
    },
    onBoundary(p, tol = defaultTol * 10) {
      checkPoints(p, spec.dim, `${where}.onBoundary`);
      const s = spec.signedDistance(p);
      return Uint8Array.from(s, (v) => (Math.abs(v) <= tol ? 1 : 0));
    },
    distance(p) {
      checkPoints(p, spec.dim, `${where}.distance`);
      return spec.signedDistance(p).map((v) => -v);
    },
    boundaryNormal(p) {
      checkPoints(p, spec.dim, `${where}.boundaryNormal`);
      return spec.normal ? spec.normal(p) : sdfNormal(spec.signedDistance, p, 1e-6 * size);
    },
    sampleInterior(n, options = {}) {
      const method = checkSampleOptions(`${where}.sampleInterior`, n, options);
      if (spec.sampleInterior) return spec.sampleInterior(n, { ...options, method });
      // Sobol skips the origin (a corner, on the boundary) by starting at index 1.
      const base = method === "sobol" ? (options.seed ?? 0) + 1 : (options.seed ?? 0);
      if (spec.fromUnitCube) {
        const u = unitCube(n, spec.dim, { method, seed: base });
        return spec.fromUnitCube(u, n);
      }
      return rejectionSample(
        n,
        spec.dim,
        (count, offset) =>
          boxFromUnit(
            spec.bbox,
            unitCube(count, spec.dim, {
              method,
              seed: method === "sobol" ? base + offset : base * 7919 + offset,
            }),
            count,
          ),
        (p) => Uint8Array.from(spec.signedDistance(p), (v) => (v < 0 ? 1 : 0)),
        `${where}.sampleInterior`,
      );
    },
    sampleBoundary(n, options = {}) {
      const method = checkSampleOptions(`${where}.sampleBoundary`, n, options);
      if (spec.sampleBoundary) return spec.sampleBoundary(n, { ...options, method });
      if (!spec.boundaryFromUnit)
        throw new Error(`${where}.sampleBoundary: this geometry has no boundary sampler`);
      const base = method === "sobol" ? (options.seed ?? 0) + 1 : (options.seed ?? 0);
      return spec.boundaryFromUnit(unitCube(n, spec.dim, { method, seed: base }), n);
    },
    distanceFunction(x) {
      if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== spec.dim)
        throw new Error(
          `${where}.distanceFunction: x must be a tensor [N, ${spec.dim}], received ${x instanceof tf.Tensor ? `[${x.shape}]` : typeof x}`,
        );
      return tf.tidy(() => spec.distanceFunction(x));
    },
  };
  if (spec.fromUnitCube) geom.fromUnitCube = spec.fromUnitCube;
  return geom;
}

/**
 * Smooth R-conjunction `φ1 ∧ φ2 = φ1 + φ2 − √(φ1² + φ2²)` (Rvachev): positive iff both are positive, 0 on
 * either zero set; the intersection of two distance functions.
 * @example
 * ```ts
 * rAnd(tf.tensor([1, 0]), tf.tensor([2, 3])); // [0.76, 0]
 * ```
 */
export function rAnd(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.add(a, b), tf.sqrt(tf.maximum(tf.add(tf.square(a), tf.square(b)), 1e-30))));
}

/**
 * Smooth R-disjunction `φ1 ∨ φ2 = φ1 + φ2 + √(φ1² + φ2²)`: the union of two distance functions.
 * @example
 * ```ts
 * rOr(tf.tensor([-1]), tf.tensor([0])); // [0]
 * ```
 */
export function rOr(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(tf.add(a, b), tf.sqrt(tf.maximum(tf.add(tf.square(a), tf.square(b)), 1e-30))));
}

/** Column `j` of `[N, d]` as `[N]`. */
export function col(x: tf.Tensor, j: number): tf.Tensor {
  return tf.reshape(tf.slice(x, [0, j], [x.shape[0]!, 1]), [x.shape[0]!]);
}
