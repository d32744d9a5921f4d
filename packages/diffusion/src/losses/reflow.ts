import { tf } from "@continuum/core-tensor";
import type { DiffusionModel } from "../parametrisation.js";
import { samplers } from "../registries.js";
import type { SamplerOptions } from "../samplers/types.js";
import "../register-samplers.js";

/**
 * Rectified-flow reflow couplings (Liu, Gong & Liu 2023): push noise `x1` through a trained model's
 * deterministic ODE sampler to get `x0 = Phi(x1)`; retraining {@link cfmLoss} on the fixed pairs
 * `(x0, x1)` (pass `x1` and `coupling: "independent"`) straightens the flow. Returns new tensors (caller owns).
 * @example
 * ```ts
 * const { x0, x1 } = reflowPairs(model, prng(0).normal([1024, 2]), { sampler: "heun", steps: 20 });
 * ```
 */
export function reflowPairs(
  model: DiffusionModel,
  x1: tf.Tensor,
  options: Omit<SamplerOptions, "rng"> & { sampler?: string },
): { x0: tf.Tensor; x1: tf.Tensor } {
  const s = samplers.get(options.sampler ?? "heun");
  if (s.stochastic && s.kind !== "ode")
    throw new Error(
      `reflowPairs: options.sampler must be deterministic (an ODE sampler), received '${s.name}'`,
    );
  const r = s.run(model, x1, { ...options, tMax: model.path.tMax, eta: 0 });
  if (r.status !== "success") {
    r.samples.dispose();
    throw new Error(`reflowPairs: ${r.message}`);
  }
  return { x0: r.samples, x1: tf.clone(x1) };
}
