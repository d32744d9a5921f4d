import { irspec, rspec } from "../internal/real-spectrum.js";
import { finiteNumber, finiteSignal } from "../internal/validate.js";

/**
 * Exact solution of the heat equation u_t = κ u_xx on the periodic unit interval at time T for the
 * trigonometric interpolant of `u0` (x_j = j/S): each Fourier mode decays as e^{−κ(2πk)²T}. Exact (to
 * rounding) for band-limited data.
 *
 * @example
 * ```ts
 * const S = 32;
 * const u0 = Float64Array.from({ length: S }, (_, j) => Math.sin((2 * Math.PI * j) / S));
 * const uT = heatSolution(u0, 0.01, 1); // = e^{−0.04π²} · u0
 * ```
 */
export function heatSolution(u0: Float64Array, kappa: number, T: number): Float64Array {
  finiteSignal(u0, "heatSolution: u0");
  finiteNumber(kappa, "heatSolution: kappa");
  finiteNumber(T, "heatSolution: T");
  if (kappa < 0 || T < 0)
    throw new Error(`heatSolution: kappa and T must be non-negative, received kappa=${kappa}, T=${T}`);
  const S = u0.length;
  const spec = rspec(u0);
  for (let k = 0; k < spec.re.length; k++) {
    const d = Math.exp(-kappa * (2 * Math.PI * k) ** 2 * T);
    spec.re[k]! *= d;
    spec.im[k]! *= d;
  }
  return irspec(spec, S);
}

/**
 * Exact solution of the advection equation u_t + c u_x = 0 on the periodic unit interval at time T,
 * u(x, T) = u0(x − cT), evaluated on the trigonometric interpolant of `u0` (phase shift e^{−2πikcT} per mode;
 * the Nyquist mode of even S is kept real).
 *
 * @example
 * ```ts
 * const uT = advectionSolution(u0, 1, 0.25); // u0 shifted right by a quarter period
 * ```
 */
export function advectionSolution(u0: Float64Array, c: number, T: number): Float64Array {
  finiteSignal(u0, "advectionSolution: u0");
  finiteNumber(c, "advectionSolution: c");
  finiteNumber(T, "advectionSolution: T");
  const S = u0.length;
  const spec = rspec(u0);
  for (let k = 0; k < spec.re.length; k++) {
    const th = -2 * Math.PI * k * c * T;
    const cr = Math.cos(th);
    const ci = Math.sin(th);
    const re = spec.re[k]!;
    const im = spec.im[k]!;
    if (S % 2 === 0 && k === S / 2) {
      spec.re[k] = re * cr;
      spec.im[k] = 0;
    } else {
      spec.re[k] = re * cr - im * ci;
      spec.im[k] = re * ci + im * cr;
    }
  }
  return irspec(spec, S);
}
