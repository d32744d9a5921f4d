import { tf } from "@continuum/core-tensor";
import type { DiffusionModel } from "./parametrisation.js";
import type { GaussianPath } from "./processes/gaussian-path.js";

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
  if (!samePath(conditional.path, unconditional.path))
    throw new Error(
      `classifierFreeGuidance: models must share the path, received '${describe(conditional.path)}' and '${describe(unconditional.path)}'`,
    );
  if (conditional.prediction !== unconditional.prediction)
    throw new Error(
      `classifierFreeGuidance: models must share the prediction, received '${conditional.prediction}' and '${unconditional.prediction}'`,
    );
  return {
    path: conditional.path,
    prediction: conditional.prediction,
    apply: (x, t) =>
      tf.tidy(() => {
        const c = conditional.apply(x, t);
        const u = unconditional.apply(x, t);
        if (!tf.util.arraysEqual(c.shape, x.shape) || !tf.util.arraysEqual(u.shape, x.shape))
          throw new Error(
            `classifierFreeGuidance: the conditional and unconditional outputs must have the input shape [${x.shape}], received [${c.shape}] and [${u.shape}]`,
          );
        return tf.sub(tf.mul(c, 1 + scale), tf.mul(u, scale));
      }),
  };
}

/** Same path: the same object, or the same name, time range and parameters (e.g. two `vpLinear()` calls). */
function samePath(a: GaussianPath, b: GaussianPath): boolean {
  if (a === b) return true;
  if (a.name !== b.name || a.tMin !== b.tMin || a.tMax !== b.tMax) return false;
  const ka = Object.keys(a.params);
  return ka.length === Object.keys(b.params).length && ka.every((k) => a.params[k] === b.params[k]);
}

function describe(p: GaussianPath): string {
  const params = Object.entries(p.params).map(([k, v]) => `${k}=${v}`);
  return params.length > 0 ? `${p.name}(${params.join(", ")})` : p.name;
}
