import { minimizers } from "../registries.js";
import { checkX0 } from "./common.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/**
 * Minimise a scalar function of a float64 vector, SciPy-`minimize`-shaped. `method` names an entry of the
 * `minimizers` registry: 'L-BFGS' (default), 'L-BFGS-B' (default when `bounds` are given), 'BFGS', 'CG',
 * 'Nelder-Mead', 'Powell', and the ask/tell population methods 'CMA-ES', 'SPSA', 'OpenAI-ES', 'SNES', 'CEM', 'CBO',
 * 'DE', 'random-search'. Returns `{ x, fun, jac, nit, nfev, njev, success, status, message }`; numeric failures
 * are a status and a message, bad input throws.
 * @example
 * ```ts
 * const { rosenbrock } = await import("@continuum/optim/testing");
 * const p = rosenbrock(5, [1.3, 0.7, 0.8, 1.9, 1.2]);
 * const r = minimize(p.f, p.x0, { method: "L-BFGS-B", jac: p.grad });
 * r.nit; // 24 (SciPy 1.10: 24); r.x ≈ [1, 1, 1, 1, 1]
 * ```
 */
export function minimize(
  fun: Objective,
  x0: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  if (typeof fun !== "function") throw new Error(`minimize: fun must be a function, received ${typeof fun}`);
  const x = checkX0(x0, "minimize");
  const method = options.method ?? (options.bounds ? "L-BFGS-B" : "L-BFGS");
  if (options.bounds && (method === "L-BFGS" || method === "BFGS" || method === "CG" || method === "Powell"))
    throw new Error(
      `minimize: method '${method}' does not take bounds; use 'L-BFGS-B', 'Nelder-Mead' or 'CMA-ES'`,
    );
  if (options.tol !== undefined && !(options.tol >= 0))
    throw new Error(`minimize: options.tol must be >= 0, received ${options.tol}`);
  return minimizers.get(method)(fun, x, options);
}
