import { askTellFromMinimizeOptions } from "../gradient-free/from-minimize-options.js";
import { runAskTellParallel } from "../gradient-free/parallel.js";
import { askTellOptimizers, minimizers } from "../registries.js";
import { checkX0 } from "./common.js";
import type { MinimizeOptions, MinimizeResult, Objective, ObjectiveModule } from "./types.js";

/**
 * Minimise a scalar function of a float64 vector, SciPy-`minimize`-shaped. `method` names an entry of the
 * `minimizers` registry: 'L-BFGS' (default), 'L-BFGS-B' (default when `bounds` are given), 'BFGS', 'CG',
 * 'Nelder-Mead', 'Powell', and the ask/tell population methods 'CMA-ES', 'SPSA', 'OpenAI-ES', 'SNES', 'CEM', 'CBO',
 * 'DE', 'random-search'. Returns `{ x, fun, jac, nit, nfev, njev, success, status, message }`; numeric failures
 * are a status and a message, bad input throws.
 *
 * With `workers: n` (population methods, Node only) each population is evaluated on `n` worker threads:
 * `fun` is then an {@link ObjectiveModule} (a module path, or `{ module, exportName }`) that every worker
 * imports, the call returns a Promise, and the result equals the sequential run with the same seed. Outside
 * Node the Promise rejects with a hint to drive the ask/tell optimiser from your own Web Workers.
 * @example
 * ```ts
 * const { rosenbrock } = await import("@continuum/optim/testing");
 * const p = rosenbrock(5, [1.3, 0.7, 0.8, 1.9, 1.2]);
 * const r = minimize(p.f, p.x0, { method: "L-BFGS-B", jac: p.grad });
 * r.nit; // 24 (SciPy 1.10: 24); r.x ≈ [1, 1, 1, 1, 1]
 * // objective.mjs: export default (x) => x.reduce((s, v) => s + v * v, 0);
 * const q = await minimize("./objective.mjs", [1, 2], { method: "CMA-ES", workers: 2, tol: 1e-10 });
 * q.fun; // <= 1e-10, equal to the sequential minimize(f, [1, 2], { method: "CMA-ES", tol: 1e-10 })
 * ```
 */
export function minimize(
  fun: ObjectiveModule,
  x0: ArrayLike<number>,
  options: MinimizeOptions & { workers: number },
): Promise<MinimizeResult>;
export function minimize(fun: Objective, x0: ArrayLike<number>, options?: MinimizeOptions): MinimizeResult;
export function minimize(
  fun: Objective | ObjectiveModule,
  x0: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult | Promise<MinimizeResult> {
  if (options.workers !== undefined) return minimizeOnWorkers(fun, x0, options);
  if (typeof fun !== "function") throw new Error(`minimize: fun must be a function, received ${typeof fun}`);
  const x = checkX0(x0, "minimize");
  const method = options.method ?? (options.bounds ? "L-BFGS-B" : "L-BFGS");
  if (options.bounds && (method === "L-BFGS" || method === "BFGS" || method === "CG"))
    throw new Error(
      `minimize: method '${method}' does not take bounds; use 'L-BFGS-B', 'Powell', 'Nelder-Mead' or 'CMA-ES'`,
    );
  checkCommonOptions(options);
  checkMethodOptionNames(method, options);
  return minimizers.get(method)(fun, x, options);
}

const MINIMIZE_OPTION_NAMES = [
  "method",
  "jac",
  "bounds",
  "tol",
  "ftol",
  "maxIter",
  "maxFev",
  "callback",
  "m",
  "seed",
  "sigma0",
  "options",
  "workers",
];

/** `options.options` names of the built-in deterministic methods (population methods check their own). */
const METHOD_OPTION_NAMES: Readonly<Record<string, readonly string[]>> = {
  "L-BFGS": [],
  "L-BFGS-B": [],
  BFGS: [],
  CG: [],
  "Nelder-Mead": ["adaptive"],
  Powell: [],
};

/**
 * Reject unknown option names: SciPy spellings such as `maxiter`, `maxfun` or `options: { gtol }` used to be
 * ignored without a word (SciPy itself warns about unknown solver options).
 */
function checkMethodOptionNames(method: string, options: MinimizeOptions): void {
  for (const k of Object.keys(options))
    if (!MINIMIZE_OPTION_NAMES.includes(k) && (options as Record<string, unknown>)[k] !== undefined)
      throw new Error(`minimize: unknown option '${k}'; known: ${MINIMIZE_OPTION_NAMES.join(", ")}`);
  const own = METHOD_OPTION_NAMES[method];
  if (!own || options.options == null) return;
  for (const k of Object.keys(options.options))
    if (!own.includes(k))
      throw new Error(
        `minimize: method '${method}' has no option options.${k}; ${own.length ? `known: ${own.join(", ")}` : "it takes no method-specific options"}`,
      );
}

/**
 * Validate the shared numeric options at the boundary: a NaN `maxIter` used to disable the iteration limit, `m = 0`
 * or a fractional `m` silently broke the L-BFGS history (a negative one threw a bare RangeError), and an unknown
 * `jac` string fell back to forward differences.
 */
function checkCommonOptions(options: MinimizeOptions): void {
  const where = "minimize";
  if (options.tol !== undefined && !(options.tol >= 0))
    throw new Error(`${where}: options.tol must be >= 0, received ${options.tol}`);
  if (options.ftol !== undefined && !(options.ftol >= 0))
    throw new Error(`${where}: options.ftol must be >= 0, received ${options.ftol}`);
  for (const [k, min] of [
    ["maxIter", 0],
    ["maxFev", 1],
  ] as const) {
    const v = options[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= min) && v !== Number.POSITIVE_INFINITY)
      throw new Error(`${where}: options.${k} must be an integer >= ${min}, received ${v}`);
  }
  if (options.m !== undefined && !(Number.isInteger(options.m) && options.m >= 1))
    throw new Error(
      `${where}: options.m (L-BFGS history size) must be an integer >= 1, received ${options.m}`,
    );
  if (options.callback !== undefined && typeof options.callback !== "function")
    throw new Error(`${where}: options.callback must be a function, received ${typeof options.callback}`);
  const { jac } = options;
  if (jac !== undefined && typeof jac !== "function" && jac !== "2-point" && jac !== "central")
    throw new Error(
      `${where}: options.jac must be a function, '2-point' or 'central' (SciPy's '3-point'), received ${typeof jac === "string" ? `'${jac}'` : typeof jac}`,
    );
}

function minimizeOnWorkers(
  fun: Objective | ObjectiveModule,
  x0: ArrayLike<number>,
  options: MinimizeOptions,
): Promise<MinimizeResult> {
  const where = "minimize";
  const { workers } = options;
  if (!Number.isInteger(workers) || workers! < 1)
    throw new Error(`${where}: options.workers must be an integer >= 1, received ${String(workers)}`);
  const method = options.method ?? "CMA-ES";
  if (!askTellOptimizers.has(method))
    throw new Error(
      `${where}: options.workers needs a population method (${askTellOptimizers.names().join(", ")}), received method '${method}'`,
    );
  let module: string | undefined;
  let exportName: string | undefined;
  if (typeof fun === "string") module = fun;
  else if (fun != null && typeof fun === "object" && typeof fun.module === "string") {
    module = fun.module;
    exportName = fun.exportName;
  }
  if (!module)
    throw new Error(
      `${where}: with options.workers, fun must be a module path or { module, exportName } that worker threads can import (functions cannot be sent to threads), received ${typeof fun}`,
    );
  const x = checkX0(x0, where);
  checkCommonOptions(options);
  checkMethodOptionNames(method, options);
  const opt = askTellFromMinimizeOptions(askTellOptimizers.get(method), x, options);
  return runAskTellParallel(module, opt, {
    evaluate: { workers: workers!, exportName },
    maxFev: options.maxFev,
    maxIter: options.maxIter,
    callback: options.callback,
  });
}
