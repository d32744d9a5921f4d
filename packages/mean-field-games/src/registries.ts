import type { FiniteMfgAlgorithm } from "./finite/algorithm.js";
import type { FiniteMfg } from "./finite/game.js";
import { createRegistry } from "./internal/registry.js";

/**
 * Registry of finite-MFG algorithms by name (`fictitious-play`, `online-mirror-descent`, `fixed-point`,
 * `prior-descent`); {@link solve} looks algorithms up here. Add your own with `finiteAlgorithms.register`.
 * @example
 * ```ts
 * finiteAlgorithms.names(); // ["fictitious-play", "online-mirror-descent", "fixed-point", "prior-descent"]
 * ```
 */
export const finiteAlgorithms = createRegistry<FiniteMfgAlgorithm>("MFG algorithm");

/** A built-in game factory: options in, game out. */
export type FiniteMfgFactory = (options?: any) => FiniteMfg;

/**
 * Registry of built-in finite games by name (`crowd-modelling-1d`, `crowd-modelling-2d`, `braess-network`, `predator-prey`,
 * `linear-quadratic`).
 * @example
 * ```ts
 * const game = finiteGames.get("crowd-modelling-1d")({ size: 10, horizon: 10 });
 * ```
 */
export const finiteGames = createRegistry<FiniteMfgFactory>("MFG game");
