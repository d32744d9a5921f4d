import {
  loadSafetensors,
  parseSafetensors,
  type PyTree,
  type SafetensorsWriter,
  saveSafetensors,
} from "@continuum/core-tensor";
import type { Problem } from "./pde.js";
import type { NetworkLike } from "./training/loss.js";

function trainables(problem: Problem, network: NetworkLike): PyTree {
  return {
    net: network.params,
    pde: problem.parameters.variables,
    ...(problem.transform?.variables ? { transform: problem.transform.variables } : {}),
  } as unknown as PyTree;
}

/**
 * Save the network parameters and the problem's trainable coefficients as safetensors (names `net.…`, `pde.…`, and `transform.…` for an output transform's own variables),
 * with `step` in the metadata. Overwrites by default. Resume a run with {@link loadCheckpoint} then `train`.
 * @example
 * ```ts
 * await saveCheckpoint(problem, net, "burgers.safetensors", { step: 5000 });
 * ```
 */
export async function saveCheckpoint(
  problem: Problem,
  network: NetworkLike,
  target: string | SafetensorsWriter,
  options: { step?: number; overwrite?: boolean } = {},
): Promise<void> {
  await saveSafetensors(trainables(problem, network), target, {
    overwrite: options.overwrite ?? true,
    metadata: {
      format: "continuum-pinn/1",
      step: String(options.step ?? 0),
      outputs: problem.outputs.join(","),
    },
  });
}

// Hidden from bundlers: only Node reads checkpoint paths.
const dynamicImport = (m: string): Promise<any> => import(/* @vite-ignore */ /* webpackIgnore: true */ m);

/**
 * Load a checkpoint written by {@link saveCheckpoint} into the network and the problem's trainable coefficients
 * (variables are assigned in place). Names and shapes must match both ways: a checkpoint holding a tensor the
 * problem lacks (e.g. an identified coefficient `pde.k` loaded into a problem without it) is refused rather than
 * silently dropped. Returns the training step stored with it (0 when absent) and the file's metadata.
 * @example
 * ```ts
 * const { step } = await loadCheckpoint(problem, net, "burgers.safetensors");
 * await train(problem, net, { schedule: [{ optimizer: "lbfgs", steps: 1000 }] }); // resume
 * ```
 */
export async function loadCheckpoint(
  problem: Problem,
  network: NetworkLike,
  source: string | Uint8Array | ArrayBuffer,
): Promise<{ step: number; metadata: Record<string, string> }> {
  let bytes: Uint8Array | ArrayBuffer;
  if (typeof source === "string") {
    const fs = await dynamicImport("node:fs/promises");
    bytes = new Uint8Array(await fs.readFile(source));
  } else bytes = source;
  const { metadata } = parseSafetensors(bytes);
  try {
    await loadSafetensors(bytes, { into: trainables(problem, network), allowExtra: false });
  } catch (e) {
    throw new Error(`loadCheckpoint: ${(e as Error).message}`);
  }
  const step = Number(metadata.step ?? 0);
  return { step: Number.isFinite(step) ? step : 0, metadata };
}
