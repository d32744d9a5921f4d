import { ready } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { samplers } from "./index.js";
import { checkSamplerOnGmm, SAMPLER_CONTRACT_CASES } from "./testing/index.js";

beforeAll(async () => {
  await ready();
});

describe("sampler contract: exact GMM score -> samples match the GMM", () => {
  it("the table covers every registered sampler", () => {
    const covered = new Set(SAMPLER_CONTRACT_CASES.map((c) => c.sampler));
    expect(samplers.names().filter((n) => !covered.has(n))).toEqual([]);
  });
  it.each(
    SAMPLER_CONTRACT_CASES.map((c) => [
      `${c.sampler} ${c.path ?? "vp-linear"} ${JSON.stringify(c.options ?? {})}`,
      c,
    ]),
  )("%s", (_name, c) => {
    const r = checkSamplerOnGmm(c);
    console.log(
      JSON.stringify({
        sampler: r.sampler,
        path: r.path,
        nfe: r.nfe,
        mean: [r.meanError.toPrecision(2), r.meanTol.toPrecision(2)],
        cov: [r.covError.toPrecision(2), r.covTol.toPrecision(2)],
        w: [r.weightError.toPrecision(2), r.weightTol.toPrecision(2)],
        sw: [r.sw.toPrecision(3), r.swTol.toPrecision(3)],
        mmd: [r.mmd.toPrecision(2), r.mmdTol.toPrecision(2)],
      }),
    );
    expect(r.message).toMatch(/within tolerance/);
    expect(r.leaked).toBe(0);
  });
});
