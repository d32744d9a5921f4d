import { describe, expect, it } from "vitest";
import "../register-minimizers.js";
import { solveMinimax } from "./solve.js";

// f(x, y) = xᵀAy with A = diag(1, 2): the saddle point is the origin.
const A = [1, 2];
const bilinear = {
  grad: (x: Float64Array, y: Float64Array) => ({
    gx: Float64Array.from(y, (v, i) => A[i]! * v),
    gy: Float64Array.from(x, (v, i) => A[i]! * v),
  }),
};

/** Fit the per-iteration contraction factor of the residual over the last half of the run. */
function rate(res: number[]): number {
  const a = Math.floor(res.length / 2);
  const b = res.length - 1;
  return (res[b]! / res[a]!) ** (1 / (b - a));
}

describe("minimax on a bilinear game", () => {
  const start = { x0: [1, 1], y0: [1, -1] };
  it("simultaneous GDA spirals outward and is reported as diverged", () => {
    const r = solveMinimax(bilinear, {
      ...start,
      method: "gda",
      stepSize: 0.2,
      maxIter: 5000,
      divergenceFactor: 1e3,
    });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(/use 'extragradient', 'ogda' or 'halpern'/);
    // growth per step is exactly √(1 + η²σ_max²) for the σ = 2 mode
    expect(rate(r.residuals)).toBeCloseTo(Math.sqrt(1 + 0.2 ** 2 * 4), 3);
  });
  it.each([
    ["extragradient", 0.2],
    ["ogda", 0.1],
  ])("%s converges linearly", (method, eta) => {
    const r = solveMinimax(bilinear, { ...start, method, stepSize: eta, tol: 1e-10, maxIter: 5000 });
    expect(r.status).toBe("converged");
    expect(Math.max(...r.x.map(Math.abs), ...r.y.map(Math.abs))).toBeLessThan(1e-9);
    expect(rate(r.residuals)).toBeLessThan(0.999);
  });
  it("extragradient's rate matches theory: √(1 − η²σ² + η⁴σ⁴) for the slowest mode", () => {
    const eta = 0.2;
    const r = solveMinimax(bilinear, {
      ...start,
      method: "extragradient",
      stepSize: eta,
      tol: 1e-12,
      maxIter: 5000,
    });
    // per mode σ, EG multiplies |z| by |1 − η²σ² ± iησ| = √((1 − η²σ²)² + η²σ²); slowest is σ = 1
    const theory = Math.max(...A.map((s) => Math.sqrt((1 - eta ** 2 * s ** 2) ** 2 + eta ** 2 * s ** 2)));
    expect(rate(r.residuals)).toBeCloseTo(theory, 3);
  });
  it("Halpern's anchored iteration drives the residual down like 1/k", () => {
    const r = solveMinimax(bilinear, { ...start, method: "halpern", stepSize: 0.2, maxIter: 400, tol: 0 });
    expect(r.residuals[400]! * 400).toBeLessThan(10 * r.residuals[0]!);
  });
});

describe("minimax on a strongly-convex–strongly-concave quadratic", () => {
  // f = (μ/2)|x|² + xᵀAy − (μ/2)|y|²
  const mu = 0.5;
  const p = {
    grad: (x: Float64Array, y: Float64Array) => ({
      gx: Float64Array.from(x, (v, i) => mu * v + A[i]! * y[i]!),
      gy: Float64Array.from(y, (v, i) => A[i]! * x[i]! - mu * v),
    }),
  };
  it("simultaneous GDA converges at the predicted rate √((1 − ημ)² + η²σ²)", () => {
    const eta = 0.1;
    const r = solveMinimax(p, {
      x0: [1, 1],
      y0: [1, 1],
      method: "gda",
      stepSize: eta,
      tol: 1e-12,
      maxIter: 10_000,
    });
    expect(r.status).toBe("converged");
    const theory = Math.max(...A.map((s) => Math.sqrt((1 - eta * mu) ** 2 + eta ** 2 * s ** 2)));
    // the measured factor over the tail equals the spectral radius to 3 digits (the slow mode dominates)
    expect(rate(r.residuals)).toBeCloseTo(theory, 3);
  });
  it("counts every gradient call and reuses the residual's call in the next step", () => {
    // one call per iterate for GDA/OGDA (the residual at z_k is the step's gradient at z_k), two for EG; before,
    // the residual was an extra uncounted call (2 real calls per GDA iteration, 3 per EG iteration)
    let calls = 0;
    const q = {
      grad: (x: Float64Array, y: Float64Array) => {
        calls++;
        return p.grad(x, y);
      },
    };
    for (const [method, perIter] of [
      ["gda", 1],
      ["ogda", 1],
      ["extragradient", 2],
    ] as const) {
      calls = 0;
      const r = solveMinimax(q, { x0: [1, 1], y0: [1, 1], method, stepSize: 0.1, tol: 1e-10 });
      expect(r.status).toBe("converged");
      expect(r.gradCalls).toBe(calls);
      expect(calls).toBe(perIter * r.nit + 1);
    }
  });
  it("rejects gradients whose lengths do not match x0 and y0", () => {
    // f = xᵀy written for equal lengths, called with |x0| = 2, |y0| = 1 (before: NaN iterates, no error)
    const swapped = { grad: (x: Float64Array, y: Float64Array) => ({ gx: y.slice(), gy: x.slice() }) };
    expect(() => solveMinimax(swapped, { x0: [1, 1], y0: [1], stepSize: 0.1 })).toThrow(
      /problem.grad must return gx with 2 and gy with 1 entries \(the lengths of x0 and y0\), received 1 and 2/,
    );
  });
  it("rejects bad input", () => {
    expect(() => solveMinimax(p, { x0: [1], y0: [1], stepSize: -1 })).toThrow(
      /options.stepSize must be a finite number > 0, received -1/,
    );
    expect(() => solveMinimax(p, { x0: [1], y0: [1], stepSize: 0.1, method: "sgda" })).toThrow(
      /unknown minimax method 'sgda'; known: gda/,
    );
  });
  it("rejects a NaN or negative maxIter, a NaN tol and a divergence factor <= 1 or NaN", () => {
    // before: maxIter NaN skipped the loop (status 'max-iter', nit NaN), maxIter −1 returned nit −1, tol NaN
    // never converged, divergenceFactor −1 reported a converging run as diverged and NaN disabled the check
    const base = { x0: [1], y0: [1], stepSize: 0.1 };
    expect(() => solveMinimax(p, { ...base, maxIter: Number.NaN })).toThrow(
      /solveMinimax: options.maxIter must be an integer >= 0, received NaN/,
    );
    expect(() => solveMinimax(p, { ...base, maxIter: -1 })).toThrow(
      /options.maxIter must be an integer >= 0, received -1/,
    );
    expect(() => solveMinimax(p, { ...base, tol: Number.NaN })).toThrow(
      /options.tol must be a finite number >= 0, received NaN/,
    );
    expect(() => solveMinimax(p, { ...base, divergenceFactor: -1 })).toThrow(
      /options.divergenceFactor must be a finite number > 1, received -1/,
    );
    expect(() => solveMinimax(p, { ...base, divergenceFactor: Number.NaN })).toThrow(
      /options.divergenceFactor must be a finite number > 1, received NaN/,
    );
    expect(solveMinimax(p, { ...base, maxIter: 0 })).toMatchObject({ status: "max-iter", nit: 0 });
    // a misspelt name used to be ignored (step_size: 0.5 ran with stepSize 0.1)
    expect(() => solveMinimax(p, { ...base, step_size: 0.5 } as never)).toThrow(
      /solveMinimax: unknown option options.step_size; known: x0, y0, method, stepSize, maxIter, tol, divergenceFactor/,
    );
  });
  it("a NaN gradient is reported as such, not as GDA cycling", () => {
    const nanGrad = { grad: () => ({ gx: Float64Array.of(Number.NaN), gy: Float64Array.of(1) }) };
    const r = solveMinimax(nanGrad, { x0: [0], y0: [0], stepSize: 0.1 });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(/the iterate became NaN \(problem.grad returned a non-finite value/);
    expect(r.message).not.toMatch(/cycles outward/);
  });
});

describe("minimax on a game whose saddle point is not the origin", () => {
  // f = (a/2)x² + bxy − (c/2)y² + dx − ey: the saddle point solves ax + by = −d, bx − cy = e (Cramer's rule
  // below; analytic, no reference program needed): x* = −1/7, y* = −5/7.
  const [a, b, c, d, e] = [2, 1, 3, 1, 2];
  const det = -a * c - b * b;
  const xs = (-d * -c - b * e) / det;
  const ys = (a * e - b * -d) / det;
  const game = {
    grad: (x: Float64Array, y: Float64Array) => ({
      gx: Float64Array.of(a * x[0]! + b * y[0]! + d),
      gy: Float64Array.of(b * x[0]! - c * y[0]! - e),
    }),
  };
  it.each(["gda", "gda-alternating", "extragradient", "ogda"])("%s finds (x*, y*)", (method) => {
    const r = solveMinimax(game, { x0: [5], y0: [-5], method, stepSize: 0.1, tol: 1e-10 });
    expect(r.status).toBe("converged");
    // (∇ₓf, ∇ᵧf) is affine in z with the symmetric matrix [[a, b], [b, −c]], eigenvalues (−1 ± √29)/2, the
    // smaller in modulus 2.19; the stop |F| <= 1e-10 therefore leaves |z − z*| <= 1e-10/2.19 < 1e-10
    expect(Math.abs(r.x[0]! - xs)).toBeLessThan(1e-10);
    expect(Math.abs(r.y[0]! - ys)).toBeLessThan(1e-10);
  });
});
