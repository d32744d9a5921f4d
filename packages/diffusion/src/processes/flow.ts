import { type GaussianPath, gaussianPath } from "./gaussian-path.js";

/**
 * Linear (rectified-flow / conditional OT) path `x_t = (1 - t) x_0 + t x_1`, data at t = 0, Gaussian noise
 * at t = 1; its velocity target is `x_1 - x_0` (Lipman et al. 2023; Liu et al. 2023). The same path serves
 * OT-CFM (Tong et al. 2024), which only changes how `x_0` and `x_1` are paired.
 * @example
 * ```ts
 * flowLinear().alpha(0.25); // 0.75
 * ```
 */
export function flowLinear(): GaussianPath {
  return gaussianPath({
    name: "flow-linear",
    family: "flow",
    tMax: 1,
    tLow: 1e-3,
    sdeTMax: 0.99,
    defaultSpacing: "uniform",
    alpha: (t) => 1 - t,
    sigma: (t) => t,
    dAlpha: () => -1,
    dSigma: () => 1,
    timeOfLogSNR: (lambda) => 1 / (1 + Math.exp(lambda)),
  });
}

/**
 * Trigonometric variance-preserving flow path `alpha = cos(pi t/2)`, `sigma = sin(pi t/2)` (the "VP path"
 * of flow matching / the trigonometric interpolant of Albergo & Vanden-Eijnden 2023).
 * @example
 * ```ts
 * flowTrig().sigma(1); // 1
 * ```
 */
export function flowTrig(): GaussianPath {
  const h = Math.PI / 2;
  return gaussianPath({
    name: "flow-trig",
    family: "flow",
    tMax: 1,
    tLow: 1e-3,
    sdeTMax: 0.99,
    defaultSpacing: "uniform",
    alpha: (t) => Math.cos(h * t),
    sigma: (t) => Math.sin(h * t),
    dAlpha: (t) => -h * Math.sin(h * t),
    dSigma: (t) => h * Math.cos(h * t),
    timeOfLogSNR: (lambda) => Math.atan(Math.exp(-lambda)) / h,
  });
}
