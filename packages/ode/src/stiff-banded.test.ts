import { describe, expect, it } from "vitest";
import { solveIvp } from "./index.js";

/**
 * 1-D Brusselator reaction–diffusion by the method of lines (Hairer & Wanner II, §IV.10, "BRUSS"):
 *   u' = 1 + u²v − 4u + α(m+1)²(u_{i−1} − 2u_i + u_{i+1}),  v' = 3u − u²v + α(m+1)²(v_{i−1} − 2v_i + v_{i+1}),
 * α = 1/50, u = 1, v = 3 at the boundaries, m = 100 grid points → n = 200 unknowns, interleaved
 * (u₁, v₁, u₂, v₂, …) so that the Jacobian is banded with 2 sub- and 2 super-diagonals.
 */
const m = 100;
const n = 2 * m;
const c = (1 / 50) * (m + 1) ** 2;
const y0 = Float64Array.from({ length: n }, (_, k) => {
  const x = (Math.floor(k / 2) + 1) / (m + 1);
  return k % 2 === 0 ? 1 + Math.sin(2 * Math.PI * x) : 3;
});
function bruss(_t: number, y: Float64Array, dy: Float64Array) {
  for (let i = 0; i < m; i++) {
    const u = y[2 * i]!;
    const v = y[2 * i + 1]!;
    const uL = i > 0 ? y[2 * i - 2]! : 1;
    const uR = i < m - 1 ? y[2 * i + 2]! : 1;
    const vL = i > 0 ? y[2 * i - 1]! : 3;
    const vR = i < m - 1 ? y[2 * i + 3]! : 3;
    dy[2 * i] = 1 + u * u * v - 4 * u + c * (uL - 2 * u + uR);
    dy[2 * i + 1] = 3 * u - u * u * v + c * (vL - 2 * v + vR);
  }
}
function brussJac(_t: number, y: Float64Array): Float64Array {
  const J = new Float64Array(n * n);
  for (let i = 0; i < m; i++) {
    const u = y[2 * i]!;
    const v = y[2 * i + 1]!;
    const r = 2 * i;
    J[r * n + r] = 2 * u * v - 4 - 2 * c;
    J[r * n + r + 1] = u * u;
    J[(r + 1) * n + r] = 3 - 2 * u * v;
    J[(r + 1) * n + r + 1] = -u * u - 2 * c;
    if (i > 0) {
      J[r * n + r - 2] = c;
      J[(r + 1) * n + r - 1] = c;
    }
    if (i < m - 1) {
      J[r * n + r + 2] = c;
      J[(r + 1) * n + r + 3] = c;
    }
  }
  return J;
}
const T = 0.5;
const maxDiff = (a: Float64Array, b: Float64Array) =>
  a.reduce((s, v, i) => Math.max(s, Math.abs(v - b[i]!)), 0);
const timed = <R>(fn: () => R): [R, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

describe("banded Jacobians: 1-D Brusselator reaction–diffusion, n = 200", () => {
  it("Radau: the banded LU gives the dense solution, faster", () => {
    const opts = { method: "Radau", rtol: 1e-6, atol: 1e-6, jac: brussJac };
    const bandedOpts = { ...opts, jacBandwidth: [2, 2] as const };
    // Interleaved best-of-2 (after a warm-up of each) so machine load hits both paths alike.
    solveIvp(bruss, [0, T], y0, opts);
    solveIvp(bruss, [0, T], y0, bandedOpts);
    let tDense = Number.POSITIVE_INFINITY;
    let tBanded = Number.POSITIVE_INFINITY;
    let dense = null as ReturnType<typeof solveIvp> | null;
    let banded = null as ReturnType<typeof solveIvp> | null;
    for (let k = 0; k < 2; k++) {
      const [d, td] = timed(() => solveIvp(bruss, [0, T], y0, opts));
      const [b, tb] = timed(() => solveIvp(bruss, [0, T], y0, bandedOpts));
      [dense, banded] = [d, b];
      tDense = Math.min(tDense, td);
      tBanded = Math.min(tBanded, tb);
    }
    expect(dense!.success && banded!.success).toBe(true);
    // Same factorisation up to round-off: same steps, same result to ~1e-15 (1e-12 leaves room for
    // a different pivot order within the band).
    expect(banded!.nfev).toBe(dense!.nfev);
    expect(banded!.nlu).toBe(dense!.nlu);
    expect(maxDiff(banded!.y.at(-1)!, dense!.y.at(-1)!)).toBeLessThan(1e-12);
    // Measured 3.6× (t1 = 1) and 7.9× (t1 = 0.5) on a loaded 2-core machine (the dense LU of the real 200×200 and complex systems costs
    // O(n³) against O(n·5·9) banded); f and the dense user Jacobian are shared costs, so demand only 1.5×.
    expect(tDense / tBanded).toBeGreaterThan(1.5);
  });

  it.each(["BDF", "Rodas5P"])("%s: the banded LU gives the dense solution", (method) => {
    const opts = { method, rtol: 1e-6, atol: 1e-6, jac: brussJac };
    const dense = solveIvp(bruss, [0, T], y0, opts);
    const banded = solveIvp(bruss, [0, T], y0, { ...opts, jacBandwidth: [2, 2] as const });
    expect(dense.success && banded.success).toBe(true);
    expect(banded.nfev).toBe(dense.nfev);
    expect(maxDiff(banded.y.at(-1)!, dense.y.at(-1)!)).toBeLessThan(1e-12);
  });

  it("finite-difference Jacobians: jacBandwidth (banded) and jacSparsity (sparse) agree with the dense path", () => {
    // Without `jac`: the band groups the 200 columns into 5 evaluations of f per Jacobian.
    const opts = { method: "Rodas5P", rtol: 1e-6, atol: 1e-6 };
    const dense = solveIvp(bruss, [0, T], y0, opts);
    const banded = solveIvp(bruss, [0, T], y0, { ...opts, jacBandwidth: [2, 2] as const });
    // The same band as a pattern plus two (structurally possible, numerically zero) corner entries: the
    // band is then n − 1 wide, so the sparse LU (reverse Cuthill–McKee + banded LU) is chosen.
    const pattern = Uint8Array.from(
      brussJac(
        0,
        y0.map(() => 1),
      ),
      (v) => (v !== 0 ? 1 : 0),
    );
    pattern[n - 1] = 1;
    pattern[(n - 1) * n] = 1;
    const sparse = solveIvp(bruss, [0, T], y0, { ...opts, jacSparsity: pattern });
    for (const r of [dense, banded, sparse]) expect(r.success).toBe(true);
    expect(banded.stats.nfevJacobian).toBeLessThan(dense.stats.nfevJacobian / 20);
    // Finite-difference Jacobians with different increments and groupings differ at ~1e-8 relative; the
    // solutions agree to well within the tolerance 1e-6.
    expect(maxDiff(banded.y.at(-1)!, dense.y.at(-1)!)).toBeLessThan(1e-6);
    expect(maxDiff(sparse.y.at(-1)!, dense.y.at(-1)!)).toBeLessThan(1e-6);
  });
});
