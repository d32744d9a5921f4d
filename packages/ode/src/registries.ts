import { type Registry, createRegistry } from "./registry.js";
import type { SdeSolver } from "./sde/types.js";
import type { OdeSolver, StepSizeController } from "./types.js";

/**
 * Registry of ODE solvers by name ("RK45", "Tsit5", "DOP853", "Radau", …). Built-ins are added by
 * `register-solvers.ts`; plugins call `odeSolvers.register(name, solver)`.
 *
 * @example
 * ```ts
 * import { odeSolvers } from "@continuum/ode";
 * odeSolvers.names(); // ["Euler", "Midpoint", "Heun", "Ralston", "RK4", "Bosh3", "RK23", ...]
 * ```
 */
export const odeSolvers: Registry<OdeSolver> = createRegistry<OdeSolver>("ODE solver");

/**
 * Registry of step-size controller factories by name ("pid", "constant").
 *
 * @example
 * ```ts
 * import { stepSizeControllers } from "@continuum/ode";
 * const pi = stepSizeControllers.get("pid")({ pcoeff: 0.4, icoeff: 0.3 });
 * ```
 */
export const stepSizeControllers: Registry<(options?: any) => StepSizeController<any>> =
  createRegistry<(options?: any) => StepSizeController<any>>("step-size controller");

/**
 * Registry of SDE solvers by name ("EulerMaruyama", "Milstein", "Heun", "SRA1").
 *
 * @example
 * ```ts
 * import { sdeSolvers } from "@continuum/ode";
 * sdeSolvers.get("SRA1").strongOrder; // 1.5
 * ```
 */
export const sdeSolvers: Registry<SdeSolver> = createRegistry<SdeSolver>("SDE solver");
