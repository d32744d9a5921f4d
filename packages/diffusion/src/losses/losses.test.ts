import { prng, ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { gaussianScore } from "../oracles/gmm.js";
import type { DiffusionModel, Prediction } from "../parametrisation.js";
import { predictionTarget, predictionToDenoised } from "../parametrisation.js";
import { edm } from "../processes/edm.js";
import { flowLinear } from "../processes/flow.js";
import { stochasticInterpolant } from "../processes/stochastic-interpolant.js";
import { vpLinear } from "../processes/vp.js";
import { dsmLoss } from "./dsm.js";
import { edmLoss } from "./edm-loss.js";
import { cfmLoss, interpolantLoss } from "./flow-matching.js";
import { reflowPairs } from "./reflow.js";

beforeAll(async () => {
  await ready();
});

// Exact model of prediction kind `kind` for 1-D data N(0, v): convert the Gaussian posterior mean.
function exactModel(path: ReturnType<typeof vpLinear>, v: number, kind: Prediction): DiffusionModel {
  const g = gaussianScore([0], v);
  return {
    path,
    prediction: kind,
    apply: (x, t) =>
      tf.tidy(() => {
        const ts = t.dataSync();
        const D = g.denoised(path, x, ts);
        const eps = tf.div(
          tf.sub(
            x,
            tf.mul(
              D,
              tf.tensor2d(
                Float32Array.from(ts, (s) => path.alpha(s)),
                [ts.length, 1],
              ),
            ),
          ),
          tf.tensor2d(
            Float32Array.from(ts, (s) => path.sigma(s)),
            [ts.length, 1],
          ),
        );
        return predictionTarget(path, kind, D, eps, ts);
      }),
  };
}

describe("losses", () => {
  it("prediction conversions round-trip for every kind", () => {
    const p = vpLinear();
    const x0 = prng(0).normal([5, 3]);
    const eps = prng(1).normal([5, 3]);
    const ts = [0.1, 0.3, 0.5, 0.7, 0.9];
    const a = tf.tensor2d(ts.map((t) => [p.alpha(t)]));
    const s = tf.tensor2d(ts.map((t) => [p.sigma(t)]));
    const xt = tf.add(tf.mul(x0, a), tf.mul(eps, s));
    for (const k of ["eps", "x0", "v", "score", "velocity"] as const) {
      const target = predictionTarget(p, k, x0, eps, ts);
      const back = predictionToDenoised(p, k, target, xt, ts);
      expect(tf.max(tf.abs(tf.sub(back, x0))).dataSync()[0]).toBeLessThan(1e-4);
    }
  });

  it("DSM (x0 target) of the exact denoiser equals the mean posterior variance v sigma^2/(alpha^2 v + sigma^2)", () => {
    // For data N(0, v), E|D*(x_t) - x0|^2 = Var(x0 | x_t) exactly; average over t ~ U(tLow, tMax) by quadrature.
    const p = vpLinear();
    const v = 0.5;
    const n = 20000;
    const x0 = prng(2).normal([n, 1], { std: Math.sqrt(v) });
    const loss = dsmLoss(exactModel(p, v, "x0"), x0, { rng: prng(3) }).dataSync()[0]!;
    let q = 0;
    const K = 2000;
    for (let i = 0; i < K; i++) {
      const t = p.tLow + ((i + 0.5) / K) * (p.tMax - p.tLow);
      q += (v * p.sigma(t) ** 2) / (p.alpha(t) ** 2 * v + p.sigma(t) ** 2) / K;
    }
    // MC standard error of a mean of n squared residuals (each ~ c chi2_1, relative sd ~ sqrt(2) plus t-spread):
    // < 1.5% of q at n = 20000; tolerance 5%.
    expect(Math.abs(loss / q - 1)).toBeLessThan(0.05);
    x0.dispose();
  });

  it("the exact model minimises DSM for eps/v/score targets (perturbations increase the loss)", () => {
    const p = vpLinear();
    const x0 = prng(4).normal([4000, 1], { std: Math.sqrt(0.5) });
    for (const k of ["eps", "v", "score"] as const) {
      const exact = exactModel(p, 0.5, k);
      const bumped: DiffusionModel = {
        ...exact,
        apply: (x, t) => tf.tidy(() => tf.add(exact.apply(x, t), 0.1)),
      };
      const l0 = dsmLoss(exact, x0, { rng: prng(5), tRange: [0.1, 0.9] }).dataSync()[0]!;
      const l1 = dsmLoss(bumped, x0, { rng: prng(5), tRange: [0.1, 0.9] }).dataSync()[0]!;
      // Same noise stream, so l1 - l0 = 0.01 + 0.2 E[residual] ~ 0.01 exactly up to the residual-mean MC error.
      expect(l1 - l0).toBeGreaterThan(0.005);
    }
    x0.dispose();
  });

  it("weightings: snr, min-snr, likelihood and custom functions are applied per sample", () => {
    const p = vpLinear();
    const x0 = prng(6).normal([256, 1]);
    const m = exactModel(p, 1, "eps");
    const base = dsmLoss(m, x0, { rng: prng(7), weighting: (_t, _a, _s) => 2 }).dataSync()[0]!;
    const one = dsmLoss(m, x0, { rng: prng(7) }).dataSync()[0]!;
    expect(base).toBeCloseTo(2 * one, 5);
    for (const w of ["snr", "min-snr", "likelihood"] as const)
      expect(Number.isFinite(dsmLoss(m, x0, { rng: prng(7), weighting: w }).dataSync()[0]!)).toBe(true);
    expect(() => dsmLoss(m, x0, { rng: prng(7), weighting: "p2" as never })).toThrow(
      /unknown options.weighting 'p2'/,
    );
    x0.dispose();
  });

  it("EDM loss of the exact denoiser equals E[lambda(sigma) Var(x0|x_t)] = E[(s^2+sd^2)/(s^2 sd^2) * v s^2/(v+s^2)]", () => {
    // With sd^2 = v the integrand is exactly 1/ sd^2 * ... = 1 for every sigma: (s^2+v)/(s^2 v) * v s^2/(v+s^2) = 1.
    const p = edm();
    const v = 0.25;
    const x0 = prng(8).normal([20000, 1], { std: 0.5 });
    const g = gaussianScore([0], v);
    const loss = edmLoss(g.model(p), x0, { rng: prng(9), sigmaData: 0.5 }).dataSync()[0]!;
    // Each term is lambda * (residual^2) with mean 1 and relative sd sqrt(2): SE ~ 1%; tolerance 5%.
    expect(Math.abs(loss - 1)).toBeLessThan(0.05);
    expect(() => edmLoss(g.model(vpLinear()), x0, { rng: prng(1) })).toThrow(/must be an 'edm' path/);
    x0.dispose();
  });

  it("CFM: exact velocity reaches the conditional-variance floor; OT coupling lowers it; interpolant loss runs", async () => {
    const p = flowLinear();
    const g = gaussianScore([0], 0.25);
    const model: DiffusionModel = {
      path: p,
      prediction: "velocity",
      apply: (x, t) =>
        tf.tidy(() => {
          const ts = t.dataSync();
          const D = g.denoised(p, x, ts);
          const tt = tf.tensor2d(Float32Array.from(ts), [ts.length, 1]);
          const eps = tf.div(tf.sub(x, tf.mul(D, tf.sub(1, tt))), tt);
          return tf.sub(eps, D);
        }),
    };
    const x0 = prng(10).normal([512, 1], { std: 0.5 });
    const ind = cfmLoss(model, x0, { rng: prng(11) }).dataSync()[0]!;
    // For independent pairs, E|x1 - x0 - E[x1 - x0 | x_t]|^2 = E Var(x1 - x0 | x_t) = int (v + 1) - (...)^2 ... > 0.
    expect(ind).toBeGreaterThan(0.05);
    const zero: DiffusionModel = { ...model, apply: (x) => tf.zerosLike(x) };
    const otZero = cfmLoss(zero, x0, { rng: prng(11), coupling: "exact" }).dataSync()[0]!;
    const indZero = cfmLoss(zero, x0, { rng: prng(11) }).dataSync()[0]!;
    // OT pairs are monotone (sorted) in 1-D: E|x1 - x0|^2 = W2^2(N(0, 1/4), N(0, 1)) = (1 - 1/2)^2 = 0.25,
    // vs 1.25 for independent pairs (MC error at n = 512 ~ 5%).
    expect(otZero).toBeLessThan(0.35);
    expect(indZero).toBeGreaterThan(1.0);
    const si = stochasticInterpolant();
    const l = await expectNoLeaks(() => {
      const out = interpolantLoss({ path: si, prediction: "velocity", apply: (x) => tf.zerosLike(x) }, x0, {
        rng: prng(12),
      });
      const val = out.dataSync()[0]!;
      out.dispose();
      return val;
    });
    expect(l).toBeGreaterThan(0);
    expect(() => cfmLoss({ ...model, prediction: "eps" }, x0, { rng: prng(1) })).toThrow(
      /must be 'velocity', received 'eps'/,
    );
    expect(() => cfmLoss(model, x0, { rng: prng(1), x1: tf.zeros([3, 1]) })).toThrow(
      /options.x1 has shape \[3,1\]/,
    );
    x0.dispose();
  });

  it("bad input names the argument: missing rng, non-finite x0, x1 shape, minSnrGamma, EDM log-normal", () => {
    const x0 = tf.zeros([4, 2]);
    const vel = (p: DiffusionModel["path"]): DiffusionModel => ({
      path: p,
      prediction: "velocity",
      apply: (x) => tf.clone(x),
    });
    const eps: DiffusionModel = { path: vpLinear(), prediction: "eps", apply: (x) => tf.clone(x) };
    // Before: a TypeError ("Cannot read properties of undefined (reading 'uniformArray')").
    for (const [name, f] of [
      ["dsmLoss", () => dsmLoss(eps, x0, undefined as never)],
      ["edmLoss", () => edmLoss({ ...eps, path: edm() }, x0, {} as never)],
      ["cfmLoss", () => cfmLoss(vel(flowLinear()), x0, {} as never)],
      ["interpolantLoss", () => interpolantLoss(vel(stochasticInterpolant()), x0, {} as never)],
    ] as const)
      expect(f).toThrow(new RegExp(`${name}: options.rng \\(a prng stream\\) is required`));
    // Before: a NaN loss.
    const bad = tf.tensor2d([
      [Number.NaN, 0],
      [0, 0],
    ]);
    expect(() => dsmLoss(eps, bad, { rng: prng(0) })).toThrow(/dsmLoss: x0 contains 1 non-finite value/);
    expect(() => cfmLoss(vel(flowLinear()), bad, { rng: prng(0) })).toThrow(/cfmLoss: x0 contains 1/);
    // Before: x1 of shape [1, 2] broadcast silently over the batch; [4, 3] failed inside tf.addN.
    for (const shape of [
      [1, 2],
      [4, 3],
    ]) {
      const x1 = tf.zeros(shape);
      expect(() => interpolantLoss(vel(stochasticInterpolant()), x0, { rng: prng(0), x1 })).toThrow(
        new RegExp(`interpolantLoss: options.x1 has shape \\[${shape}\\], expected \\[4,2\\]`),
      );
      x1.dispose();
    }
    // Before: a negative loss (min(snr, -1) = -1) and a NaN loss.
    expect(() => dsmLoss(eps, x0, { rng: prng(0), weighting: "min-snr", minSnrGamma: -1 })).toThrow(
      /dsmLoss: options.minSnrGamma must be a finite number > 0, received -1/,
    );
    expect(() => edmLoss({ ...eps, path: edm() }, x0, { rng: prng(0), pStd: Number.NaN })).toThrow(
      /edmLoss: options.pStd must be a finite number >= 0, received NaN/,
    );
    tf.dispose([x0, bad]);
  });

  it("reflow pairs are deterministic ODE couplings and data-dimension mismatch is reported", () => {
    const p = flowLinear();
    const g = gaussianScore([1], 0.25);
    const x1 = prng(13).normal([16, 1]);
    const { x0, x1: x1c } = reflowPairs(g.model(p), x1, { steps: 20, sampler: "heun" });
    // Gaussian to Gaussian: the PF-ODE map is affine x0 = 1 + 0.5 x1.
    const a = x0.dataSync();
    const b = x1.dataSync();
    for (let i = 0; i < 16; i++) expect(Math.abs(a[i]! - (1 + 0.5 * b[i]!))).toBeLessThan(5e-3);
    const bad: DiffusionModel = { path: p, prediction: "x0", apply: () => tf.zeros([16, 3]) };
    expect(() => dsmLoss(bad, x1, { rng: prng(1) })).toThrow(
      /data dimension of the model and the data must match/,
    );
    tf.dispose([x1, x0, x1c]);
  });
});
