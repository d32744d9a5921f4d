import { parseSafetensors, ready } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { FNO_BURGERS, type FnoResult, publicAsset, scenarios } from "./operators.js";

beforeAll(async () => {
  await ready();
});

const fno = scenarios.find((s) => s.id === "fno-burgers")!;
const ctx = { quick: true, progress: () => undefined };

describe("operators/fno-burgers pre-trained weights", () => {
  it("the committed safetensors file is small and says how it was made", async () => {
    const bytes = await publicAsset(FNO_BURGERS.weightsPath);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const { metadata } = parseSafetensors(bytes);
    expect(metadata.model).toBe("fno1d");
    expect(JSON.parse(metadata.config!)).toEqual(FNO_BURGERS.model);
    expect(metadata.data).toContain(`seed ${FNO_BURGERS.pretrainSeed}`);
  });

  it("beats a briefly trained live model on the held-out seed-0 test functions, without leaks", async () => {
    const params = { epochs: 1, nTrain: 4, nTest: 4, stride: 4, pretrained: "compare" };
    // A first run fills the package's DFT-basis cache (kept on purpose), the second one must add nothing.
    await fno.run(params, ctx);
    const r = (await expectNoLeaks(() => fno.run(params, ctx))) as FnoResult;
    expect(r.pretrainedError).toBeUndefined();
    const pre = r.pretrained!;
    expect(pre.superResolution.map((e) => e.resolution)).toEqual([64, 128, 256]);
    // Measured 0.0032-0.0033 at 64/128/256 points on these test functions (validation 0.0032 on seed-1 functions
    // when the weights were made): 0.01 allows for backend float32 differences and flags a wrong or stale file,
    // which gives O(1) errors.
    for (const e of pre.superResolution) expect(e.relativeL2).toBeLessThan(0.01);
    for (const e of r.superResolution)
      expect(e.relativeL2).toBeGreaterThan(pre.superResolution[0]!.relativeL2);
  });

  it("rejects a bad 'pretrained' parameter naming it and the value", async () => {
    await expect(fno.run({ ...fno.defaults, pretrained: "yes" }, ctx)).rejects.toThrow(
      "parameter 'pretrained' must be 'compare' or 'off', received 'yes'",
    );
  });
});
