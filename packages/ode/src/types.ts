/**
 * Right-hand side of y' = f(t, y). Fill `dydt` in place (fast path) or return an array of the same length.
 *
 * @example
 * ```ts
 * import type { OdeFunction } from "@continuum/ode";
 * const decay: OdeFunction = (_t, y, dydt) => { dydt[0] = -y[0]!; };
 * const decay2: OdeFunction = (_t, y) => [-y[0]!];
 * ```
 */
// biome-ignore lint/suspicious/noConfusingVoidType: f may fill dydt in place and return nothing
export type OdeFunction = (t: number, y: Float64Array, dydt: Float64Array) => void | ArrayLike<number>;

/** Internal right-hand side: always fills `out`, counted and validated. */
export type Rhs = (t: number, y: Float64Array, out: Float64Array) => void;

/**
 * Jacobian ∂f/∂y: a function of (t, y) or a constant matrix. Matrices are `number[][]` (rows) or a flat
 * row-major `Float64Array` of length n².
 *
 * @example
 * ```ts
 * import type { JacobianInput } from "@continuum/ode";
 * const jac: JacobianInput = (_t, y) => [[-0.04, 1e4 * y[2]!, 1e4 * y[1]!], [0, 0, 0], [0, 0, 0]];
 * ```
 */
export type JacobianInput =
  | ((t: number, y: Float64Array) => ArrayLike<number> | readonly ArrayLike<number>[])
  | ArrayLike<number>
  | readonly ArrayLike<number>[];

/**
 * Counters of one integration, named as in SciPy.
 *
 * @example
 * ```ts
 * import { solveIvp } from "@continuum/ode";
 * const { nfev } = solveIvp((_t, y) => [-y[0]!], [0, 1], [1]); // 14, as SciPy's solve_ivp (RK45, rtol 1e-3)
 * ```
 */
export interface SolveStats {
  /** Evaluations of f, excluding those spent on finite-difference Jacobians (SciPy's convention). */
  nfev: number;
  /** Evaluations of f spent on finite-difference Jacobians. */
  nfevJacobian: number;
  njev: number;
  nlu: number;
  nsteps: number;
  naccepted: number;
  nrejected: number;
}

/**
 * A local interpolant of the solution on one step [t0, t1] (either orientation).
 *
 * @example
 * ```ts
 * import type { DenseSegment } from "@continuum/ode";
 * const seg: DenseSegment = { t0: 0, t1: 1, evaluate: (t, out) => { out[0] = Math.exp(-t); return out; } };
 * ```
 */
export interface DenseSegment {
  readonly t0: number;
  readonly t1: number;
  /** Write y(t) into `out` (allocates when omitted) and return it. */
  evaluate(t: number, out?: Float64Array): Float64Array;
}

/**
 * Why an integration stopped. `status` follows SciPy: 0 reached t1, 1 a terminal event, −1 failure.
 *
 * @example
 * ```ts
 * import type { SolveReason } from "@continuum/ode";
 * const r: SolveReason = "step-size-underflow";
 * ```
 */
export type SolveReason =
  | "success"
  | "event"
  | "step-size-underflow"
  | "max-steps"
  | "newton-failure"
  | "non-finite";

/**
 * Outcome of one attempted step of a stepper: `null` on success, otherwise the failure.
 *
 * @example
 * ```ts
 * import type { StepFailure } from "@continuum/ode";
 * const f: StepFailure = { reason: "step-size-underflow", message: "step size underflow at t=1" };
 * ```
 */
export interface StepFailure {
  readonly reason: SolveReason;
  readonly message: string;
}

/**
 * Everything a solver needs to integrate one problem. Built by `solve`/`solveIvp` after validating input.
 *
 * @example
 * ```ts
 * import type { StepperContext } from "@continuum/ode";
 * // passed to OdeSolver.createStepper(ctx) by solve(); plugin authors read it, never build it.
 * ```
 */
export interface StepperContext {
  /** Name of the public entry point (`"solveIvp"`, `"solve"`) to start error messages with (default `"solve"`). */
  readonly where?: string;
  readonly n: number;
  /** Counted right-hand side (counts into `stats.nfev`). */
  readonly f: Rhs;
  /** The same right-hand side counted into `stats.nfevJacobian` (for finite-difference Jacobians). */
  readonly fJacobian: Rhs;
  readonly t0: number;
  readonly y0: Float64Array;
  readonly tEnd: number;
  /** +1 forward, −1 backward. */
  readonly direction: 1 | -1;
  readonly rtol: number;
  readonly atol: Float64Array;
  /** Initial step magnitude, or undefined to choose automatically. */
  readonly firstStep: number | undefined;
  readonly maxStep: number;
  /** Adaptive stepping (false: constant step `firstStep`). */
  readonly adaptive: boolean;
  readonly controller: StepSizeController;
  readonly jac: JacobianInput | undefined;
  /** Sparsity pattern of the Jacobian (flat row-major 0/1, length n²) for finite-difference column grouping. */
  readonly jacSparsity: Uint8Array | undefined;
  /** Jacobian bandwidth `[lower, upper]`: Newton matrices use banded LU (see `jacobianStructure`). */
  readonly jacBandwidth?: readonly [number, number] | undefined;
  readonly stats: SolveStats;
}

/**
 * A running integration owned by one solver: holds the current state and advances by accepted steps.
 *
 * @example
 * ```ts
 * import type { Stepper } from "@continuum/ode";
 * // const st: Stepper = solver.createStepper(ctx); while (st.t !== ctx.tEnd) st.step();
 * ```
 */
export interface Stepper {
  /** Current time and state (owned by the stepper; copy before keeping). */
  readonly t: number;
  readonly y: Float64Array;
  /** Start of the last accepted step. */
  readonly tOld: number;
  /** Take one accepted step towards tEnd (never past it); `null` on success. */
  step(): StepFailure | null;
  /** Interpolant over the last accepted step [tOld, t]. */
  dense(): DenseSegment;
  /**
   * Optional stiffness indicator of the last accepted step: an estimate of |h|·ρ(∂f/∂y) (Hairer & Wanner,
   * Solving ODEs II, §IV.2), used by the automatic switching solver.
   */
  stiffness?(): number;
}

/**
 * An ODE solver: a named factory of steppers. Registered in {@link odeSolvers}; plugins add their own.
 *
 * @example
 * ```ts
 * import { odeSolvers } from "@continuum/ode";
 * const tsit5 = odeSolvers.get("Tsit5"); // { name: "Tsit5", order: 5, ... }
 * ```
 */
export interface OdeSolver {
  readonly name: string;
  /** Order of the propagated solution. */
  readonly order: number;
  /** Order of the error estimate; null for fixed-step-only methods. */
  readonly errorOrder: number | null;
  /** Whether the method is meant for stiff problems (uses a Jacobian). */
  readonly stiff: boolean;
  createStepper(ctx: StepperContext): Stepper;
}

/**
 * Step-size controller decision after an error estimate.
 *
 * @example
 * ```ts
 * import type { ControllerDecision } from "@continuum/ode";
 * const d: ControllerDecision<null> = { accept: true, factor: 1.5, state: null };
 * ```
 */
export interface ControllerDecision<S> {
  readonly accept: boolean;
  /** Multiply |h| by this factor for the next attempt. */
  readonly factor: number;
  readonly state: S;
}

/**
 * A step-size controller: immutable configuration with explicit state passed back in (optax style).
 * `errorNorm` is the RMS norm of the scaled local error (≤ 1 means within tolerance).
 *
 * @example
 * ```ts
 * import { pidController } from "@continuum/ode";
 * const c = pidController({ pcoeff: 0.2, icoeff: 0.8 });
 * let s = c.init(4);
 * const d = c.adapt(s, 0.5, false); // { accept: true, factor: 0.9·2^(1/5) ≈ 1.034, state }
 * ```
 */
export interface StepSizeController<S = unknown> {
  readonly name: string;
  readonly adaptive: boolean;
  init(errorOrder: number): S;
  /** Decide on a step with scaled error `errorNorm`; `rejectedBefore` is true after a rejection in this step. */
  adapt(state: S, errorNorm: number, rejectedBefore: boolean): ControllerDecision<S>;
}
