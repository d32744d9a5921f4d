import type { StepFailure } from "../types.js";

/**
 * Smallest step allowed at t: 10 ulps of t (SciPy's rule), so that t + h differs from t.
 *
 * @example
 * ```ts
 * import { minStepAt } from "@continuum/ode";
 * minStepAt(1, 1); // ≈ 2.2e-15
 * ```
 */
export function minStepAt(t: number, direction: number): number {
  const ulp = Math.abs(nextAfter(t, direction * Number.POSITIVE_INFINITY) - t);
  return 10 * ulp;
}

function nextAfter(x: number, toward: number): number {
  if (Number.isNaN(x) || x === toward) return x;
  if (x === 0) return toward > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  let bits = buf.getBigUint64(0);
  if (toward > x === x > 0) bits += 1n;
  else bits -= 1n;
  buf.setBigUint64(0, bits);
  return buf.getFloat64(0);
}

/**
 * The failure returned when an adaptive step size underflows, with a hint naming what to try.
 *
 * @example
 * ```ts
 * import { stepUnderflow } from "@continuum/ode";
 * stepUnderflow(0.5, 1e-16, false, "explicit").message; // "step size underflow at t=0.5 ... try 'Radau' ..."
 * ```
 */
export function stepUnderflow(
  t: number,
  h: number,
  nonFinite: boolean,
  kind: "explicit" | "implicit",
): StepFailure {
  if (nonFinite) {
    return {
      reason: "non-finite",
      message: `f returned non-finite values (NaN or Infinity) near t=${t} and the step size shrank to ${h.toExponential(2)}; check f for a singularity or blow-up near t=${t} (or, if f is finite there: a component with atol = 0 that is exactly 0 has error scale atol + rtol·|y| = 0; use atol > 0)`,
    };
  }
  const hint =
    kind === "explicit"
      ? `the problem looks stiff at t=${t}; try method 'Radau', 'BDF' or 'Rodas5P'`
      : `the solution may have a singularity near t=${t}, or tolerances are too tight for float64`;
  return {
    reason: "step-size-underflow",
    message: `step size underflow at t=${t} (|h|=${h.toExponential(2)} is below 10 ulps of t): ${hint}`,
  };
}
