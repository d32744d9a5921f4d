import { tf } from "@continuum/core-tensor";
import { concatPoints, type Points, selectPoints } from "../points.js";
import { type Geometry, makeGeometry, rAnd, rOr } from "./geometry.js";
import type { SampleOptions } from "./sampling.js";

type Op = "union" | "difference" | "intersection";

/** Boundary measure of a CSG operand; 1 for custom geometries that do not know it (weights become guesses). */
function childMeasure(g: Geometry): number {
  const m = g.boundaryMeasure;
  return Number.isFinite(m) && m > 0 ? m : 1;
}

function combine(op: Op, a: Geometry, b: Geometry): Geometry {
  if (!a || !b || typeof a.signedDistance !== "function" || typeof b.signedDistance !== "function")
    throw new TypeError(`${op}: both arguments must be geometries`);
  if (a.dim !== b.dim) throw new Error(`${op}: geometries have dims ${a.dim} and ${b.dim}`);
  if (a.timeDependent || b.timeDependent)
    throw new Error(`${op}: combine spatial geometries first, then take product(space, timeDomain(…))`);
  const d = a.dim;
  const sdf = (p: Points): Float64Array => {
    const sa = a.signedDistance(p);
    const sb = b.signedDistance(p);
    return sa.map((va, i) => {
      const vb = sb[i]!;
      if (op === "union") return Math.min(va, vb);
      if (op === "intersection") return Math.max(va, vb);
      return Math.max(va, -vb);
    });
  };
  const bbox =
    op === "union"
      ? {
          min: a.bbox.min.map((v, j) => Math.min(v, b.bbox.min[j]!)),
          max: a.bbox.max.map((v, j) => Math.max(v, b.bbox.max[j]!)),
        }
      : op === "intersection"
        ? {
            min: a.bbox.min.map((v, j) => Math.max(v, b.bbox.min[j]!)),
            max: a.bbox.max.map((v, j) => Math.min(v, b.bbox.max[j]!)),
          }
        : { min: a.bbox.min.slice(), max: a.bbox.max.slice() };
  if (bbox.min.some((v, j) => !(v < bbox.max[j]!)))
    throw new Error(`${op}: the result is empty (bounding boxes do not overlap)`);
  const size = Math.max(...bbox.max.map((v, j) => v - bbox.min[j]!));
  const tol = 1e-7 * size;
  const step = 1e-5 * size;
  // Which boundary points of a child lie on the boundary of the result. Being a zero of the combined signed
  // distance is not enough where the children's boundaries coincide: the square's edges inside the removed
  // quadrant of `difference(square, quadrant)` and the shared face of two touching boxes in a union are zeros of
  // `max(sa, −sb)` / `min(sa, sb)` but not boundary of the (regularised) set. A true boundary point has the domain
  // on one side and the outside on the other: step `±step` along the child's normal and require one signed
  // distance positive and the other negative. Points of b that also lie on ∂a are left to a's samples, so a
  // boundary shared by both children (same side) is counted once.
  const onResultBoundary = (child: Geometry, p: Points): Uint8Array => {
    const keep = new Uint8Array(p.n);
    if (p.n === 0) return keep;
    const s = sdf(p);
    const nrm = child.boundaryNormal(p);
    const plus = new Float64Array(p.data.length);
    const minus = new Float64Array(p.data.length);
    for (let k = 0; k < p.data.length; k++) {
      plus[k] = p.data[k]! + step * nrm.data[k]!;
      minus[k] = p.data[k]! - step * nrm.data[k]!;
    }
    const sp = sdf({ n: p.n, dim: d, data: plus });
    const sm = sdf({ n: p.n, dim: d, data: minus });
    const sa = child === b ? a.signedDistance(p) : null;
    for (let i = 0; i < p.n; i++) {
      // One side strictly outside, the other strictly inside (exact corners, a null set, are dropped: a corner of
      // a child can be a point outside the result, like the removed corner of the L).
      const twoSided = Math.min(sp[i]!, sm[i]!) < -tol && Math.max(sp[i]!, sm[i]!) > tol;
      keep[i] = Math.abs(s[i]!) <= tol && twoSided && (sa === null || Math.abs(sa[i]!) > tol) ? 1 : 0;
    }
    return keep;
  };
  // Boundary of the result ⊂ ∂a ∪ ∂b: sample both in proportion to their boundary measures and keep the points
  // on the result's boundary.
  const sampleBoundary = (n: number, options: SampleOptions): Points => {
    const parts: Points[] = [];
    let got = 0;
    const wa = childMeasure(a);
    const wb = childMeasure(b);
    for (let round = 0; got < n; round++) {
      if (round > 40) throw new Error(`${op}.sampleBoundary: found ${got}/${n} boundary points`);
      const m = Math.ceil((n - got) * 1.5) + 8;
      const na = Math.max(1, Math.round((m * wa) / (wa + wb)));
      const seed = (options.seed ?? 0) + round * m * 2;
      const ca = a.sampleBoundary(na, { method: options.method, seed });
      const cb = b.sampleBoundary(Math.max(1, m - na), { method: options.method, seed: seed + m });
      const keep: number[] = [];
      const cand = concatPoints([ca, cb], d);
      const ka = onResultBoundary(a, ca);
      const kb = onResultBoundary(b, cb);
      for (let i = 0; i < ca.n; i++) if (ka[i]) keep.push(i);
      for (let i = 0; i < cb.n; i++) if (kb[i]) keep.push(ca.n + i);
      const data = new Float64Array(keep.length * d);
      keep.forEach((i, k) => {
        data.set(cand.data.subarray(i * d, (i + 1) * d), k * d);
      });
      parts.push({ n: keep.length, dim: d, data });
      got += keep.length;
    }
    // Thin evenly to n points, keeping the proportions of the parts of the boundary.
    const all = concatPoints(parts, d);
    return selectPoints(
      all,
      Array.from({ length: n }, (_, k) => Math.floor((k * all.n) / n)),
    );
  };
  // |∂(a op b)| = Σ over the children of |∂child| × (fraction of its boundary that lies on the result's boundary),
  // the fractions estimated on 4096 Sobol boundary points of each child (relative error ~1e-3 for piecewise-smooth
  // boundaries). Sampling the children in proportion to these measures keeps boundary samples of nested CSG
  // uniform, and products with a CSG factor need the measure to split their samples between the faces.
  const boundaryMeasure = (): number => {
    const m = 4096;
    let total = 0;
    for (const child of [a, b]) {
      const keep = onResultBoundary(child, child.sampleBoundary(m, { method: "sobol" }));
      let kept = 0;
      for (let i = 0; i < m; i++) kept += keep[i]!;
      total += childMeasure(child) * (kept / m);
    }
    return total;
  };
  return makeGeometry({
    kind: op,
    dim: d,
    vars: a.vars,
    bbox,
    boundaryMeasure,
    signedDistance: sdf,
    distanceFunction: (x) => {
      const fa = a.distanceFunction(x);
      const fb = b.distanceFunction(x);
      if (op === "union") return rOr(fa, fb);
      if (op === "intersection") return rAnd(fa, fb);
      return rAnd(fa, tf.neg(fb));
    },
    sampleBoundary,
  });
}

/**
 * Constructive solid geometry: `a ∪ b` (signed distance `min`, smooth distance function the R-disjunction).
 * Interior samples are rejection samples; boundary samples are the children's boundary samples that lie on the
 * result's boundary. Operands that touch along a face (two boxes side by side) leave that face inside the union,
 * and boundary samples skip it, but the signed distance and `distanceFunction` still vanish on it (`onBoundary`
 * is true there and a hard constraint would pin `u` on it): build such a domain as one `box` or `polygon`, or let
 * the operands overlap.
 * @example
 * ```ts
 * const g = union(rectangle([0, 0], [2, 1]), disk([2, 0.5], 0.5));
 * ```
 */
export function union(a: Geometry, b: Geometry): Geometry {
  return combine("union", a, b);
}

/**
 * Constructive solid geometry: `a \ b` (signed distance `max(sa, −sb)`), e.g. the L-shaped domain
 * `difference(rectangle([-1,-1],[1,1]), rectangle([0,0],[1,1]))`.
 * @example
 * ```ts
 * const L = difference(rectangle([-1, -1], [1, 1]), rectangle([0, 0], [1, 1]));
 * L.isInside(points([[0.5, 0.5]])); // [0]
 * ```
 */
export function difference(a: Geometry, b: Geometry): Geometry {
  return combine("difference", a, b);
}

/**
 * Constructive solid geometry: `a ∩ b` (signed distance `max`, smooth distance function the R-conjunction).
 * @example
 * ```ts
 * const lens = intersection(disk([0, 0], 1), disk([1, 0], 1));
 * ```
 */
export function intersection(a: Geometry, b: Geometry): Geometry {
  return combine("intersection", a, b);
}
