import {
  bandPattern,
  jacobianStructure,
  type ShiftedSystemSolver,
  shiftedSolver,
} from "../linear/shifted-solver.js";
import type { StepperContext } from "../types.js";
import { createJacobian } from "./jacobian.js";

/**
 * The Jacobian provider and the Newton-matrix solver of an implicit method, from the context's `jac`,
 * `jacSparsity` and `jacBandwidth`: a bandwidth alone also groups finite-difference columns by the band.
 * `differences` picks forward (SciPy's, for Radau and BDF) or central finite differences (Rosenbrock methods).
 *
 * @example
 * ```ts
 * import { newtonSetup } from "@continuum/ode";
 * // inside a solver's createStepper(ctx): const { jacobian, linear } = newtonSetup(ctx);
 * ```
 */
export function newtonSetup(
  ctx: StepperContext,
  differences: "forward" | "central" = "forward",
): {
  readonly jacobian: ReturnType<typeof createJacobian>;
  readonly linear: ShiftedSystemSolver;
} {
  const { n } = ctx;
  const structure = jacobianStructure(n, ctx.jacSparsity, ctx.jacBandwidth);
  const fdSparsity =
    ctx.jacSparsity ??
    (structure.kind === "banded" && structure.lower + structure.upper + 1 < n
      ? bandPattern(n, structure.lower, structure.upper)
      : undefined);
  return {
    jacobian: createJacobian(
      ctx.fJacobian,
      n,
      ctx.jac,
      fdSparsity,
      ctx.atol,
      ctx.where ?? "solve",
      differences,
    ),
    linear: shiftedSolver(n, structure),
  };
}
