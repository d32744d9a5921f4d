import type { DenseSegment, OdeSolver, StepFailure, Stepper, StepperContext } from "../types.js";

/**
 * Options of {@link autoSwitch}.
 *
 * @example
 * ```ts
 * import { autoSwitch, odeSolvers } from "@continuum/ode";
 * const auto = autoSwitch({ nonStiff: odeSolvers.get("Tsit5"), stiff: odeSolvers.get("Rodas5P") });
 * ```
 */
export interface AutoSwitchOptions {
  /** Explicit solver with a stiffness indicator (default Dopri5-type; needs `Stepper.stiffness`). */
  readonly nonStiff: OdeSolver;
  /** Stiff solver with a stiffness indicator (e.g. Rodas5P). */
  readonly stiff: OdeSolver;
  /** Switch to the stiff solver when |h|·ρ exceeds this for `patience` consecutive steps (default 3.25). */
  readonly stiffThreshold?: number;
  /** Switch back when the stiff solver's |h|·‖J‖∞ stays below this (default 1). */
  readonly nonStiffThreshold?: number;
  /** Consecutive steps required before switching (default 15, Hairer's DOPRI5 choice). */
  readonly patience?: number;
}

/**
 * Automatic stiffness detection and switching (in the spirit of LSODA, Petzold 1983, with Hairer's
 * stiffness test for explicit pairs, Solving ODEs II §IV.2): integrate with an explicit pair while
 * |h|·ρ(J) stays inside its stability region, switch to a stiff solver after `patience` steps beyond it, and
 * back when the stiff solver's steps would be explicitly stable. Switching restarts the target solver from
 * the current state with the current step size. Registered as "Auto" (Tsit5 ↔ Rodas5P).
 *
 * @example
 * ```ts
 * import { solveIvp } from "@continuum/ode";
 * const vdp = (_t: number, y: Float64Array) => [y[1]!, ((1 - y[0]! ** 2) * y[1]! - y[0]!) / 1e-3];
 * solveIvp(vdp, [0, 2], [2, 0], { method: "Auto", rtol: 1e-6, atol: 1e-6 }).status; // 0, far fewer f calls than Tsit5
 * ```
 */
export function autoSwitch(options: AutoSwitchOptions): OdeSolver {
  const { nonStiff, stiff } = options;
  const up = options.stiffThreshold ?? 3.25;
  const down = options.nonStiffThreshold ?? 1;
  const patience = options.patience ?? 15;
  if (nonStiff.errorOrder === null || stiff.errorOrder === null) {
    throw new Error("autoSwitch: both solvers must be adaptive (have an error estimate)");
  }
  return Object.freeze({
    name: `Auto(${nonStiff.name}|${stiff.name})`,
    order: Math.min(nonStiff.order, stiff.order),
    errorOrder: Math.min(nonStiff.errorOrder, stiff.errorOrder),
    stiff: false,
    createStepper(ctx: StepperContext): Stepper {
      let mode: "nonstiff" | "stiff" = "nonstiff";
      let cur = nonStiff.createStepper(ctx);
      let count = 0;
      let calm = 0;
      let pending = false;
      let lastH = 0;
      return {
        get t() {
          return cur.t;
        },
        get y() {
          return cur.y;
        },
        get tOld() {
          return cur.tOld;
        },
        step(): StepFailure | null {
          if (pending) {
            // Switch now (after the caller used the previous step's dense output).
            const target = mode === "nonstiff" ? stiff : nonStiff;
            cur = target.createStepper({ ...ctx, t0: cur.t, y0: cur.y.slice(), firstStep: lastH });
            mode = mode === "nonstiff" ? "stiff" : "nonstiff";
            pending = false;
            count = 0;
            calm = 0;
          }
          const failure = cur.step();
          if (failure) {
            if (mode === "nonstiff" && failure.reason === "step-size-underflow") {
              // Underflow in the explicit solver: try the stiff one from here before giving up.
              cur = stiff.createStepper({ ...ctx, t0: cur.t, y0: cur.y.slice(), firstStep: undefined });
              mode = "stiff";
              count = 0;
              return cur.step();
            }
            return failure;
          }
          lastH = Math.abs(cur.t - cur.tOld);
          const s = cur.stiffness?.() ?? Number.NaN;
          // Hairer's DOPRI5 rule: count steps beyond the threshold; forget them only after 6 consecutive
          // steps inside it (step sizes oscillate around the stability boundary on stiff problems).
          const beyond = mode === "nonstiff" ? s > up : s < down;
          if (beyond) {
            count++;
            calm = 0;
          } else if (++calm >= 6) count = 0;
          if (count >= patience && cur.t !== ctx.tEnd) pending = true;
          return null;
        },
        dense(): DenseSegment {
          return cur.dense();
        },
      };
    },
  });
}
