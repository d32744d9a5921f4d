import { prng, ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { gaussianScore } from "../oracles/gmm.js";
import { vpLinear } from "../processes/vp.js";
import { edm } from "../processes/edm.js";
import { flowLinear } from "../processes/flow.js";
import { samplers } from "../registries.js";
import "../register-samplers.js";

beforeAll(async () => {
  await ready();
});

// 1-D Gaussian data N(m, v): every marginal is Gaussian, S_t = alpha^2 v + sigma^2, and the probability-flow
// ODE is the affine transport map x_t - alpha_t m = sqrt(S_t / S_T) (x_T - alpha_T m) (analytic reference).
const m = 0.5;
const v = 0.25;
const g = gaussianScore([m], v);
const exactMap = (p: ReturnType<typeof vpLinear>, xT: Float32Array, tT: number, tE: number) => {
  const S = (t: number) => p.alpha(t) ** 2 * v + p.sigma(t) ** 2;
  const k = Math.sqrt(S(tE) / S(tT));
  return Float64Array.from(xT, (x) => p.alpha(tE) * m + k * (x - p.alpha(tT) * m));
};
const maxErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!));
  return e;
};

function runMap(name: string, path: ReturnType<typeof vpLinear>, steps: number, tEnd: number, extra = {}) {
  const xT = prng(3).normal([64, 1], {
    std: Math.sqrt(path.alpha(path.tMax) ** 2 * v + path.sigma(path.tMax) ** 2),
  });
  const r = samplers.get(name).run(g.model(path), xT, { steps, tEnd, spacing: "logsnr", ...extra });
  const out = r.samples.dataSync().slice();
  const ref = exactMap(path, xT.dataSync() as Float32Array, path.tMax, tEnd);
  tf.dispose([xT, r.samples]);
  return { err: maxErr(out, ref), nfe: r.nfe };
}

describe("discretisation error vs NFE on the exact Gaussian transport map (VP linear, t in [1, 0.05])", () => {
  // Observed order = -slope of log(error) vs log(steps), fitted over a step-doubling ladder chosen so that the
  // errors stay well above the float32 floor (~1e-6); we require >= order - 0.5 (pre-asymptotic curvature of the short ladders).
  const cases: [string, number, number[]][] = [
    ["ddim", 1, [8, 16, 32, 64]],
    ["dpm-solver-1", 1, [8, 16, 32, 64]],
    ["euler", 1, [16, 32, 64, 128]],
    ["heun", 2, [8, 16, 32]],
    ["edm-heun", 2, [8, 16, 32]],
    ["dpm-solver-2", 2, [4, 8, 16, 32]],
    ["dpm-solver++2m", 2, [8, 16, 32, 64]],
    ["dpm-solver-3", 3, [3, 6, 12]],
    // Multistep 3M: the first-order warm-up step contributes O(h^2) globally, so the asymptotic order is 2
    // (measured 2.3 on 32..256 steps), as in the reference implementation.
    ["dpm-solver++3m", 2, [16, 32, 64]],
    ["rk4", 4, [3, 6, 12]],
    // UniPC-2 with the UniC corrector: order 3 in theory (measured 2.7-2.9 on 32..128 steps).
    ["unipc", 2, [16, 32, 64]],
  ];
  it.each(cases)("%s has order >= %i", (name, order, ladder) => {
    const path = vpLinear();
    const errs = ladder.map((s) => runMap(name, path, s, 0.05).err);
    const lx = ladder.map(Math.log);
    const ly = errs.map(Math.log);
    const mx = lx.reduce((a, b) => a + b) / lx.length;
    const my = ly.reduce((a, b) => a + b) / ly.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < lx.length; i++) {
      num += (lx[i]! - mx) * (ly[i]! - my);
      den += (lx[i]! - mx) ** 2;
    }
    const slope = num / den;
    console.log(
      JSON.stringify({ sampler: name, ladder, errors: errs.map((e) => e.toExponential(2)), order: -slope }),
    );
    expect(-slope).toBeGreaterThan(order - 0.5);
  });

  it("DDIM (eta = 0) reproduces the analytic transport map to 1e-4 (Richardson on 200/400 steps; raw 1/n)", () => {
    const path = vpLinear();
    const e1 = runMap("ddim", path, 200, 0.05);
    const e2 = runMap("ddim", path, 400, 0.05);
    // First-order: halving the step halves the error; Richardson 2 x(400) - x(200) removes the O(1/n) term.
    const xT = prng(3).normal([64, 1], { std: 1 });
    const a = samplers.get("ddim").run(g.model(path), xT, { steps: 200, tEnd: 0.05, spacing: "logsnr" });
    const b = samplers.get("ddim").run(g.model(path), xT, { steps: 400, tEnd: 0.05, spacing: "logsnr" });
    const rich = tf.tidy(() => tf.sub(tf.mul(b.samples, 2), a.samples).dataSync());
    const ref = exactMap(path, xT.dataSync() as Float32Array, path.tMax, 0.05);
    const er = maxErr(rich, ref);
    tf.dispose([xT, a.samples, b.samples]);
    console.log(JSON.stringify({ ddim200: e1.err, ddim400: e2.err, richardson: er }));
    expect(e1.err / e2.err).toBeGreaterThan(1.8);
    expect(e2.err).toBeLessThan(1e-2);
    expect(er).toBeLessThan(1e-4);
  });

  it("DPM-Solver++(2M) at 20 NFE beats PF-ODE Euler at 100 NFE; ++(3M) at 40 NFE beats DDIM at 40 by > 10x", () => {
    const path = vpLinear();
    const pp2 = runMap("dpm-solver++2m", path, 20, 0.05);
    const eu = runMap("euler", path, 100, 0.05);
    const pp3 = runMap("dpm-solver++3m", path, 40, 0.05);
    const dd = runMap("ddim", path, 40, 0.05);
    console.log(
      JSON.stringify({ dpmpp2m_20: pp2.err, euler_100: eu.err, dpmpp3m_40: pp3.err, ddim_40: dd.err }),
    );
    expect(pp2.err).toBeLessThan(eu.err);
    expect(dd.err / pp3.err).toBeGreaterThan(10);
  });
});

describe("sampler equivalences and mechanics", () => {
  it("DDPM ancestral = DDIM eta = 1 with the same noise stream (two independent formulas)", async () => {
    const path = vpLinear();
    const xT = prng(5).normal([32, 1]);
    const a = samplers.get("ddpm").run(g.model(path), xT, { steps: 20, rng: prng(9) });
    const b = samplers.get("ddim").run(g.model(path), xT, { steps: 20, eta: 1, rng: prng(9) });
    expect(maxErr(a.samples.dataSync(), b.samples.dataSync())).toBeLessThan(2e-5);
    tf.dispose([xT, a.samples, b.samples]);
  });
  it("DDIM eta = 0 equals DPM-Solver-1 and flow Euler equals DDIM on the linear path", () => {
    const xT = prng(6).normal([16, 1]);
    const a = samplers.get("ddim").run(g.model(vpLinear()), xT, { steps: 10 });
    const b = samplers.get("dpm-solver-1").run(g.model(vpLinear()), xT, { steps: 10 });
    expect(maxErr(a.samples.dataSync(), b.samples.dataSync())).toBeLessThan(1e-5);
    // On x_t = (1-t) x0 + t eps, Euler in t with uniform steps is exactly the DDIM update.
    const c = samplers.get("euler").run(g.model(flowLinear()), xT, { steps: 10, spacing: "uniform" });
    const d = samplers.get("ddim").run(g.model(flowLinear()), xT, { steps: 10, spacing: "uniform" });
    expect(maxErr(c.samples.dataSync(), d.samples.dataSync())).toBeLessThan(1e-5);
    tf.dispose([xT, a.samples, b.samples, c.samples, d.samples]);
  });
  it("rk45 meets its tolerance and reports its NFE; no sampler leaks tensors", async () => {
    const path = edm();
    const xT = prng(7).normal([64, 1], { std: 80 });
    const r = samplers.get("rk45").run(g.model(path), xT, { steps: 10, rtol: 1e-5, atol: 1e-5 });
    const ref = exactMap(path, xT.dataSync() as Float32Array, 80, path.tLow);
    expect(r.status).toBe("success");
    // The final jump to sigma = 0 is the denoiser at sigma = 0.002: x0 = m + v/(v + s^2) (x - m) vs the map
    // sqrt(v/(v+s^2)): both differ from x_{tLow} by O(s^2) = 4e-6 relative.
    expect(maxErr(r.samples.dataSync(), ref)).toBeLessThan(1e-3);
    r.samples.dispose();
    for (const name of samplers.names()) {
      const out = await expectNoLeaks(
        () => samplers.get(name).run(g.model(vpLinear()), xT, { steps: 3, rng: prng(1) }),
        {
          allow: 1,
        },
      );
      expect(out.samples.shape).toEqual([64, 1]);
      out.samples.dispose();
    }
    xT.dispose();
  });
  it("bad input: NFE < 1, unknown sampler, missing rng, bad grid, eta out of range", () => {
    const xT = tf.zeros([4, 1]);
    const model = g.model(vpLinear());
    expect(() => samplers.get("ddim").run(model, xT, { steps: 0 })).toThrow(
      /steps \(NFE budget\) must be an integer >= 1, received 0/,
    );
    expect(() => samplers.get("unipc-9")).toThrow(/unknown sampler 'unipc-9'; known: ddpm, ddim/);
    expect(() => samplers.get("ddpm").run(model, xT, { steps: 3 })).toThrow(/options.rng/);
    expect(() => samplers.get("ddim").run(model, xT, { steps: 3, grid: [0.5, 0.7] })).toThrow(
      /strictly decreasing/,
    );
    expect(() => samplers.get("ddim").run(model, xT, { steps: 3, grid: [2, 0] })).toThrow(
      /must be in \[0, 1\].*received 2/,
    );
    expect(() => samplers.get("ddim").run(model, xT, { steps: 3, eta: 2 })).toThrow(
      /eta must be in \[0, 1\], received 2/,
    );
    xT.dispose();
  });
});
