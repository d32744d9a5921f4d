/**
 * Shape of the diffusion g(t, y): "diagonal" — g is an n-vector, noise dimension m = n, dyᵢ = gᵢ dWᵢ;
 * "scalar" — g is an n-vector, m = 1, dy = g dW; "general" — g is n×m, flat row-major, dy = g dW.
 *
 * @example
 * ```ts
 * import type { SdeNoise } from "@continuum/ode";
 * const noise: SdeNoise = "diagonal";
 * ```
 */
export type SdeNoise = "diagonal" | "scalar" | "general";

/**
 * Drift or diffusion function: fill `out` (or return an array). Diffusion `out` has n entries
 * ("diagonal"/"scalar") or n·m (row-major, "general").
 *
 * @example
 * ```ts
 * import type { SdeFunction } from "@continuum/ode";
 * const gbmDiffusion: SdeFunction = (_t, y, out) => { out[0] = 0.5 * y[0]!; };
 * ```
 */
// biome-ignore lint/suspicious/noConfusingVoidType: g may fill out in place and return nothing
export type SdeFunction = (t: number, y: Float64Array, out: Float64Array) => void | ArrayLike<number>;

/**
 * Problem data handed to an SDE stepper (`SdeSolver.create`): sizes, noise shape and counted functions.
 *
 * @example
 * ```ts
 * import { eulerMaruyama, type SdeProblem } from "@continuum/ode";
 * const p: SdeProblem = { n: 1, m: 1, noise: "diagonal", drift: (_t, y, o) => { o[0] = -y[0]!; }, diffusion: (_t, _y, o) => { o[0] = 1; } };
 * const step = eulerMaruyama().create(p);
 * ```
 */
export interface SdeProblem {
  readonly n: number;
  readonly m: number;
  readonly noise: SdeNoise;
  readonly drift: (t: number, y: Float64Array, out: Float64Array) => void;
  readonly diffusion: (t: number, y: Float64Array, out: Float64Array) => void;
}

/**
 * One fixed step y(t) → y(t+h) given the Brownian increment dW (length m) and, for schemes that need it,
 * the time integral dZ = ∫ₜᵗ⁺ʰ (W(s) − W(t)) ds.
 *
 * @example
 * ```ts
 * import type { SdeStep } from "@continuum/ode";
 * // const step: SdeStep = solver.create(problem); step(t, y, h, dW, dZ, yNext);
 * ```
 */
export type SdeStep = (
  t: number,
  y: Float64Array,
  h: number,
  dW: Float64Array,
  dZ: Float64Array | null,
  out: Float64Array,
) => void;

/**
 * An SDE solver: creates a fixed-step stepper for a problem. Registered in {@link sdeSolvers}.
 *
 * @example
 * ```ts
 * import { sdeSolvers } from "@continuum/ode";
 * sdeSolvers.get("EulerMaruyama").strongOrder; // 0.5
 * ```
 */
export interface SdeSolver {
  readonly name: string;
  readonly strongOrder: number;
  readonly weakOrder: number;
  readonly calculus: "ito" | "stratonovich";
  readonly noise: readonly SdeNoise[];
  /** Requires additive noise (g independent of y). */
  readonly additiveOnly: boolean;
  readonly needsTimeIntegral: boolean;
  create(problem: SdeProblem): SdeStep;
}

/** out += G·v for the problem's noise shape (G is the diffusion value). */
export function addNoise(
  p: SdeProblem,
  g: Float64Array,
  v: Float64Array,
  scale: number,
  out: Float64Array,
): void {
  const { n, m, noise } = p;
  if (noise === "diagonal") for (let i = 0; i < n; i++) out[i]! += scale * g[i]! * v[i]!;
  else if (noise === "scalar") for (let i = 0; i < n; i++) out[i]! += scale * g[i]! * v[0]!;
  else {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let k = 0; k < m; k++) acc += g[i * m + k]! * v[k]!;
      out[i]! += scale * acc;
    }
  }
}

/** Length of the diffusion output for a noise shape. */
export function diffusionSize(noise: SdeNoise, n: number, m: number): number {
  return noise === "general" ? n * m : n;
}
