import { describe, expect, it } from "vitest";
import { VELOCITY_VERLET, YOSHIDA4, solveHamiltonian, solveIvp } from "../index.js";
import { logLogSlope } from "../testing/index.js";

// Kepler problem, e = 0.6: H = |p|²/2 − 1/|q|.
const E = 0.6;
const q0 = [1 - E, 0];
const p0 = [0, Math.sqrt((1 + E) / (1 - E))];
const gradV = (q: Float64Array, out: Float64Array) => {
  const r3 = (q[0]! ** 2 + q[1]! ** 2) ** 1.5;
  out[0] = q[0]! / r3;
  out[1] = q[1]! / r3;
};
const energy = (q: ArrayLike<number>, p: ArrayLike<number>) =>
  0.5 * (p[0]! ** 2 + p[1]! ** 2) - 1 / Math.hypot(q[0]!, q[1]!);

describe("symplectic splitting methods", () => {
  it.each([
    [VELOCITY_VERLET, [400, 800, 1600, 3200]],
    [YOSHIDA4, [400, 800, 1600, 3200]],
  ] as const)("$name converges at order $order (harmonic oscillator)", (method, steps) => {
    const T = 10;
    const errs = steps.map((n) => {
      const r = solveHamiltonian({
        gradV: (q, o) => o.set(q),
        q0: [1],
        p0: [0],
        t0: 0,
        t1: T,
        dt: T / n,
        method,
      });
      return Math.abs(r.qs.at(-1)![0]! - Math.cos(T));
    });
    const slope = logLogSlope(
      steps.map((n) => T / n),
      errs,
    );
    expect(Math.abs(slope - method.order)).toBeLessThan(0.2);
  });

  it("energy error stays bounded over 100 Kepler periods while RK4 drifts", () => {
    const T = 200 * Math.PI;
    const dt = 0.01;
    const H0 = energy(q0, p0);
    const r = solveHamiltonian({ gradV, q0, p0, t0: 0, t1: T, dt, method: YOSHIDA4, saveEvery: 1000 });
    const drift = r.qs.map((q, i) => Math.abs(energy(q, r.ps[i]!) - H0));
    const maxFirst = Math.max(...drift.slice(0, Math.floor(drift.length / 10)));
    const maxLast = Math.max(...drift.slice(-Math.floor(drift.length / 10)));
    // Symplectic: no secular growth (the last tenth is no worse than 2× the first tenth).
    expect(maxLast).toBeLessThan(2 * maxFirst + 1e-12);
    const rk = solveIvp(
      (_t, y) => {
        const r3 = (y[0]! ** 2 + y[1]! ** 2) ** 1.5;
        return [y[2]!, y[3]!, -y[0]! / r3, -y[1]! / r3];
      },
      [0, T],
      [...q0, ...p0],
      { method: "RK4", firstStep: dt, tEval: [T / 10, T] },
    );
    const dRk = rk.y.map((y) => Math.abs(energy([y[0]!, y[1]!], [y[2]!, y[3]!]) - H0));
    // RK4's energy error grows (secular drift) ~linearly in time.
    expect(dRk[1]!).toBeGreaterThan(5 * dRk[0]!);
  });

  it("rejects mismatched q0/p0", () => {
    expect(() => solveHamiltonian({ gradV, q0: [1, 0], p0: [0], t0: 0, t1: 1, dt: 0.1 })).toThrow(
      "q0 has length 2 but p0 has length 1",
    );
  });

  it("a span shorter than dt takes one step (it used to return no state); bad dt and saveEvery are named", () => {
    // Harmonic oscillator q = cos t, p = −sin t; one Verlet step of 1e-6 is exact to O(h³) = 1e-18.
    const osc = (q: Float64Array, out: Float64Array) => {
      out[0] = q[0]!;
    };
    const r = solveHamiltonian({ gradV: osc, q0: [1], p0: [0], t0: 0, t1: 1e-6, dt: 1 });
    expect(Array.from(r.ts)).toEqual([1e-6]);
    expect(Math.abs(r.qs[0]![0]! - Math.cos(1e-6))).toBeLessThan(1e-15);
    expect(Math.abs(r.ps[0]![0]! + Math.sin(1e-6))).toBeLessThan(1e-15);
    const base = { gradV: osc, q0: [1], p0: [0], t0: 0, t1: 1 };
    expect(() => solveHamiltonian({ ...base, dt: Number.POSITIVE_INFINITY })).toThrow(
      "solveHamiltonian: dt must be a positive finite number, received Infinity",
    );
    expect(() => solveHamiltonian({ ...base, dt: 0.1, saveEvery: 1.5 })).toThrow(
      "saveEvery must be a non-negative integer, received 1.5",
    );
  });
});
