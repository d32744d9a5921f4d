import { type Rng, tf } from "@continuum/core-tensor";
import { checkTime } from "./processes/gaussian-path.js";
import type { DiffusionModel } from "./parametrisation.js";
import { samplers } from "./registries.js";
import { adjustGridStart, startTime } from "./samplers/common.js";
import type { SampleResult, SamplerOptions } from "./samplers/types.js";
import "./register-samplers.js";

/** Options of {@link sample}. */
export interface SampleOptions extends Omit<SamplerOptions, "rng"> {
  /** Registered sampler name (see `samplers.names()`). */
  sampler: string;
  /** Number of samples. */
  n: number;
  /** Shape of one sample, e.g. `[2]` or `[28, 28, 1]`. */
  shape: number[];
  /** Seeded stream for the prior draw and the sampler's noise. */
  rng: Rng;
  /** Throw instead of returning a failed status. */
  throwOnFailure?: boolean;
}

/**
 * Draw samples from a diffusion / flow model: prior `x_T ~ N(0, (alpha_T^2 + sigma_T^2) I)` at the start of
 * the grid (the marginal of unit-variance data), then the named sampler. The caller owns `samples`.
 * @example
 * ```ts
 * const g = gmmScore([0.5, 0.5], [[-2], [2]], [0.1, 0.1]);
 * const r = sample(g.model(vpLinear()), { sampler: "dpm-solver++2m", steps: 15, n: 1000, shape: [1], rng: prng(0) });
 * r.samples.shape; // [1000, 1]
 * ```
 */
export function sample(model: DiffusionModel, options: SampleOptions): SampleResult {
  const s = samplers.get(options.sampler);
  const { n, shape, rng } = options;
  if (!(Number.isInteger(n) && n >= 1))
    throw new Error(`sample: options.n must be an integer >= 1, received ${n}`);
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((v) => !(Number.isInteger(v) && v >= 1)))
    throw new Error(
      `sample: options.shape must be a non-empty array of positive integers, received ${String(shape)}`,
    );
  if (!rng || typeof rng.normal !== "function")
    throw new Error("sample: options.rng (a prng stream) is required");
  const [priorRng, runRng] = rng.split(2) as [Rng, Rng];
  const p = model.path;
  // The prior is drawn where the sampler actually starts (samplers dividing by alpha move a start with
  // alpha ~ 0 to path.sdeTMax, with or without an explicit grid).
  const clamps = s.startsAtSdeTMax ?? s.kind === "sde";
  const first = checkTime(
    p,
    options.grid?.[0] ?? options.tMax ?? p.tMax,
    options.grid ? "sample: options.grid[0]" : "sample: options.tMax",
  );
  const t0 = Array.isArray(options.grid)
    ? adjustGridStart(p, options.grid, clamps)[0]!
    : startTime(p, first, clamps);
  const std = Math.sqrt(p.alpha(t0) ** 2 + p.sigma(t0) ** 2);
  const xT = priorRng.normal([n, ...shape], { std });
  try {
    // tidy: a sampler that throws midway (e.g. a model returning the wrong shape) leaks nothing.
    let r: SampleResult | undefined;
    tf.tidy(() => {
      r = s.run(model, xT, { ...options, tMax: options.grid ? undefined : t0, rng: runRng });
      return r.samples;
    });
    if (!r) throw new Error(`sample: sampler '${s.name}' returned no result`);
    if (r.status !== "success" && options.throwOnFailure) {
      r.samples.dispose();
      throw new Error(r.message);
    }
    return r;
  } finally {
    xT.dispose();
  }
}
