import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../register-datasets.js";
import { generateDataset } from "./dataset.js";
import { fnoForcing, solveNavierStokes2d } from "./navier-stokes.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../test/fixtures/navier_stokes.json", import.meta.url), "utf8"),
) as { S: number; nu: number; T: number; dt: number; w0: number[]; wT: number[] };

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < b.length; k++) {
    num += (a[k]! - b[k]!) ** 2;
    den += b[k]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** ω = A sin 2πx sin 2πy + B cos 2π(x + y): every mode has |k|² = 2, so u·∇ω ≡ 0 and −Δω = 8π²ω. */
function eigenmodeField(S: number, A: number, B: number): Float64Array {
  const w = new Float64Array(S * S);
  for (let i = 0; i < S; i++)
    for (let j = 0; j < S; j++)
      w[i * S + j] =
        A * Math.sin((2 * Math.PI * j) / S) * Math.sin((2 * Math.PI * i) / S) +
        B * Math.cos((2 * Math.PI * (i + j)) / S);
  return w;
}

describe("solveNavierStokes2d", () => {
  const LAMBDA = 8 * Math.PI ** 2;

  it("decaying Taylor–Green vortex: ω(t) = e^{−8π²νt} ω0 exactly up to the Crank–Nicolson error", () => {
    const S = 32;
    const nu = 1e-3;
    const w0 = eigenmodeField(S, 2, 0.7);
    const dt = 1e-2;
    const r = solveNavierStokes2d(w0, S, { T: 1, nu, dt, forcing: "none" });
    expect(r.status).toBe("ok");
    const exact = w0.map((v) => v * Math.exp(-LAMBDA * nu));
    // CN's global relative error is ≤ T·(νλ)³·dt²/12 = 4e-9 here (see the forced case); the advection term
    // cancels to round-off (ψ ∝ ω), so 1.5× the bound + 1e-13 must hold.
    expect(relErr(r.w, exact)).toBeLessThan((1.5 * (nu * LAMBDA) ** 3 * dt ** 2) / 12 + 1e-13);
  });

  it("forced eigenmode: ω(t) = ω_s + (ω0 − ω_s)e^{−8π²νt} with ω_s = f/(8π²ν) (the FNO forcing)", () => {
    const S = 16;
    const nu = 0.01;
    const w0 = eigenmodeField(S, 1, 0);
    const f = fnoForcing(S);
    const dt = 1e-3;
    const r = solveNavierStokes2d(w0, S, { T: 2, nu, dt, snapshots: 4 });
    expect(Array.from(r.times)).toEqual([0.5, 1, 1.5, 2]);
    for (let s = 0; s < 4; s++) {
      const t = r.times[s]!;
      const decay = Math.exp(-LAMBDA * nu * t);
      const exact = w0.map((v, k) => f[k]! / (LAMBDA * nu) + (v - f[k]! / (LAMBDA * nu)) * decay);
      // CN's amplification (1 − z/2)/(1 + z/2) = e^{−z} + z³/12 + O(z⁴), z = νλΔt, summed over t/Δt steps:
      // relative error ≤ t·(νλ)³Δt²/12 (8e-8 at t = 2); 1.5× that + 1e-13 absorbs round-off.
      const bound = (t * (nu * LAMBDA) ** 3 * dt ** 2) / 12;
      expect(relErr(r.w.subarray(s * S * S, (s + 1) * S * S), exact)).toBeLessThan(1.5 * bound + 1e-13);
    }
  });

  it("Crank–Nicolson diffusion converges at second order in dt (Taylor–Green, fitted slope)", () => {
    const S = 8;
    const nu = 0.05; // νλΔt up to 4: far from the asymptotic-free regime, so the order is visible
    const w0 = eigenmodeField(S, 1, 0);
    const exact = w0.map((v) => v * Math.exp(-LAMBDA * nu));
    const dts = [0.1, 0.05, 0.025, 0.0125];
    const errs = dts.map((dt) =>
      relErr(solveNavierStokes2d(w0, S, { T: 1, nu, dt, forcing: "none" }).w, exact),
    );
    const slope = Math.log(errs[2]! / errs[3]!) / Math.log(2);
    // Asymptotic order 2; the last halving is well inside the asymptotic range (νλΔt ≈ 0.5).
    expect(slope).toBeGreaterThan(1.9);
    expect(slope).toBeLessThan(2.1);
  });

  it("with advection the scheme is first order in dt (self-convergence on a nonlinear flow)", () => {
    const S = 16;
    const w0 = Float64Array.from(fixture.w0.length === 32 * 32 ? downsample(fixture.w0, 32, 2) : []);
    const run = (dt: number) => solveNavierStokes2d(w0, S, { T: 0.25, nu: 1e-3, dt }).w;
    const ws = [0.01, 0.005, 0.0025, 0.00125].map(run);
    const d = [relErr(ws[0]!, ws[1]!), relErr(ws[1]!, ws[2]!), relErr(ws[2]!, ws[3]!)];
    // Forward-Euler advection: successive differences shrink by 2^p with p = 1 (± 0.15 pre-asymptotic).
    for (const k of [0, 1]) {
      const p = Math.log2(d[k]! / d[k + 1]!);
      expect(p).toBeGreaterThan(0.85);
      expect(p).toBeLessThan(1.15);
    }
  });

  it("matches an independent NumPy implementation of the FNO scheme (nonlinear flow, FNO forcing)", () => {
    const { S, nu, T, dt } = fixture;
    const r = solveNavierStokes2d(Float64Array.from(fixture.w0), S, { T, nu, dt });
    expect(r.status).toBe("ok");
    expect(r.steps).toBe(200);
    // Same scheme in float64 with a different FFT (pocketfft vs fft.js): only round-off differs, amplified
    // mildly over 200 steps.
    expect(relErr(r.w, fixture.wT)).toBeLessThan(1e-11);
  });

  it("reports a blow-up as status 'diverged' with a hint, or throws with options.throw", () => {
    const S = 16;
    const w0 = Float64Array.from(downsample(fixture.w0, 32, 2)).map((v) => v * 1e3);
    const r = solveNavierStokes2d(w0, S, { T: 2, nu: 1e-3, dt: 0.05 });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(/lower options\.dt/);
    expect(() => solveNavierStokes2d(w0, S, { T: 2, nu: 1e-3, dt: 0.05, throw: true })).toThrow(
      /non-finite at step/,
    );
  });

  it("rejects bad input naming the argument", () => {
    const w = new Float64Array(64);
    expect(() => solveNavierStokes2d(w, 7, { T: 1 })).toThrow(
      /resolution must be an even integer ≥ 4, received 7/,
    );
    expect(() => solveNavierStokes2d(new Float64Array(10), 8, { T: 1 })).toThrow(
      /w0 must be a Float64Array of S·S = 64 values, received length 10/,
    );
    expect(() => solveNavierStokes2d(w, 8, { T: -1 })).toThrow(/options\.T must be a positive finite number/);
    expect(() => solveNavierStokes2d(w, 8, { T: 1, forcing: "x" as never })).toThrow(
      /options\.forcing must be "fno", "none" or a Float64Array of 64 values, received "x"/,
    );
    const bad = new Float64Array(64);
    bad[5] = Number.NaN;
    expect(() => solveNavierStokes2d(bad, 8, { T: 1 })).toThrow(/w0 must be finite, received NaN at index 5/);
    expect(() => solveNavierStokes2d(w, 8, { T: 1, forcing: bad })).toThrow(
      /options\.forcing must be finite, received NaN at index 5/,
    );
  });

  it("records snapshots at t = kT/snapshots even when T/dt is not a multiple of the snapshot count", () => {
    // T/dt = 1/0.3 → 4 steps would put 3 snapshots at rounded steps (t = 0.25, 0.75, 1); the step count is
    // raised to 6 (dt = 1/6 ≤ 0.3) so they land at 1/3, 2/3, 1. Formerly 3 snapshots of 2 steps threw.
    const S = 8;
    const w0 = eigenmodeField(S, 1, 0);
    const r = solveNavierStokes2d(w0, S, { T: 1, nu: 0.01, dt: 0.3, snapshots: 3, forcing: "none" });
    expect(r.steps).toBe(6);
    for (let k = 1; k <= 3; k++) expect(r.times[k - 1]).toBeCloseTo(k / 3, 14);
    // Each snapshot is the Crank–Nicolson decay of the Taylor–Green mode (λ = 8π²ν) after 2k steps of 1/6.
    const a = (8 * Math.PI ** 2 * 0.01) / 6;
    for (let k = 1; k <= 3; k++) {
      const g = ((1 - a / 2) / (1 + a / 2)) ** (2 * k);
      for (let i = 0; i < S * S; i++) expect(r.w[(k - 1) * S * S + i]).toBeCloseTo(g * w0[i]!, 12);
    }
    expect(solveNavierStokes2d(w0, S, { T: 1, dt: 0.5, snapshots: 3 }).steps).toBe(3);
  });
});

describe("generateDataset('navier-stokes')", () => {
  it("pairs a GRF vorticity ω0 with ω(T) (and snapshots), seeded", () => {
    const opts = { n: 2, resolution: 16, seed: 3, params: { T: 0.05, dt: 0.01, snapshots: 2 } };
    const ds = generateDataset("navier-stokes", opts);
    expect(ds.inputShape).toEqual([16, 16, 1]);
    expect(ds.targetShape).toEqual([16, 16, 2]);
    expect(ds.inputs.length).toBe(2 * 256);
    expect(ds.targets.length).toBe(2 * 256 * 2);
    const again = generateDataset("navier-stokes", opts);
    expect(Array.from(again.targets)).toEqual(Array.from(ds.targets));
    // Channel s of the target is the solver's snapshot s for the same ω0.
    const w0 = ds.inputs.slice(256, 512);
    const r = solveNavierStokes2d(w0, 16, { T: 0.05, dt: 0.01, snapshots: 2 });
    for (let k = 0; k < 256; k++) {
      expect(ds.targets[2 * 256 + 2 * k]).toBe(r.w[k]);
      expect(ds.targets[2 * 256 + 2 * k + 1]).toBe(r.w[256 + k]);
    }
    expect(() => generateDataset("navier-stokes", { n: 1, resolution: 16, params: { nu: -1 } })).toThrow(
      /navier-stokes.*options\.params\.nu must be a positive finite number, received -1/,
    );
  });
});

/** Keep every `f`-th row and column of an `[S, S]` grid (exact for band-limited fields). */
function downsample(w: number[], S: number, f: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < S; i += f) for (let j = 0; j < S; j += f) out.push(w[i * S + j]!);
  return out;
}
