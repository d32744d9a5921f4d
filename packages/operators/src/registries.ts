import { createRegistry } from "@continuum/core-tensor";

/** A model factory: options → model (`fno1d`, `fno2d`, `deeponet`, … registered in `register-models.ts`). */
export type OperatorModelFactory = (options: never) => unknown;

/**
 * Registry of operator model factories, keyed by the published names ("fno1d", "fno2d", "fno3d", "deeponet",
 * "pod-deeponet", "physics-informed-deeponet").
 *
 * @example
 * ```ts
 * const make = operatorModels.get("fno1d") as typeof fno1d;
 * ```
 */
export const operatorModels = createRegistry<OperatorModelFactory>("operator model");
