import { mlp, ready, tf } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { cornerDistance } from "./corner-distance.js";
import { cornerEnrichment, polygonCorners } from "./corner-enrichment.js";
import { derivatives } from "./derivatives.js";
import { polygon } from "./geometry/polygon.js";
import { hardConstraint } from "./hard-constraint.js";
import { pde } from "./pde.js";
import { poisson } from "./pde-terms.js";
import { points } from "./points.js";
import { train } from "./train.js";
import { createConstantCache } from "./training/constant-cache.js";
import { makeField, makeTaylor, type PlanSlot, residualVectors } from "./training/loss.js";

beforeAll(async () => {
  await ready();
});

// The L-shaped domain [−1, 1]² \ [0, 1]², counter-clockwise; vertex 3 = (0, 0) is re-entrant (ω = 3π/2).
const L_VERTICES = [
  [-1, -1],
  [1, -1],
  [1, 0],
  [0, 0],
  [0, 1],
  [-1, 1],
];
const L = polygon(L_VERTICES);

/** Points on the two edges incident to the re-entrant corner, and on the whole boundary. */
const cornerEdges = () => {
  const rows: number[][] = [];
  for (let i = 1; i <= 20; i++) rows.push([i / 20, 0], [0, i / 20]);
  return points(rows);
};

const laplacianOf = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor) => {
  const eng = derivatives(f, x, { vars: ["x", "y"] });
  return { lap: tf.add(eng.d(0, "x", "x"), eng.d(0, "y", "y")), uxx: eng.d(0, "x", "x") };
};

describe("polygonCorners", () => {
  it("finds the interior angles, start edges and clearances of either orientation", () => {
    for (const vs of [L_VERTICES, [...L_VERTICES].reverse()]) {
      const cs = polygonCorners(vs);
      const corner = cs.find((c) => c.vertex[0] === 0 && c.vertex[1] === 0)!;
      expect(corner.angle).toBeCloseTo((3 * Math.PI) / 2, 12);
      expect(corner.clearance).toBeCloseTo(1, 12);
      // The interior sweeps counter-clockwise from the +y edge (start π/2) to the +x edge.
      expect(corner.start).toBeCloseTo(Math.PI / 2, 12);
      const others = cs.filter((c) => c !== corner).map((c) => c.angle);
      for (const a of others) expect(a).toBeCloseTo(Math.PI / 2, 12);
    }
  });

  it("rejects degenerate input", () => {
    expect(() => polygonCorners([[0, 0]])).toThrow("polygonCorners: vertices must be an array of at least 3");
    expect(() =>
      cornerEnrichment(
        polygon([
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ]),
      ),
    ).toThrow("cornerEnrichment: the polygon has no re-entrant vertex");
    expect(() => cornerEnrichment(L, { terms: 0 })).toThrow(
      "cornerEnrichment: terms must be a positive integer, received 0",
    );
    expect(() => cornerEnrichment({ kind: "disk" } as never)).toThrow(
      "cornerEnrichment: expected a polygon geometry or its vertex list, received disk",
    );
  });
});

describe("cornerEnrichment", () => {
  it("is r^{2k/3} sin(2kφ/3) near the corner, 0 on every edge of the polygon", async () => {
    const e = cornerEnrichment(L, { terms: 2 });
    expect(e.size).toBe(2);
    await expectNoLeaks(async () => {
      tf.tidy(() => {
        // Closed form on the bisector (φ = 3π/4) and at φ = π/4 (the point (0.2·cos(3π/4 + π/4), …)).
        const r = 0.3;
        const pts = [
          [-r / Math.SQRT2, -r / Math.SQRT2, (3 * Math.PI) / 4],
          [-r, 0.0, Math.PI / 2], // on the −x axis: φ = π/2 from the +y edge
          [0.0, -r, Math.PI], // on the −y axis
        ];
        const x = tf.tensor2d(pts.map((p) => [p[0]!, p[1]!]));
        const got = e.basis(x).arraySync() as number[][];
        pts.forEach((p, i) => {
          for (let k = 1; k <= 2; k++) {
            const lam = (2 * k) / 3;
            // float32 evaluation of exp/log/atan2: a few ulps of values ≤ 1.
            expect(got[i]![k - 1]).toBeCloseTo(r ** lam * Math.sin(lam * p[2]!), 5);
          }
        });
        const edges = cornerEdges();
        const b = L.sampleBoundary(200, { method: "sobol" });
        for (const set of [edges, b]) {
          const v = e.basis(tf.tensor2d(Float32Array.from(set.data), [set.n, 2]));
          // sin(λφ) at φ = 0 or ω (rounded to float32) and the cut-off's exact 0 beyond the clearance: |φ| ≲ 1e-7.
          expect(tf.max(tf.abs(v)).dataSync()[0]!).toBeLessThan(1e-6);
        }
      });
    });
  });

  it("is harmonic where the cut-off is 1 (Laplacian by the package's derivative engine)", () => {
    // Terms k = 1…3: λ = 2/3, 4/3 (k = 3 gives λ = 2, a polynomial, left out).
    const e = cornerEnrichment(L, { terms: 3 });
    expect(e.size).toBe(2);
    tf.tidy(() => {
      const rows: number[][] = [];
      for (let i = 0; i < 24; i++) {
        const phi = ((i + 0.5) / 24) * 1.5 * Math.PI;
        const r = 0.05 + (0.4 * ((i * 7) % 24)) / 24;
        // φ from the +y edge counter-clockwise: direction angle π/2 + φ.
        rows.push([r * Math.cos(Math.PI / 2 + phi), r * Math.sin(Math.PI / 2 + phi)]);
      }
      const x = tf.tensor2d(rows);
      for (let k = 0; k < 2; k++) {
        const { lap, uxx } = laplacianOf((z) => tf.slice(e.basis(z), [0, k], [-1, 1]), x);
        const scale = tf.max(tf.abs(uxx)).dataSync()[0]!;
        expect(scale).toBeGreaterThan(0.1);
        // Nested float32 reverse passes through atan2/exp/log: ~1e-6 relative to the second derivatives.
        expect(tf.max(tf.abs(lap)).dataSync()[0]!).toBeLessThan(1e-4 * scale);
      }
    });
  });
});

describe("cornerEnrichment with source terms", () => {
  it("adds −Δw = 1 corner solutions at right-angle and 3π/2 corners, zero on the boundary", () => {
    const e = cornerEnrichment(L, { corners: "all", terms: 1, source: true });
    // Re-entrant corner: r^{2/3} term + source; the five right angles: source only (their harmonic terms r^{2k}
    // sin 2kφ are polynomials and are left out).
    expect(e.names).toEqual([
      "corner0_source",
      "corner1_source",
      "corner2_source",
      "corner3_r^0.6667",
      "corner3_source",
      "corner4_source",
      "corner5_source",
    ]);
    tf.tidy(() => {
      const b = L.sampleBoundary(300, { method: "sobol" });
      const onB = e.basis(tf.tensor2d(Float32Array.from(b.data), [b.n, 2]));
      // r² log r · sin 2φ and φ cos 2φ − (1 − cos 2φ)·ω/2… cancel on the edges to float32 rounding (values ≲ 1).
      expect(tf.max(tf.abs(onB)).dataSync()[0]!).toBeLessThan(1e-5);
      // Near (−1, −1) (column 0) and near (0, 0) (column 4), inside the cut-off's inner disk: −Δw = 1.
      const cases: [number, number[][]][] = [
        [
          0,
          [
            [-0.9, -0.8],
            [-0.7, -0.95],
          ],
        ],
        [
          4,
          [
            [-0.2, 0.3],
            [-0.1, -0.2],
            [0.3, -0.1],
          ],
        ],
      ];
      for (const [k, rows] of cases) {
        const { lap } = laplacianOf((z) => tf.slice(e.basis(z), [0, k], [-1, 1]), tf.tensor2d(rows));
        // float32 nested reverse passes through log/atan2 of O(1) values.
        expectAllClose(lap, tf.fill([rows.length], -1), { rtol: 0, atol: 1e-3 });
      }
    });
  });

  it("rejects a choice with nothing singular", () => {
    expect(() => cornerEnrichment(L, { corners: [0] })).toThrow("cornerEnrichment: no basis function");
    expect(() => cornerEnrichment(L, { corners: "some" as never })).toThrow(
      'cornerEnrichment: corners must be "reentrant", "all" or an array of vertex indices',
    );
  });
});

describe("cornerDistance", () => {
  const base = (x: tf.Tensor) => L.distanceFunction(x);
  it("vanishes on the boundary, is positive inside, equals the base far from the corner", () => {
    const D = cornerDistance(L, { base });
    tf.tidy(() => {
      const b = L.sampleBoundary(200, { method: "sobol" });
      const onB = D(tf.tensor2d(Float32Array.from(b.data), [b.n, 2]));
      // float32 rounding of boundary coordinates (the base factor is the exact distance).
      expect(tf.max(tf.abs(onB)).dataSync()[0]!).toBeLessThan(1e-6);
      const inside = L.sampleInterior(300, { method: "sobol" });
      const xi = tf.tensor2d(Float32Array.from(inside.data), [inside.n, 2]);
      expect(tf.min(D(xi)).dataSync()[0]!).toBeGreaterThan(0);
      // Beyond the clearance (r > 1) of the corner.
      const far = tf.tensor2d([
        [-0.8, -0.7],
        [0.9, -0.6],
        [-0.5, 0.9],
      ]);
      expectAllClose(D(far), base(far), { rtol: 0, atol: 0 });
    });
  });

  it("is harmonic near the re-entrant corner", () => {
    const D = cornerDistance(L);
    tf.tidy(() => {
      const x = tf.tensor2d([
        [-0.1, -0.2],
        [-0.3, 0.2],
        [0.2, -0.3],
        [-0.05, -0.05],
      ]);
      const { lap, uxx } = laplacianOf((z) => tf.reshape(D(z), [-1, 1]), x);
      const scale = tf.max(tf.abs(uxx)).dataSync()[0]!;
      // As above: float32 nested reverse passes.
      expect(tf.max(tf.abs(lap)).dataSync()[0]!).toBeLessThan(1e-4 * scale);
    });
  });

  it("needs a base factor when given vertices", () => {
    expect(() => cornerDistance(L_VERTICES)).toThrow("cornerDistance: pass options.base");
  });
});

describe("cornerDistance and cornerEnrichment with a window (no blending annulus)", () => {
  // (1 − x²)(1 − y²): zero on the four outer edges of the L-shape, positive inside.
  const window = (x: tf.Tensor) =>
    tf.tidy(() => {
      const [px, py] = tf.split(x, 2, 1);
      return tf.reshape(tf.mul(tf.sub(1, tf.square(px)), tf.sub(1, tf.square(py))), [-1]);
    });

  it("is window · σ r^{2/3} sin(2φ/3) everywhere: closed form, 0 on the boundary, positive inside", async () => {
    const D = cornerDistance(L, { window });
    const e = cornerEnrichment(L, { firstTerm: 2, terms: 1, source: true, window });
    await expectNoLeaks(async () => {
      tf.tidy(() => {
        // Far from the corner (r > clearance, where the blended forms are the base factor or 0): the closed form.
        // φ is measured from the +y edge counter-clockwise, σ = (clearance / 2)^{1 − 2/3}.
        const pts = [
          [-0.8, -0.7],
          [0.9, -0.6],
          [-0.5, 0.9],
          [-0.05, -0.02],
        ];
        const x = tf.tensor2d(pts);
        const d = D(x).dataSync();
        const b = e.basis(x).arraySync() as number[][];
        pts.forEach(([px, py], i) => {
          const r = Math.hypot(px!, py!);
          let phi = Math.atan2(py!, px!) - Math.PI / 2;
          if (phi < 0) phi += 2 * Math.PI;
          const q = (1 - px! ** 2) * (1 - py! ** 2);
          const expected = q * 0.5 ** (1 / 3) * r ** (2 / 3) * Math.sin((2 * phi) / 3);
          // float32 exp/log/atan2 of values ≤ 2: a few ulps.
          expect(d[i]).toBeCloseTo(expected, 5);
          expect(b[i]![0]).toBeCloseTo(q * r ** (4 / 3) * Math.sin((4 * phi) / 3), 5);
        });
        const bd = L.sampleBoundary(200, { method: "sobol" });
        for (const set of [cornerEdges(), bd]) {
          const xb = tf.tensor2d(Float32Array.from(set.data), [set.n, 2]);
          expect(tf.max(tf.abs(D(xb))).dataSync()[0]!).toBeLessThan(1e-6);
          expect(tf.max(tf.abs(e.basis(xb))).dataSync()[0]!).toBeLessThan(1e-6);
        }
        const inside = L.sampleInterior(300, { method: "sobol" });
        expect(
          tf.min(D(tf.tensor2d(Float32Array.from(inside.data), [inside.n, 2]))).dataSync()[0]!,
        ).toBeGreaterThan(0);
      });
    });
  });

  it("rejects a window that is not a function, returns the wrong size, or comes with radius/inner", () => {
    expect(() => cornerDistance(L, { window: 3 as never })).toThrow(
      "cornerDistance: window must be a function",
    );
    expect(() => cornerEnrichment(L, { window, radius: 0.5 })).toThrow(
      "cornerEnrichment: window replaces the radial cut-off",
    );
    expect(() => cornerDistance(L, { window, inner: 0.2 })).toThrow("cornerDistance: window replaces");
    const bad = cornerDistance(L, { window: (x) => tf.zeros([x.shape[0]! + 1]) });
    expect(() => tf.tidy(() => bad(tf.tensor2d([[-0.5, -0.5]])))).toThrow(
      "cornerDistance: window must return one value per point (1)",
    );
  });
});

describe("hardConstraint with enrichment", () => {
  const makeProblem = () => {
    const enrichment = cornerEnrichment(L, { terms: 2 });
    const transform = hardConstraint({ distance: cornerDistance(L), enrichment });
    return pde({ geometry: L, residual: poisson({ f: 1 }), transform });
  };

  it("keeps the boundary exact whatever the coefficients", () => {
    const problem = makeProblem();
    const net = mlp({ inputs: 2, hidden: [8], outputs: 1, seed: 1 });
    const c = problem.transform!.variables!.enrichment!;
    expect(c.shape).toEqual([2, 1]);
    c.assign(tf.tensor2d([[0.7], [-1.3]]));
    tf.tidy(() => {
      const b = L.sampleBoundary(200, { method: "sobol" });
      const x = tf.tensor2d(Float32Array.from(b.data), [b.n, 2]);
      const u = makeField(problem, net, net.params)(x);
      // D and the basis vanish on the boundary up to float32 rounding of the coordinates.
      expect(tf.max(tf.abs(u)).dataSync()[0]!).toBeLessThan(1e-5);
    });
    problem.dispose();
    expect(c.isDisposed).toBe(true);
  });

  it("the Taylor rule (cached per batch) matches nested grads of the enriched field", async () => {
    const problem = makeProblem();
    problem.transform!.variables!.enrichment!.assign(tf.tensor2d([[0.4], [0.2]]));
    const net = mlp({ inputs: 2, hidden: [8, 8], outputs: 1, seed: 5 });
    const pts = L.sampleInterior(16, { method: "sobol", seed: 1 });
    await expectNoLeaks(async () => {
      const cache = createConstantCache();
      tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(pts.data), [pts.n, 2]);
        const field = makeField(problem, net, net.params);
        const params = problem.parameters.materialize();
        const nested = residualVectors(problem, field, x, params).values[0]!;
        const taylor = makeTaylor(problem, net, net.params, cache);
        expect(taylor).toBeDefined();
        const slot: PlanSlot = {};
        residualVectors(problem, field, x, params, { taylor, slot }); // learns the plan
        const first = residualVectors(problem, field, x, params, { taylor, slot }).values[0]!;
        const cached = cache.size;
        expect(cached).toBeGreaterThan(0);
        const again = residualVectors(problem, field, x, params, { taylor, slot }).values[0]!;
        expect(cache.size).toBe(cached); // served from the cache
        // float32, second derivatives through two evaluation orders (as in hard-constraint.test.ts).
        expectAllClose(first, nested, { rtol: 1e-3, atol: 1e-4 });
        expectAllClose(again, first, { rtol: 0, atol: 0 });
      });
      cache.dispose();
    });
    problem.dispose();
  });

  it("train learns the coefficients with the network and keeps given collocation points", async () => {
    const problem = makeProblem();
    const net = mlp({ inputs: 2, hidden: [8], outputs: 1, seed: 0 });
    const c = problem.transform!.variables!.enrichment!;
    const start = L.sampleInterior(64, { method: "sobol", seed: 3 });
    await expectNoLeaks(async () => {
      const r = await train(problem, net, {
        collocationPoints: start,
        schedule: [
          { optimizer: "adam", lr: 1e-2, steps: 5 },
          { optimizer: "lbfgs", steps: 3 },
        ],
      });
      expect(r.status).toBe("completed");
      expect(r.collocation).toBe(start);
      // network leaves, then the transform's coefficients last.
      expect(r.checkpoint.values[r.checkpoint.values.length - 1]!.length).toBe(2);
    });
    expect(Math.max(...Array.from(c.dataSync(), Math.abs))).toBeGreaterThan(0);
    await expect(
      train(problem, net, {
        collocationPoints: points([[0.1, 0.2, 0.3]]),
        schedule: [{ optimizer: "adam", steps: 1 }],
      }),
    ).rejects.toThrow("train: collocationPoints must be a non-empty Points set of dim 2");
    problem.dispose();
  });
});
