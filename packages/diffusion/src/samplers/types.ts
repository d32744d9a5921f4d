import type { Rng, tf } from "@continuum/core-tensor";
import type { DiffusionModel } from "../parametrisation.js";
import type { GridSpacing } from "../processes/gaussian-path.js";

/** Options shared by every sampler (sampler-specific ones are documented on each sampler). */
export interface SamplerOptions {
  /** Number of solver steps (grid intervals); NFE depends on the sampler (see `nfePerStep`). */
  steps: number;
  /** Random stream; required by stochastic samplers. */
  rng?: Rng;
  /** Explicit decreasing time grid (overrides steps/spacing). */
  grid?: number[];
  spacing?: GridSpacing;
  tMax?: number;
  tEnd?: number;
  /** DDIM eta (0 = deterministic, 1 = ancestral). */
  eta?: number;
  /** EDM stochasticity `S_churn` (default 0), `S_tmin`, `S_tmax`, `S_noise`. */
  churn?: number;
  churnTMin?: number;
  churnTMax?: number;
  sNoise?: number;
  /** Predictor–corrector: Langevin steps per step (default 1) and target signal-to-noise ratio (default 0.16). */
  correctorSteps?: number;
  snr?: number;
  /** RK45 tolerances. */
  rtol?: number;
  atol?: number;
  /** UniPC order (1, 2 or 3). DPM-Solver samplers carry their order in the name and reject any other value. */
  order?: number;
  /** Use lower-order updates on the final steps (default true when steps < 15). */
  lowerOrderFinal?: boolean;
}

/** Outcome of a sampler run; the caller owns `samples`. */
export interface SampleResult {
  samples: tf.Tensor;
  /** Number of model evaluations used. */
  nfe: number;
  status: "success" | "failed";
  message: string;
  /** The time grid actually used. */
  grid: number[];
}

/** A sampler: maps prior draws `xT` at `grid[0]` to data samples. Registered in `samplers`. */
export interface Sampler {
  readonly name: string;
  /** One-line description with the citation. */
  readonly description: string;
  readonly stochastic: boolean;
  /** Deterministic ODE samplers can be used for likelihoods and inversion. */
  readonly kind: "ode" | "sde";
  /**
   * True when the sampler divides by alpha and therefore starts a path whose alpha is (nearly) zero at the first
   * time (flows and interpolants at t = 1) at `path.sdeTMax` instead; `sample` draws its prior there.
   * Defaults to `kind === "sde"` for samplers that do not say.
   */
  readonly startsAtSdeTMax?: boolean;
  /** Model evaluations per step (approximate for adaptive samplers). */
  nfePerStep(options: Partial<SamplerOptions>): number;
  run(model: DiffusionModel, xT: tf.Tensor, options: SamplerOptions): SampleResult;
}
