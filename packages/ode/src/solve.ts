import { constantStepSize } from "./controllers/constant.js";
import { pidController } from "./controllers/pid.js";
import type { OdeEvent, OdeEventFunction } from "./events/event.js";
import { integrate } from "./integrate.js";
import { sdeSolvers } from "./registries.js";
import { solveSde } from "./sde/solve-sde.js";
import type { SdeSolver } from "./sde/types.js";
import type { OdeSolution } from "./solution.js";
import { resolveSolver } from "./solve-ivp.js";
import type { Term } from "./terms.js";
import type { JacobianInput, OdeSolver, SolveReason, SolveStats, StepSizeController } from "./types.js";

/**
 * What to save (diffrax `SaveAt`): `t0`, `t1` (default true, or false when `ts` is given), `ts` (times, from
 * dense output), `steps` (every accepted step), `dense` (a continuous solution). `t0`, `ts` and `t1` combine
 * in that order (`{ t0: true, ts, t1: true }`); `ts` with `steps` is rejected (two interleaved time grids).
 *
 * @example
 * ```ts
 * import type { SaveAt } from "@continuum/ode";
 * const s: SaveAt = { ts: [0, 0.5, 1] };
 * ```
 */
export interface SaveAt {
  readonly t0?: boolean;
  readonly t1?: boolean;
  readonly ts?: ArrayLike<number>;
  readonly steps?: boolean;
  readonly dense?: boolean;
}

/**
 * Arguments of {@link solve} (diffrax `diffeqsolve`). Tolerances live here (diffrax keeps them on the
 * controller): `rtol` default 1e-3, `atol` default 1e-6.
 *
 * @example
 * ```ts
 * import type { SolveArgs } from "@continuum/ode";
 * ```
 */
export interface SolveArgs {
  readonly term: Term;
  readonly solver: OdeSolver | SdeSolver | string;
  readonly t0: number;
  readonly t1: number;
  readonly y0: ArrayLike<number>;
  /** Initial (or, with a constant controller, the) step size. */
  readonly dt0?: number;
  readonly controller?: StepSizeController<any>;
  /** Relative tolerance (default 1e-3); values below 100·ε ≈ 2.2e-14 are raised to it (as SciPy). */
  readonly rtol?: number;
  readonly atol?: number | ArrayLike<number>;
  readonly maxStep?: number;
  readonly saveAt?: SaveAt;
  readonly events?: OdeEvent | OdeEventFunction | readonly (OdeEvent | OdeEventFunction)[];
  readonly jac?: JacobianInput;
  readonly jacSparsity?: ArrayLike<number> | readonly ArrayLike<number>[];
  /**
   * Jacobian bandwidth `[lower, upper]` (sub-/super-diagonals) for the stiff methods: their Newton matrices are
   * then factored by banded LU (`@continuum/core-tensor/linalg`) and finite-difference Jacobians need only
   * `lower + upper + 1` evaluations of f (central differences for Rodas5P: twice that). A `jacSparsity` pattern
   * with a narrow band does the same.
   */
  readonly jacBandwidth?: readonly [number, number];
  /** Step budget (default 4096, as diffrax). */
  readonly maxSteps?: number;
  /** Throw on failure (default true, as diffrax); false returns the status. */
  readonly throw?: boolean;
}

/**
 * Result of {@link solve} (diffrax `Solution`).
 *
 * @example
 * ```ts
 * import { solve, odeTerm } from "@continuum/ode";
 * const sol = solve({ term: odeTerm((_t, y) => [-y[0]!]), solver: "Tsit5", t0: 0, t1: 1, y0: [1], dt0: 0.1 });
 * sol.ys[0]![0]; // ≈ 0.36798: two steps at the default rtol 1e-3, atol 1e-6 (e⁻¹ = 0.367879)
 * ```
 */
export interface Solution {
  readonly ts: Float64Array;
  readonly ys: Float64Array[];
  readonly sol: OdeSolution | null;
  readonly tEvents: Float64Array[];
  readonly yEvents: Float64Array[][];
  readonly stats: SolveStats;
  readonly status: -1 | 0 | 1;
  readonly reason: SolveReason;
  readonly message: string;
  readonly success: boolean;
}

function isSdeSolver(s: unknown): s is SdeSolver {
  return typeof s === "object" && s !== null && typeof (s as SdeSolver).create === "function";
}

/**
 * Solve an ODE or SDE, diffrax-style: a term (what), a solver (how, from a registry or a plugin), a
 * step-size controller (how far), and what to save. ODE terms run the same engine as {@link solveIvp};
 * `multiTerm(odeTerm, controlTerm)` with an SDE solver runs the fixed-step SDE loop.
 *
 * @example
 * ```ts
 * import { solve, odeTerm, pidController } from "@continuum/ode";
 * const sol = solve({
 *   term: odeTerm((_t, y, dy) => { dy[0] = y[1]!; dy[1] = -y[0]!; }),
 *   solver: "Tsit5", t0: 0, t1: 1, y0: [0, 1], dt0: 0.1,
 *   controller: pidController({ pcoeff: 0.2, icoeff: 0.4 }), rtol: 1e-8, atol: 1e-8, saveAt: { ts: [0.5, 1] },
 * });
 * sol.ys[1]![0]; // ≈ sin(1) = 0.841471
 * ```
 */
export function solve(args: SolveArgs): Solution {
  const where = "solve";
  if (!args || typeof args !== "object")
    throw new Error(`${where}: expected an options object, received ${typeof args}`);
  const { term } = args;
  if (!term || !["ode", "multi", "control"].includes((term as Term).kind)) {
    throw new Error(
      `${where}: term must be odeTerm(f) or multiTerm(odeTerm, controlTerm), received ${String(term)}`,
    );
  }
  if (term.kind === "control") {
    throw new Error(
      `${where}: a controlTerm alone has no drift; wrap it as multiTerm(odeTerm(drift), controlTerm(...))`,
    );
  }
  if (term.kind === "multi") {
    const [drift, diffusion] = term.terms;
    let solver: SdeSolver;
    if (typeof args.solver === "string") {
      try {
        solver = sdeSolvers.get(args.solver);
      } catch (e) {
        throw new Error(`${where}: solver: ${(e as Error).message}`);
      }
    } else if (isSdeSolver(args.solver)) solver = args.solver;
    else
      throw new Error(
        `${where}: an SDE term needs an SDE solver (e.g. "EulerMaruyama"), received ODE solver '${(args.solver as OdeSolver)?.name}'`,
      );
    if (args.dt0 === undefined) throw new Error(`${where}: SDEs are solved with a constant step: pass dt0`);
    const save = args.saveAt ?? {};
    if (save.ts !== undefined || save.dense) {
      throw new Error(
        `${where}: saveAt.ts and saveAt.dense are not supported for SDEs (fixed-step); use saveAt.steps`,
      );
    }
    if (args.events !== undefined) throw new Error(`${where}: events are not supported for SDEs`);
    const r = solveSde({
      drift: drift.f as never,
      diffusion: diffusion.g,
      t0: args.t0,
      t1: args.t1,
      y0: args.y0,
      dt0: args.dt0,
      solver,
      noise: diffusion.noise,
      brownian: diffusion.control,
      saveSteps: save.steps ?? false,
      maxSteps: args.maxSteps,
      throw: args.throw ?? true,
    });
    return {
      ts: r.ts,
      ys: r.ys,
      sol: null,
      tEvents: [],
      yEvents: [],
      stats: {
        nfev: r.nfev,
        nfevJacobian: 0,
        njev: 0,
        nlu: 0,
        nsteps: r.nsteps,
        naccepted: r.nsteps,
        nrejected: 0,
      },
      status: r.status,
      reason: r.success ? "success" : "non-finite",
      message: r.message,
      success: r.success,
    };
  }
  if (isSdeSolver(args.solver))
    throw new Error(`${where}: solver '${args.solver.name}' is an SDE solver but term is an ODE term`);
  const solver = resolveSolver(where, args.solver as OdeSolver | string);
  const fixed = solver.errorOrder === null;
  const controller = args.controller ?? (fixed ? constantStepSize() : pidController());
  if (!controller.adaptive && args.dt0 === undefined)
    throw new Error(`${where}: a constant step size needs dt0`);
  const save = args.saveAt ?? {};
  if (save.ts !== undefined && save.steps) {
    throw new Error(
      `${where}: saveAt.ts and saveAt.steps cannot be combined (two interleaved time grids); use saveAt.steps with saveAt.dense and evaluate sol at the ts`,
    );
  }
  const out = integrate({
    where,
    f: term.f,
    t0: args.t0,
    t1: args.t1,
    y0: args.y0,
    solver,
    controller,
    rtol: args.rtol ?? 1e-3,
    atol: args.atol ?? 1e-6,
    firstStep: args.dt0 === undefined ? undefined : Math.abs(args.dt0),
    maxStep: args.maxStep ?? Number.POSITIVE_INFINITY,
    tEval: save.ts,
    saveSteps: save.steps ?? false,
    saveT0: save.t0 ?? false,
    saveT1: save.t1 ?? save.ts === undefined,
    endsWithTEval: true,
    denseOutput: save.dense ?? false,
    events: args.events,
    maxSteps: args.maxSteps ?? 4096,
    jac: args.jac,
    jacSparsity: args.jacSparsity,
    jacBandwidth: args.jacBandwidth,
  });
  if ((args.throw ?? true) && out.status < 0) throw new Error(`${where}: ${out.message}`);
  return {
    ts: Float64Array.from(out.ts),
    ys: out.ys,
    sol: out.sol,
    tEvents: out.tEvents.map((l) => Float64Array.from(l)),
    yEvents: out.yEvents,
    stats: out.stats,
    status: out.status,
    reason: out.reason,
    message: out.message,
    success: out.status >= 0,
  };
}
