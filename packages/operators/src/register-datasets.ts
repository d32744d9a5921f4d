/** Registers the built-in dataset generators in {@link datasetGenerators}. */
import { antiderivativeDataset } from "./data/antiderivative.js";
import { burgersDataset } from "./data/burgers-dataset.js";
import { darcyDataset } from "./data/darcy.js";
import { datasetGenerators } from "./data/dataset.js";
import { grf1d } from "./data/grf.js";
import { advectionSolution, heatSolution } from "./data/linear-pdes.js";
import { navierStokesDataset } from "./data/navier-stokes-dataset.js";

const num = (v: unknown, d: number) => (typeof v === "number" ? v : d);

datasetGenerators.register("burgers", ({ n, resolution, seed, onProgress, params = {} }) => {
  const { u0, uT } = burgersDataset({
    n,
    resolution,
    seed,
    onProgress,
    solverResolution: params.solverResolution as number | undefined,
    nu: params.nu as number | undefined,
    dt: params.dt as number | undefined,
  });
  return {
    name: "burgers",
    inputs: u0,
    targets: uT,
    inputShape: [resolution, 1],
    targetShape: [resolution, 1],
    n,
  };
});

datasetGenerators.register("darcy", ({ n, resolution, seed, onProgress }) => {
  const { a, u } = darcyDataset({ n, resolution, seed, onProgress });
  const shape = [resolution, resolution, 1];
  return { name: "darcy", inputs: a, targets: u, inputShape: shape, targetShape: shape, n };
});

for (const [name, solve] of [
  ["heat", (u: Float64Array, p: Record<string, unknown>) => heatSolution(u, num(p.kappa, 0.01), num(p.T, 1))],
  [
    "advection",
    (u: Float64Array, p: Record<string, unknown>) => advectionSolution(u, num(p.c, 1), num(p.T, 0.5)),
  ],
] as const) {
  datasetGenerators.register(name, ({ n, resolution, seed, onProgress, params = {} }) => {
    const inputs = grf1d({ n, resolution, spectrum: { kind: "fno", alpha: 2, tau: 5, sigma: 25 }, seed });
    const targets = new Float64Array(n * resolution);
    for (let i = 0; i < n; i++) {
      targets.set(solve(inputs.subarray(i * resolution, (i + 1) * resolution), params), i * resolution);
      onProgress?.(i + 1, n);
    }
    return { name, inputs, targets, inputShape: [resolution, 1], targetShape: [resolution, 1], n };
  });
}

datasetGenerators.register("antiderivative", ({ n, resolution, seed, onProgress, params = {} }) => {
  const d = antiderivativeDataset({ n, sensors: resolution, points: num(params.points, resolution), seed });
  onProgress?.(n, n);
  return {
    name: "antiderivative",
    inputs: d.u,
    targets: d.s,
    inputShape: [d.sensors],
    targetShape: [d.points],
    n,
    extra: { y: d.y, uAtY: d.uAtY },
  };
});

datasetGenerators.register("navier-stokes", ({ n, resolution, seed, onProgress, params = {} }) => {
  const { w0, w, snapshots } = navierStokesDataset({
    n,
    resolution,
    seed,
    onProgress,
    nu: params.nu as number | undefined,
    T: params.T as number | undefined,
    dt: params.dt as number | undefined,
    snapshots: params.snapshots as number | undefined,
  });
  return {
    name: "navier-stokes",
    inputs: w0,
    targets: w,
    inputShape: [resolution, resolution, 1],
    targetShape: [resolution, resolution, snapshots],
    n,
  };
});
