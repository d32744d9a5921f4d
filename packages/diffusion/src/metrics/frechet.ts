import { sqrtPsd } from "../internal/sym-eig.js";
import { type Points, sameDim, toRows } from "./points.js";

/**
 * Sample mean and (unbiased) covariance, row-major.
 * @example
 * ```ts
 * meanCov([[0, 0], [2, 2]]); // { mean: [1, 1], cov: [2, 2, 2, 2], n: 2, d: 2 }
 * ```
 */
export function meanCov(x: Points): { mean: Float64Array; cov: Float64Array; n: number; d: number } {
  const { data, n, d } = toRows(x, "meanCov: x");
  if (n < 2) throw new Error(`meanCov: need at least 2 points, received ${n}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const u = data[i * d + j]! - mean[j]!;
      for (let k = j; k < d; k++) cov[j * d + k] += (u * (data[i * d + k]! - mean[k]!)) / (n - 1);
    }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) cov[j * d + k] = cov[k * d + j]!;
  return { mean, cov, n, d };
}

/**
 * Fréchet distance between Gaussians fitted to two clouds (optionally after a feature map, as FID does with
 * Inception features): `|mu_a - mu_b|^2 + tr(S_a + S_b - 2 (S_a^(1/2) S_b S_a^(1/2))^(1/2))` (Heusel et al. 2017).
 * @example
 * ```ts
 * frechetDistance(a, b); // squared 2-Wasserstein distance of the fitted Gaussians
 * frechetDistance(imgsA, imgsB, { features: (x) => myEmbedding(x) });
 * ```
 */
export function frechetDistance(
  a: Points,
  b: Points,
  options: { features?: (x: Points) => Points } = {},
): number {
  const fa = options.features ? options.features(a) : a;
  const fb = options.features ? options.features(b) : b;
  const A = meanCov(fa);
  const B = meanCov(fb);
  sameDim(A, B, "frechetDistance");
  const d = A.d;
  const sa = sqrtPsd(A.cov, d);
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++)
        for (let l = 0; l < d; l++) s += sa[i * d + k]! * B.cov[k * d + l]! * sa[l * d + j]!;
      m[i * d + j] = s;
    }
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) m[i * d + j] = m[j * d + i] = 0.5 * (m[i * d + j]! + m[j * d + i]!);
  const r = sqrtPsd(m, d);
  let out = 0;
  for (let i = 0; i < d; i++)
    out += (A.mean[i]! - B.mean[i]!) ** 2 + A.cov[i * d + i]! + B.cov[i * d + i]! - 2 * r[i * d + i]!;
  return out;
}
