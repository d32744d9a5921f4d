import { constantStepSize } from "./controllers/constant.js";
import { pidController } from "./controllers/pid.js";
import type { OdeEvent, OdeEventFunction } from "./events/event.js";
import { integrate } from "./integrate.js";
import { odeSolvers } from "./registries.js";
import type { OdeSolution } from "./solution.js";
import type {
  JacobianInput,
  OdeFunction,
  OdeSolver,
  SolveReason,
  SolveStats,
  StepSizeController,
} from "./types.js";

/**
 * Options of {@link solveIvp}, named after SciPy's `solve_ivp` (camelCase).
 *
 * @example
 * ```ts
 * import type { SolveIvpOptions } from "@continuum/ode";
 * const opts: SolveIvpOptions = { method: "DOP853", rtol: 1e-10, atol: 1e-10, denseOutput: true };
 * ```
 */
export interface SolveIvpOptions {
  /** Solver name from {@link odeSolvers} (default "RK45") or a solver object. */
  readonly method?: string | OdeSolver;
  /** Relative tolerance (default 1e-3, as SciPy); values below 100·ε ≈ 2.2e-14 are raised to it, as in SciPy. */
  readonly rtol?: number;
  /** Absolute tolerance, scalar or per component (default 1e-6). */
  readonly atol?: number | ArrayLike<number>;
  /** Initial step (default: chosen automatically); the constant step for fixed-step methods. */
  readonly firstStep?: number;
  /** Largest allowed step (default Infinity). */
  readonly maxStep?: number;
  /** Times at which to store the solution (from dense output, no extra steps); default: every step. */
  readonly tEval?: ArrayLike<number>;
  /** Return a continuous solution `sol` (default false). */
  readonly denseOutput?: boolean;
  readonly events?: OdeEvent | OdeEventFunction | readonly (OdeEvent | OdeEventFunction)[];
  /** Jacobian ∂f/∂y for stiff methods (function or constant matrix); finite differences when omitted. */
  readonly jac?: JacobianInput;
  /** Jacobian sparsity (n×n, non-zero = may be non-zero) for grouped finite differences. */
  readonly jacSparsity?: ArrayLike<number> | readonly ArrayLike<number>[];
  /**
   * Jacobian bandwidth `[lower, upper]` (sub-/super-diagonals) for the stiff methods: their Newton matrices are
   * then factored by banded LU (`@continuum/core-tensor/linalg`) and finite-difference Jacobians need only
   * `lower + upper + 1` evaluations of f (central differences for Rodas5P: twice that). A `jacSparsity` pattern
   * with a narrow band does the same.
   */
  readonly jacBandwidth?: readonly [number, number];
  /** Accepted for SciPy compatibility; f is always called one state at a time. */
  readonly vectorized?: boolean;
  /** Step-size controller (default: SciPy's I controller, `pidController()`). */
  readonly controller?: StepSizeController<any>;
  /** Step budget (default 1e6). */
  readonly maxSteps?: number;
  /** Throw an Error instead of returning a failed status (default false). */
  readonly throw?: boolean;
}

/**
 * Result of {@link solveIvp}: SciPy's `OdeResult` with `y` as one state per saved time.
 *
 * @example
 * ```ts
 * import { solveIvp } from "@continuum/ode";
 * const r = solveIvp((_t, y) => [-y[0]!], [0, 1], [1]);
 * r.success; r.status; r.t.length; r.y[r.y.length - 1]; r.nfev;
 * ```
 */
export interface SolveIvpResult {
  readonly t: Float64Array;
  readonly y: Float64Array[];
  readonly sol: OdeSolution | null;
  readonly tEvents: Float64Array[];
  readonly yEvents: Float64Array[][];
  readonly nfev: number;
  readonly njev: number;
  readonly nlu: number;
  /** 0: reached t1; 1: a terminal event; −1: failure (see message). */
  readonly status: -1 | 0 | 1;
  readonly reason: SolveReason;
  readonly message: string;
  readonly success: boolean;
  readonly stats: SolveStats;
}

/** Look up a solver by name or accept a solver object, naming the argument on failure. */
export function resolveSolver(where: string, method: string | OdeSolver): OdeSolver {
  if (typeof method === "string") {
    try {
      return odeSolvers.get(method);
    } catch (e) {
      throw new Error(`${where}: method: ${(e as Error).message}`);
    }
  }
  if (method && typeof method === "object" && typeof method.createStepper === "function") return method;
  throw new Error(`${where}: method must be a solver name or an OdeSolver object, received ${typeof method}`);
}

/**
 * Solve the initial value problem y' = f(t, y), y(t₀) = y₀ on tSpan = [t₀, t₁] (backward if t₁ < t₀),
 * with SciPy's `solve_ivp` contract: same defaults (RK45, rtol 1e-3, atol 1e-6), same step-size rules and
 * initial-step heuristic (so NFE counts agree), `tEval`, `denseOutput`, events with direction/terminal,
 * `jac`/`jacSparsity` for the stiff methods, and a status + message (with a hint) instead of an exception.
 *
 * @example
 * ```ts
 * import { solveIvp } from "@continuum/ode";
 * const r = solveIvp((_t, y, dy) => { dy[0] = y[1]!; dy[1] = -y[0]!; }, [0, Math.PI], [0, 1],
 *   { method: "DOP853", rtol: 1e-10, atol: 1e-12 });
 * r.y.at(-1); // ≈ [0, -1]
 * ```
 */
export function solveIvp(
  f: OdeFunction,
  tSpan: readonly [number, number] | ArrayLike<number>,
  y0: ArrayLike<number>,
  options: SolveIvpOptions = {},
): SolveIvpResult {
  const where = "solveIvp";
  if (tSpan?.length !== 2) {
    throw new Error(`${where}: tSpan must be [t0, t1], received ${JSON.stringify(tSpan)}`);
  }
  const solver = resolveSolver(where, options.method ?? "RK45");
  const fixed = solver.errorOrder === null;
  if (fixed && options.firstStep === undefined) {
    throw new Error(
      `${where}: method '${solver.name}' is fixed-step: pass firstStep (the constant step size)`,
    );
  }
  const controller = options.controller ?? (fixed ? constantStepSize() : pidController());
  const out = integrate({
    where,
    f,
    t0: tSpan[0]!,
    t1: tSpan[1]!,
    y0,
    solver,
    controller,
    rtol: options.rtol ?? 1e-3,
    atol: options.atol ?? 1e-6,
    firstStep: options.firstStep,
    maxStep: options.maxStep ?? Number.POSITIVE_INFINITY,
    tEval: options.tEval,
    saveSteps: options.tEval === undefined,
    saveT0: true,
    saveT1: true,
    denseOutput: options.denseOutput ?? false,
    events: options.events,
    maxSteps: options.maxSteps ?? 1_000_000,
    jac: options.jac,
    jacSparsity: options.jacSparsity,
    jacBandwidth: options.jacBandwidth,
  });
  if (options.throw && out.status < 0) throw new Error(`${where}: ${out.message}`);
  return {
    t: Float64Array.from(out.ts),
    y: out.ys,
    sol: out.sol,
    tEvents: out.tEvents.map((l) => Float64Array.from(l)),
    yEvents: out.yEvents,
    nfev: out.stats.nfev,
    njev: out.stats.njev,
    nlu: out.stats.nlu,
    status: out.status,
    reason: out.reason,
    message: out.message,
    success: out.status >= 0,
    stats: out.stats,
  };
}
