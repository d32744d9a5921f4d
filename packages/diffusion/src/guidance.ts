import { tf } from "@continuum/core-tensor";
import type { DiffusionModel } from "./parametrisation.js";

/**
 * Classifier-free guidance (Ho & Salimans 2022): the model whose output is `(1 + w) cond - w uncond`.
 * Because every prediction is affine in the other at fixed `(x, t)`, guiding eps, x0, v, score or velocity
 * is the same thing; the guided score is `(1+w) grad log p(x|c) - w grad log p(x)`. `w = 0` is the conditional
 * model. Both models must share the path and the prediction.
 * @example
 * ```ts
 * const guided = classifierFreeGuidance(condModel, uncondModel, 2);
 * sample(guided, { sampler: "ddim", steps: 50, n: 64, shape: [2], rng: prng(0) });
 * ```
 */
export function classifierFreeGuidance(
  conditional: DiffusionModel,
  unconditional: DiffusionModel,
  scale: number,
): DiffusionModel {
  if (!Number.isFinite(scale))
    throw new Error(`classifierFreeGuidance: scale must be a finite number, received ${scale}`);
  if (conditional.path !== unconditional.path && conditional.path.name !== unconditional.path.name)
    throw new Error(
      `classifierFreeGuidance: models must share the path, received '${conditional.path.name}' and '${unconditional.path.name}'`,
    );
  if (conditional.prediction !== unconditional.prediction)
    throw new Error(
      `classifierFreeGuidance: models must share the prediction, received '${conditional.prediction}' and '${unconditional.prediction}'`,
    );
  return {
    path: conditional.path,
    prediction: conditional.prediction,
    apply: (x, t) =>
      tf.tidy(() =>
        tf.sub(tf.mul(conditional.apply(x, t), 1 + scale), tf.mul(unconditional.apply(x, t), scale)),
      ),
  };
}
