import { describe, expect, it } from "vitest";
import { burgersColeHopf, etdrk4Coefficients, solveBurgers } from "./burgers.js";
import { burgersDataset } from "./burgers-dataset.js";

const grid = (S: number) => Float64Array.from({ length: S }, (_, j) => j / S);
const relL2 = (a: Float64Array, b: Float64Array) => {
  let n = 0;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    n += (a[i]! - b[i]!) ** 2;
    d += b[i]! ** 2;
  }
  return Math.sqrt(n / d);
};

describe("solveBurgers (ETDRK4 pseudo-spectral)", () => {
  const phi = {
    c: 2,
    terms: [
      { k: 1, a: 1 },
      { k: 3, a: 0.4 },
    ],
  };
  it("matches the Cole–Hopf exact solution at nu = 0.1 (T = 0.5 and 1)", () => {
    const x = grid(256);
    const u0 = burgersColeHopf(x, 0, phi, 0.1);
    for (const T of [0.5, 1]) {
      const res = solveBurgers(u0, { nu: 0.1, T, dt: 1e-3 });
      expect(res.status).toBe("ok");
      // Smooth solution resolved by 256 modes; ETDRK4 at h = 1e-3 has O(h⁴) error ~1e-10: 1e-8 is generous.
      expect(relL2(res.u, burgersColeHopf(x, T, phi, 0.1))).toBeLessThan(1e-8);
    }
  });

  it("is fourth order in time", () => {
    // A steeper case (nu = 0.02) so the time error is visible above the spatial one.
    const x = grid(256);
    const p = { c: 1.5, terms: [{ k: 1, a: 1 }] };
    const u0 = burgersColeHopf(x, 0, p, 0.02);
    const exact = burgersColeHopf(x, 0.3, p, 0.02);
    const e1 = relL2(solveBurgers(u0, { nu: 0.02, T: 0.3, dt: 0.02, dealias: false }).u, exact);
    const e2 = relL2(solveBurgers(u0, { nu: 0.02, T: 0.3, dt: 0.01, dealias: false }).u, exact);
    // Observed order log2(e1/e2) should be near 4; ≥ 3.5 allows for the pre-asymptotic regime.
    expect(Math.log2(e1 / e2)).toBeGreaterThan(3.5);
  });

  it.each([
    [0.01, 1.01],
    [0.002, 1.002],
  ])("matches Cole–Hopf at small viscosity nu = %s (steep front), converging spectrally in S", (nu, c) => {
    // φ = c + cos 2πx with c − 1 small makes u = −2νφ_x/φ a front of width ≈ √(2(c − 1))/(2π) ≈ 0.01–0.02
    // (peak |u| ≈ 0.4–0.9); exact for every ν and evaluated without cancellation since φ ≥ c − 1 > 0.
    const phi = { c, terms: [{ k: 1, a: 1 }] };
    const err = (S: number) => {
      const x = grid(S);
      const res = solveBurgers(burgersColeHopf(x, 0, phi, nu), { nu, T: 1, dt: 1e-3 });
      expect(res.status).toBe("ok");
      return relL2(res.u, burgersColeHopf(x, 1, phi, nu));
    };
    const [e128, e256, e512] = [err(128), err(256), err(512)];
    // Measured (2026-11): ν = 0.002: 1.7e-5, 3.4e-8, 1.0e-11; ν = 0.01 is smoother. Spectral accuracy: each
    // doubling of S gains well over the 4× of a second-order method; at S = 512 only the O(dt⁴) ETDRK4 error
    // and round-off remain, so 1e-9 is a 100× margin.
    expect(e256).toBeLessThan(e128 / 100);
    expect(e512).toBeLessThan(1e-9);
  });

  it("rejects non-finite u0 and non-power-of-two dataset grids, naming the argument", () => {
    const u0 = Float64Array.from(grid(16), (x) => Math.sin(2 * Math.PI * x));
    u0[3] = Number.NaN;
    expect(() => solveBurgers(u0)).toThrow(/solveBurgers: u0 must be finite, received NaN at index 3/);
    expect(() => solveBurgers([1, 2, 3, 4, 5, 6, 7, 8] as never)).toThrow(
      /u0 must be a non-empty Float64Array/,
    );
    expect(() => burgersDataset({ n: 1, resolution: 100 })).toThrow(
      /solver grid must be a power of two ≥ 8.*received 100.*options\.resolution.*e\.g\. 128/,
    );
  });

  it("burgersColeHopf and solveBurgers reject bad parameters, naming them", () => {
    const phi = { c: 2, terms: [{ k: 1, a: 1 }] };
    // c ≤ Σ|a_j| makes φ vanish: formerly u = −2νφ_x/φ was returned with a singularity (here φ(½) = 0 at t = 0).
    expect(() => burgersColeHopf([0.5], 0, { c: 1, terms: [{ k: 1, a: 1 }] })).toThrow(
      /burgersColeHopf: phi.c must exceed Σ\|a_j\| = 1 so that φ stays positive, received c = 1/,
    );
    expect(() =>
      burgersColeHopf([0.5], 0, {
        c: 1.5,
        terms: [
          { k: 1, a: 1 },
          { k: 3, a: -0.6 },
        ],
      }),
    ).toThrow(/Σ\|a_j\| = 1.6/);
    expect(() => burgersColeHopf([0.5], Number.NaN, phi)).toThrow(
      /burgersColeHopf: t must be a finite number/,
    );
    expect(() => burgersColeHopf([0.5], -0.1, phi)).toThrow(/burgersColeHopf: t must be non-negative/);
    expect(() => burgersColeHopf([0.5], 0.1, phi, 0)).toThrow(
      /burgersColeHopf: nu must be a positive finite/,
    );
    expect(() => burgersColeHopf([0.5, Number.NaN], 0.1, phi)).toThrow(
      /burgersColeHopf: x\[1\] must be a finite/,
    );
    expect(() => burgersColeHopf([0.5], 0.1, { c: 2, terms: [{ k: 1.5, a: 1 }] })).toThrow(
      /phi.terms\[0\].k must be an integer, received 1.5/,
    );
    // Valid input, by hand at x = ¼ (cos 2πx = 0, sin 2πx = 1): φ = 2, φ_x = −2π e^{−4π²νt}, u = 2πν e^{−4π²νt}.
    expect(burgersColeHopf([0.25], 0.3, phi)[0]).toBeCloseTo(
      2 * Math.PI * 0.1 * Math.exp(-4 * Math.PI ** 2 * 0.03),
      14,
    );
    // The exported coefficient routine checks its arguments too; valid input matches the closed form
    // Q = h(e^{hL/2} − 1)/(hL) where it has no cancellation (hL = −0.1): 1e-13 relative (contour mean, M = 32).
    const Q = etdrk4Coefficients(Float64Array.of(-1), 0.1).Q[0]!;
    expect(Math.abs(Q / ((0.1 * (Math.exp(-0.05) - 1)) / -0.1) - 1)).toBeLessThan(1e-13);
    expect(() => etdrk4Coefficients(Float64Array.of(-1), 0.1, 0)).toThrow(
      /etdrk4Coefficients: M must be a positive integer, received 0/,
    );
    expect(() => etdrk4Coefficients(Float64Array.of(-1), Number.NaN)).toThrow(
      /etdrk4Coefficients: h must be/,
    );
    expect(() => etdrk4Coefficients(Float64Array.of(-1, Number.NaN), 0.1)).toThrow(
      /etdrk4Coefficients: L must be finite, received NaN at index 1/,
    );
    // contourPoints 0 formerly gave an all-NaN solution with status "ok"; 1.5 was used as is.
    const u0 = Float64Array.from(grid(16), (x) => Math.sin(2 * Math.PI * x));
    expect(() => solveBurgers(u0, { contourPoints: 0 })).toThrow(
      /solveBurgers: options.contourPoints must be a positive integer, received 0/,
    );
    expect(() => solveBurgers(u0, { contourPoints: 1.5 })).toThrow(/contourPoints/);
    expect(() => solveBurgers(u0, { dealias: "no" as never })).toThrow(
      /solveBurgers: options.dealias must be true or false, received "no"/,
    );
  });

  it("rejects non-power-of-two grids and reports divergence as a status", () => {
    expect(() => solveBurgers(new Float64Array(100))).toThrow(/power-of-two length ≥ 8.*received 100/);
    const u0 = Float64Array.from(grid(16), (x) => 1e3 * Math.sin(2 * Math.PI * x));
    const res = solveBurgers(u0, { nu: 1e-3, T: 1, dt: 0.5, dealias: false });
    expect(res.status).toBe("diverged");
    expect(res.message).toMatch(/non-finite spectrum at t=.*lower dt/);
  });
});
