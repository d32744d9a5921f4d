import { ready } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { rspec } from "../internal/real-spectrum.js";
import { antiderivativeDataset } from "./antiderivative.js";
import { burgersDataset } from "./burgers-dataset.js";
import { darcyDataset, solveDarcy } from "./darcy.js";
import { datasetGenerators, datasetTensors, generateDataset } from "./dataset.js";
import { grf1d, grf2d, grfEigenvalue } from "./grf.js";
import { advectionSolution, heatSolution } from "./linear-pdes.js";
import "../register-datasets.js";

beforeAll(async () => {
  await ready();
});

describe("Gaussian random fields", () => {
  it("1-D periodogram matches the (-Δ + τ²)^(-α) spectrum", () => {
    const spectrum = { kind: "fno" as const, alpha: 2, tau: 3, sigma: 2 };
    const S = 64;
    const n = 400;
    const u = grf1d({ n, resolution: S, spectrum, seed: 1 });
    for (let k = 1; k <= 8; k++) {
      let acc = 0;
      for (let i = 0; i < n; i++) {
        const { re, im } = rspec(u.slice(i * S, (i + 1) * S));
        acc += (re[k]! ** 2 + im[k]! ** 2) / S ** 2;
      }
      // |X_k|²/S² is μ_k·Exp(1): the mean of 400 has relative std 5%; 20% is a 4σ bound.
      expect(acc / n / grfEigenvalue(spectrum, k * k, 1)).toBeGreaterThan(0.8);
      expect(acc / n / grfEigenvalue(spectrum, k * k, 1)).toBeLessThan(1.2);
    }
    // zero mean mode
    expect(Math.abs(rspec(u.slice(0, S)).re[0]!)).toBeLessThan(1e-9);
  });

  it("2-D periodic periodogram matches the spectrum; Matérn has pointwise variance σ²", () => {
    const spectrum = { kind: "fno" as const, alpha: 2, tau: 3 };
    const S = 16;
    const n = 200;
    const u = grf2d({ n, resolution: S, spectrum, seed: 2 });
    for (const [k1, k2] of [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ] as const) {
      let acc = 0;
      for (let i = 0; i < n; i++) {
        let re = 0;
        let im = 0;
        for (let a = 0; a < S; a++)
          for (let b = 0; b < S; b++) {
            const th = (-2 * Math.PI * (k1 * a + k2 * b)) / S;
            const v = u[i * S * S + a * S + b]!;
            re += v * Math.cos(th);
            im += v * Math.sin(th);
          }
        acc += (re * re + im * im) / S ** 4;
      }
      // Mean of 200 Exp(μ) draws: relative std 7%; 30% is a 4σ bound.
      const ratio = acc / n / grfEigenvalue(spectrum, k1 * k1 + k2 * k2, 2);
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.3);
    }
    const m = grf1d({
      n: 300,
      resolution: 64,
      spectrum: { kind: "matern", nu: 1.5, lengthScale: 0.2, sigma: 2 },
      seed: 3,
    });
    const variance = m.reduce((s, v) => s + v * v, 0) / m.length;
    // 300 fields of ~5 correlation lengths each: the variance estimate has ~10% std; 30% bound.
    expect(variance / 4).toBeGreaterThan(0.7);
    expect(variance / 4).toBeLessThan(1.3);
    expect(() => grf1d({ n: 1, resolution: 8, spectrum: { kind: "rbf" } as never })).toThrow(
      /"fno" or "matern"/,
    );
    // zeroMean: "no" was truthy (mean mode dropped) although it reads as a request to keep it.
    const fno = { kind: "fno" as const, alpha: 2, tau: 5 };
    expect(() => grf1d({ n: 1, resolution: 8, spectrum: fno, zeroMean: "no" as never })).toThrow(
      /grf1d: options.zeroMean must be true or false, received "no"/,
    );
    expect(() => grf2d({ n: 1, resolution: 8, spectrum: fno, zeroMean: 0 as never })).toThrow(
      /grf2d: options.zeroMean must be true or false, received 0/,
    );
  });
});

describe("heat and advection (analytic solutions)", () => {
  const S = 32;
  const x = Float64Array.from({ length: S }, (_, j) => j / S);
  it("heat: each mode decays as exp(-κ(2πk)²T)", () => {
    const u0 = x.map((v) => Math.sin(2 * Math.PI * v) + 0.5 * Math.cos(6 * Math.PI * v));
    const kappa = 0.01;
    const T = 0.7;
    const uT = heatSolution(u0, kappa, T);
    const exact = x.map(
      (v) =>
        Math.exp(-kappa * 4 * Math.PI ** 2 * T) * Math.sin(2 * Math.PI * v) +
        0.5 * Math.exp(-kappa * 36 * Math.PI ** 2 * T) * Math.cos(6 * Math.PI * v),
    );
    // float64 FFT round trip of O(1) data: 1e-12.
    uT.forEach((v, i) => {
      expect(Math.abs(v - exact[i]!)).toBeLessThan(1e-12);
    });
    expect(() => heatSolution(u0, -1, 1)).toThrow(/kappa and T must be non-negative/);
  });
  it("advection: a shift by whole grid cells is a roll; a sine moves exactly", () => {
    const u0 = grf1d({ n: 1, resolution: S, spectrum: { kind: "fno", alpha: 2, tau: 5 }, seed: 4 });
    const uT = advectionSolution(u0, 1, 3 / S);
    for (let j = 0; j < S; j++) expect(Math.abs(uT[j]! - u0[(j - 3 + S) % S]!)).toBeLessThan(1e-12);
    const s = advectionSolution(
      x.map((v) => Math.sin(2 * Math.PI * v)),
      0.5,
      0.3,
    );
    s.forEach((v, i) => {
      expect(Math.abs(v - Math.sin(2 * Math.PI * (x[i]! - 0.15)))).toBeLessThan(1e-12);
    });
  });
});

describe("heat and advection at other sizes and parameters", () => {
  // u0 = ¼ + Σ_k a_k cos 2πkx + b_k sin 2πkx is its own trigonometric interpolant for k < S/2, so the
  // closed forms e^{−κ(2πk)²T} (heat) and x − cT (advection) are exact up to float64 FFT round-off (~1e-15).
  const modes = [
    [1, 0.7, 0.3],
    [3, -0.2, 0.5],
    [7, 0.1, -0.4],
  ] as const;
  const f = (x: number, t: number, kappa: number, c: number) =>
    modes.reduce((acc, [k, a, b]) => {
      const w = 2 * Math.PI * k;
      const d = Math.exp(-kappa * w * w * t);
      return acc + d * (a * Math.cos(w * (x - c * t)) + b * Math.sin(w * (x - c * t)));
    }, 0.25);
  it.each([16, 17, 31, 100])("S = %i (odd and even, non-power-of-two)", (S) => {
    const x = Float64Array.from({ length: S }, (_, j) => j / S);
    const u0 = x.map((v) => f(v, 0, 0, 0));
    for (const [kappa, T] of [
      [0.1, 0.05],
      [1e-4, 10],
      [0, 1],
      [0.5, 0],
    ] as const) {
      const uT = heatSolution(u0, kappa, T);
      for (let i = 0; i < S; i++) expect(Math.abs(uT[i]! - f(x[i]!, T, kappa, 0))).toBeLessThan(1e-13);
    }
    // Large cT: the phase 2πk·cT is reduced in float64, error grows like k·cT·eps ≈ 1e-13.
    for (const [c, T] of [
      [-2.3, 0.37],
      [0.1, 13.7],
      [1e3, 0.01234],
    ] as const) {
      const uT = advectionSolution(u0, c, T);
      for (let i = 0; i < S; i++) expect(Math.abs(uT[i]! - f(x[i]!, T, 0, c))).toBeLessThan(1e-11);
    }
  });
  it("rejects u0 that is empty, not a Float64Array or not finite, naming it", () => {
    expect(() => heatSolution(new Float64Array(0), 0.1, 1)).toThrow(
      /heatSolution: u0 must be a non-empty Float64Array/,
    );
    expect(() => advectionSolution([1, 2, 3] as never, 1, 0.1)).toThrow(
      /advectionSolution: u0 must be a non-empty Float64Array, received Array/,
    );
    expect(() => heatSolution(Float64Array.from([1, Number.NaN, 2]), 0.1, 1)).toThrow(
      /heatSolution: u0 must be finite, received NaN at index 1/,
    );
  });
});

describe("Darcy flow", () => {
  // Manufactured solution u* = sin(πx) sin(πy) with a = 1 + 0.5 sin(πx) cos(πy), f = -∇·(a∇u*).
  const manufactured = (s: number) => {
    const a = new Float64Array(s * s);
    const f = new Float64Array(s * s);
    const u = new Float64Array(s * s);
    const P = Math.PI;
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        const x = i / (s - 1);
        const y = j / (s - 1);
        const av = 1 + 0.5 * Math.sin(P * x) * Math.cos(P * y);
        const ax = 0.5 * P * Math.cos(P * x) * Math.cos(P * y);
        const ay = -0.5 * P * Math.sin(P * x) * Math.sin(P * y);
        const ux = P * Math.cos(P * x) * Math.sin(P * y);
        const uy = P * Math.sin(P * x) * Math.cos(P * y);
        u[i * s + j] = Math.sin(P * x) * Math.sin(P * y);
        a[i * s + j] = av;
        f[i * s + j] = -(ax * ux + ay * uy) + av * 2 * P * P * u[i * s + j]!;
      }
    return { a, f, u };
  };
  const maxErr = (s: number) => {
    const { a, f, u } = manufactured(s);
    const res = solveDarcy(a, f, s);
    expect(res.status).toBe("ok");
    return res.u.reduce((m, v, i) => Math.max(m, Math.abs(v - u[i]!)), 0);
  };
  it("5-point scheme converges at second order to a manufactured solution", () => {
    const e1 = maxErr(17);
    const e2 = maxErr(33);
    const e3 = maxErr(65);
    expect(e3).toBeLessThan(1e-3);
    // Observed orders log2(e_h / e_{h/2}) within 0.15 of 2 (the scheme is O(h²) for smooth a).
    expect(Math.abs(Math.log2(e1 / e2) - 2)).toBeLessThan(0.15);
    expect(Math.abs(Math.log2(e2 / e3) - 2)).toBeLessThan(0.15);
  });
  it("FNO Darcy data: piecewise-constant a ∈ {3, 12}, positive u vanishing on the boundary", () => {
    let progress = 0;
    const s = 21;
    const { a, u } = darcyDataset({ n: 3, resolution: s, seed: 0, onProgress: (d) => (progress = d) });
    expect(progress).toBe(3);
    expect(new Set(a)).toEqual(new Set([3, 12]));
    for (let i = 0; i < s; i++) expect(u[i]).toBe(0);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0); // maximum principle with f = 1 > 0
    expect(() => solveDarcy(new Float64Array(9).fill(-1), 1, 3)).toThrow(/a must be positive and finite/);
  });
  it("is symmetric under transposition and reflection of the coefficient (exact up to round-off)", () => {
    // The 5-point operator commutes with the grid's transposition and reflections, so u(aᵀ) = u(a)ᵀ, etc.
    const s = 25;
    const g = grf2d({
      n: 1,
      resolution: s,
      spectrum: { kind: "fno", alpha: 2, tau: 3 },
      boundary: "neumann",
    });
    const a = g.map((v) => (v >= 0 ? 12 : 3));
    const at = a.map((_, k) => a[(k % s) * s + Math.floor(k / s)]!);
    const ar = a.map((_, k) => a[(s - 1 - Math.floor(k / s)) * s + (k % s)]!);
    const u = solveDarcy(a, 1, s).u;
    const ut = solveDarcy(at, 1, s).u;
    const ur = solveDarcy(ar, 1, s).u;
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        expect(Math.abs(ut[i * s + j]! - u[j * s + i]!)).toBeLessThan(1e-15);
        expect(Math.abs(ur[i * s + j]! - u[(s - 1 - i) * s + j]!)).toBeLessThan(1e-15);
      }
  });
  it("rejects non-finite sources and coefficients, and bad dataset options, naming them", () => {
    const a = new Float64Array(16).fill(1);
    // Formerly a NaN source gave status "ok" with NaN values, and a = Infinity passed the positivity check.
    expect(() => solveDarcy(a, Number.NaN, 4)).toThrow(/solveDarcy: f must be a finite number, received NaN/);
    const f = new Float64Array(16).fill(1);
    f[6] = Number.POSITIVE_INFINITY;
    expect(() => solveDarcy(a, f, 4)).toThrow(/solveDarcy: f must be finite, received Infinity at index 6/);
    const ai = Float64Array.from(a);
    ai[2] = Number.POSITIVE_INFINITY;
    expect(() => solveDarcy(ai, 1, 4)).toThrow(/a must be positive and finite, received Infinity at index 2/);
    expect(() => darcyDataset({ n: 1, resolution: 9, high: -1 })).toThrow(
      /darcyDataset: options\.high must be a positive/,
    );
    expect(() => darcyDataset({ n: 1, resolution: 9, source: Number.NaN })).toThrow(
      /darcyDataset: options\.source must be a finite number/,
    );
    expect(() => darcyDataset({ n: 1, resolution: 2 })).toThrow(
      /darcyDataset: options\.resolution must be at least 3/,
    );
  });
});

describe("antiderivative (DeepONet)", () => {
  it("s is the exact antiderivative of u (checked by fine trapezoid quadrature) and u has the RBF covariance", () => {
    const m = 2001;
    const d = antiderivativeDataset({ n: 3, sensors: m, points: m, seed: 5 });
    for (let i = 0; i < 3; i++) {
      let acc = 0;
      for (let k = 1; k < m; k++) {
        acc += (d.u[i * m + k - 1]! + d.u[i * m + k]!) / 2 / (m - 1);
        // Trapezoid error ≤ h²/12·max|u''| ≈ 2.5e-7·25·3: bound 1e-5.
        expect(Math.abs(acc - d.s[i * m + k]!)).toBeLessThan(1e-5);
      }
      expect(d.uAtY[i * m + 7]).toBeCloseTo(d.u[i * m + 7]!, 12);
    }
    const big = antiderivativeDataset({ n: 2000, sensors: 11, points: 2, seed: 6 });
    let c = 0;
    for (let i = 0; i < 2000; i++) c += big.u[i * 11 + 3]! * big.u[i * 11 + 5]!;
    // E[u(0.3)u(0.5)] = exp(-0.2²/(2·0.2²)) = e^{-1/2}; estimator std ≈ 0.026, bound 0.1.
    expect(Math.abs(c / 2000 - Math.exp(-0.5))).toBeLessThan(0.1);
  });
});

describe("generateDataset", () => {
  it("lists the generators, builds tensors, rejects NaN data and unknown names", () => {
    expect(datasetGenerators.names()).toEqual([
      "burgers",
      "darcy",
      "heat",
      "advection",
      "antiderivative",
      "navier-stokes",
    ]);
    const ds = generateDataset("burgers", { n: 2, resolution: 64, seed: 0, params: { dt: 2e-3 } });
    expect(ds.inputShape).toEqual([64, 1]);
    const { inputs, targets } = datasetTensors(ds);
    expect(inputs.shape).toEqual([2, 64, 1]);
    expect(targets.shape).toEqual([2, 64, 1]);
    tfDispose(inputs, targets);
    const bad = { ...ds, targets: Float64Array.from(ds.targets) };
    bad.targets[5] = Number.NaN;
    expect(() => datasetTensors(bad)).toThrow(/targets hold NaN at flat index 5/);
    expect(() => generateDataset("kdv", { n: 1, resolution: 8 })).toThrow(
      /unknown operator dataset generator 'kdv'/,
    );
    const h = generateDataset("heat", { n: 2, resolution: 16, seed: 1 });
    expect(h.targets.length).toBe(32);
  });

  it("passes params through (burgers T, darcy coefficients) and rejects unknown or ill-typed params", () => {
    // burgers used to drop params.T (always T = 1): compare with the generator called directly.
    const b = generateDataset("burgers", { n: 1, resolution: 32, seed: 2, params: { T: 0.05, dt: 5e-3 } });
    expect(b.targets).toEqual(burgersDataset({ n: 1, resolution: 32, seed: 2, T: 0.05, dt: 5e-3 }).uT);
    // darcy used to ignore every param.
    const d = generateDataset("darcy", { n: 1, resolution: 9, params: { high: 5, low: 1 } });
    expect(new Set(d.inputs)).toEqual(new Set([1, 5]));
    // A typo or a string used to fall back silently to the default (κ = 0.01).
    expect(() => generateDataset("heat", { n: 1, resolution: 8, params: { kapa: 0.5 } })).toThrow(
      /generateDataset\('heat'\): unknown options\.params\.kapa; known: kappa, T/,
    );
    expect(() => generateDataset("heat", { n: 1, resolution: 8, params: { kappa: "0.5" } })).toThrow(
      /options\.params\.kappa must be a finite number, received 0\.5/,
    );
    expect(() => generateDataset("burgers", { n: 1, resolution: 8, params: { nu: 0 } })).toThrow(
      /options\.params\.nu must be a positive finite number, received 0/,
    );
    expect(() => generateDataset("antiderivative", { n: 1, resolution: 8, params: { points: 2.5 } })).toThrow(
      /options\.params\.points must be a positive integer/,
    );
  });

  it("datasetTensors rejects arrays whose length does not match n and the sample shapes", () => {
    const ds = {
      name: "x",
      n: 2,
      inputs: Float64Array.from([1, 2, 3]),
      targets: new Float64Array(4),
      inputShape: [2],
      targetShape: [2],
    };
    expect(() => datasetTensors(ds)).toThrow(/inputs hold 3 values, but n = 2 samples of shape \[2\] need 4/);
  });
});

function tfDispose(...t: { dispose(): void }[]) {
  for (const x of t) x.dispose();
}

describe("dataset files (safetensors, float64)", () => {
  it("round-trips bit for bit, caches to disk once, and rejects foreign files", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { cachedDataset, parseDataset, serializeDataset } = await import("./dataset-io.js");
    const ds = generateDataset("antiderivative", { n: 3, resolution: 10, seed: 2 });
    const back = parseDataset(serializeDataset(ds));
    expect(back.inputs).toEqual(ds.inputs);
    expect(back.targets).toEqual(ds.targets);
    expect(back.extra?.y).toEqual(ds.extra?.y);
    expect(back.inputShape).toEqual([10]);
    const dir = mkdtempSync(join(tmpdir(), "ops-"));
    let calls = 0;
    const make = () => {
      calls++;
      return ds;
    };
    await cachedDataset(join(dir, "a.safetensors"), make);
    const again = await cachedDataset(join(dir, "a.safetensors"), make);
    expect(calls).toBe(1);
    expect(again.targets).toEqual(ds.targets);
    rmSync(dir, { recursive: true });
    const { serializeSafetensors } = await import("@continuum/core-tensor");
    const { tf } = await import("@continuum/core-tensor");
    const foreign = serializeSafetensors({ w: tf.ones([2]) });
    expect(() => parseDataset(foreign)).toThrow(/not an operator dataset/);
  });

  it("never overwrites an existing file unless asked; keeps float64 data 8-byte aligned for any name", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { loadDataset, parseDataset, saveDataset, serializeDataset } = await import("./dataset-io.js");
    const dir = mkdtempSync(join(tmpdir(), "ops-"));
    const path = join(dir, "heat.safetensors");
    const first = generateDataset("heat", { n: 2, resolution: 9, seed: 1 });
    const second = generateDataset("heat", { n: 2, resolution: 9, seed: 2 });
    try {
      await saveDataset(first, path);
      await expect(saveDataset(second, path)).rejects.toThrow(/already exists; pass \{ overwrite: true \}/);
      expect((await loadDataset(path)).inputs).toEqual(first.inputs); // untouched
      await saveDataset(second, path, { overwrite: true });
      expect((await loadDataset(path)).inputs).toEqual(second.inputs);
    } finally {
      rmSync(dir, { recursive: true });
    }
    // Multi-byte UTF-8 name: the header is padded by bytes, so the data start on an 8-byte boundary.
    const named = { ...first, name: "bürgers–ν", inputs: Float64Array.from(first.inputs) };
    named.inputs[0] = -0;
    named.inputs[1] = 5e-324;
    const bytes = serializeDataset(named);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const back = parseDataset(bytes);
    expect(back.name).toBe("bürgers–ν");
    expect(Object.is(back.inputs[0], -0)).toBe(true);
    expect(back.inputs).toEqual(named.inputs);
    // A header whose n disagrees with the stored arrays is reported, not returned with wrong shapes.
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)).replace('"n":"2"', '"n":"3"');
    const corrupt = new Uint8Array(bytes);
    corrupt.set(new TextEncoder().encode(text), 8);
    expect(() => parseDataset(corrupt)).toThrow(/'inputs' is stored as \[2,9,1\] but the metadata say n = 3/);
  });
});
