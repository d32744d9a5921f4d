import { createRegistry, tf } from "@continuum/core-tensor";
import { positiveInt } from "../internal/validate.js";

/** A generated operator-learning dataset: inputs and targets stacked along a leading sample axis (float64). */
export interface OperatorDataset {
  name: string;
  inputs: Float64Array;
  targets: Float64Array;
  /** Shape of one input sample, channels last (e.g. `[1024, 1]`, `[85, 85, 1]`, `[100]`). */
  inputShape: number[];
  targetShape: number[];
  n: number;
  /** Extra arrays (e.g. DeepONet output coordinates `y`). */
  extra?: Record<string, Float64Array>;
}

/** Options of {@link generateDataset}. */
export interface GenerateDatasetOptions {
  n: number;
  resolution: number;
  seed?: number;
  /** Called after each sample with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Generator-specific settings (e.g. `{ nu: 0.1 }`). */
  params?: Record<string, unknown>;
}

/** A dataset generator as stored in the {@link datasetGenerators} registry. */
export type DatasetGenerator = (options: GenerateDatasetOptions) => OperatorDataset;

/** Registry of dataset generators (filled in `register-datasets.ts`: burgers, darcy, heat, advection, navier-stokes, antiderivative). */
export const datasetGenerators = createRegistry<DatasetGenerator>("operator dataset generator");

/**
 * Generate a named dataset from the {@link datasetGenerators} registry (float64, seeded).
 *
 * @example
 * ```ts
 * const ds = generateDataset("burgers", { n: 8, resolution: 256, seed: 0 });
 * ds.inputShape; // [256, 1]
 * ```
 */
export function generateDataset(name: string, options: GenerateDatasetOptions): OperatorDataset {
  positiveInt(options?.n, "generateDataset: options.n");
  positiveInt(options.resolution, "generateDataset: options.resolution");
  return datasetGenerators.get(name)(options);
}

/**
 * Upload a slice of a dataset as float32 tensors `[count, ...inputShape]`, `[count, ...targetShape]`; throws if
 * it holds NaN/Infinity (naming the array and index). The caller owns the returned tensors.
 *
 * @example
 * ```ts
 * const { inputs, targets } = datasetTensors(ds, 0, 100); // first 100 samples
 * ```
 */
export function datasetTensors(
  ds: OperatorDataset,
  start = 0,
  count = ds.n - start,
): { inputs: tf.Tensor; targets: tf.Tensor } {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || start + count > ds.n)
    throw new Error(
      `datasetTensors: slice [${start}, ${start + count}) is outside the ${ds.n} samples of '${ds.name}'`,
    );
  const ni = ds.inputShape.reduce((a, b) => a * b, 1);
  const nt = ds.targetShape.reduce((a, b) => a * b, 1);
  for (const [arr, what, per, shape] of [
    [ds.inputs, "inputs", ni, ds.inputShape],
    [ds.targets, "targets", nt, ds.targetShape],
  ] as const)
    if (arr.length !== ds.n * per)
      throw new Error(
        `datasetTensors: dataset '${ds.name}' ${what} hold ${arr.length} values, but n = ${ds.n} samples of shape [${shape}] need ${ds.n * per}`,
      );
  const inp = ds.inputs.subarray(start * ni, (start + count) * ni);
  const tgt = ds.targets.subarray(start * nt, (start + count) * nt);
  for (const [arr, what] of [
    [inp, "inputs"],
    [tgt, "targets"],
  ] as const)
    for (let i = 0; i < arr.length; i++)
      if (!Number.isFinite(arr[i]!))
        throw new Error(
          `datasetTensors: dataset '${ds.name}' ${what} hold ${arr[i]} at flat index ${i + start * (what === "inputs" ? ni : nt)}`,
        );
  return {
    inputs: tf.tensor(Float32Array.from(inp), [count, ...ds.inputShape]),
    targets: tf.tensor(Float32Array.from(tgt), [count, ...ds.targetShape]),
  };
}
