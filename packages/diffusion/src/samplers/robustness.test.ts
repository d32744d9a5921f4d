import { prng, ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { gaussianScore } from "../oracles/gmm.js";
import type { DiffusionModel } from "../parametrisation.js";
import { flowLinear, flowTrig } from "../processes/flow.js";
import { stochasticInterpolant } from "../processes/stochastic-interpolant.js";
import { subVp } from "../processes/sub-vp.js";
import { vpLinear } from "../processes/vp.js";
import { samplers } from "../registries.js";
import { timeGrid } from "./time-grid.js";
import { sample } from "../sample.js";
import "../register-samplers.js";

beforeAll(async () => {
  await ready();
});

// 4-D Gaussian N(m, C) with a full covariance: C = U diag(w) U^T with a Householder U, so the exact
// probability-flow map is x_t - alpha_t m = U diag(sqrt(S_t(w) / S_T(w))) U^T (x_T - alpha_T m),
// S_t(w) = alpha_t^2 w + sigma_t^2 (each eigen-direction is an independent 1-D Gaussian).
const d = 4;
const w = [0.2, 0.5, 0.9, 1.4];
const v = [0.5, -0.5, 0.5, 0.5]; // unit vector; U = I - 2 v v^T is orthogonal and symmetric
const U = v.map((vi, i) => v.map((vj, j) => (i === j ? 1 : 0) - 2 * vi * vj));
const m = [0.3, -0.2, 0.1, 0.4];
const C = U.map((_, i) => U.map((_, j) => w.reduce((s, wk, k) => s + U[i]![k]! * wk * U[j]![k]!, 0)));
const g = gaussianScore(m, C);

function exactMap(p: DiffusionModel["path"], xT: ArrayLike<number>, tT: number, tE: number): Float64Array {
  const n = xT.length / d;
  const out = new Float64Array(xT.length);
  for (let r = 0; r < n; r++) {
    const y = w.map((wk, k) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += U[j]![k]! * (xT[r * d + j]! - p.alpha(tT) * m[j]!);
      const S = (t: number) => p.alpha(t) ** 2 * wk + p.sigma(t) ** 2;
      return s * Math.sqrt(S(tE) / S(tT));
    });
    for (let j = 0; j < d; j++)
      out[r * d + j] = p.alpha(tE) * m[j]! + y.reduce((s, yk, k) => s + U[j]![k]! * yk, 0);
  }
  return out;
}

describe("samplers on settings outside the 1-D convergence table", () => {
  it.each([
    ["flow-linear", flowLinear()],
    ["flow-trig", flowTrig()],
  ] as const)(
    "%s from t = 1 with a log-SNR grid (alpha = 0): ODE samplers follow the exact 4-D map",
    (_n, p) => {
      // Before: timeGrid put NaN times after t = 1 (log-SNR = -inf) and ddim / heun returned NaN.
      // To t = 0.02 on 32 samples, measured max errors (flow-linear; flow-trig is ~20% smaller):
      // Heun 16 / 32 steps 1.0e-2 / 2.4e-3 (order 2), DDIM 32 / 64 steps 0.13 / 0.07 (order 1). We require the
      // order (error ratio on halving h: > 3 for Heun, > 1.7 for DDIM) and 1.5x the measured fine-grid error.
      const xT = prng(4).normal([32, d]);
      const ref = exactMap(p, xT.dataSync(), 1, 0.02);
      const errOf = (name: string, steps: number) => {
        const r = samplers.get(name).run(g.model(p), xT, { steps, spacing: "logsnr", tEnd: 0.02 });
        expect(r.grid.every(Number.isFinite)).toBe(true);
        const out = r.samples.dataSync();
        let err = 0;
        for (let i = 0; i < out.length; i++) err = Math.max(err, Math.abs(out[i]! - ref[i]!));
        r.samples.dispose();
        return err;
      };
      const [h16, h32, d32, d64] = [
        errOf("heun", 16),
        errOf("heun", 32),
        errOf("ddim", 32),
        errOf("ddim", 64),
      ];
      console.log(JSON.stringify({ path: _n, heun16: h16, heun32: h32, ddim32: d32, ddim64: d64 }));
      expect(h16 / h32).toBeGreaterThan(3);
      expect(h32).toBeLessThan(4e-3);
      expect(d32 / d64).toBeGreaterThan(1.7);
      expect(d64).toBeLessThan(0.1);
      xT.dispose();
    },
  );

  it.each([0.5, 2])(
    "interpolant (a = %f): the default grid is log-SNR, 20 steps follow the exact map",
    (a) => {
      // sigma = sqrt(t^2 + a t (1 - t)) ~ sqrt(a t) near the data, as on VP paths, but the default grid was uniform
      // in t: its last interval [0.05, 0] jumps from sigma ~ 0.22 to 0. 1-D data N(0.3, 0.25), exact map from the
      // grid start to t = 0: max errors with the old uniform default (20 steps) heun 5.3e-2 / 1.7e-1,
      // dpm-solver++2m 5.0e-2 / 1.6e-1 (a = 0.5 / 2); on the log-SNR default 3.3e-3 / 1.3e-2 and 1.0e-2 / 4.6e-3
      // (including the final denoiser jump from sigma(tLow)^2 = a 1e-3, 0.8% shrinkage at a = 2). Bound 2e-2.
      const p = stochasticInterpolant({ a });
      expect(p.defaultSpacing).toBe("logsnr");
      const v = 0.25;
      const gi = gaussianScore([0.3], v);
      const xs = [-2, 0.5, 1.5];
      const xT = tf.tensor2d(xs, [3, 1]);
      for (const name of ["heun", "dpm-solver++2m"]) {
        const r = samplers.get(name).run(gi.model(p), xT, { steps: 20 });
        const t0 = r.grid[0]!;
        const k = Math.sqrt(v / (p.alpha(t0) ** 2 * v + p.sigma(t0) ** 2));
        const out = r.samples.dataSync();
        xs.forEach((x, i) => {
          expect(Math.abs(out[i]! - (0.3 + k * (x - p.alpha(t0) * 0.3)))).toBeLessThan(2e-2);
        });
        r.samples.dispose();
      }
      xT.dispose();
      gi.dispose();
    },
  );

  it("predictor-corrector on sub-VP with an eps model: the Langevin score keeps its precision near the data", () => {
    // sub-VP has sigma(1e-3) = 1.1e-4; the corrector's score was formed from D as (alpha D - x) / sigma^2,
    // pure float32 noise there, and the Langevin steps inflated the variance of N(0.5, 0.3) to 0.44 at 200
    // steps (0.58 at 800). From the eps prediction (score = -eps / sigma) it measured 0.316, the same as on
    // VP-linear (0.3155): PC's own Langevin bias with snr = 0.16 (stationary variance v / (1 - e / 2v), ~5%).
    // n = 4000: standard error of the variance 0.3 sqrt(2/n) = 2.2%; bound |var / 0.3 - 1| < 0.12
    // (5% bias + 3 standard errors), far from the former +47%.
    const gi = gaussianScore([0.5], 0.3);
    const n = 4000;
    const r = sample(gi.model(subVp(), "eps"), {
      sampler: "predictor-corrector",
      steps: 200,
      n,
      shape: [1],
      rng: prng(3),
    });
    const x = r.samples.dataSync();
    let mu = 0;
    for (const xi of x) mu += xi / n;
    let v2 = 0;
    for (const xi of x) v2 += (xi - mu) ** 2 / (n - 1);
    console.log(JSON.stringify({ sampler: "predictor-corrector", path: "sub-vp", mean: mu, variance: v2 }));
    expect(Math.abs(v2 / 0.3 - 1)).toBeLessThan(0.12);
    expect(Math.abs(mu - 0.5)).toBeLessThan(4 * Math.sqrt(0.3 / n) + 0.01);
    r.samples.dispose();
    gi.dispose();
  });

  it("an explicit grid starting at alpha = 0 (flow, t = 1): samplers dividing by alpha start at sdeTMax", () => {
    // Before: edm-heun / euler-maruyama / predictor-corrector used grid[0] = 1 as given (sigma~ = sigma/alpha =
    // inf, f = alpha'/alpha = -inf) and returned NaN samples; now grid[0] moves to path.sdeTMax = 0.99, as
    // without a grid. edm-heun on log-SNR grids to t = 0.02, max error against the exact map from 0.99:
    // measured 2.4e-2 / 5.7e-3 at 32 / 64 steps (order 2). We require the order (ratio > 3) and 1.75x the
    // measured 64-step error.
    const p = flowLinear();
    const xT = prng(8).normal([32, d]);
    const ref = exactMap(p, xT.dataSync(), p.sdeTMax, 0.02);
    const errOf = (steps: number) => {
      const grid = timeGrid(p, steps, { spacing: "logsnr", tEnd: 0.02 });
      expect(grid[0]).toBe(1);
      const r = samplers.get("edm-heun").run(g.model(p), xT, { steps, grid });
      expect(r.status).toBe("success");
      expect(r.grid[0]).toBe(p.sdeTMax);
      const out = r.samples.dataSync();
      let err = 0;
      for (let i = 0; i < out.length; i++) err = Math.max(err, Math.abs(out[i]! - ref[i]!));
      r.samples.dispose();
      return err;
    };
    const [e32, e64] = [errOf(32), errOf(64)];
    expect(e32 / e64).toBeGreaterThan(3);
    expect(e64).toBeLessThan(1e-2);
    const grid = timeGrid(p, 32, { spacing: "logsnr", tEnd: 0.02 });
    for (const name of ["euler-maruyama", "predictor-corrector", "edm-stochastic", "dpm-solver-2"]) {
      const q = samplers.get(name).run(g.model(p), xT, { steps: 32, grid, rng: prng(1) });
      expect(q.status).toBe("success");
      expect(q.grid[0]).toBe(p.sdeTMax);
      q.samples.dispose();
    }
    // A grid whose second time is already at or past sdeTMax starts at that time (one step fewer), as every
    // sampler dividing by alpha does without a grid; a one-step grid is kept as given.
    const shifted = samplers
      .get("dpm-solver++2m")
      .run(g.model(p), xT, { steps: 3, grid: [1, 0.995, 0.5, 0] });
    expect(shifted.grid).toEqual([0.995, 0.5, 0]);
    expect(shifted.status).toBe("success");
    shifted.samples.dispose();
    xT.dispose();
  });

  it("a uniform flow grid of >= 100 steps (1, 0.99, …) runs on every sampler dividing by alpha", () => {
    // Before: grid[1] = 0.99 = sdeTMax kept grid[0] = 1 (alpha = 0) and euler-maruyama, predictor-corrector,
    // edm-heun, dpm-solver-2 and unipc returned NaN with status "failed" (the demo's reverse-process page builds
    // such grids). Now they start at 0.99. The ODE samplers follow the exact map from 0.99 to 0: measured max
    // errors on 32 samples 2.9e-4 (unipc), 3.4e-4 (dpm-solver-2), 8.8e-4 (edm-heun); bound 5e-3, far below the
    // O(1) error of a wrong start time or a NaN. The stochastic samplers must give finite samples.
    const p = flowLinear();
    const xT = prng(9).normal([32, d]);
    const grid = timeGrid(p, 100, {});
    expect(grid.slice(0, 2)).toEqual([1, 0.99]);
    const ref = exactMap(p, xT.dataSync(), p.sdeTMax, 0);
    for (const name of [
      "edm-heun",
      "dpm-solver-2",
      "unipc",
      "euler-maruyama",
      "predictor-corrector",
      "ddpm",
    ]) {
      const r = samplers.get(name).run(g.model(p), xT, { steps: 100, grid, rng: prng(2) });
      expect(r.status, name).toBe("success");
      expect(r.grid[0], name).toBe(p.sdeTMax);
      const out = r.samples.dataSync();
      expect(out.every(Number.isFinite), name).toBe(true);
      if (!samplers.get(name).stochastic) {
        let err = 0;
        for (let i = 0; i < out.length; i++) err = Math.max(err, Math.abs(out[i]! - ref[i]!));
        expect(err, name).toBeLessThan(5e-3);
      }
      r.samples.dispose();
    }
    xT.dispose();
  });

  it("sample() draws the prior where unipc starts (sdeTMax on flows), like dpm-solver++2m", () => {
    // unipc starts flows at sdeTMax = 0.99 but sample() drew its prior at t = 1 (std 1 instead of
    // sqrt(alpha^2 + sigma^2) = 0.990), so samples were ~1% too spread: max difference to dpm-solver++2m (same
    // prior stream, 40 steps) was 4.1e-2; now 3.2e-3 (the two solvers' own discretisation errors,
    // dpm-solver-3 differs from dpm-solver++2m by 7e-3). Bound 1.5e-2.
    const p = flowLinear();
    const run = (sampler: string) => {
      const r = sample(g.model(p), { sampler, steps: 40, n: 256, shape: [d], rng: prng(11) });
      expect(r.grid[0]).toBe(p.sdeTMax);
      const out = r.samples.dataSync().slice();
      r.samples.dispose();
      return out;
    };
    const u = run("unipc");
    const ref = run("dpm-solver++2m");
    let err = 0;
    for (let i = 0; i < u.length; i++) err = Math.max(err, Math.abs(u[i]! - ref[i]!));
    expect(err).toBeLessThan(1.5e-2);
  });

  it("log-SNR / Karras grids need tMax > path.tLow when they end at sigma = 0", () => {
    // Before: timeGrid(vpLinear(), 5, { tMax: 5e-4 }) = [5e-4, 5e-4, 5e-4, 5e-4, 5e-4, 0] and the multistep
    // solvers divided by a zero log-SNR step (NaN samples, status "failed").
    const p = vpLinear();
    expect(() => timeGrid(p, 5, { tMax: 5e-4 })).toThrow(
      /timeGrid: logsnr spacing ending at sigma = 0 needs options.tMax \(0.0005\) > path.tLow \(0.001\)/,
    );
    expect(() =>
      sample(g.model(p), { sampler: "dpm-solver++2m", steps: 5, n: 2, shape: [d], rng: prng(0), tMax: 1e-3 }),
    ).toThrow(/needs options.tMax \(0.001\) > path.tLow/);
    expect(timeGrid(p, 1, { tMax: 5e-4 })).toEqual([5e-4, 0]);
    expect(timeGrid(p, 2, { tMax: 5e-4, spacing: "uniform" })).toEqual([5e-4, 2.5e-4, 0]);
  });

  it("bad input names the argument: non-finite xT, unknown prediction, rk45 options, EDM / PC options", () => {
    const model = g.model(vpLinear());
    const xNaN = tf.tensor2d([
      [Number.NaN, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const x = tf.zeros([2, d]);
    for (const name of samplers.names())
      expect(() => samplers.get(name).run(model, xNaN, { steps: 3, rng: prng(0) })).toThrow(
        new RegExp(`${name.replace(/\+/g, "\\+")}: xT contains 1 non-finite value`),
      );
    const noisy = { ...model, prediction: "noise" } as unknown as DiffusionModel;
    expect(() => samplers.get("ddim").run(noisy, x, { steps: 3 })).toThrow(
      /ddim: model: prediction must be one of eps, x0, v, score, velocity, received noise/,
    );
    const rk45 = samplers.get("rk45");
    expect(() => rk45.run(model, x, { steps: -1 })).toThrow(/rk45: options.steps .* received -1/);
    expect(() => rk45.run(model, x, { steps: 2.5 })).toThrow(/received 2.5/);
    expect(() => rk45.run(model, x, { steps: 3, atol: Infinity })).toThrow(
      /rk45: options.rtol and atol must be finite numbers > 0, received 0.0001, Infinity/,
    );
    expect(() => rk45.run(model, x, { steps: 3, tMax: 5 })).toThrow(/rk45: options.tMax must be in \[0, 1\]/);
    expect(() => rk45.run(model, x, { steps: 3, tMax: 0.5, tEnd: 0.9 })).toThrow(
      /rk45: options.tEnd \(0.9\) must be < tMax \(0.5\)/,
    );
    expect(() =>
      samplers.get("edm-stochastic").run(model, x, { steps: 3, rng: prng(0), sNoise: Number.NaN }),
    ).toThrow(/options.sNoise must be a finite number >= 0, received NaN/);
    // options.order was silently ignored by the DPM-Solver samplers (their order is in the name).
    expect(() => samplers.get("dpm-solver++2m").run(model, x, { steps: 3, order: 3 })).toThrow(
      /dpm-solver\+\+2m: options.order is fixed to 2 by the sampler's name, received 3/,
    );
    expect(() => samplers.get("dpm-solver-3").run(model, x, { steps: 3, order: 1 })).toThrow(
      /dpm-solver-3: options.order is fixed to 3/,
    );
    const same = samplers.get("dpm-solver-2").run(model, x, { steps: 3, order: 2 });
    same.samples.dispose();
    expect(() =>
      samplers.get("predictor-corrector").run(model, x, { steps: 3, rng: prng(0), snr: Infinity }),
    ).toThrow(/options.snr must be a finite number > 0, received Infinity/);
    expect(() =>
      sample(model, { sampler: "ddim", steps: 3, n: 2, shape: [d], rng: prng(0), tMax: Number.NaN }),
    ).toThrow(/sample: options.tMax must be in \[0, 1\] for path 'vp-linear', received NaN/);
    tf.dispose([xNaN, x]);
  });

  it("a model / data dimension mismatch is a clear error and sample() leaks nothing when a sampler throws", async () => {
    const model = g.model(vpLinear());
    for (const name of ["ddim", "dpm-solver++2m", "unipc", "rk45", "edm-heun"])
      await expectNoLeaks(() => {
        expect(() => sample(model, { sampler: name, steps: 3, n: 4, shape: [3], rng: prng(0) })).toThrow(
          /gmmScore: x has shape \[4,3\] \(3 values per row\) but the mixture has dimension 4/,
        );
      });
  });

  it("rk45 gives up fast on a non-finite model (was 20000 rejected attempts, ~1.2e5 NFE)", () => {
    const nanModel: DiffusionModel = {
      path: vpLinear(),
      prediction: "eps",
      apply: (x) => tf.fill(x.shape, Number.NaN),
    };
    const xT = tf.zeros([2, d]);
    const r = samplers.get("rk45").run(nanModel, xT, { steps: 4 });
    expect(r.status).toBe("failed");
    expect(r.message).toMatch(/non-finite velocity at t=1/);
    // 31 rejected attempts x 6 stages (7 with FSAL-free dopri5 evaluating all stages).
    expect(r.nfe).toBeLessThan(250);
    tf.dispose([xT, r.samples]);
  });
});
