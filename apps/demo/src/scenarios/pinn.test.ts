import { ready } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { causalWeights } from "@continuum/pinn";
import { beforeAll, describe, expect, it } from "vitest";
import { allenCahnReference } from "./allen-cahn-reference.js";
import { type AllenCahnResult, scenarios } from "./pinn.js";

beforeAll(async () => {
  await ready();
});

const allenCahn = scenarios.find((s) => s.id === "allen-cahn-causal")!;
const ctx = { quick: true, progress: () => undefined };

describe("pinn/allen-cahn-causal scenario", () => {
  it("is available and trains both runs on the ETDRK4 reference without leaking tensors", async () => {
    expect(allenCahn.missing()).toEqual([]);
    const params = { steps: 4, width: 8, collocation: 64, lr: 1e-3, chunks: 4, runs: "both" };
    const r = (await expectNoLeaks(() => allenCahn.run(params, ctx))) as AllenCahnResult;
    expect([r.nx, r.nt]).toEqual([64, 26]);
    // The stored reference is the standalone solver's field (x-major here, time-major there).
    const ref = allenCahnReference({ modes: 512, dt: 1e-3, nt: 101, stride: 8 });
    expect(r.reference[5 * r.nt + 3]).toBe(ref.u[12 * 64 + 5]);
    expect(r.runs.map((run) => run.label)).toEqual(["plain", "causal"]);
    for (const run of r.runs) {
      expect(run.status).toBe("completed");
      expect(run.prediction).toHaveLength(r.nx * r.nt);
      expect(run.chunkLoss).toHaveLength(4);
      expect(Number.isFinite(run.relL2)).toBe(true);
      expect(new Set(run.history.map((h) => h.term))).toEqual(new Set(["total", "residual", "initial"]));
    }
    const [plain, causal] = r.runs as [AllenCahnResult["runs"][0], AllenCahnResult["runs"][0]];
    expect(plain.epsilon).toBeNull();
    expect(plain.causalWeights).toEqual([]);
    // The displayed weights are exactly w_i = exp(-eps * sum_{k<i} L_k) of the displayed chunk losses.
    expect(causal.epsilon).toBe(0.01);
    expect(causal.causalWeights).toEqual(Array.from(causalWeights(causal.chunkLoss, 0.01)));
    expect(causal.causalWeights[0]).toBe(1);
    expect(causal.minCausalWeight).toBeGreaterThan(0);
    expect(causal.minCausalWeight).toBeLessThanOrEqual(1);
  });

  it("rejects a bad 'runs' parameter naming it and the value", async () => {
    await expect(allenCahn.run({ ...allenCahn.defaults, runs: "sometimes" }, ctx)).rejects.toThrow(
      "parameter 'runs' must be 'both', 'plain' or 'causal', received 'sometimes'",
    );
  });
});
