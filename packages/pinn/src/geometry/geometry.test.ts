import { readFileSync } from "node:fs";
import { ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { type Points, points } from "../points.js";
import { ball } from "./ball.js";
import { box, interval, rectangle } from "./box.js";
import { difference, intersection, union } from "./csg.js";
import { disk } from "./disk.js";
import { ellipse } from "./ellipse.js";
import { type Geometry, makeGeometry } from "./geometry.js";
import { polygon } from "./polygon.js";
import { product, timeDomain } from "./product.js";

beforeAll(async () => {
  await ready();
});

const L = [
  [-1, -1],
  [0, -1],
  [0, 0],
  [1, 0],
  [1, 1],
  [-1, 1],
];
const table: [string, () => Geometry, number][] = [
  ["interval", () => interval(-1, 2), 3],
  ["rectangle", () => rectangle([0, 0], [2, 1]), 2],
  ["box 3-D", () => box([0, 0, 0], [1, 2, 1]), 2],
  ["disk", () => disk([0.5, -0.5], 2), Math.PI * 4],
  ["ball 3-D", () => ball([0.5, 0, -1], 1.5), (4 / 3) * Math.PI * 1.5 ** 3],
  ["ball 4-D", () => ball([0, 1, 0, 0], 0.8), (Math.PI ** 2 / 2) * 0.8 ** 4],
  ["ball 2-D", () => ball([1, 2], 0.5), Math.PI * 0.25],
  ["ellipse (rotated)", () => ellipse([1, -0.5], [0.5, 3], { angle: 0.7 }), Math.PI * 1.5],
  ["polygon (L)", () => polygon(L), 3],
  ["difference (L)", () => difference(rectangle([-1, -1], [1, 1]), rectangle([0, -1], [1, 0])), 3],
  ["union", () => union(rectangle([0, 0], [1, 1]), disk([1, 0.5], 0.5)), 1 + Math.PI / 8],
  ["intersection", () => intersection(disk([0, 0], 1), rectangle([0, 0], [2, 2])), Math.PI / 4],
  ["space-time", () => product(interval(-1, 1), timeDomain(0, 1)), 2],
];

describe.each(table)("%s", (_name, make, area) => {
  const g = make();
  it.each(["uniform", "sobol", "lhs"] as const)(
    "interior samples (%s) are inside, not on the boundary",
    (method) => {
      const p = g.sampleInterior(300, { method, seed: 3 });
      expect(p.n).toBe(300);
      expect(Array.from(g.isInside(p)).every((v) => v === 1)).toBe(true);
      expect(Array.from(g.distance(p)).every((v) => v >= 0)).toBe(true);
    },
  );
  it("boundary samples lie on the boundary with unit outward normals", () => {
    const p = g.sampleBoundary(200, { method: "sobol" });
    expect(p.n).toBe(200);
    expect(Array.from(g.onBoundary(p, 1e-7)).every((v) => v === 1)).toBe(true);
    const nrm = g.boundaryNormal(p);
    const h = 1e-4;
    for (let i = 0; i < p.n; i += 7) {
      let s = 0;
      for (let j = 0; j < g.dim; j++) s += nrm.data[i * g.dim + j]! ** 2;
      expect(Math.abs(s - 1)).toBeLessThan(1e-9);
      // Stepping along the normal leaves the domain, against it enters (away from corners: skip exact corners).
      const out = points([
        Array.from(p.data.subarray(i * g.dim, (i + 1) * g.dim), (v, j) => v + h * nrm.data[i * g.dim + j]!),
      ]);
      expect(g.signedDistance(out)[0]!).toBeGreaterThan(0);
    }
  });
  it("measure is the area/volume", () => {
    // Exact for primitives; CSG uses 16384 Sobol points: error ~1e-3 of the box.
    expect(Math.abs(g.measure - area) / area).toBeLessThan(5e-3);
  });
  it("distanceFunction vanishes on the boundary and is positive inside", () => {
    const b = g.sampleBoundary(64, { method: "sobol" });
    const inner = g.sampleInterior(64, { method: "sobol" });
    const onB = g.distanceFunction(tf.tensor2d(Float32Array.from(b.data), [b.n, g.dim]));
    const inI = g.distanceFunction(tf.tensor2d(Float32Array.from(inner.data), [inner.n, g.dim]));
    // Zero up to float32 rounding of the coordinates (~1e-7 × size).
    expect(Math.max(...Array.from(onB.dataSync(), Math.abs))).toBeLessThan(2e-6);
    expect(Math.min(...Array.from(inI.dataSync()))).toBeGreaterThan(0);
    onB.dispose();
    inI.dispose();
  });
});

describe("geometry specifics", () => {
  it("disk interior samples have uniform density (quadrant gets a quarter)", () => {
    const p = disk([0, 0], 1).sampleInterior(4000, { method: "uniform", seed: 1 });
    let q = 0;
    let inner = 0;
    for (let i = 0; i < p.n; i++) {
      if (p.data[2 * i]! > 0 && p.data[2 * i + 1]! > 0) q++;
      if (Math.hypot(p.data[2 * i]!, p.data[2 * i + 1]!) < 0.5) inner++;
    }
    // Binomial std sqrt(p(1-p)/n) ≈ 0.007: 4 sigma.
    expect(Math.abs(q / p.n - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(inner / p.n - 0.25)).toBeLessThan(0.03);
  });

  it.each([2, 3, 4, 5, 7])("ball in %i-D: exact measures, uniform interior and boundary samples", (d) => {
    const c = Array.from({ length: d }, (_, j) => j - 1);
    const r = 2;
    const g = ball(c, r);
    // Closed forms: V₂ = πr², V₃ = 4πr³/3, V₄ = π²r⁴/2, V₅ = 8π²r⁵/15, V₇ = 16π³r⁷/105; |∂B| = d·V/r.
    const unit: Record<number, number> = {
      2: Math.PI,
      3: (4 * Math.PI) / 3,
      4: Math.PI ** 2 / 2,
      5: (8 * Math.PI ** 2) / 15,
      7: (16 * Math.PI ** 3) / 105,
    };
    expect(g.measure).toBeCloseTo(unit[d]! * r ** d, 10);
    expect(g.boundaryMeasure).toBeCloseTo((d * unit[d]! * r ** d) / r, 10);
    for (const method of ["uniform", "sobol", "lhs"] as const) {
      const n = 4000;
      const p = g.sampleInterior(n, { method, seed: 1 });
      const s = g.signedDistance(p);
      // Uniform in volume: P(|x − c| < r/2) = 2^−d and P(x₀ > c₀) = 1/2. Binomial std ≤ 0.008 at n = 4000:
      // 0.03 is about 4 sigma.
      let inner = 0;
      let upper = 0;
      let maxS = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        maxS = Math.max(maxS, s[i]!);
        if (s[i]! < -r / 2) inner++;
        if (p.data[i * d]! > c[0]!) upper++;
      }
      expect(maxS).toBeLessThan(0);
      expect(Math.abs(inner / n - 2 ** -d)).toBeLessThan(0.03);
      expect(Math.abs(upper / n - 0.5)).toBeLessThan(0.03);
      // Boundary: on the sphere, uniform in area: P(x_last > c_last + r/2) is the cap fraction, for d = 3 exactly
      // 1/4 (Archimedes); all d: the mean of each coordinate is the centre (std r/√(d n) ≈ 0.02 at n = 4000).
      const b = g.sampleBoundary(n, { method, seed: 1 });
      const sb = g.signedDistance(b);
      const mean = new Float64Array(d);
      let cap = 0;
      let maxAbs = 0;
      for (let i = 0; i < n; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(sb[i]!));
        for (let j = 0; j < d; j++) mean[j]! += b.data[i * d + j]! / n;
        if (b.data[i * d + d - 1]! > c[d - 1]! + r / 2) cap++;
      }
      expect(maxAbs).toBeLessThan(1e-12);
      for (let j = 0; j < d; j++) expect(Math.abs(mean[j]! - c[j]!)).toBeLessThan(0.1);
      if (d === 3) expect(Math.abs(cap / n - 0.25)).toBeLessThan(0.03);
    }
  });

  it("polygon rejects self-intersecting and closed rings (their measure was silently wrong)", () => {
    // Crossing edges: the shoelace area (2) and the even–odd inside test (area 10/3 by Monte Carlo) disagree.
    expect(() =>
      polygon([
        [0, 0],
        [4, 0],
        [4, 2],
        [1, -1],
        [0, 2],
      ]),
    ).toThrow(
      "polygon: edges 0 (vertices[0]→vertices[1]) and 2 (vertices[2]→vertices[3]) intersect; the polygon must be simple (non-self-intersecting)",
    );
    // A vertex touching a non-adjacent edge, and an edge folding back on the previous one.
    expect(() =>
      polygon([
        [0, 0],
        [2, 0],
        [2, 2],
        [1, 0],
        [0, 2],
      ]),
    ).toThrow(/polygon: edges 0 .* and 2 .* intersect/);
    expect(() =>
      polygon([
        [0, 0],
        [2, 0],
        [1, 0],
        [1, 1],
      ]),
    ).toThrow("polygon: the edges at vertices[1] fold back on each other; the polygon must be simple");
    expect(() =>
      polygon([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
    ).toThrow("polygon: vertices[3] repeats vertices[0]; give the ring without closing it");
    // Collinear consecutive vertices that go straight on are fine: a 2 × 1 rectangle with a mid-edge vertex.
    const g = polygon([
      [0, 0],
      [1, 0],
      [2, 0],
      [2, 1],
      [0, 1],
    ]);
    expect(g.measure).toBe(2);
    expect(g.boundaryMeasure).toBe(6);
  });

  it("ellipse: perimeter and exact signed distance against SciPy, uniform boundary and interior samples", () => {
    // Reference: test/fixtures/gen_ellipse.py (perimeter 4a·E(m) by scipy.special.ellipe; closest points by a dense
    // scan refined with scipy.optimize.minimize_scalar, ~1e-14).
    const ref = JSON.parse(
      readFileSync(new URL("../../test/fixtures/ellipse_reference.json", import.meta.url), "utf8"),
    ) as {
      cases: {
        center: number[];
        semiAxes: number[];
        angle: number;
        perimeter: number;
        points: number[][];
        signedDistance: number[];
      }[];
    };
    for (const c of ref.cases) {
      const g = ellipse(c.center, c.semiAxes, { angle: c.angle });
      // Trapezoid on 4096 nodes of a periodic analytic integrand: round-off only (even for b/a = 0.1).
      expect(Math.abs(g.boundaryMeasure - c.perimeter) / c.perimeter).toBeLessThan(1e-12);
      expect(g.measure).toBeCloseTo(Math.PI * c.semiAxes[0]! * c.semiAxes[1]!, 12);
      // Bisection to machine precision against the reference's 1e-14 minimisation: 1e-9 absolute.
      const s = g.signedDistance(points(c.points));
      for (let i = 0; i < s.length; i++) expect(Math.abs(s[i]! - c.signedDistance[i]!)).toBeLessThan(1e-9);
    }
    // Boundary samples are uniform in arc length: on the 2 × 1 ellipse the arc with x > 0 holds half the perimeter,
    // the arc with |x| < 1 (near the minor vertices, where the ellipse is flat) 2·(arc from θ = π/3 to 2π/3) / P.
    const g = ellipse([0, 0], [2, 1]);
    const n = 4000;
    const b = g.sampleBoundary(n, { method: "sobol" });
    let right = 0;
    let flat = 0;
    for (let i = 0; i < n; i++) {
      if (b.data[2 * i]! > 0) right++;
      if (Math.abs(b.data[2 * i]!) < 1) flat++;
    }
    // Arc from θ = π/3 to 2π/3 of (2cos θ, sin θ) by Simpson on 2000 intervals (exact to ~1e-13).
    const speed = (t: number) => Math.hypot(2 * Math.sin(t), Math.cos(t));
    let arc = 0;
    const m = 2000;
    const hh = Math.PI / 3 / m;
    for (let k = 0; k <= m; k++)
      arc += (k === 0 || k === m ? 1 : k % 2 ? 4 : 2) * speed(Math.PI / 3 + k * hh);
    arc *= hh / 3;
    // Sobol in the arc-length parameter: stratified, error ~ 1/n; 3e-3 leaves room.
    expect(Math.abs(right / n - 0.5)).toBeLessThan(3e-3);
    expect(Math.abs(flat / n - (2 * arc) / g.boundaryMeasure)).toBeLessThan(3e-3);
    // Interior: uniform in area; the part with |x| < 1 has area 2(√3/2 + π/3) (the ellipse is the unit disk
    // stretched by 2 in x: 2 × (area of the unit disk's strip |x| < 1/2)). Binomial std 0.008 at n = 4000: 0.03.
    const p = g.sampleInterior(n, { method: "uniform", seed: 4 });
    let strip = 0;
    for (let i = 0; i < n; i++) if (Math.abs(p.data[2 * i]!) < 1) strip++;
    expect(Math.abs(strip / n - (2 * (Math.sqrt(3) / 2 + Math.PI / 3)) / (2 * Math.PI))).toBeLessThan(0.03);
    expect(() => ellipse([0, 0], [1, 0])).toThrow(
      "ellipse: semiAxes must be [a, b] with finite positive entries, received [1,0]",
    );
    expect(() => ellipse([0, 0], [1, 1], { angle: Number.NaN })).toThrow(
      "ellipse: angle must be a finite number, received NaN",
    );
  });

  it("ball and ellipse distance functions free their intermediates", async () => {
    const x3 = tf.tensor2d([0.1, 0.2, 0.3, -0.5, 0.4, 0.1], [2, 3]);
    const x2 = tf.tensor2d([0.1, 0.2, -0.5, 0.4], [2, 2]);
    await expectNoLeaks(() => {
      ball([0, 0, 0], 1).distanceFunction(x3).dispose();
      ellipse([0, 0], [2, 1], { angle: 0.3 }).distanceFunction(x2).dispose();
    });
    x3.dispose();
    x2.dispose();
  });

  it("ball rejects bad input naming the argument", () => {
    expect(() => ball([0], 1)).toThrow(
      "ball: center must be an array of at least 2 finite coordinates, received [0]",
    );
    expect(() => ball([0, Number.NaN, 0], 1)).toThrow(/ball: center must be an array of at least 2 finite/);
    expect(() => ball([0, 0, 0], 0)).toThrow("ball: radius must be a positive finite number, received 0");
    expect(() => ball([0, 0, 0], 1, { vars: ["x", "y"] })).toThrow(/ball: vars must be 3 non-empty strings/);
  });

  it("rectangle boundary samples are spread in proportion to side length", () => {
    const p = rectangle([0, 0], [3, 1]).sampleBoundary(800, { method: "sobol" });
    let bottom = 0;
    for (let i = 0; i < p.n; i++) if (p.data[2 * i + 1] === 0) bottom++;
    expect(Math.abs(bottom / p.n - 3 / 8)).toBeLessThan(0.01);
  });

  it("exact distances and normals", () => {
    const d = disk([0, 0], 2);
    expect(
      Array.from(
        d.distance(
          points([
            [0.5, 0],
            [0, 3],
          ]),
        ),
      ),
    ).toEqual([1.5, -1]);
    expect(Array.from(d.boundaryNormal(points([[0, 2]])).data)).toEqual([0, 1]);
    const Lp = polygon(L);
    expect(Lp.distance(points([[0.5, 0.5]]))[0]).toBeCloseTo(0.5, 12);
    expect(Lp.distance(points([[0.5, -0.5]]))[0]).toBeCloseTo(-0.5, 12);
    expect(Array.from(Lp.boundaryNormal(points([[0.5, 0]])).data)).toEqual([0, -1]);
    expect(Array.from(rectangle([0, 0], [1, 1]).boundaryNormal(points([[1, 0.3]])).data)).toEqual([1, 0]);
  });

  it("space-time products: vars, boundary = ∂Ω × T, initial = Ω × {t0}", () => {
    const g = product(interval(-1, 1), timeDomain(0, 2));
    expect(g.vars).toEqual(["x", "t"]);
    expect(g.timeDependent).toBe(true);
    const b = g.sampleBoundary(50, { method: "sobol" });
    for (let i = 0; i < b.n; i++) expect(Math.abs(b.data[2 * i]!)).toBe(1);
    const ini = g.sampleInitial(20);
    for (let i = 0; i < ini.n; i++) expect(ini.data[2 * i + 1]).toBe(0);
    const n = g.boundaryNormal(points([[1, 0.5]]));
    expect(Array.from(n.data)).toEqual([1, 0]);
  });

  it("CSG boundary contains only points of the combined boundary", () => {
    const g = difference(rectangle([-1, -1], [1, 1]), disk([0, 0], 0.5));
    const p = g.sampleBoundary(300, { method: "uniform", seed: 2 });
    let onHole = 0;
    for (let i = 0; i < p.n; i++)
      if (Math.abs(Math.hypot(p.data[2 * i]!, p.data[2 * i + 1]!) - 0.5) < 1e-9) onHole++;
    // Hole perimeter π vs square 8: about 28% of the points.
    expect(onHole / p.n).toBeGreaterThan(0.18);
    expect(onHole / p.n).toBeLessThan(0.38);
    // Normals on the hole point into the hole (outward of the domain).
    const nr = g.boundaryNormal(points([[0.5, 0]]));
    expect(nr.data[0]).toBeCloseTo(-1, 5);
  });

  it.each(["sobol", "uniform", "lhs"] as const)(
    "space-time samples (%s) cover every part of the boundary at every time",
    (method) => {
      // Each factor's Sobol stream starts with the same van der Corput coordinate, and paired row by row the
      // factors were correlated: the square's bottom edge got only t ∈ [1/4, 1/2) ∪ [3/4, 1), a quarter of the
      // circle only t ∈ [1/4, 3/4). Count the samples in 4 parts of the spatial boundary × 4 quarters of [0, 1]:
      // 2000 points give 125 per cell; independent pairing has std ≈ √125 ≈ 11, so ±50 is over 4 sigma.
      const n = 2000;
      const cells = (p: Points, part: (row: number[]) => number) => {
        const h = new Array<number>(16).fill(0);
        for (let i = 0; i < p.n; i++) {
          const row = Array.from(p.data.subarray(i * p.dim, (i + 1) * p.dim));
          h[4 * part(row) + Math.min(3, Math.floor(row[p.dim - 1]! * 4))]! += 1;
        }
        return h;
      };
      const square = product(rectangle([0, 0], [1, 1]), timeDomain(0, 1)).sampleBoundary(n, {
        method,
        seed: 2,
      });
      const side = ([x, y]: number[]) => (y === 0 ? 0 : x === 1 ? 1 : y === 1 ? 2 : 3);
      const circle = product(disk([0, 0], 1), timeDomain(0, 1)).sampleBoundary(n, { method, seed: 2 });
      const quadrant = ([x, y]: number[]) => (x! >= 0 ? (y! >= 0 ? 0 : 1) : y! >= 0 ? 2 : 3);
      // Interiors: a factor without a unit-cube map (the 4-D ball) is drawn apart and paired the same way.
      const b4 = product(ball([0, 0, 0, 0], 1), timeDomain(0, 1)).sampleInterior(n, { method, seed: 2 });
      const orthant = ([x, y]: number[]) => (x! >= 0 ? 0 : 2) + (y! >= 0 ? 0 : 1);
      for (const h of [cells(square, side), cells(circle, quadrant), cells(b4, orthant)])
        for (const c of h) expect(Math.abs(c - n / 16)).toBeLessThan(50);
    },
  );

  it.each(["uniform", "sobol", "lhs"] as const)(
    "interval boundary samples (%s) hold both ends, half each, for any seed",
    (method) => {
      // Thresholding one random coordinate used to put both points of `dirichlet({ points: 2 })` on one end.
      for (let seed = 0; seed < 20; seed++) {
        expect(Array.from(interval(-1, 2).sampleBoundary(2, { method, seed }).data)).toEqual([-1, 2]);
        const p = product(interval(0, 1), timeDomain(0, 1)).sampleBoundary(6, { method, seed });
        expect([0, 2, 4].map((i) => p.data[2 * i])).toEqual([0, 0, 0]);
        expect([1, 3, 5].map((i) => p.data[2 * i])).toEqual([1, 1, 1]);
      }
    },
  );

  it("CSG boundary measure (perimeter) against closed forms, nested CSG samples stay uniform", () => {
    // Estimated from 4096 Sobol boundary points per operand: ~1e-3 relative; 5e-3 leaves room.
    const quarterCut = difference(disk([0, 0], 1), rectangle([0, 0], [2, 2]));
    const cases: [Geometry, number][] = [
      [quarterCut, 1.5 * Math.PI + 2],
      [intersection(disk([0, 0], 1), disk([1, 0], 1)), (4 * Math.PI) / 3],
      [difference(disk([0, 0], 1), disk([0, 0], 0.4)), 2 * Math.PI * 1.4],
      [union(interval(0, 1), interval(2, 3)), 4],
    ];
    for (const [g, exact] of cases) expect(Math.abs(g.boundaryMeasure - exact) / exact).toBeLessThan(5e-3);
    // (disk minus quadrant) ∪ a far square: the square holds 4/(4 + 3π/2 + 2) ≈ 0.373 of the boundary. Before the
    // fix the inner CSG counted as length 1 and the square got 80% of the points.
    const g = union(quarterCut, rectangle([3, 0], [4, 1]));
    const p = g.sampleBoundary(2000, { method: "sobol" });
    let onSquare = 0;
    for (let i = 0; i < p.n; i++) if (p.data[2 * i]! > 2.5) onSquare++;
    expect(Math.abs(onSquare / p.n - 4 / (4 + 1.5 * Math.PI + 2))).toBeLessThan(0.02);
    // A product with a CSG factor splits its boundary samples by these measures (NaN used to throw).
    const slab = product(quarterCut, interval(0, 1, { vars: ["z"] }));
    const b = slab.sampleBoundary(100, { method: "sobol" });
    expect(b.n).toBe(100);
    expect(Array.from(slab.onBoundary(b, 1e-7)).every((v) => v === 1)).toBe(true);
  });

  it("CSG with coincident faces: boundary samples and perimeter exclude faces that are not boundary", () => {
    // Spurious zeros of the CSG signed distance: the square's edges inside the removed quadrant of the L, the face
    // shared by two touching rectangles, and edges shared by both operands of an intersection (counted twice).
    // They used to give the L a perimeter of 12 and put a third of its boundary points outside the domain.
    // Perimeters are estimated from 4096 Sobol points per operand (Sobol points on exact corners are dropped):
    // ~1e-3 relative; 3e-3 leaves room.
    const Ld = difference(rectangle([-1, -1], [1, 1]), rectangle([0, 0], [1, 1]));
    const twoBoxes = union(rectangle([0, 0], [1, 1]), rectangle([1, 0], [2, 1]));
    const overlap = intersection(rectangle([0, 0], [2, 1]), rectangle([1, 0], [3, 1]));
    const cube3 = difference(box([0, 0, 0], [2, 2, 2]), box([1, 1, 1], [2, 2, 2]));
    const cases: [Geometry, number][] = [
      [Ld, 8],
      [twoBoxes, 6],
      [overlap, 4],
      [cube3, 24],
    ];
    for (const [g, exact] of cases) expect(Math.abs(g.boundaryMeasure - exact) / exact).toBeLessThan(3e-3);
    for (const method of ["sobol", "uniform"] as const) {
      const p = Ld.sampleBoundary(800, { method, seed: 1 });
      let removed = 0;
      for (let i = 0; i < p.n; i++) if (p.data[2 * i]! > 1e-9 && p.data[2 * i + 1]! > 1e-9) removed++;
      expect(removed).toBe(0);
      // Uniform over the 8 units of perimeter: the re-entrant edges {0} × [0, 1] and [0, 1] × {0} hold 2/8.
      let reentrant = 0;
      for (let i = 0; i < p.n; i++)
        if (Math.abs(p.data[2 * i]!) < 1e-12 || Math.abs(p.data[2 * i + 1]!) < 1e-12) reentrant++;
      expect(Math.abs(reentrant / p.n - 0.25)).toBeLessThan(0.04);
      const q = twoBoxes.sampleBoundary(600, { method, seed: 1 });
      let shared = 0;
      for (let i = 0; i < q.n; i++) {
        const [x, y] = [q.data[2 * i]!, q.data[2 * i + 1]!];
        if (Math.abs(x - 1) < 1e-9 && y > 1e-9 && y < 1 - 1e-9) shared++;
      }
      expect(shared).toBe(0);
    }
    // The 3-D L: no boundary point inside the removed cube's closure away from the remaining faces.
    const c = cube3.sampleBoundary(500, { method: "sobol" });
    for (let i = 0; i < c.n; i++) {
      const [x, y, z] = [c.data[3 * i]!, c.data[3 * i + 1]!, c.data[3 * i + 2]!];
      expect(x > 1 + 1e-9 && y > 1 + 1e-9 && z > 1 + 1e-9).toBe(false);
    }
    expect(Array.from(cube3.onBoundary(c, 1e-7)).every((v) => v === 1)).toBe(true);
  });

  it("bad input names the argument", () => {
    expect(() => interval(1, 0)).toThrow(/interval: need finite a < b, received a=1, b=0/);
    expect(() => disk([0, 0], -1)).toThrow(/disk: radius must be a positive finite number, received -1/);
    expect(() =>
      polygon([
        [0, 0],
        [1, 1],
      ]),
    ).toThrow(/polygon: vertices must be an array of at least 3/);
    expect(() => box([0, 0], [1])).toThrow(/box: min and max must be non-empty arrays of equal length/);
    expect(() => rectangle([0, 0], [1, 1]).isInside(points([[0, 0, 0]]))).toThrow(
      /points must have dim 2, received dim 3/,
    );
    expect(() => rectangle([0, 0], [1, 1]).sampleInterior(-3)).toThrow(
      /n must be a non-negative integer, received -3/,
    );
    expect(() => union(interval(0, 1), disk([0, 0], 1))).toThrow(/union: geometries have dims 1 and 2/);
    expect(() => product(interval(0, 1), interval(0, 1))).toThrow(/variable names collide/);
    expect(() => timeDomain(0, 1, { name: "" })).toThrow(
      'timeDomain: name must be a non-empty string, received ""',
    );
    // A custom geometry missing its primitives used to fail later with "Cannot read properties of undefined".
    expect(() => makeGeometry({} as never)).toThrow(
      "makeGeometry: spec.kind must be a non-empty string, received undefined",
    );
    expect(() =>
      makeGeometry({
        kind: "half",
        dim: 2,
        vars: ["x", "y"],
        bbox: { min: [0, 0], max: [1] },
        signedDistance: (q) => new Float64Array(q.n),
        distanceFunction: (x) => x,
      }),
    ).toThrow(/makeGeometry: spec.bbox must be \{ min, max \} with 2 finite entries each/);
    expect(() =>
      makeGeometry({
        kind: "half",
        dim: 2,
        vars: ["x", "y"],
        bbox: { min: [0, 0], max: [1, 1] },
        signedDistance: (q: Points) => new Float64Array(q.n),
      } as never),
    ).toThrow("makeGeometry: spec.distanceFunction must be a function, received undefined");
  });
});
