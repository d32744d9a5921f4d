import { createRegistry } from "@continuum/core-tensor";
import type { GaussianPath } from "./processes/gaussian-path.js";
import type { Sampler } from "./samplers/types.js";

/**
 * Registry of noise processes: name -> factory taking that process's options. Filled by
 * `register-processes.ts` (`vp-linear`, `vp-cosine`, `sub-vp`, `ve`, `edm`, `flow-linear`, `flow-trig`,
 * `interpolant`).
 * @example
 * ```ts
 * processes.get("vp-cosine")({}).alpha(0); // 1
 * processes.get("vp-quadratic"); // throws: unknown noise process 'vp-quadratic'; known: vp-linear, ...
 * ```
 */
export const processes = createRegistry<(options?: Record<string, number>) => GaussianPath>("noise process");

/**
 * Registry of samplers, filled by `register-samplers.ts`; see {@link Sampler}.
 * @example
 * ```ts
 * samplers.names(); // ["ddpm", "ddim", "euler-maruyama", ...]
 * ```
 */
export const samplers = createRegistry<Sampler>("sampler");

/**
 * Look up a process by name (with options) or pass a path through unchanged.
 * @example
 * ```ts
 * resolveProcess("edm").tMax; // 80
 * ```
 */
export function resolveProcess(p: string | GaussianPath, options?: Record<string, number>): GaussianPath {
  if (typeof p === "string") return processes.get(p)(options);
  if (p == null || typeof p.alpha !== "function")
    throw new Error(`process must be a registered name or a GaussianPath, received ${String(p)}`);
  return p;
}
