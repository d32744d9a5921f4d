/** Registers the built-in dataset generators in {@link datasetGenerators}. */
import { antiderivativeDataset } from "./data/antiderivative.js";
import { burgersDataset } from "./data/burgers-dataset.js";
import { darcyDataset } from "./data/darcy.js";
import { datasetGenerators } from "./data/dataset.js";
import { grf1d } from "./data/grf.js";
import { advectionSolution, heatSolution } from "./data/linear-pdes.js";
import { navierStokesDataset } from "./data/navier-stokes-dataset.js";
import { finiteNumber, positiveInt, positiveNumber } from "./internal/validate.js";

type ParamKind = "positive" | "finite" | "integer";

/**
 * Check a generator's `params` against the keys it understands: an unknown key (a typo such as `kapa`) or a
 * value of the wrong kind throws naming the generator and the key, instead of silently falling back to the
 * default. Returns the params as numbers (undefined where not given).
 */
function readParams<K extends string>(
  name: string,
  params: unknown,
  known: Record<K, ParamKind>,
): Partial<Record<K, number>> {
  const where = `generateDataset('${name}')`;
  if (params === undefined) return {};
  if (params === null || typeof params !== "object" || Array.isArray(params))
    throw new Error(`${where}: options.params must be an object, received ${String(params)}`);
  const out: Partial<Record<K, number>> = {};
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (!Object.hasOwn(known, key))
      throw new Error(
        `${where}: unknown options.params.${key}; known: ${Object.keys(known).join(", ") || "(none)"}`,
      );
    if (value === undefined) continue;
    const label = `${where}: options.params.${key}`;
    const kind = known[key as K];
    out[key as K] =
      kind === "positive"
        ? positiveNumber(value, label)
        : kind === "integer"
          ? positiveInt(value, label)
          : finiteNumber(value, label);
  }
  return out;
}

datasetGenerators.register("burgers", ({ n, resolution, seed, onProgress, params }) => {
  const p = readParams("burgers", params, {
    nu: "positive",
    T: "positive",
    dt: "positive",
    solverResolution: "integer",
  });
  const { u0, uT } = burgersDataset({ n, resolution, seed, onProgress, ...p });
  return {
    name: "burgers",
    inputs: u0,
    targets: uT,
    inputShape: [resolution, 1],
    targetShape: [resolution, 1],
    n,
  };
});

datasetGenerators.register("darcy", ({ n, resolution, seed, onProgress, params }) => {
  const p = readParams("darcy", params, {
    high: "positive",
    low: "positive",
    tau: "positive",
    alpha: "positive",
    source: "finite",
  });
  const { a, u } = darcyDataset({ n, resolution, seed, onProgress, ...p });
  const shape = [resolution, resolution, 1];
  return { name: "darcy", inputs: a, targets: u, inputShape: shape, targetShape: shape, n };
});

for (const [name, known, solve] of [
  [
    "heat",
    { kappa: "finite", T: "finite" },
    (u: Float64Array, p: Record<string, number | undefined>) => heatSolution(u, p.kappa ?? 0.01, p.T ?? 1),
  ],
  [
    "advection",
    { c: "finite", T: "finite" },
    (u: Float64Array, p: Record<string, number | undefined>) => advectionSolution(u, p.c ?? 1, p.T ?? 0.5),
  ],
] as const) {
  datasetGenerators.register(name, ({ n, resolution, seed, onProgress, params }) => {
    const p = readParams(name, params, known as Record<string, ParamKind>);
    const inputs = grf1d({ n, resolution, spectrum: { kind: "fno", alpha: 2, tau: 5, sigma: 25 }, seed });
    const targets = new Float64Array(n * resolution);
    for (let i = 0; i < n; i++) {
      targets.set(solve(inputs.subarray(i * resolution, (i + 1) * resolution), p), i * resolution);
      onProgress?.(i + 1, n);
    }
    return { name, inputs, targets, inputShape: [resolution, 1], targetShape: [resolution, 1], n };
  });
}

datasetGenerators.register("antiderivative", ({ n, resolution, seed, onProgress, params }) => {
  const p = readParams("antiderivative", params, {
    points: "integer",
    lengthScale: "positive",
    features: "integer",
  });
  const d = antiderivativeDataset({
    n,
    sensors: resolution,
    points: p.points ?? resolution,
    lengthScale: p.lengthScale,
    features: p.features,
    seed,
  });
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

datasetGenerators.register("navier-stokes", ({ n, resolution, seed, onProgress, params }) => {
  const p = readParams("navier-stokes", params, {
    nu: "positive",
    T: "positive",
    dt: "positive",
    snapshots: "integer",
  });
  const { w0, w, snapshots } = navierStokesDataset({ n, resolution, seed, onProgress, ...p });
  return {
    name: "navier-stokes",
    inputs: w0,
    targets: w,
    inputShape: [resolution, resolution, 1],
    targetShape: [resolution, resolution, snapshots],
    n,
  };
});
