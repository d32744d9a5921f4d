import { tf } from "@continuum/core-tensor";
import { type GaussianPath, gaussianPath } from "./gaussian-path.js";

/** Options of {@link edm}. */
export interface EdmOptions {
  /** Largest noise level (default 80). */
  sigmaMax?: number;
  /** Last non-zero noise level of Karras grids (default 0.002). */
  sigmaMin?: number;
}

/**
 * The EDM path of Karras et al. (2022): time is the noise level, `t = sigma`, `alpha = 1`.
 * @example
 * ```ts
 * const p = edm();
 * p.sigma(3); // 3
 * p.tMax; // 80
 * ```
 */
export function edm(options: EdmOptions = {}): GaussianPath {
  const hi = options.sigmaMax ?? 80;
  const lo = options.sigmaMin ?? 0.002;
  if (!(lo > 0 && hi > lo))
    throw new Error(`edm: need 0 < options.sigmaMin < options.sigmaMax, received ${lo}, ${hi}`);
  return gaussianPath({
    name: "edm",
    family: "edm",
    tMax: hi,
    tLow: lo,
    defaultSpacing: "karras",
    alpha: () => 1,
    sigma: (t) => t,
    dAlpha: () => 0,
    dSigma: () => 1,
    timeOfLogSNR: (lambda) => Math.min(hi, Math.max(0, Math.exp(-lambda))),
    params: { sigmaMin: lo, sigmaMax: hi },
  });
}

/** The four EDM preconditioning coefficients at one noise level. */
export interface EdmCoefficients {
  cSkip: number;
  cOut: number;
  cIn: number;
  cNoise: number;
}

/**
 * EDM preconditioning (Karras et al. 2022, Table 1): `D(x, sigma) = cSkip x + cOut F(cIn x, cNoise)` with
 * `cSkip = sd^2/(s^2+sd^2)`, `cOut = s sd / sqrt(s^2+sd^2)`, `cIn = 1/sqrt(s^2+sd^2)`, `cNoise = ln(s)/4`.
 * @example
 * ```ts
 * edmPreconditioning(0.5, 0.5); // { cSkip: 0.5, cOut: 0.3536, cIn: 1.4142, cNoise: -0.1733 }
 * ```
 */
export function edmPreconditioning(sigma: number, sigmaData = 0.5): EdmCoefficients {
  if (!(sigma >= 0 && Number.isFinite(sigma)))
    throw new Error(`edmPreconditioning: sigma must be a finite number >= 0, received ${sigma}`);
  if (!(sigmaData > 0 && Number.isFinite(sigmaData)))
    throw new Error(`edmPreconditioning: sigmaData must be a finite number > 0, received ${sigmaData}`);
  const q = sigma * sigma + sigmaData * sigmaData;
  return {
    cSkip: (sigmaData * sigmaData) / q,
    cOut: (sigma * sigmaData) / Math.sqrt(q),
    cIn: 1 / Math.sqrt(q),
    cNoise: 0.25 * Math.log(Math.max(sigma, 1e-20)),
  };
}

/**
 * Wrap a raw network `F(x, cNoise)` into the preconditioned EDM denoiser
 * `D(x, t) = cSkip x~ + cOut F(cIn x~, cNoise)` with the path's scaled variables (`x~ = x/alpha`,
 * `sigma~ = sigma/alpha`), so it works on any Gaussian path; the result is an x0-prediction.
 * `t` is a `[N]` tensor of times. Runs in `tf.tidy`; the caller owns the result.
 * @example
 * ```ts
 * const D = edmDenoiser(edm(), (x, c) => tf.zerosLike(x));
 * D(tf.ones([2, 2]), tf.tensor1d([1, 1])); // cSkip * x = 0.2 everywhere (sigmaData 0.5)
 * ```
 */
export function edmDenoiser(
  path: GaussianPath,
  net: (x: tf.Tensor, cNoise: tf.Tensor) => tf.Tensor,
  sigmaData = 0.5,
): (x: tf.Tensor, t: tf.Tensor) => tf.Tensor {
  return (x, t) =>
    tf.tidy(() => {
      const ts = t.dataSync();
      const n = ts.length;
      const skip = new Float32Array(n);
      const out = new Float32Array(n);
      const cin = new Float32Array(n);
      const cnoise = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const a = path.alpha(ts[i]!);
        const c = edmPreconditioning(path.sigma(ts[i]!) / a, sigmaData);
        skip[i] = c.cSkip / a;
        out[i] = c.cOut;
        cin[i] = c.cIn / a;
        cnoise[i] = c.cNoise;
      }
      const shape = [n, ...x.shape.slice(1).map(() => 1)];
      const f = net(tf.mul(x, tf.tensor(cin, shape)), tf.tensor1d(cnoise));
      return tf.add(tf.mul(x, tf.tensor(skip, shape)), tf.mul(f, tf.tensor(out, shape)));
    });
}
