import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allenCahnReference } from "./allen-cahn-reference.js";

// Independent reference: SciPy DOP853 on the pseudo-spectral semi-discretisation (test/fixtures/gen_allen_cahn.py).
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../test/fixtures/allen_cahn_reference.json"), "utf8"),
) as { x: number[]; t: number[]; u: number[][]; modes: number };

describe("allenCahnReference (pseudo-spectral ETDRK4)", () => {
  it("matches an independent DOP853 solve of the same semi-discretisation", () => {
    const ref = allenCahnReference({ modes: fixture.modes, dt: 1e-3, nt: fixture.t.length, stride: 2 });
    expect(ref.x).toEqual(fixture.x);
    for (const [k, t] of ref.t.entries()) expect(t).toBeCloseTo(fixture.t[k]!, 14);
    let maxDiff = 0;
    fixture.u.forEach((row, k) => {
      row.forEach((v, i) => {
        maxDiff = Math.max(maxDiff, Math.abs(ref.u[k * ref.x.length + i]! - v));
      });
    });
    // Same spatial discretisation, different time integrators. Measured: 1.9e-11 at dt = 1e-3 (1.8e-11 at 2e-4,
    // so the fixture's own DOP853 error dominates). The fixture's rtol 1e-9 vs 1e-11 runs differ by 4e-9, so
    // 1e-9 bounds both integrators with margin, while a wrong coefficient or wavenumber gives >= 1e-3.
    console.log(`allenCahnReference vs DOP853: max |diff| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-9);
  });

  it("converges at fourth order in dt", () => {
    // Errors against a dt = 1e-4 solve at t = 0.2 for dt = 4e-3 and 2e-3: the ratio should be near 2^4 = 16.
    const opts = { modes: 64, nt: 2, tEnd: 0.2 };
    const fine = allenCahnReference({ ...opts, dt: 1e-4 });
    const err = (dt: number) => {
      const r = allenCahnReference({ ...opts, dt });
      return Math.max(...Array.from(r.u, (v, i) => Math.abs(v - fine.u[i]!)));
    };
    const ratio = err(4e-3) / err(2e-3);
    console.log(`allenCahnReference error ratio dt 4e-3 / 2e-3 = ${ratio.toFixed(2)}`);
    // Asymptotic ratio 16; pre-asymptotic terms at these step sizes move it by ~10-20 %.
    expect(ratio).toBeGreaterThan(12);
    expect(ratio).toBeLessThan(20);
  });

  it("rejects bad arguments with the name and the received value", () => {
    expect(() => allenCahnReference({ modes: 7 })).toThrow(/modes must be an even integer >= 8, received 7/);
    expect(() => allenCahnReference({ dt: 3e-3 })).toThrow(
      /dt must be > 0 and divide the output spacing 0\.01, received 0\.003/,
    );
    expect(() => allenCahnReference({ stride: 3 })).toThrow(
      /stride must be a positive integer dividing modes = 512, received 3/,
    );
    expect(() => allenCahnReference({ nt: 1 })).toThrow(/nt must be an integer >= 2, received 1/);
    expect(() => allenCahnReference({ eps: Number.NaN })).toThrow(
      /eps must be a finite number >= 0, received NaN/,
    );
  });
});
