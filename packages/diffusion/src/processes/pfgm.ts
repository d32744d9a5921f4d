import { type Rng, tf } from "@continuum/core-tensor";

function gammaSample(k: number, rng: Rng): number {
  // Marsaglia & Tsang (2000); boost for k < 1.
  if (k < 1) return gammaSample(k + 1, rng) * rng.nextDouble() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.nextNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextDouble();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * PFGM++ perturbation radii (Xu et al. 2023): for data dimension `N`, augmentation dimension `D` and
 * `r = sigma sqrt(D)`, `p(R) ∝ R^(N-1) / (R^2 + r^2)^((N+D)/2)`, sampled as `R = r sqrt(b / (1 - b))` with
 * `b ~ Beta(N/2, D/2)`. `E[R^2] = sigma^2 N D / (D - 2)` (D > 2); D -> infinity recovers the Gaussian kernel.
 * @example
 * ```ts
 * pfgmRadii(1000, 0.5, 784, 128, prng(0)); // Float64Array of radii
 * ```
 */
export function pfgmRadii(n: number, sigma: number, N: number, D: number, rng: Rng): Float64Array {
  if (!(sigma > 0)) throw new Error(`pfgmRadii: sigma must be > 0, received ${sigma}`);
  if (!(Number.isInteger(N) && N >= 1))
    throw new Error(`pfgmRadii: N must be a positive integer, received ${N}`);
  if (!(D > 0)) throw new Error(`pfgmRadii: D must be > 0, received ${D}`);
  const r = sigma * Math.sqrt(D);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g1 = gammaSample(N / 2, rng);
    const g2 = gammaSample(D / 2, rng);
    out[i] = r * Math.sqrt(g1 / g2);
  }
  return out;
}

/**
 * PFGM++ perturbation of a batch: `x + R u` with `u` uniform on the unit sphere of R^N (N = the per-sample size)
 * and `R` from {@link pfgmRadii}. Returns a new tensor.
 * @example
 * ```ts
 * const y = pfgmPerturb(x, 1.0, 128, prng(0)); // E|y - x|^2 = N * D / (D - 2)
 * ```
 */
export function pfgmPerturb(x: tf.Tensor, sigma: number, D: number, rng: Rng): tf.Tensor {
  const n = x.shape[0]!;
  const N = x.size / n;
  const R = pfgmRadii(n, sigma, N, D, rng);
  return tf.tidy(() => {
    const u = rng.normal([n, N]);
    const unit = tf.div(u, tf.norm(u, "euclidean", 1, true));
    const dir = tf.mul(unit, tf.tensor2d(Float32Array.from(R), [n, 1]));
    return tf.add(x, tf.reshape(dir, x.shape));
  });
}
