// −Δu = 1 on the L-shaped domain [−1,1]² \ [0,1]², u = 0 on the boundary (the DeepXDE example), against the
// fine finite-difference reference (test/fixtures/poisson_lshape_reference.json). Budget: POISSON_SECONDS (s).
import { mlp, ready } from "@continuum/core-tensor";
import { dirichlet, evaluate, pde, points, poisson, polygon, train } from "../dist/index.js";
import { env, loadFixture, reporter } from "./common.mjs";

await ready();
const report = reporter("pinn-poisson-lshape");
const ref = loadFixture("poisson_lshape_reference.json");
const geometry = polygon([
  [-1, -1],
  [1, -1],
  [1, 0],
  [0, 0],
  [0, 1],
  [-1, 1],
]);
const problem = pde({
  geometry,
  residual: poisson({ f: 1 }),
  conditions: [dirichlet({ value: 0, points: 256 })],
});
const net = mlp({ inputs: 2, hidden: [32, 32, 32], outputs: 1, seed: 0 });
const seconds = env("POISSON_SECONDS", 120);
const start = performance.now();
const stop = (frac) => (s) => {
  console.error(`step ${s.step} loss ${s.loss.toExponential(3)}`);
  return performance.now() - start < seconds * 1000 * frac;
};
const a = await train(problem, net, {
  collocation: 1024,
  schedule: [{ optimizer: "adam", lr: 2e-3, steps: 100000 }],
  logEvery: 25,
  onStep: stop(0.5),
});
const b = await train(problem, net, {
  collocation: 1024,
  schedule: [{ optimizer: "lbfgs", steps: 100000 }],
  logEvery: 25,
  onStep: stop(1),
});
const err = evaluate(problem, net, { points: points(ref.points), values: ref.u });
report(`relL2 on 705 FD nodes (adam ${a.steps} + lbfgs ${b.steps}, 3x32 tanh, N=1024)`, "relL2", err, 1e-3, {
  seconds: (performance.now() - start) / 1000,
  target: "issue: <= 1e-3",
});
