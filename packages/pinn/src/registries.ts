import { createRegistry, type Registry } from "@continuum/core-tensor";
import type { Condition } from "./conditions/condition.js";
import type { Geometry } from "./geometry/geometry.js";
import type { ResidualFn } from "./pde.js";

/**
 * Geometry factories by name (`interval`, `rectangle`, `box`, `disk`, `ball`, `ellipse`, `polygon`, `timeDomain`…), for declarative
 * problem descriptions (the demo app, config files). Register your own in a `register-*.ts` file.
 * @example
 * ```ts
 * geometries.get("disk")([0, 0], 1);
 * ```
 */
export const geometries: Registry<(...args: any[]) => Geometry> = createRegistry("geometry");

/**
 * Condition factories by name (`dirichlet`, `neumann`, `robin`, `periodic`, `boundaryResidual`, `initial`, `observations`, `integral`).
 * @example
 * ```ts
 * conditions.get("dirichlet")({ value: 0 });
 * ```
 */
export const conditions: Registry<(options: any) => Condition> = createRegistry("condition");

/**
 * PDE residual factories by name (`poisson`, `helmholtz`, `heat`, `advection`, `wave`, `burgers`, `allenCahn`).
 * @example
 * ```ts
 * pdeTerms.get("burgers")({ nu: 0.01 / Math.PI });
 * ```
 */
export const pdeTerms: Registry<(options: any) => ResidualFn> = createRegistry("PDE term");
