import { mlp, ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { dirichlet } from "../conditions/boundary.js";
import { initial } from "../conditions/initial.js";
import { observations } from "../conditions/observations.js";
import { interval } from "../geometry/box.js";
import { product, timeDomain } from "../geometry/product.js";
import { hardConstraint } from "../hard-constraint.js";
import { pde } from "../pde.js";
import { heat } from "../pde-terms.js";
import { grid } from "../points.js";
import { evaluate, predict } from "../predict.js";
import { trainTimeWindows } from "./time-windows.js";

beforeAll(async () => {
  await ready();
});

// u_t = α u_xx on [0, 1] × [0, 1], u(0, t) = u(1, t) = 0, u(x, 0) = sin(πx): u = exp(−απ²t) sin(πx).
const alpha = 0.2;
const exact = (x: number, t: number) => Math.exp(-alpha * Math.PI ** 2 * t) * Math.sin(Math.PI * x);
const heatProblem = () =>
  pde({
    geometry: product(interval(0, 1), timeDomain(0, 1)),
    residual: heat({ alpha }),
    conditions: [
      dirichlet({ value: 0, points: 32 }),
      initial({ value: ([x]) => Math.sin(Math.PI * x!), points: 64, weight: 10 }),
    ],
  });
const xs = Array.from({ length: 21 }, (_, i) => i / 20);
const ts = Array.from({ length: 21 }, (_, i) => i / 20);
const reference = {
  points: grid([xs, ts]),
  values: xs.flatMap((x) => ts.map((t) => exact(x, t))),
};

describe("trainTimeWindows", () => {
  it("marches the heat equation through 2 windows, each starting from the previous window's field", async () => {
    const problem = heatProblem();
    const net = mlp({ inputs: 2, hidden: [16, 16], outputs: 1, seed: 0 });
    const seen: number[][] = [];
    const r = await trainTimeWindows(problem, net, {
      windows: 2,
      collocation: 128,
      schedule: [
        { optimizer: "adam", lr: 1e-2, steps: 300 },
        { optimizer: "lbfgs", steps: 150 },
      ],
      onWindow: (w) => {
        seen.push([w.window, w.t0, w.t1]);
      },
    });
    expect(r.status).toBe("completed");
    expect(seen).toEqual([
      [0, 0, 0.5],
      [1, 0.5, 1],
    ]);
    // The assembled field is accurate over the whole interval, including the decay carried across the window
    // boundary (u(·, 1) is 0.14 of u(·, 0)): about 1e-2 for a 2×16 network and 450 steps per window (bound 3e-2).
    // A second window that restarted from the problem's own initial condition, or from zero, would be off by
    // more than 0.3.
    const err = evaluate(problem, r.network, reference);
    expect(err).toBeLessThan(3e-2);
    const end = predict(problem, r.network, grid([[0.5], [1]]));
    expect(end[0]).toBeCloseTo(exact(0.5, 1), 2);
    // Continuity at a window boundary: each side's own parameters agree there (the later window fitted the
    // earlier one's values as its initial condition).
    const at = tf.tensor2d([0.3, 0.5, 0.7, 0.5], [2, 2]);
    const left = net.apply(r.network.params[0] as never, at);
    const right = net.apply(r.network.params[1] as never, at);
    const jump = Math.max(...Array.from(tf.sub(left, right).dataSync(), Math.abs));
    expect(jump).toBeLessThan(5e-3);
    tf.dispose([at, left, right]);
    r.network.dispose();
    expect(r.network.params).toHaveLength(0);
    treeDispose(net.params);
  });

  it("imposes each window's initial condition exactly with initial: 'hard'", async () => {
    const problem = heatProblem();
    const net = mlp({ inputs: 2, hidden: [16, 16], outputs: 1, seed: 0 });
    const sinPi = (x: tf.Tensor) => tf.sin(tf.mul(x, Math.PI));
    const r = await trainTimeWindows(problem, net, {
      windows: 2,
      initial: "hard",
      initialValue: sinPi,
      collocation: 128,
      schedule: [
        { optimizer: "adam", lr: 1e-2, steps: 300 },
        { optimizer: "lbfgs", steps: 150 },
      ],
    });
    expect(r.status).toBe("completed");
    // Same network and steps as the soft test above (about 1e-2 there; bound 3e-2).
    expect(evaluate(problem, r.network, reference)).toBeLessThan(3e-2);
    // Exact at t = 0 (the initial field itself, float32 rounding of sin) and continuous at the window boundary
    // t = 0.5 to float32 rounding: the second window's g is the first window's field there.
    const u0 = predict(problem, r.network, grid([[0.25, 0.5, 0.75], [0]]));
    [0.25, 0.5, 0.75].forEach((x, i) => {
      expect(Math.abs(u0[i]! - Math.sin(Math.PI * x))).toBeLessThan(1e-6);
    });
    const below = predict(problem, r.network, grid([[0.3, 0.6], [0.5 - 1e-7]]));
    const at = predict(problem, r.network, grid([[0.3, 0.6], [0.5]]));
    for (let i = 0; i < 2; i++) expect(Math.abs(at[i]! - below[i]!)).toBeLessThan(1e-5);
    r.network.dispose();
    treeDispose(net.params);
  });

  it("needs initialValue for a non-constant initial condition in hard mode, and a known mode", async () => {
    const net = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 3 });
    const opts = { windows: 2, schedule: [{ optimizer: "adam" as const, steps: 1 }] };
    await expect(trainTimeWindows(heatProblem(), net, { ...opts, initial: "hard" })).rejects.toThrow(
      /initial: 'hard' needs options.initialValue/,
    );
    await expect(
      trainTimeWindows(heatProblem(), net, { ...opts, initial: "exact" as never }),
    ).rejects.toThrow(/options.initial must be 'soft' or 'hard', received 'exact'/);
    await expect(
      trainTimeWindows(heatProblem(), net, { ...opts, initialValue: (x: tf.Tensor) => x }),
    ).rejects.toThrow(/initialValue .* used with initial: 'hard'/);
    const bad = trainTimeWindows(heatProblem(), net, {
      ...opts,
      initial: "hard",
      initialValue: (x: tf.Tensor) => tf.concat([x, x], 1),
    });
    await expect(bad).rejects.toThrow(/initialValue returned shape \[\d+,2\], expected/);
    // A constant initial value needs no initialValue; the result is exact at t = 0 and leaks nothing.
    const constant = pde({
      geometry: product(interval(0, 1), timeDomain(0, 1)),
      residual: heat({ alpha }),
      conditions: [initial({ value: 0.5 })],
    });
    await expectNoLeaks(async () => {
      const r = await trainTimeWindows(constant, net, { ...opts, initial: "hard", collocation: 16 });
      expect(Array.from(predict(constant, r.network, grid([[0.2, 0.8], [0]])))).toEqual([0.5, 0.5]);
      r.network.dispose();
    });
    treeDispose(net.params);
  });

  it("stops when onWindow returns false and does not leak tensors", async () => {
    const problem = heatProblem();
    const net = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 1 });
    await expectNoLeaks(async () => {
      const r = await trainTimeWindows(problem, net, {
        windows: 4,
        collocation: 16,
        schedule: [{ optimizer: "adam", steps: 3 }],
        onWindow: (w) => w.window < 1,
      });
      expect(r.status).toBe("stopped");
      expect(r.windows).toHaveLength(2);
      expect(predict(problem, r.network, grid([[0.5], [0.1, 0.9]]))).toHaveLength(2);
      r.network.dispose();
    });
    treeDispose(net.params);
  });

  it("rejects what it cannot carry between windows, with the argument named", async () => {
    const net = mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 2 });
    const opts = { schedule: [{ optimizer: "adam" as const, steps: 1 }] };
    await expect(trainTimeWindows(heatProblem(), net, { ...opts, windows: 0 })).rejects.toThrow(
      /options.windows must be a positive integer, received 0/,
    );
    const steady = pde({ geometry: interval(0, 1), residual: heat({ alpha }), conditions: [] });
    await expect(trainTimeWindows(steady, net, { ...opts, windows: 2 })).rejects.toThrow(
      /product\(space, timeDomain\(t0, t1\)\), received 'interval'/,
    );
    const geometry = product(interval(0, 1), timeDomain(0, 1));
    const velocity = pde({
      geometry,
      residual: heat({ alpha }),
      conditions: [initial({ value: 0, derivative: 1 })],
    });
    await expect(trainTimeWindows(velocity, net, { ...opts, windows: 2 })).rejects.toThrow(
      /sets a time derivative/,
    );
    const data = pde({
      geometry,
      residual: heat({ alpha }),
      conditions: [observations({ points: grid([[0.5], [0.5]]), values: [0] })],
    });
    await expect(trainTimeWindows(data, net, { ...opts, windows: 2 })).rejects.toThrow(
      /\(observations\) is not supported with several windows/,
    );
    const hard = pde({ geometry, residual: heat({ alpha }), transform: hardConstraint({ geometry }) });
    await expect(trainTimeWindows(hard, net, { ...opts, windows: 2 })).rejects.toThrow(/output transforms/);
    hard.dispose();
    await expect(
      trainTimeWindows(heatProblem(), net, { ...opts, windows: 2, checkpointPath: "/tmp/x.safetensors" }),
    ).rejects.toThrow(/checkpointPath is not supported/);
    treeDispose(net.params);
  });
});
