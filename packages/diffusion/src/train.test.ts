import { prng, ready } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { adam, cosineDecaySchedule } from "@continuum/optim";
import { beforeAll, describe, expect, it } from "vitest";
import { cfmLoss } from "./losses/flow-matching.js";
import { mlpDenoiser } from "./networks/mlp-denoiser.js";
import { flowLinear } from "./processes/flow.js";
import { train } from "./train.js";

beforeAll(async () => {
  await ready();
});

describe("train", () => {
  it("the flat-vector default Adam gives the same parameters as the same Adam applied leaf by leaf", async () => {
    const make = () => mlpDenoiser({ dim: 2, hidden: [16, 16], embedScale: 10, seed: 0 });
    const a = make();
    const b = make();
    const run = (net: ReturnType<typeof make>, optimizer?: ReturnType<typeof adam>) => {
      const model = net.model(flowLinear(), "velocity");
      return train(
        net.params,
        (r) => {
          const x = r.normal([32, 2]);
          const l = cfmLoss(model, x, { rng: r });
          x.dispose();
          return l;
        },
        { steps: 10, lr: 1e-2, rng: prng(1), logEvery: 1, optimizer },
      );
    };
    let ha: number[] = [];
    await expectNoLeaks(() => {
      ha = run(a);
    });
    const hb = run(b, adam(cosineDecaySchedule({ init: 1e-2, decaySteps: 10, alpha: 0.1 })));
    // Same elementwise arithmetic on the same float32 values: identical up to float32 rounding.
    expect(ha.length).toBe(10);
    for (let i = 0; i < ha.length; i++) expect(ha[i]).toBeCloseTo(hb[i]!, 5);
    const la = a.params.layers.flatMap((l) => [l.w, l.b]);
    const lb = b.params.layers.flatMap((l) => [l.w, l.b]);
    for (let i = 0; i < la.length; i++) expectAllClose(la[i]!, lb[i]!, { rtol: 1e-5, atol: 1e-6 });
    a.dispose();
    b.dispose();
  });
});
