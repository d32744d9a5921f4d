import {
  loadSafetensors,
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

/**
 * Load a checkpoint written by {@link saveCheckpoint} into the network and the problem's trainable coefficients
 * (variables are assigned in place; names and shapes must match).
 * @example
 * ```ts
 * await loadCheckpoint(problem, net, "burgers.safetensors");
 * await train(problem, net, { schedule: [{ optimizer: "lbfgs", steps: 1000 }] }); // resume
 * ```
 */
export async function loadCheckpoint(
  problem: Problem,
  network: NetworkLike,
  source: string | Uint8Array | ArrayBuffer,
): Promise<void> {
  await loadSafetensors(source, { into: trainables(problem, network) });
}
