import { prng, ready, tf } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { gaussianSchrodingerBridge } from "../schrodinger-bridge.js";
import { otCoupling } from "./coupling.js";
import { exactAssignment, squaredCost } from "./exact.js";
import { sinkhorn } from "./sinkhorn.js";

beforeAll(async () => {
  await ready();
});

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

describe("optimal transport", () => {
  it("Hungarian assignment equals brute force over all 7! permutations", () => {
    const rng = prng(0);
    for (let trial = 0; trial < 3; trial++) {
      const a = rng.normalArray(14);
      const b = rng.normalArray(14);
      const C = squaredCost(a, b, 2);
      const perm = exactAssignment(C);
      const cost = (p: ArrayLike<number>) => Array.from(p).reduce((s, j, i) => s + C[i]![j]!, 0);
      const best = Math.min(...permutations(7).map(cost));
      expect(cost(perm)).toBeCloseTo(best, 10);
    }
  });
  it("log-domain Sinkhorn: marginals, small-eps limit -> exact OT, large costs without underflow", () => {
    const rng = prng(1);
    const a = rng.normalArray(40);
    const b = rng.normalArray(40);
    const C = squaredCost(a, b, 2);
    const perm = exactAssignment(C);
    const exact = Array.from(perm).reduce((s, j, i) => s + C[i]![j]!, 0) / 20;
    const r = sinkhorn(C, { epsilon: 0.01, maxIterations: 3000, tolerance: 1e-4 });
    // Sinkhorn contracts slowly when eps << cost range (~10 here); 1e-4 in L1 marginal error is reached.
    expect(r.marginalError).toBeLessThan(1e-3);
    expect(r.message).toMatch(r.status === "converged" ? /converged/ : /increase maxIterations or epsilon/);
    // <P_eps, C> - OT <= eps (H(P_OT) - H(P_eps)) <= eps log(n^2) for uniform marginals (entropy bounds).
    expect(r.cost - exact).toBeLessThan(0.01 * Math.log(20 * 20) + 1e-6);
    expect(r.cost).toBeGreaterThan(exact - 1e-9);
    const big = sinkhorn(
      C.map((row) => row.map((c) => 1e4 * c)),
      { epsilon: 1, maxIterations: 200, tolerance: 1e-6 },
    );
    expect(Number.isFinite(big.cost)).toBe(true);
    expect(() => sinkhorn(C, { epsilon: 0 })).toThrow(/epsilon must be > 0, received 0/);
  });
  it("sinkhorn: +Infinity forbids a pair; NaN / -Infinity costs name the entry (NaN gave a NaN plan)", () => {
    const r = sinkhorn(
      [
        [0, Infinity],
        [1, 0],
      ],
      { epsilon: 0.1 },
    );
    expect(r.plan[1]).toBe(0);
    expect(() =>
      sinkhorn(
        [
          [0, Number.NaN],
          [1, 0],
        ],
        { epsilon: 0.1 },
      ),
    ).toThrow(/sinkhorn: cost\[0\]\[1\] must be a number or \+Infinity, received NaN/);
    expect(() =>
      sinkhorn(
        [
          [0, 1],
          [-Infinity, 0],
        ],
        { epsilon: 0.1 },
      ),
    ).toThrow(/cost\[1\]\[0\] must be a number or \+Infinity, received -Infinity/);
  });

  it("Gaussian Schrödinger bridge N(0,1) -> N(0,4): Sinkhorn coupling covariance matches the closed form", () => {
    // eps = 1: C = (sqrt(4*1*4 + 1) - 1)/2 = 1.5616. Sinkhorn with cost (x-y)^2/2 on n = 400 samples from each
    // marginal estimates Cov(X0, X1) = sum P_ij x_i y_j; the sampling error of this plug-in estimate is
    // O(1/sqrt(n)) ~ 0.05-0.1 here, so we require agreement within 0.15 and a big gap from both independent (0)
    // and OT (Cov = 2) couplings.
    const sb = gaussianSchrodingerBridge(1, 4, 1);
    expect(sb.couplingCovariance).toBeCloseTo((Math.sqrt(17) - 1) / 2, 14);
    const rng = prng(2);
    const n = 400;
    const x = rng.normalArray(n);
    const y = rng.normalArray(n, 0, 2);
    const C = x.reduce<number[][]>((rows, xi) => {
      rows.push(Array.from(y, (yj) => 0.5 * (xi - yj) ** 2));
      return rows;
    }, []);
    const r = sinkhorn(C, { epsilon: 1, maxIterations: 2000, tolerance: 1e-9 });
    let cov = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov += r.plan[i * n + j]! * x[i]! * y[j]!;
    expect(Math.abs(cov - sb.couplingCovariance)).toBeLessThan(0.15);
    // Bridge pair sampler reproduces the coupling and the marginal variance at t = 1/2.
    const { x0, x1 } = sb.samplePairs(50000, prng(3));
    let c = 0;
    for (let i = 0; i < x0.length; i++) c += (x0[i]! * x1[i]!) / x0.length;
    expect(Math.abs(c - sb.couplingCovariance)).toBeLessThan(0.05);
    expect(sb.marginalVariance(0)).toBeCloseTo(1, 14);
    expect(sb.marginalVariance(1)).toBeCloseTo(4, 14);
  });
  it("otCoupling returns a permutation of x1 (exact) and rows of x1 (sinkhorn)", () => {
    const x0 = prng(4).normal([32, 2]);
    const x1 = prng(5).normal([32, 2]);
    const ex = otCoupling(x0, x1, { method: "exact" });
    const sum = (t: tf.Tensor) => tf.sum(t).dataSync()[0]!;
    expect(sum(ex)).toBeCloseTo(sum(x1), 3);
    const sk = otCoupling(x0, x1, { method: "sinkhorn", rng: prng(6) });
    expect(sk.shape).toEqual([32, 2]);
    expect(() => otCoupling(x0, x1, { method: "emd" as never })).toThrow(
      /unknown options.method 'emd'; known: independent, exact, sinkhorn/,
    );
    tf.dispose([x0, x1, ex, sk]);
  });
});
