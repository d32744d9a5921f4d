import { prng, ready, tf } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { otCoupling } from "./coupling.js";
import { exactAssignment, squaredCost } from "./exact.js";
import { sinkhorn } from "./sinkhorn.js";
import { sinkhornEpsilonScaling } from "./sinkhorn-epsilon-scaling.js";

beforeAll(async () => {
  await ready();
});

// Two clouds of 30 standard-normal points in 2-D; squared costs range over [0, ~20], mean ~4.
const n = 30;
const rng = prng(11);
const C = squaredCost(rng.normalArray(2 * n), rng.normalArray(2 * n), 2);
const perm = exactAssignment(C);
const exact = Array.from(perm).reduce((s, j, i) => s + C[i]![j]!, 0) / n;

describe("Sinkhorn with epsilon scaling", () => {
  it("gives the plain log-domain Sinkhorn plan at the target epsilon", () => {
    const eps = 0.2;
    const plain = sinkhorn(C, { epsilon: eps, maxIterations: 20000, tolerance: 1e-10 });
    const scaled = sinkhornEpsilonScaling(C, { epsilon: eps, tolerance: 1e-10 });
    console.log(JSON.stringify({ eps, plain: plain.iterations, scaled: scaled.totalIterations }));
    expect(plain.status).toBe("converged");
    expect(scaled.status).toBe("converged");
    expect(scaled.schedule.at(-1)).toBe(eps);
    expect(scaled.schedule[0]).toBeGreaterThan(10);
    // The entropic problem is strictly convex (unique plan); both runs stop at an L1 marginal error < 1e-10,
    // and the plan error is of that order, so entries (~1/n^2 = 1e-3) agree to 1e-9.
    let d = 0;
    for (let i = 0; i < n * n; i++) d = Math.max(d, Math.abs(plain.plan[i]! - scaled.plan[i]!));
    expect(d).toBeLessThan(1e-9);
    expect(Math.abs(plain.cost - scaled.cost)).toBeLessThan(1e-9);
  });

  it("needs far fewer iterations than a cold start at small epsilon and reaches the exact OT cost as eps -> 0", () => {
    const counts: Record<string, unknown>[] = [];
    for (const eps of [1e-4, 1e-5]) {
      const cold = sinkhorn(C, { epsilon: eps, maxIterations: 2000, tolerance: 1e-7 });
      const warm = sinkhornEpsilonScaling(C, { epsilon: eps, tolerance: 1e-7 });
      counts.push({ eps, cold: cold.iterations, coldStatus: cold.status, scaled: warm.totalIterations });
      expect(warm.status).toBe("converged");
      expect(warm.message).toMatch(/converged at epsilon .* iterations in total/);
      // Observed: ~630 iterations in ~20 stages, where a cold start has not converged after 2000.
      expect(cold.status).toBe("max-iterations");
      expect(warm.totalIterations).toBeLessThan(cold.iterations / 2);
      // Entropic bound for uniform marginals: 0 <= <P_eps, C> - OT <= eps (H(P_OT) - H(P_eps)) <= eps log(n^2)
      // (up to the 1e-7 marginal error times the largest cost, ~2e-6).
      const gap = warm.cost - exact;
      expect(gap).toBeLessThan(eps * Math.log(n * n) + 3e-6);
      expect(gap).toBeGreaterThan(-3e-6);
      // The plan's row maxima are the Hungarian permutation (the optimal assignment is unique here).
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let j = 1; j < n; j++) if (warm.plan[i * n + j]! > warm.plan[i * n + best]!) best = j;
        expect(best).toBe(perm[i]);
      }
    }
    console.log(JSON.stringify(counts));
  });

  it("checks its arguments and reports a failed final stage with a hint", () => {
    expect(() => sinkhornEpsilonScaling(C, { epsilon: 0 })).toThrow(
      /options.epsilon must be a finite number > 0, received 0/,
    );
    expect(() => sinkhornEpsilonScaling(C, { epsilon: 1, factor: 1 })).toThrow(
      /options.factor must be in \(0, 1\), received 1/,
    );
    expect(() => sinkhornEpsilonScaling(C, { epsilon: 1, epsilonStart: 0.5 })).toThrow(
      /options.epsilonStart must be finite and >= epsilon \(1\), received 0.5/,
    );
    expect(() => sinkhorn(C, { epsilon: 1, init: { f: [0], g: [0] } })).toThrow(
      /options.init potentials must have lengths 30 and 30, received 1 and 1/,
    );
    const short = sinkhornEpsilonScaling(C, { epsilon: 0.05, tolerance: 1e-14, maxFinalIterations: 10 });
    expect(short.status).toBe("max-iterations");
    expect(short.message).toMatch(/increase maxFinalIterations/);
  });

  it("OT-CFM coupling with epsilon scaling pairs a batch like the exact assignment at small epsilon", () => {
    const x0 = prng(4).normal([48, 2]);
    const x1 = prng(5).normal([48, 2]);
    const ex = otCoupling(x0, x1, { method: "exact" });
    const sk = otCoupling(x0, x1, {
      method: "sinkhorn",
      rng: prng(6),
      relativeEpsilon: 1e-4,
      epsilonScaling: true,
    });
    // At eps = 1e-4 x mean cost the plan is within 1e-7 of the OT permutation, so every drawn partner is it.
    expect(Array.from(sk.dataSync())).toEqual(Array.from(ex.dataSync()));
    expect(() => otCoupling(x0, x1, { method: "sinkhorn", rng: prng(6), relativeEpsilon: -1 })).toThrow(
      /options.relativeEpsilon must be a finite number > 0, received -1/,
    );
    tf.dispose([x0, x1, ex, sk]);
  });
});
