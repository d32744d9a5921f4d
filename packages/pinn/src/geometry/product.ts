import { prng, tf } from "@continuum/core-tensor";
import { columns, concatPoints, hstackPoints, type Points, selectPoints } from "../points.js";
import { type Geometry, makeGeometry, rAnd } from "./geometry.js";
import { checkSampleOptions, type SampleOptions, unitCube } from "./sampling.js";

/** A time interval `[t0, t1]`: a 1-D geometry with variable `t` whose "boundary" for conditions is `t = t0`. */
export interface TimeDomain extends Geometry {
  readonly t0: number;
  readonly t1: number;
}

/**
 * The time interval `[t0, t1]` (variable name `t`). As a factor of {@link product} it makes a space-time
 * geometry: its boundary samples are the spatial boundary × time, and {@link sampleInitial} gives `Ω × {t0}`.
 * Its `distanceFunction` is `t − t0` (vanishes at the initial time only), for hard initial conditions.
 * @example
 * ```ts
 * const g = product(interval(-1, 1), timeDomain(0, 1)); // vars ["x", "t"]
 * ```
 */
export function timeDomain(t0: number, t1: number, options: { name?: string } = {}): TimeDomain {
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || !(t1 > t0))
    throw new Error(`timeDomain: need finite t0 < t1, received t0=${t0}, t1=${t1}`);
  const name = options.name ?? "t";
  if (typeof name !== "string" || name.length === 0)
    throw new Error(`timeDomain: name must be a non-empty string, received ${JSON.stringify(name)}`);
  const len = t1 - t0;
  const g = makeGeometry({
    kind: "time",
    dim: 1,
    vars: [name],
    bbox: { min: [t0], max: [t1] },
    measure: len,
    boundaryMeasure: 1,
    signedDistance: (p) => p.data.map((t) => Math.max(t0 - t, t - t1)),
    distanceFunction: (x) => tf.reshape(tf.sub(x, t0), [x.shape[0]!]),
    normal: (p) => ({ n: p.n, dim: 1, data: new Float64Array(p.n).fill(-1) }),
    fromUnitCube: (u, n) => ({ n, dim: 1, data: Float64Array.from(u.subarray(0, n), (v) => t0 + v * len) }),
    boundaryFromUnit: (_u, n) => ({ n, dim: 1, data: new Float64Array(n).fill(t0) }),
  });
  return Object.assign(g, { t0, t1 });
}

function isTime(g: Geometry): g is TimeDomain {
  return g.kind === "time" && typeof (g as TimeDomain).t0 === "number";
}

/**
 * The Cartesian product `a × b`; `product(space, timeDomain(t0, t1))` is the space-time domain of an evolution
 * problem (variables `[...space.vars, "t"]`). Interior samples draw both factors from one joint low-discrepancy
 * sequence when both map the unit cube, otherwise independently. For a space-time product, `sampleBoundary` is
 * `∂Ω × [t0, t1]` (boundary conditions) and `sampleInitial` is `Ω × {t0}`; for other products it is
 * `(∂a × b) ∪ (a × ∂b)`.
 * @example
 * ```ts
 * const st = product(interval(-1, 1), timeDomain(0, 1));
 * st.sampleInterior(2048, { method: "sobol" }); // [2048, 2] points (x, t)
 * ```
 */
export function product(
  a: Geometry,
  b: Geometry,
): Geometry & {
  sampleInitial(n: number, options?: SampleOptions): Points;
  /** The two factors `[a, b]` (for a space-time domain: the space and the time domain). */
  readonly factors: readonly [Geometry, Geometry];
} {
  for (const [g, name] of [
    [a, "a"],
    [b, "b"],
  ] as const)
    if (!g || typeof g.signedDistance !== "function")
      throw new TypeError(`product: ${name} must be a geometry`);
  if (a.timeDependent)
    throw new Error("product: the first factor is already space-time; put the time domain last");
  const vars = [...a.vars, ...b.vars];
  if (new Set(vars).size !== vars.length)
    throw new Error(`product: variable names collide: [${vars.join(", ")}]; pass { vars } to the factors`);
  const da = a.dim;
  const db = b.dim;
  const dim = da + db;
  const time = isTime(b);
  const split = (p: Points): [Points, Points] => [columns(p, 0, da), columns(p, da, dim)];
  const fromUnitCube =
    a.fromUnitCube && b.fromUnitCube
      ? (u: Float64Array, n: number): Points => {
          const ua = new Float64Array(n * da);
          const ub = new Float64Array(n * db);
          for (let i = 0; i < n; i++) {
            ua.set(u.subarray(i * dim, i * dim + da), i * da);
            ub.set(u.subarray(i * dim + da, (i + 1) * dim), i * db);
          }
          return hstackPoints(a.fromUnitCube!(ua, n), b.fromUnitCube!(ub, n));
        }
      : undefined;
  // Pairs samples of the two factors drawn separately. Two Sobol streams share their leading coordinates (the
  // first is the van der Corput sequence in every dimension), so pairing them row by row correlates the factors:
  // on a square × time, the bottom edge only got t ∈ [1/4, 1/2) ∪ [3/4, 1). For Sobol the right rows are paired in a
  // seeded random order instead ("padding", Owen 1994): each factor keeps its low-discrepancy marginal and the two
  // become independent. Uniform and LHS draws with different seeds are independent already.
  const pairWith = (
    left: Points,
    sampleRight: (n: number) => Points,
    leftFirst: boolean,
    options: SampleOptions,
  ): Points => {
    let right = sampleRight(left.n);
    if (options.method === "sobol" && right.n > 1)
      right = selectPoints(right, prng((options.seed ?? 0) + 7919).permutation(right.n));
    return leftFirst ? hstackPoints(left, right) : hstackPoints(right, left);
  };
  const g = makeGeometry({
    kind: time ? "spacetime" : "product",
    dim,
    vars,
    bbox: { min: [...a.bbox.min, ...b.bbox.min], max: [...a.bbox.max, ...b.bbox.max] },
    timeDependent: time,
    measure: a.measure * b.measure,
    boundaryMeasure: time
      ? a.boundaryMeasure * b.measure
      : a.boundaryMeasure * b.measure + a.measure * b.boundaryMeasure,
    signedDistance: (p) => {
      const [pa, pb] = split(p);
      const sa = a.signedDistance(pa);
      const sb = b.signedDistance(pb);
      // Inside both factors (for space-time: inside Ω and within [t0, t1]).
      return sa.map((v, i) => Math.max(v, sb[i]!));
    },
    distanceFunction: (x) => {
      const xa = tf.slice(x, [0, 0], [x.shape[0]!, da]);
      const xb = tf.slice(x, [0, da], [x.shape[0]!, db]);
      return rAnd(a.distanceFunction(xa), b.distanceFunction(xb));
    },
    normal: (p) => {
      const [pa, pb] = split(p);
      const sa = a.signedDistance(pa);
      const sb = b.signedDistance(pb);
      const na = a.boundaryNormal(pa);
      const nb = b.boundaryNormal(pb);
      const data = new Float64Array(p.n * dim);
      for (let i = 0; i < p.n; i++) {
        if (time || Math.abs(sa[i]!) <= Math.abs(sb[i]!))
          data.set(na.data.subarray(i * da, (i + 1) * da), i * dim);
        else data.set(nb.data.subarray(i * db, (i + 1) * db), i * dim + da);
      }
      return { n: p.n, dim, data };
    },
    ...(fromUnitCube ? { fromUnitCube } : {}),
    sampleInterior: (n, options) => {
      if (fromUnitCube) {
        const base = options.method === "sobol" ? (options.seed ?? 0) + 1 : (options.seed ?? 0);
        return fromUnitCube(unitCube(n, dim, { method: options.method, seed: base }), n);
      }
      const seed = options.seed ?? 0;
      return pairWith(
        a.sampleInterior(n, options),
        (m) => b.sampleInterior(m, { ...options, seed: seed + 7 }),
        true,
        options,
      );
    },
    sampleBoundary: (n, options) => {
      const seed = options.seed ?? 0;
      if (time)
        return pairWith(
          a.sampleBoundary(n, options),
          (m) => b.sampleInterior(m, { ...options, seed: seed + 3 }),
          true,
          options,
        );
      const wa = a.boundaryMeasure * b.measure;
      const wb = a.measure * b.boundaryMeasure;
      const na = Math.round((n * wa) / (wa + wb));
      const partA = pairWith(
        a.sampleBoundary(na, options),
        (m) => b.sampleInterior(m, { ...options, seed: seed + 3 }),
        true,
        options,
      );
      const partB = pairWith(
        b.sampleBoundary(n - na, options),
        (m) => a.sampleInterior(m, { ...options, seed: seed + 5 }),
        false,
        { ...options, seed: seed + 1 },
      );
      return concatPoints([partA, partB], dim);
    },
  });
  const sampleInitial = (n: number, options: SampleOptions = {}): Points => {
    checkSampleOptions("product.sampleInitial", n, options);
    if (!time) throw new Error("product.sampleInitial: only for product(space, timeDomain(t0, t1))");
    const t0 = (b as TimeDomain).t0;
    return hstackPoints(a.sampleInterior(n, options), { n, dim: 1, data: new Float64Array(n).fill(t0) });
  };
  // The factors are exposed (read-only) so that a space-time domain can be cut into time windows.
  return Object.assign(g, { sampleInitial, factors: [a, b] as const });
}
