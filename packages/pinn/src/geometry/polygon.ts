import { tf } from "@continuum/core-tensor";
import type { Points } from "../points.js";
import type { VarsOption } from "./box.js";
import { checkVars, col, type Geometry, makeGeometry } from "./geometry.js";

function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const ex = bx - ax;
  const ey = by - ay;
  const t = Math.min(1, Math.max(0, ((px - ax) * ex + (py - ay) * ey) / (ex * ex + ey * ey)));
  return (px - ax - t * ex) ** 2 + (py - ay - t * ey) ** 2;
}

/** Orientation of the triangle (a, b, c): > 0 counter-clockwise, < 0 clockwise, 0 collinear. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Whether the closed segments [p1, p2] and [p3, p4] share a point. */
function segmentsMeet(p1: number[], p2: number[], p3: number[], p4: number[]): boolean {
  const d1 = orient(p3[0]!, p3[1]!, p4[0]!, p4[1]!, p1[0]!, p1[1]!);
  const d2 = orient(p3[0]!, p3[1]!, p4[0]!, p4[1]!, p2[0]!, p2[1]!);
  const d3 = orient(p1[0]!, p1[1]!, p2[0]!, p2[1]!, p3[0]!, p3[1]!);
  const d4 = orient(p1[0]!, p1[1]!, p2[0]!, p2[1]!, p4[0]!, p4[1]!);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const within = (a: number[], b: number[], c: number[]) =>
    Math.min(a[0]!, b[0]!) <= c[0]! &&
    c[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= c[1]! &&
    c[1]! <= Math.max(a[1]!, b[1]!);
  return (
    (d1 === 0 && within(p3, p4, p1)) ||
    (d2 === 0 && within(p3, p4, p2)) ||
    (d3 === 0 && within(p1, p2, p3)) ||
    (d4 === 0 && within(p1, p2, p4))
  );
}

/**
 * Throw if the ring crosses or touches itself: two non-adjacent edges meet, or two adjacent edges fold back on each
 * other. The area formula and the even–odd inside test disagree on such rings (a silently wrong measure).
 */
function checkSimple(v: number[][]): void {
  const m = v.length;
  for (let i = 0; i < m; i++) {
    const a = v[i]!;
    const b = v[(i + 1) % m]!;
    const c = v[(i + 2) % m]!;
    // Adjacent edges a→b, b→c fold back when collinear and pointing in opposite directions.
    if (
      orient(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!) === 0 &&
      (b[0]! - a[0]!) * (c[0]! - b[0]!) + (b[1]! - a[1]!) * (c[1]! - b[1]!) < 0
    )
      throw new Error(
        `polygon: the edges at vertices[${(i + 1) % m}] fold back on each other; the polygon must be simple`,
      );
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue; // adjacent through the closing edge
      if (segmentsMeet(a, b, v[j]!, v[(j + 1) % m]!))
        throw new Error(
          `polygon: edges ${i} (vertices[${i}]→vertices[${(i + 1) % m}]) and ${j} (vertices[${j}]→vertices[${(j + 1) % m}]) intersect; the polygon must be simple (non-self-intersecting)`,
        );
    }
  }
}

/** A polygon geometry: a {@link Geometry} that also carries its vertices (for corner enrichment). */
export interface PolygonGeometry extends Geometry {
  /** The vertices in the order given. */
  readonly vertices: readonly (readonly number[])[];
}

/**
 * A simple (non-self-intersecting) polygon given by its vertices in order, e.g. the L-shaped domain
 * `polygon([[0,0],[1,0],[1,1],[-1,1],[-1,-1],[0,-1]])` (a closed ring: do not repeat the first vertex). Signed
 * distance is exact (nearest edge, sign by even–odd crossing); interior samples are rejection samples from the
 * bounding box; boundary samples walk the perimeter. `distanceFunction` is the exact distance to the nearest edge
 * (continuous, non-smooth along the medial axis).
 * @example
 * ```ts
 * const L = polygon([[-1, -1], [0, -1], [0, 0], [1, 0], [1, 1], [-1, 1]]);
 * L.measure; // 3
 * ```
 */
export function polygon(vertices: readonly (readonly number[])[], options: VarsOption = {}): PolygonGeometry {
  if (!Array.isArray(vertices) || vertices.length < 3)
    throw new Error(
      `polygon: vertices must be an array of at least 3 [x, y] pairs, received ${JSON.stringify(vertices)}`,
    );
  vertices.forEach((v, i) => {
    if (!Array.isArray(v) || v.length !== 2 || !v.every(Number.isFinite))
      throw new Error(`polygon: vertices[${i}] must be a finite [x, y] pair, received ${JSON.stringify(v)}`);
  });
  const vx = vertices.map((v) => v[0]!);
  const vy = vertices.map((v) => v[1]!);
  const m = vx.length;
  let area2 = 0;
  const edgeLen: number[] = [];
  for (let k = 0; k < m; k++) {
    const k1 = (k + 1) % m;
    area2 += vx[k]! * vy[k1]! - vx[k1]! * vy[k]!;
    edgeLen.push(Math.hypot(vx[k1]! - vx[k]!, vy[k1]! - vy[k]!));
  }
  const last = m - 1;
  if (vx[last] === vx[0] && vy[last] === vy[0])
    throw new Error(
      `polygon: vertices[${last}] repeats vertices[0]; give the ring without closing it (the last edge back to vertices[0] is implied)`,
    );
  const dup = edgeLen.indexOf(0);
  if (dup >= 0) throw new Error(`polygon: vertices[${dup}] and vertices[${(dup + 1) % m}] coincide`);
  checkSimple(vertices as number[][]);
  if (Math.abs(area2) < 1e-14) throw new Error("polygon: vertices enclose zero area");
  const ccw = area2 > 0;
  const perimeter = edgeLen.reduce((a, b) => a + b, 0);
  const sdf = (p: Points): Float64Array => {
    const out = new Float64Array(p.n);
    for (let i = 0; i < p.n; i++) {
      const x = p.data[2 * i]!;
      const y = p.data[2 * i + 1]!;
      let d2 = Number.POSITIVE_INFINITY;
      let inside = false;
      for (let k = 0, j = m - 1; k < m; j = k++) {
        d2 = Math.min(d2, segDist2(x, y, vx[j]!, vy[j]!, vx[k]!, vy[k]!));
        if (vy[k]! > y !== vy[j]! > y && x < ((vx[j]! - vx[k]!) * (y - vy[k]!)) / (vy[j]! - vy[k]!) + vx[k]!)
          inside = !inside;
      }
      out[i] = inside ? -Math.sqrt(d2) : Math.sqrt(d2);
    }
    return out;
  };
  const geometry = makeGeometry({
    kind: "polygon",
    dim: 2,
    vars: checkVars(options.vars, 2, "polygon"),
    bbox: { min: [Math.min(...vx), Math.min(...vy)], max: [Math.max(...vx), Math.max(...vy)] },
    measure: Math.abs(area2) / 2,
    boundaryMeasure: perimeter,
    signedDistance: sdf,
    distanceFunction: (x) => {
      const px = col(x, 0);
      const py = col(x, 1);
      let d2: tf.Tensor | null = null;
      for (let k = 0; k < m; k++) {
        const k1 = (k + 1) % m;
        const ex = vx[k1]! - vx[k]!;
        const ey = vy[k1]! - vy[k]!;
        const rx = tf.sub(px, vx[k]!);
        const ry = tf.sub(py, vy[k]!);
        const t = tf.clipByValue(tf.div(tf.add(tf.mul(rx, ex), tf.mul(ry, ey)), ex * ex + ey * ey), 0, 1);
        const e2 = tf.add(tf.square(tf.sub(rx, tf.mul(t, ex))), tf.square(tf.sub(ry, tf.mul(t, ey))));
        d2 = d2 === null ? e2 : tf.minimum(d2, e2);
      }
      return tf.sqrt(tf.maximum(d2!, 1e-30));
    },
    normal: (p) => {
      // Outward normal of the nearest edge.
      const data = new Float64Array(p.n * 2);
      for (let i = 0; i < p.n; i++) {
        let best = Number.POSITIVE_INFINITY;
        let bk = 0;
        for (let k = 0; k < m; k++) {
          const k1 = (k + 1) % m;
          const d2 = segDist2(p.data[2 * i]!, p.data[2 * i + 1]!, vx[k]!, vy[k]!, vx[k1]!, vy[k1]!);
          if (d2 < best) [best, bk] = [d2, k];
        }
        const k1 = (bk + 1) % m;
        const ex = (vx[k1]! - vx[bk]!) / edgeLen[bk]!;
        const ey = (vy[k1]! - vy[bk]!) / edgeLen[bk]!;
        data[2 * i] = ccw ? ey : -ey;
        data[2 * i + 1] = ccw ? -ex : ex;
      }
      return { n: p.n, dim: 2, data };
    },
    boundaryFromUnit: (u, n) => {
      const data = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        let s = u[2 * i]! * perimeter;
        let k = 0;
        while (k < m - 1 && s >= edgeLen[k]!) s -= edgeLen[k++]!;
        const k1 = (k + 1) % m;
        const t = Math.min(s / edgeLen[k]!, 1);
        data[2 * i] = vx[k]! + t * (vx[k1]! - vx[k]!);
        data[2 * i + 1] = vy[k]! + t * (vy[k1]! - vy[k]!);
      }
      return { n, dim: 2, data };
    },
  });
  const copy = vertices.map((v) => Object.freeze([v[0]!, v[1]!]) as readonly number[]);
  return Object.assign(geometry, { vertices: Object.freeze(copy) });
}
