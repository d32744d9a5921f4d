import { type Rng, tf } from "@continuum/core-tensor";
import { type CouplingMethod, type OtCouplingOptions, otCoupling } from "../ot/coupling.js";
import { type DiffusionModel, perSample } from "../parametrisation.js";
import { checkBatch, checkRng, weightedMse } from "./common.js";

/** Options of {@link cfmLoss}. */
export interface CfmOptions {
  rng: Rng;
  /** Paired endpoints (noise side); default fresh `N(0, I)` draws. */
  x1?: tf.Tensor;
  /**
   * How x1 is paired with x0 (default `independent` = I-CFM; `exact` = OT-CFM with exact minibatch OT;
   * `sinkhorn` = entropic OT plan).
   */
  coupling?: CouplingMethod;
  /**
   * Settings of the `sinkhorn` coupling: `relativeEpsilon` and `epsilonScaling` (for batches too large for the
   * O(n^3) exact assignment, e.g. `{ relativeEpsilon: 0.005, epsilonScaling: true }`).
   */
  couplingOptions?: Pick<OtCouplingOptions, "relativeEpsilon" | "epsilonScaling">;
  /** Time range (default [0, 1] clipped to the path). */
  tRange?: [number, number];
}

/**
 * Conditional flow matching (Lipman et al. 2023; Liu et al. 2023; Tong et al. 2024 for OT-CFM): draw
 * `t ~ U`, `x_t = alpha x0 + sigma x1` and regress a `velocity` model onto `alpha' x0 + sigma' x1`. With an OT
 * coupling the conditional paths straighten (fewer steps at sampling). Returns a scalar tensor.
 * @example
 * ```ts
 * cfmLoss({ path: flowLinear(), prediction: "velocity", apply }, batch, { rng: prng(0), coupling: "exact" });
 * ```
 */
export function cfmLoss(model: DiffusionModel, x0: tf.Tensor, options: CfmOptions): tf.Tensor {
  const n = checkBatch(model, x0, "cfmLoss");
  checkRng(options, "cfmLoss");
  if (model.prediction !== "velocity")
    throw new Error(`cfmLoss: model.prediction must be 'velocity', received '${model.prediction}'`);
  const p = model.path;
  const [lo, hi] = options.tRange ?? [p.tMin, p.tMax];
  if (!(lo >= p.tMin && hi <= p.tMax && lo < hi))
    throw new Error(`cfmLoss: options.tRange must lie in [${p.tMin}, ${p.tMax}], received [${lo}, ${hi}]`);
  if (options.x1 && !tf.util.arraysEqual(options.x1.shape, x0.shape))
    throw new Error(`cfmLoss: options.x1 has shape [${options.x1.shape}], expected [${x0.shape}]`);
  const ts = options.rng.uniformArray(n, lo, hi);
  return tf.tidy(() => {
    const raw = options.x1 ?? options.rng.normal(x0.shape);
    const x1 = otCoupling(x0, raw, {
      ...options.couplingOptions,
      method: options.coupling ?? "independent",
      rng: options.rng,
    });
    const r = x0.rank;
    const xt = tf.add(
      tf.mul(
        x0,
        perSample(
          Float64Array.from(ts, (t) => p.alpha(t)),
          r,
        ),
      ),
      tf.mul(
        x1,
        perSample(
          Float64Array.from(ts, (t) => p.sigma(t)),
          r,
        ),
      ),
    );
    const target = tf.add(
      tf.mul(
        x0,
        perSample(
          Float64Array.from(ts, (t) => p.dAlpha(t)),
          r,
        ),
      ),
      tf.mul(
        x1,
        perSample(
          Float64Array.from(ts, (t) => p.dSigma(t)),
          r,
        ),
      ),
    );
    return weightedMse(model.apply(xt, tf.tensor1d(Float32Array.from(ts))), target, null);
  });
}

/**
 * Stochastic-interpolant velocity loss (Albergo, Boffi & Vanden-Eijnden 2023): on an interpolant path
 * (`gamma` defined), `x_t = alpha x0 + beta x1 + gamma z` with `beta = sqrt(sigma^2 - gamma^2)`, target
 * `alpha' x0 + beta' x1 + gamma' z`. `x1` may come from any distribution (default `N(0, I)`). Times are drawn in
 * `[tLow, 1 - tLow]` (gamma' is singular at the ends).
 * @example
 * ```ts
 * interpolantLoss({ path: stochasticInterpolant(), prediction: "velocity", apply }, batch, { rng: prng(0) });
 * ```
 */
export function interpolantLoss(
  model: DiffusionModel,
  x0: tf.Tensor,
  options: { rng: Rng; x1?: tf.Tensor },
): tf.Tensor {
  const n = checkBatch(model, x0, "interpolantLoss");
  checkRng(options, "interpolantLoss");
  if (options.x1 && !(options.x1 instanceof tf.Tensor && tf.util.arraysEqual(options.x1.shape, x0.shape)))
    throw new Error(
      `interpolantLoss: options.x1 has shape [${options.x1.shape}], expected [${x0.shape}] (one x1 per row of x0)`,
    );
  const p = model.path;
  if (!p.gamma)
    throw new Error(`interpolantLoss: model.path must be a stochastic interpolant, received '${p.name}'`);
  if (model.prediction !== "velocity")
    throw new Error(`interpolantLoss: model.prediction must be 'velocity', received '${model.prediction}'`);
  const gamma = p.gamma;
  const beta = (t: number) => Math.sqrt(Math.max(0, p.sigma(t) ** 2 - gamma(t) ** 2));
  const d = (f: (t: number) => number, t: number) => (f(t + 1e-6) - f(t - 1e-6)) / 2e-6;
  const ts = options.rng.uniformArray(n, p.tLow, p.tMax - p.tLow);
  return tf.tidy(() => {
    const x1 = options.x1 ?? options.rng.normal(x0.shape);
    const z = options.rng.normal(x0.shape);
    const r = x0.rank;
    const c = (f: (t: number) => number) => perSample(Float64Array.from(ts, f), r);
    const xt = tf.addN([tf.mul(x0, c(p.alpha)), tf.mul(x1, c(beta)), tf.mul(z, c(gamma))]);
    const target = tf.addN([
      tf.mul(x0, c(p.dAlpha)),
      tf.mul(
        x1,
        c((t) => d(beta, t)),
      ),
      tf.mul(
        z,
        c((t) => d(gamma, t)),
      ),
    ]);
    return weightedMse(model.apply(xt, tf.tensor1d(Float32Array.from(ts))), target, null);
  });
}
