import { ready, tf } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { derivatives } from "../derivatives.js";
import { interval, rectangle } from "../geometry/box.js";
import { disk } from "../geometry/disk.js";
import type { Geometry } from "../geometry/geometry.js";
import { product, timeDomain } from "../geometry/product.js";
import { points } from "../points.js";
import { boundaryResidual, dirichlet, neumann, periodic, robin } from "./boundary.js";
import type { Condition } from "./condition.js";
import { initial } from "./initial.js";
import { integral } from "./integral.js";
import { observations } from "./observations.js";

beforeAll(async () => {
  await ready();
});

/** Residual of a condition for an analytic field (should vanish when the field satisfies it). */
function residualOf(c: Condition, g: Geometry, field: (x: tf.Tensor) => tf.Tensor, n = 40): number {
  const b = c.sample(g, n, { method: "sobol", seed: 0 });
  return tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(b.points.data), [b.points.n, g.dim]);
    const data: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(b.data))
      data[k] =
        v.width === 1
          ? tf.tensor1d(Float32Array.from(v.values))
          : tf.tensor2d(Float32Array.from(v.values), [b.points.n, v.width]);
    const eng = derivatives(field, x, { vars: g.vars });
    const r = c.residual({ u: eng.values, d: eng.d, data, params: {}, x, vars: g.vars, outputs: ["u"] });
    return tf.max(tf.abs(r)).dataSync()[0]!;
  });
}

// u(x, y) = x² + 3y: on the unit disk ∂u/∂n = n·∇u = 2x·x + 3y.
const quad = (z: tf.Tensor) =>
  tf.tidy(() => {
    const n = z.shape[0]!;
    const x = tf.slice(z, [0, 0], [n, 1]);
    const y = tf.slice(z, [0, 1], [n, 1]);
    return tf.add(tf.square(x), tf.mul(y, 3));
  });

describe("conditions vanish on fields that satisfy them", () => {
  // float32 evaluation of O(1) values: 1e-5.
  const tol = 1e-5;
  it("dirichlet (with a region filter)", () => {
    const c = dirichlet({ value: ([x, y]) => x! * x! + 3 * y!, on: ([x]) => x! > 0 });
    expect(residualOf(c, disk([0, 0], 1), quad)).toBeLessThan(tol);
    const pts = c.sample(disk([0, 0], 1), 30, { seed: 1 }).points;
    for (let i = 0; i < pts.n; i++) expect(pts.data[2 * i]!).toBeGreaterThan(0);
  });
  it("neumann uses the outward normal", () => {
    const c = neumann({ value: ([x, y]) => 2 * x! * x! + 3 * y! });
    expect(residualOf(c, disk([0, 0], 1), quad)).toBeLessThan(tol);
  });
  it("boundaryResidual: nonlinear and tangential conditions given by their residual", () => {
    // ∂u/∂n + u⁴ = 0 on the unit circle for u = 1/r (∂u/∂n = −1/r² = −1 = −u⁴); 1/r + 1 breaks it by 1 − 16 = −15.
    const radiation = boundaryResidual({
      residual: ({ u, normalDerivative }) => tf.add(normalDerivative(), tf.pow(u, 4)),
    });
    const inv = (z: tf.Tensor) => tf.tidy(() => tf.rsqrt(tf.sum(tf.square(z), 1, true)));
    expect(residualOf(radiation, disk([0, 0], 1), inv)).toBeLessThan(tol);
    const off = residualOf(radiation, disk([0, 0], 1), (z) => tf.add(inv(z), 1));
    expect(Math.abs(off - 15)).toBeLessThan(1e-4);
    // A tangential derivative on the top edge of a square: u_x = 2x for u = x² + 3y, using coords and d.
    const tangential = boundaryResidual({
      on: ([, y]) => y! > 1 - 1e-9,
      residual: ({ u, d, coords }) => tf.sub(d(u, "x"), tf.mul(2, coords.x!)),
    });
    expect(residualOf(tangential, rectangle([0, 0], [1, 1]), quad)).toBeLessThan(tol);
    // Outward normals on the right edge: n = (1, 0), so n·(x, y) = x = 1.
    const right = boundaryResidual({
      on: ([x]) => x! > 1 - 1e-9,
      residual: ({ normal, x }) => tf.sub(tf.sum(tf.mul(normal, x), 1), 1),
    });
    expect(residualOf(right, rectangle([0, 0], [1, 1]), quad)).toBeLessThan(tol);
  });
  it("robin a·u + b·∂u/∂n = g", () => {
    const c = robin({ a: 2, b: -1, value: ([x, y]) => 2 * (x! * x! + 3 * y!) - (2 * x! * x! + 3 * y!) });
    expect(residualOf(c, disk([0, 0], 1), quad)).toBeLessThan(tol);
  });
  it("neumann and robin on an interval (1-D normals ∓1 at the ends)", () => {
    // u = sin(πx) + x² on [0, 1]: u'(0) = π, u'(1) = 2 − π, u(1) = 1; outward ∂u/∂n is −u'(0) and u'(1).
    const f = (z: tf.Tensor) =>
      tf.tidy(() => tf.add(tf.sin(tf.mul(z, Math.PI)), tf.square(z)) as tf.Tensor2D);
    const g = interval(0, 1);
    const left = ([x]: readonly number[]) => x! < 0.5;
    expect(residualOf(neumann({ value: -Math.PI, on: left }), g, f, 4)).toBeLessThan(1e-5);
    expect(
      residualOf(neumann({ value: ([x]) => (x! < 0.5 ? -Math.PI : 2 - Math.PI) }), g, f, 4),
    ).toBeLessThan(1e-5);
    // a·u + b·∂u/∂n at x = 1: 2·1 + 3·(2 − π).
    const r = robin({ a: 2, b: 3, value: 2 + 3 * (2 - Math.PI), on: ([x]) => x! > 0.5 });
    expect(residualOf(r, g, f, 4)).toBeLessThan(1e-5);
    // A wrong target is seen (the residual is not silently zero).
    expect(residualOf(neumann({ value: Math.PI, on: left }), g, f, 4)).toBeGreaterThan(6);
  });

  it("periodic matches values and derivatives across the faces", () => {
    const cosField = (z: tf.Tensor) =>
      tf.tidy(() => tf.reshape(tf.sum(tf.cos(tf.mul(z, [Math.PI, 1])), 1), [-1, 1]));
    const c = periodic({ variable: "x", derivatives: 2 });
    expect(residualOf(c, product(interval(-1, 1), timeDomain(0, 1)), cosField)).toBeLessThan(1e-4);
    const notPeriodic = (z: tf.Tensor) => tf.tidy(() => tf.reshape(tf.sum(z, 1), [-1, 1]));
    expect(residualOf(c, product(interval(-1, 1), timeDomain(0, 1)), notPeriodic)).toBeGreaterThan(1);
  });
  it("initial value and initial derivative", () => {
    // u(x, t) = sin(x) + 2t  ⇒  u(x, 0) = sin x, u_t(x, 0) = 2.
    const f = (z: tf.Tensor) =>
      tf.tidy(() => {
        const n = z.shape[0]!;
        return tf.add(tf.sin(tf.slice(z, [0, 0], [n, 1])), tf.mul(tf.slice(z, [0, 1], [n, 1]), 2));
      });
    const g = product(interval(-1, 1), timeDomain(0, 1));
    expect(residualOf(initial({ value: ([x]) => Math.sin(x!) }), g, f)).toBeLessThan(tol);
    expect(residualOf(initial({ value: 2, derivative: 1 }), g, f)).toBeLessThan(1e-4);
  });
  it("observations", () => {
    const c = observations({
      points: points([
        [0.5, 0.5],
        [0, 1],
      ]),
      values: [0.25 + 1.5, 3],
    });
    expect(residualOf(c, rectangle([0, 0], [1, 1]), quad)).toBeLessThan(tol);
  });
  it("integral ∫ u over the domain", () => {
    // ∫_{[0,1]²} x² + 3y = 1/3 + 3/2; QMC with 1024 Sobol points: error ~1e-3.
    const c = integral({ value: 1 / 3 + 1.5, points: 1024 });
    expect(residualOf(c, rectangle([0, 0], [1, 1]), quad, 1024)).toBeLessThan(5e-3);
  });
});

describe("condition bad input", () => {
  it("names the argument", () => {
    expect(() => dirichlet({ value: "0" as never })).toThrow(
      "dirichlet: value must be a finite number or a function (point) => number, received 0",
    );
    expect(() => dirichlet({ value: 0, weight: -1 })).toThrow(
      "dirichlet: weight must be a finite number >= 0, received -1",
    );
    expect(() => observations({ points: points([[0]]), values: [1, 2] })).toThrow(
      "observations: values must have one entry per point (1), received 2",
    );
    // Non-finite coordinates used to be accepted and give a NaN loss at the first training step.
    expect(() =>
      observations({
        points: points([
          [0, 0],
          [0.5, Number.POSITIVE_INFINITY],
        ]),
        values: [1, 2],
      }),
    ).toThrow("observations: points row 1 has coordinate 1 = Infinity; coordinates must be finite");
    expect(() => initial({ value: 0 }).sample(interval(0, 1), 4, {})).toThrow(
      /initial: the geometry must be space-time/,
    );
    expect(() => periodic({ variable: "z" }).sample(interval(0, 1), 4, {})).toThrow(
      "periodic: unknown variable 'z'; the problem's variables are x",
    );
    expect(() => periodic({ variable: "x" }).sample(disk([0, 0], 1), 4, {})).toThrow(
      /periodic: the point \[-1,.*\] on the face x = -1 of the bounding box is not on the boundary of the 'disk' geometry/,
    );
    expect(() => boundaryResidual({} as never)).toThrow(
      "boundaryResidual: residual must be a function ({ u, d, normal, coords, params }) => tensor, received undefined",
    );
    // A residual broadcast to [N, N] (an [N, 1] tensor combined with an [N] one) is refused.
    expect(() =>
      residualOf(
        boundaryResidual({ residual: ({ u, normal }) => tf.add(u, tf.slice(normal, [0, 0], [-1, 1])) }),
        disk([0, 0], 1),
        quad,
        8,
      ),
    ).toThrow("boundaryResidual: residual must return one value per point ([8] or [8, 1]), received [8,8]");
    expect(() => dirichlet({ value: () => Number.NaN }).sample(interval(0, 1), 4, {})).toThrow(
      /dirichlet: value\(\[.*\]\) returned NaN/,
    );
  });
});
