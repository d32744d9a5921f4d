import { readFileSync } from "node:fs";
import { prng, type Rng } from "@continuum/core-tensor";
import { describe, expect, it } from "vitest";
import { type LightSbParams, lightSB, lightSbLossAndGrad } from "./light-sb.js";
import { gaussianEntropicCoupling, gaussianSchrodingerBridge } from "./schrodinger-bridge.js";

interface Case {
  name: string;
  meanA: number[];
  covA: number[][];
  meanB: number[];
  covB: number[][];
  eps: number;
  crossCov: number[][];
}
const fixture = JSON.parse(
  readFileSync(new URL("../test/fixtures/entropic_gaussian.json", import.meta.url), "utf8"),
) as { cases: Case[] };

/** n rows of N(mean, cov) via the Cholesky factor, as number[][]. */
function gaussianRows(mean: number[], cov: number[][], n: number, rng: Rng): number[][] {
  const d = mean.length;
  const L = cov.map((r) => r.map(() => 0));
  for (let j = 0; j < d; j++) {
    let s = cov[j]![j]!;
    for (let m = 0; m < j; m++) s -= L[j]![m]! ** 2;
    L[j]![j] = Math.sqrt(s);
    for (let i = j + 1; i < d; i++) {
      let t = cov[i]![j]!;
      for (let m = 0; m < j; m++) t -= L[i]![m]! * L[j]![m]!;
      L[i]![j] = t / L[j]![j]!;
    }
  }
  return Array.from({ length: n }, () => {
    const z = mean.map(() => rng.nextNormal());
    return mean.map((m, i) => m + L[i]!.reduce((s, l, k) => s + l * z[k]!, 0));
  });
}

const cross0 = (a: number[][], b: Float64Array) =>
  Array.from(crossStats(a, b, 1).cross).concat(Array.from(crossStats(a, b, 1).covB));

/** Sample mean of `b` and cross-covariance E[(a - ma)(b - mb)^T], row-major. */
function crossStats(a: number[][], b: Float64Array, d: number) {
  const n = a.length;
  const ma = new Float64Array(d);
  const mb = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < d; k++) {
      ma[k] += a[i]![k]! / n;
      mb[k] += b[i * d + k]! / n;
    }
  const cross = new Float64Array(d * d);
  const covB = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      for (let k = 0; k < d; k++) {
        cross[j * d + k] += ((a[i]![j]! - ma[j]!) * (b[i * d + k]! - mb[k]!)) / (n - 1);
        covB[j * d + k] += ((b[i * d + j]! - mb[j]!) * (b[i * d + k]! - mb[k]!)) / (n - 1);
      }
  return { mb, cross, covB };
}

describe("closed-form entropic OT between Gaussians", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    "%s matches the scipy / grid-Sinkhorn reference",
    (_n, c) => {
      const C = gaussianEntropicCoupling(c.covA.flat(), c.covB.flat(), c.eps);
      // The generator checks Janati's formula against log-domain Sinkhorn on fine grids (agreement ~1e-7); our
      // float64 evaluation of the same formula goes through a symmetric eigensolver, so 1e-9 absolute.
      const err = Math.max(...Array.from(C, (v, k) => Math.abs(v - c.crossCov.flat()[k]!)));
      expect(err).toBeLessThan(1e-9);
      if (c.meanA.length === 1)
        expect(
          gaussianSchrodingerBridge(c.covA[0]![0]!, c.covB[0]![0]!, c.eps).couplingCovariance,
        ).toBeCloseTo(C[0]!, 12);
    },
  );
  it("rejects bad arguments", () => {
    expect(() => gaussianEntropicCoupling([1, 0, 0], [1], 1)).toThrow(
      /covA must be a row-major d x d matrix, received 3/,
    );
    expect(() => gaussianEntropicCoupling([1], [1, 0, 0, 1], 1)).toThrow(
      /covB must have 1 entries like covA, received 4/,
    );
    expect(() => gaussianEntropicCoupling([1], [1], 0)).toThrow(
      /eps must be a finite number > 0, received 0/,
    );
    expect(() => gaussianEntropicCoupling([-1], [1], 1)).toThrow(/covA must be positive definite/);
    // Were accepted: covB = [-1] gave -0.5; a NaN reached the eigensolver; an asymmetric matrix was used as is.
    expect(() => gaussianEntropicCoupling([1], [-1], 1)).toThrow(
      /covB must be positive semi-definite, its smallest eigenvalue is -1/,
    );
    expect(() => gaussianEntropicCoupling([1], [Number.NaN], 1)).toThrow(
      /covB must be a finite symmetric matrix \(entry 0,0 = NaN/,
    );
    expect(() => gaussianEntropicCoupling([1, 0.5, 0, 1], [1, 0, 0, 1], 1)).toThrow(
      /covA must be a finite symmetric matrix \(entry 0,1 = 0.5, entry 1,0 = 0\)/,
    );
    // A singular (PSD) covB is fine: a point mass in one direction.
    expect(gaussianEntropicCoupling([1, 0, 0, 1], [1, 0, 0, 0], 1)[3]).toBeCloseTo(0, 12);
  });
});

describe("LightSB", () => {
  it("loss gradient equals central finite differences (full S_k, d = 2, K = 3)", () => {
    const d = 2;
    const K = 3;
    const rng = prng(0);
    const p: LightSbParams = {
      logAlpha: Float64Array.from(rng.normalArray(K)),
      r: Float64Array.from(rng.normalArray(K * d)),
      L: new Float64Array(K * d * d),
    };
    for (let k = 0; k < K; k++) {
      p.L[k * 4] = 0.8 + 0.3 * k;
      p.L[k * 4 + 2] = 0.2 * (k - 1);
      p.L[k * 4 + 3] = 1.1 - 0.2 * k;
    }
    const x0 = Float64Array.from(rng.normalArray(20 * d));
    const x1 = Float64Array.from(rng.normalArray(30 * d, 0.5, 1.5));
    const eps = 0.7;
    const { gLogAlpha, gR, gL } = lightSbLossAndGrad(p, x0, x1, d, eps);
    const h = 1e-6;
    const fd = (arr: Float64Array, i: number) => {
      const v = arr[i]!;
      arr[i] = v + h;
      const up = lightSbLossAndGrad(p, x0, x1, d, eps).loss;
      arr[i] = v - h;
      const dn = lightSbLossAndGrad(p, x0, x1, d, eps).loss;
      arr[i] = v;
      return (up - dn) / (2 * h);
    };
    // Central differences in float64 with h = 1e-6: truncation O(h^2) and round-off O(1e-16 / h) ~ 1e-10.
    for (let k = 0; k < K; k++) expect(gLogAlpha[k]).toBeCloseTo(fd(p.logAlpha, k), 7);
    for (let i = 0; i < K * d; i++) expect(gR[i]).toBeCloseTo(fd(p.r, i), 7);
    for (let k = 0; k < K; k++)
      for (const i of [0, 2, 3]) expect(gL[k * 4 + i]).toBeCloseTo(fd(p.L, k * 4 + i), 7);
  });

  // Monte Carlo tolerance. Training sets of 20 000 samples per side and 20 000 fresh evaluation pairs: the
  // sample (co)variances have relative standard errors ~ sqrt(2 / 20000) = 1% each (training set and evaluation),
  // and the fitted bridge adds its optimisation error; we allow 6% of the matrix scale (about 4 standard errors).
  const cases: [string, Case, number][] = [
    ["N(0,1) -> N(0,4), eps = 1", fixture.cases[0]!, 2],
    ["N(0,2) -> N(0,0.5), eps = 0.5", fixture.cases[2]!, 2],
    ["2-D anisotropic with means, eps = 1", fixture.cases[3]!, 3],
  ];
  it.each(cases)("%s: coupling statistics match the closed-form Gaussian bridge", (_n, c, K) => {
    const d = c.meanA.length;
    const train0 = gaussianRows(c.meanA, c.covA, 20000, prng(1));
    const train1 = gaussianRows(c.meanB, c.covB, 20000, prng(2));
    const sb = lightSB(train0, train1, {
      epsilon: c.eps,
      components: K,
      steps: 1000,
      batchSize: 256,
      rng: prng(3),
    });
    expect(sb.history.at(-1)!).toBeLessThan(sb.history[0]!);
    const test0 = gaussianRows(c.meanA, c.covA, 20000, prng(4));
    const x1 = sb.sampleTarget(test0, prng(5));
    const { mb, cross, covB } = crossStats(test0, x1, d);
    const scale = Math.max(...c.covB.flat().map(Math.abs));
    const ref = c.crossCov.flat();
    const report = { cross: Array.from(cross), ref, covB: Array.from(covB), mb: Array.from(mb) };
    console.log(JSON.stringify(report));
    for (let i = 0; i < d * d; i++) {
      expect(Math.abs(cross[i]! - ref[i]!)).toBeLessThan(0.06 * scale);
      expect(Math.abs(covB[i]! - c.covB.flat()[i]!)).toBeLessThan(0.06 * scale);
    }
    for (let k = 0; k < d; k++) expect(Math.abs(mb[k]! - c.meanB[k]!)).toBeLessThan(0.06 * Math.sqrt(scale));
  });

  it("bridge marginal at t = 1/2 and the Euler-Maruyama SDE with the learned drift agree with the closed form", () => {
    const c = fixture.cases[0]!;
    const sb = lightSB(gaussianRows([0], [[1]], 20000, prng(1)), gaussianRows([0], [[4]], 20000, prng(2)), {
      epsilon: 1,
      components: 2,
      steps: 1000,
      batchSize: 256,
      rng: prng(3),
    });
    const gb = gaussianSchrodingerBridge(1, 4, 1);
    const x0 = gaussianRows([0], [[1]], 8000, prng(6));
    const mid = sb.sampleBridge(x0, 0.5, prng(7));
    const v = mid.reduce((s, y) => s + y * y, 0) / mid.length;
    // Var X_1/2 = 1.78; MC standard error sqrt(2/8000) = 1.6% plus fit error: 6%.
    expect(Math.abs(v - gb.marginalVariance(0.5))).toBeLessThan(0.06 * gb.marginalVariance(0.5));
    // 50 Euler-Maruyama steps: weak error O(h) = 2% plus the Monte Carlo error above.
    const xT = sb.sampleSde(x0, { steps: 50, rng: prng(8) });
    console.log(JSON.stringify({ v, sdeCross: cross0(x0, xT) }));
    const { cross, covB } = crossStats(x0, xT, 1);
    expect(Math.abs(cross[0]! - c.crossCov[0]![0]!)).toBeLessThan(0.06 * 4);
    expect(Math.abs(covB[0]! - 4)).toBeLessThan(0.06 * 4);
    // At t = 0 the drift is E[x1 | x0] - x0, the conditional plan's mean: S x0 + r - x0 (= (C - 1) x0 here).
    const g0 = sb.drift(0, [[1]]);
    expect(Math.abs(g0[0]! - (c.crossCov[0]![0]! - 1))).toBeLessThan(0.1);
    expect(() => sb.drift(1.5, [[0]])).toThrow(/t must be in \[0, 1\], received 1.5/);
    expect(() => sb.sampleSde([[0]], { steps: 0, rng: prng(0) })).toThrow(
      /steps must be an integer >= 1, received 0/,
    );
    expect(() => sb.sampleTarget([[0, 1]], prng(0))).toThrow(/x0 must have 1 columns, received 2/);
    expect(() => lightSB([[0]], [[0, 1]], { epsilon: 1, rng: prng(0) })).toThrow(
      /x0 has dimension 1 but x1 has 2/,
    );
    expect(() => lightSB([[0]], [[0]], { epsilon: -1, rng: prng(0) })).toThrow(
      /options.epsilon must be a finite number > 0, received -1/,
    );
  });
});
