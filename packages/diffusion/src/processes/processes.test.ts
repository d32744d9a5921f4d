import { describe, expect, it } from "vitest";
import { processes } from "../registries.js";
import "../register-processes.js";
import { diffusionSquared, driftCoefficient } from "./gaussian-path.js";
import { edmPreconditioning } from "./edm.js";
import { pfgmRadii } from "./pfgm.js";
import { timeGrid } from "../samplers/time-grid.js";
import { prng } from "@continuum/core-tensor";

describe("noise processes", () => {
  it("registry lists every path and rejects unknown names with the known list", () => {
    expect(processes.names()).toEqual([
      "vp-linear",
      "vp-cosine",
      "sub-vp",
      "ve",
      "edm",
      "flow-linear",
      "flow-trig",
      "interpolant",
    ]);
    expect(() => processes.get("vp-quadratic")).toThrow(
      /unknown noise process 'vp-quadratic'; known: vp-linear, vp-cosine/,
    );
  });

  it.each(["vp-linear", "vp-cosine", "sub-vp", "ve", "edm", "flow-linear", "flow-trig", "interpolant"])(
    "%s: sigma(0) = 0, derivatives match finite differences, logSNR inverse round-trips",
    (name) => {
      const p = processes.get(name)({});
      expect(p.sigma(p.tMin)).toBe(0);
      expect(p.alpha(p.tMin)).toBeCloseTo(1, 12);
      for (const f of [0.1, 0.37, 0.8]) {
        const t = p.tMin + f * (p.tMax - p.tMin);
        const h = 1e-5 * (p.tMax - p.tMin);
        // Central differences: truncation O(h^2) ~ 1e-10 relative; 1e-6 leaves room for rounding.
        expect(p.dAlpha(t)).toBeCloseTo((p.alpha(t + h) - p.alpha(t - h)) / (2 * h), 5);
        const ds = (p.sigma(t + h) - p.sigma(t - h)) / (2 * h);
        expect(Math.abs(p.dSigma(t) - ds)).toBeLessThan(1e-6 * (1 + Math.abs(ds)));
        expect(Math.abs(p.timeOfLogSNR(p.logSNR(t)) - t)).toBeLessThan(1e-9 * (1 + p.tMax));
      }
    },
  );

  it("VP: alpha^2 + sigma^2 = 1 and g^2 = beta(t); sub-VP: g^2 = beta (1 - e^{-2B}) (Song et al. 2021)", () => {
    const vp = processes.get("vp-linear")({});
    const sub = processes.get("sub-vp")({});
    for (const t of [0.05, 0.5, 0.9]) {
      expect(vp.alpha(t) ** 2 + vp.sigma(t) ** 2).toBeCloseTo(1, 14);
      const beta = 0.1 + t * 19.9;
      const B = 0.1 * t + 0.5 * 19.9 * t * t;
      expect(diffusionSquared(vp, t)).toBeCloseTo(beta, 10);
      expect(driftCoefficient(vp, t)).toBeCloseTo(-beta / 2, 12);
      expect(diffusionSquared(sub, t)).toBeCloseTo(beta * (1 - Math.exp(-2 * B)), 10);
    }
  });

  it("EDM preconditioning matches Karras et al. Table 1 and the interpolant has gamma", () => {
    const c = edmPreconditioning(0.5, 0.5);
    expect(c.cSkip).toBeCloseTo(0.5, 14);
    expect(c.cOut).toBeCloseTo(0.25 / Math.sqrt(0.5), 14);
    expect(c.cIn).toBeCloseTo(1 / Math.sqrt(0.5), 14);
    expect(c.cNoise).toBeCloseTo(Math.log(0.5) / 4, 14);
    const si = processes.get("interpolant")({ a: 1 });
    expect(si.gamma!(0.5)).toBeCloseTo(0.5, 14);
    expect(si.sigma(0.5) ** 2).toBeCloseTo(0.25 + 0.25, 14);
  });

  it("PFGM++: E|x - y|^2 = sigma^2 N D / (D - 2) (Monte Carlo within 2%)", () => {
    // 20000 draws: the relative standard error of the mean of R^2 is ~ sqrt(Var R^2)/(E R^2 sqrt(n)) < 0.5%
    // for N = 16, D = 64 (R^2/r^2 is a beta-prime variable with finite variance), so 2% is > 4 SE.
    for (const [N, D] of [
      [16, 64],
      [2, 10],
    ] as const) {
      const sigma = 0.7;
      const R = pfgmRadii(20000, sigma, N, D, prng(N));
      const m = R.reduce((s, r) => s + r * r, 0) / R.length;
      const want = (sigma * sigma * N * D) / (D - 2);
      expect(Math.abs(m / want - 1)).toBeLessThan(0.02);
    }
  });

  it("g^2(t) is finite at t = 0, where sigma' may be infinite: it equals the analytic limit of d sigma^2/dt", () => {
    // sigma^2 = 1 - e^{-B} ~ beta_min t (VP); sigma_min^2 (e^{2 r t} - 1) ~ 2 r sigma_min^2 t (VE, r =
    // log(sigma_max/sigma_min)); t^2 + a t (1-t) ~ a t (interpolant); sigma ~ t or (1-e^{-B})^2 ~ t^2 elsewhere.
    // The one-sided Richardson difference has error O(h^2) with h = 1e-5: 1e-7 relative is ample.
    const limits: [string, Record<string, number>, number][] = [
      ["vp-linear", { betaMin: 0.3, betaMax: 12 }, 0.3],
      ["ve", { sigmaMin: 0.02, sigmaMax: 30 }, 2 * Math.log(30 / 0.02) * 0.02 ** 2],
      ["interpolant", { a: 0.7 }, 0.7],
      ["sub-vp", {}, 0],
      ["edm", {}, 0],
      ["flow-linear", {}, 0],
      ["flow-trig", {}, 0],
      // alphaBar = cos^2(.)/cos^2(s') with s' = pi s / (2 (1+s)): d sigma^2/dt(0) = (pi/(1+s)) tan(s') (was 0:
      // sigma' came from a finite difference of sqrt(t)).
      ["vp-cosine", {}, (Math.PI / 1.008) * Math.tan((Math.PI * 0.008) / (2 * 1.008))],
    ];
    for (const [name, opts, want] of limits) {
      const g2 = diffusionSquared(processes.get(name)(opts), 0);
      expect(Number.isFinite(g2), name).toBe(true);
      expect(Math.abs(g2 - want), name).toBeLessThan(1e-7 * (1 + want));
    }
    // a = 0 is the linear path: sigma = t, sigma'(0) = 1 (was +inf).
    expect(processes.get("interpolant")({ a: 0 }).dSigma(0)).toBe(1);
  });

  it.each(["flow-linear", "flow-trig", "interpolant"])(
    "%s: log-SNR / Karras grids from t = 1 (alpha = 0, lambda = -inf) are finite and strictly decreasing",
    (name) => {
      const p = processes.get(name)({});
      for (const spacing of ["logsnr", "karras"] as const)
        for (const steps of [1, 2, 5, 12]) {
          const g = timeGrid(p, steps, { spacing });
          expect(g.length).toBe(steps + 1);
          expect(g[0]).toBe(1);
          expect(g[steps]).toBe(0);
          for (let i = 1; i < g.length; i++) {
            expect(Number.isFinite(g[i]!)).toBe(true);
            expect(g[i]!).toBeLessThan(g[i - 1]!);
          }
          // Interior points are uniform in log-SNR from lambda(sdeTMax), as for samplers started at sdeTMax.
          if (spacing === "logsnr" && steps >= 3) {
            const l = g.slice(1, -1).map((t) => p.logSNR(t));
            const step = (p.logSNR(p.tLow) - p.logSNR(p.sdeTMax)) / (steps - 1);
            for (let i = 1; i < l.length; i++) expect(l[i]! - l[i - 1]!).toBeCloseTo(step, 6);
          }
        }
    },
  );

  it("bad options name the argument", () => {
    expect(() => processes.get("vp-linear")({ betaMin: -1 })).toThrow(
      /betaMin must be a finite number > 0, received -1/,
    );
    expect(() => processes.get("ve")({ sigmaMin: 2, sigmaMax: 1 })).toThrow(/sigmaMin < options.sigmaMax/);
    expect(() => processes.get("edm")({ sigmaMax: Number.NaN })).toThrow(/edm: need/);
    // Infinite values passed the checks before: ve gave sigma(t) = NaN for t > 0, edmPreconditioning cOut = NaN.
    expect(() => processes.get("ve")({ sigmaMax: Infinity })).toThrow(
      /ve: need 0 < options.sigmaMin < options.sigmaMax < Infinity, received 0.01, Infinity/,
    );
    expect(() => edmPreconditioning(Infinity)).toThrow(
      /edmPreconditioning: sigma must be a finite number >= 0, received Infinity/,
    );
    expect(() => edmPreconditioning(1, Infinity)).toThrow(/sigmaData must be a finite number > 0/);
  });
});
