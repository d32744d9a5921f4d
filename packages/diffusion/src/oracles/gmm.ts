import { type Rng, tf } from "@continuum/core-tensor";
import { symEig } from "../internal/sym-eig.js";
import type { DiffusionModel } from "../parametrisation.js";
import type { GaussianPath } from "../processes/gaussian-path.js";

/** Covariance of one component: a full `d x d` matrix (rows) or a scalar (isotropic variance). */
export type Covariance = number | number[][];

/** A Gaussian mixture `sum_k w_k N(mu_k, Sigma_k)` with closed-form scores under every Gaussian path. */
export interface GaussianMixture {
  readonly dim: number;
  readonly weights: Float64Array;
  readonly means: Float64Array[];
  /** Row-major covariances. */
  readonly covs: Float64Array[];
  /** Float32 tensor `[n, dim]` of exact samples. */
  sample(n: number, rng: Rng): tf.Tensor;
  /** Float64 samples, row-major `n x dim`. */
  sampleArray(n: number, rng: Rng): Float64Array;
  /** Mixture mean and covariance (row-major). */
  moments(): { mean: Float64Array; cov: Float64Array };
  /**
   * Log-density `log p_t(x)` of the noised mixture `x_t = alpha x0 + sigma eps` (one time or one per row);
   * differentiable in x. Returns `[N]`.
   */
  logDensity(path: GaussianPath, x: tf.Tensor, t: number | ArrayLike<number>): tf.Tensor;
  /** Posterior mean `E[x0 | x_t = x]` (the exact denoiser), same shape as x. */
  denoised(path: GaussianPath, x: tf.Tensor, t: number | ArrayLike<number>): tf.Tensor;
  /**
   * Posterior mean noise `E[eps | x_t = x] = (x - alpha D) / sigma` (needs sigma > 0), computed per component as
   * `sigma U diag(1 / (alpha^2 lambda + sigma^2)) U^T (x - alpha mu)` with no cancellation at small sigma.
   */
  noise(path: GaussianPath, x: tf.Tensor, t: number | ArrayLike<number>): tf.Tensor;
  /** Score `grad_x log p_t(x)` by Tweedie's formula, same shape as x. */
  score(path: GaussianPath, x: tf.Tensor, t: number | ArrayLike<number>): tf.Tensor;
  /** Posterior component probabilities `[N, K]` given `x_t = x`. */
  responsibilities(path: GaussianPath, x: tf.Tensor, t: number | ArrayLike<number>): tf.Tensor;
  /**
   * The exact model on `path`, a drop-in for a trained network: an x0-prediction (default) or, with
   * `prediction = "eps"`, a noise prediction (precise where sigma is tiny, like a trained eps-network).
   */
  model(path: GaussianPath, prediction?: "x0" | "eps"): DiffusionModel;
  /** Release the few constant tensors the oracle holds. */
  dispose(): void;
}

interface Component {
  logW: number;
  mu: tf.Tensor; // [1, d]
  u: tf.Tensor; // [d, d]
  ut: tf.Tensor; // [d, d]
  lam: tf.Tensor; // [1, d]
  muArr: Float64Array;
  chol: Float64Array; // U sqrt(L), row-major
}

function toCov(c: Covariance, d: number, k: number): Float64Array {
  const out = new Float64Array(d * d);
  if (typeof c === "number") {
    if (!(c > 0)) throw new Error(`gmmScore: covs[${k}] must be a positive variance, received ${c}`);
    for (let i = 0; i < d; i++) out[i * d + i] = c;
    return out;
  }
  if (!Array.isArray(c) || c.length !== d || c.some((r) => !Array.isArray(r) || r.length !== d))
    throw new Error(`gmmScore: covs[${k}] must be a ${d}x${d} matrix or a number`);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      if (Math.abs(c[i]![j]! - c[j]![i]!) > 1e-12 * (1 + Math.abs(c[i]![j]!)))
        throw new Error(`gmmScore: covs[${k}] must be symmetric (entry ${i},${j})`);
      out[i * d + j] = c[i]![j]!;
    }
  return out;
}

function timesOf(t: number | ArrayLike<number>, n: number, where: string): ArrayLike<number> {
  if (typeof t === "number") return new Float64Array(n).fill(t);
  if (t.length !== n) throw new Error(`${where}: need one time per row (${n}), received ${t.length}`);
  return t;
}

/**
 * Exact score oracle of a Gaussian mixture: closed-form log-density, denoiser `E[x0 | x_t]`, score and the
 * probability-flow velocity of `sum_k w_k N(mu_k, Sigma_k)` pushed through any Gaussian path (each component
 * stays Gaussian: `N(alpha mu_k, alpha^2 Sigma_k + sigma^2 I)`). It lets every sampler be tested against the
 * true distribution with no training. Covariances are diagonalised once (Jacobi), so per-row times broadcast.
 * @example
 * ```ts
 * const g = gmmScore([0.5, 0.5], [[-2, 0], [2, 0]], [0.25, 0.25]);
 * const model = g.model(vpLinear());           // x0-prediction DiffusionModel
 * const x = g.sample(1000, prng(0));            // exact samples, [1000, 2]
 * ```
 */
export function gmmScore(weights: number[], means: number[][], covs: Covariance[]): GaussianMixture {
  const K = weights.length;
  if (K < 1) throw new Error("gmmScore: weights must be a non-empty array");
  if (means.length !== K || covs.length !== K)
    throw new Error(
      `gmmScore: weights, means and covs must have the same length, received ${K}, ${means.length}, ${covs.length}`,
    );
  const d = means[0]!.length;
  if (d < 1) throw new Error("gmmScore: means[0] must be non-empty");
  let total = 0;
  for (const [k, w] of weights.entries()) {
    if (!(w > 0 && Number.isFinite(w))) throw new Error(`gmmScore: weights[${k}] must be > 0, received ${w}`);
    if (means[k]!.length !== d)
      throw new Error(`gmmScore: means[${k}] has length ${means[k]!.length}, expected ${d}`);
    if (!means[k]!.every(Number.isFinite))
      throw new Error(`gmmScore: means[${k}] must be finite, received [${means[k]}]`);
    total += w;
  }
  const W = Float64Array.from(weights, (w) => w / total);
  const M = means.map((m) => Float64Array.from(m));
  const C = covs.map((c, k) => toCov(c, d, k));
  const comps: Component[] = C.map((cov, k) => {
    const { w, u } = symEig(cov, d);
    for (const [i, v] of w.entries())
      if (!(v > 0))
        throw new Error(`gmmScore: covs[${k}] must be positive definite (eigenvalue ${i} = ${v})`);
    const chol = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) chol[i * d + j] = u[i * d + j]! * Math.sqrt(w[j]!);
    const uT = tf.tensor2d(Float32Array.from(u), [d, d]);
    return {
      logW: Math.log(W[k]!),
      mu: tf.keep(tf.tensor2d(Float32Array.from(M[k]!), [1, d])),
      u: tf.keep(uT),
      ut: tf.keep(tf.transpose(uT)),
      lam: tf.keep(tf.tensor2d(Float32Array.from(w), [1, d])),
      muArr: M[k]!,
      chol,
    };
  });

  const sampleArray = (n: number, rng: Rng): Float64Array => {
    if (!(Number.isInteger(n) && n >= 0))
      throw new Error(`gmmScore.sample: n must be an integer >= 0, received ${n}`);
    const out = new Float64Array(n * d);
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const u = rng.nextDouble();
      let k = 0;
      let acc = W[0]!;
      while (u > acc && k < K - 1) acc += W[++k]!;
      for (let j = 0; j < d; j++) z[j] = rng.nextNormal();
      const c = comps[k]!;
      for (let r = 0; r < d; r++) {
        let s = c.muArr[r]!;
        for (let j = 0; j < d; j++) s += c.chol[r * d + j]! * z[j]!;
        out[i * d + r] = s;
      }
    }
    return out;
  };

  // Per-component quantities in the eigenbasis; returns logits [N, K] and posterior means per component.
  const parts = (
    path: GaussianPath,
    x: tf.Tensor,
    t: number | ArrayLike<number>,
    withMeans: boolean,
    withNoise = false,
  ) => {
    const n = x.shape[0]!;
    if (x.rank < 1 || x.size !== n * d)
      throw new Error(
        `gmmScore: x has shape [${x.shape}] (${n > 0 ? x.size / n : 0} values per row) but the mixture has dimension ${d}`,
      );
    const flat = tf.reshape(x, [n, d]);
    const ts = timesOf(t, n, "gmmScore");
    const a = new Float32Array(n);
    const s2 = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = path.alpha(ts[i]!);
      s2[i] = path.sigma(ts[i]!) ** 2;
    }
    const A = tf.tensor2d(a, [n, 1]);
    const S2 = tf.tensor2d(s2, [n, 1]);
    const logits: tf.Tensor[] = [];
    const posts: tf.Tensor[] = [];
    const S = withNoise ? tf.sqrt(S2) : null;
    for (const c of comps) {
      const y = tf.matMul(tf.sub(flat, tf.mul(A, c.mu)), c.u);
      const v = tf.add(tf.mul(tf.square(A), c.lam), S2);
      const quad = tf.sum(tf.div(tf.square(y), v), 1);
      const logdet = tf.sum(tf.log(v), 1);
      logits.push(tf.sub(tf.mul(tf.add(quad, logdet), -0.5), 0.5 * d * Math.log(2 * Math.PI) - c.logW));
      if (withMeans) posts.push(tf.add(c.mu, tf.matMul(tf.div(tf.mul(tf.mul(A, c.lam), y), v), c.ut)));
      // x - alpha E[x0 | x, k] = U (sigma^2 / v) y, so E[eps | x, k] = U (sigma / v) y.
      if (S) posts.push(tf.matMul(tf.div(tf.mul(S, y), v), c.ut));
    }
    return { logits: tf.stack(logits, 1), posts };
  };

  const self: GaussianMixture = {
    dim: d,
    weights: W,
    means: M,
    covs: C,
    sampleArray,
    sample: (n, rng) => tf.tensor2d(Float32Array.from(sampleArray(n, rng)), [n, d]),
    moments() {
      const mean = new Float64Array(d);
      const cov = new Float64Array(d * d);
      for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) mean[i] += W[k]! * M[k]![i]!;
      for (let k = 0; k < K; k++)
        for (let i = 0; i < d; i++)
          for (let j = 0; j < d; j++)
            cov[i * d + j] += W[k]! * (C[k]![i * d + j]! + (M[k]![i]! - mean[i]!) * (M[k]![j]! - mean[j]!));
      return { mean, cov };
    },
    logDensity: (path, x, t) => tf.tidy(() => tf.logSumExp(parts(path, x, t, false).logits, 1)),
    responsibilities: (path, x, t) =>
      tf.tidy(() => {
        const { logits } = parts(path, x, t, false);
        return tf.exp(tf.sub(logits, tf.logSumExp(logits, 1, true)));
      }),
    denoised: (path, x, t) =>
      tf.tidy(() => {
        const { logits, posts } = parts(path, x, t, true);
        const r = tf.exp(tf.sub(logits, tf.logSumExp(logits, 1, true)));
        let acc: tf.Tensor = tf.zerosLike(posts[0]!);
        for (let k = 0; k < K; k++) acc = tf.add(acc, tf.mul(tf.slice(r, [0, k], [-1, 1]), posts[k]!));
        return tf.reshape(acc, x.shape);
      }),
    noise: (path, x, t) =>
      tf.tidy(() => {
        const n = x.shape[0]!;
        const ts = timesOf(t, n, "gmmScore.noise");
        for (let i = 0; i < n; i++)
          if (!(path.sigma(ts[i]!) > 0))
            throw new Error(`gmmScore.noise: needs sigma(t) > 0, received t = ${ts[i]} (sigma = 0)`);
        const { logits, posts } = parts(path, x, ts, false, true);
        const r = tf.exp(tf.sub(logits, tf.logSumExp(logits, 1, true)));
        let acc: tf.Tensor = tf.zerosLike(posts[0]!);
        for (let k = 0; k < K; k++) acc = tf.add(acc, tf.mul(tf.slice(r, [0, k], [-1, 1]), posts[k]!));
        return tf.reshape(acc, x.shape);
      }),
    score: (path, x, t) =>
      tf.tidy(() => {
        const n = x.shape[0]!;
        const ts = timesOf(t, n, "gmmScore.score");
        const D = self.denoised(path, x, ts);
        const a = new Float32Array(n);
        const s2 = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          a[i] = path.alpha(ts[i]!);
          s2[i] = path.sigma(ts[i]!) ** 2;
        }
        const shape = [n, ...x.shape.slice(1).map(() => 1)];
        return tf.div(tf.sub(tf.mul(D, tf.tensor(a, shape)), x), tf.tensor(s2, shape));
      }),
    model: (path, prediction = "x0") => {
      if (prediction !== "x0" && prediction !== "eps")
        throw new Error(`gmmScore.model: prediction must be 'x0' or 'eps', received ${String(prediction)}`);
      return {
        path,
        prediction,
        apply: (x, t) =>
          prediction === "eps" ? self.noise(path, x, t.dataSync()) : self.denoised(path, x, t.dataSync()),
      };
    },
    dispose() {
      for (const c of comps) tf.dispose([c.mu, c.u, c.ut, c.lam]);
    },
  };
  return self;
}

/**
 * Exact score oracle of one Gaussian `N(mean, cov)` (a one-component {@link gmmScore}).
 * @example
 * ```ts
 * const g = gaussianScore([0, 0], [[1, 0.5], [0.5, 2]]);
 * g.logDensity(edm(), tf.zeros([1, 2]), 0); // log N(0; 0, cov)
 * ```
 */
export function gaussianScore(mean: number[], cov: Covariance): GaussianMixture {
  return gmmScore([1], [mean], [cov]);
}
