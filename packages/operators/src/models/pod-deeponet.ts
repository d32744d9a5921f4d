import { type MlpParams, type Module, mlp, tf } from "@continuum/core-tensor";
import { jacobiEigh } from "../internal/eigh.js";
import { allFiniteValues, positiveInt } from "../internal/validate.js";

/**
 * Relative eigenvalue below which a POD mode counts as zero variance: float64 eigenvalues of an n×n covariance
 * or Gram matrix carry errors ~n·ε·λ_max ≈ 1e-13·λ_max for n up to a few hundred; 1e-12 sits above that.
 */
const RANK_TOLERANCE = 1e-12;

/** A proper-orthogonal-decomposition basis of output functions sampled at P points. */
export interface PodBasis {
  /** Mean output `[P]`. */
  mean: Float64Array;
  /** Orthonormal modes, row-major `[modes, P]`. */
  modes: Float64Array;
  /** Eigenvalues of the sample covariance, descending (`[modes]`). */
  variances: Float64Array;
  /** Fraction of the total variance the kept modes capture. */
  energy: number;
  readonly count: number;
  readonly points: number;
}

/**
 * POD basis of N output samples `[N, P]` (row-major): the mean and the leading eigenvectors of the sample
 * covariance, computed through the smaller of the P×P covariance and the N×N Gram matrix (Jacobi, float64).
 * Intended for min(N, P) up to a few hundred. `count` may not exceed the number of modes of non-zero variance
 * (at most N − 1 after centring): such a mode would not be determined by the data, so that throws.
 *
 * @example
 * ```ts
 * const basis = podBasis(Float64Array.from([1, 2, 3, 2, 4, 6]), 2, 3, 1); // one mode ∝ [1, 2, 3]
 * ```
 */
export function podBasis(samples: Float64Array, n: number, points: number, count: number): PodBasis {
  positiveInt(n, "podBasis: n");
  positiveInt(points, "podBasis: points");
  positiveInt(count, "podBasis: count");
  if (samples.length !== n * points)
    throw new Error(
      `podBasis: samples must hold n·points = ${n * points} values, received ${samples.length}`,
    );
  if (count > Math.min(n, points))
    throw new Error(`podBasis: count (${count}) must be at most min(n, points) = ${Math.min(n, points)}`);
  allFiniteValues(samples, "podBasis: samples");
  const P = points;
  const mean = new Float64Array(P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) mean[j]! += samples[i * P + j]! / n;
  const Yc = new Float64Array(n * P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) Yc[i * P + j] = samples[i * P + j]! - mean[j]!;
  const modes = new Float64Array(count * P);
  const variances = new Float64Array(count);
  let total = 0;
  if (P <= n) {
    const C = new Float64Array(P * P);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < P; a++) {
        const ya = Yc[i * P + a]!;
        if (ya === 0) continue;
        for (let b = 0; b < P; b++) C[a * P + b]! += (ya * Yc[i * P + b]!) / n;
      }
    const { values, vectors } = jacobiEigh(C, P);
    for (let k = 0; k < P; k++) total += Math.max(values[k]!, 0);
    for (let k = 0; k < count; k++) {
      variances[k] = values[k]!;
      for (let j = 0; j < P; j++) modes[k * P + j] = vectors[j * P + k]!;
    }
  } else {
    const G = new Float64Array(n * n);
    for (let a = 0; a < n; a++)
      for (let b = a; b < n; b++) {
        let s = 0;
        for (let j = 0; j < P; j++) s += Yc[a * P + j]! * Yc[b * P + j]!;
        G[a * n + b] = G[b * n + a] = s / n;
      }
    const { values, vectors } = jacobiEigh(G, n);
    for (let k = 0; k < n; k++) total += Math.max(values[k]!, 0);
    for (let k = 0; k < count; k++) {
      variances[k] = values[k]!;
      const scale = 1 / Math.sqrt(Math.max(values[k]! * n, 1e-300));
      for (let j = 0; j < P; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += Yc[i * P + j]! * vectors[i * n + k]!;
        modes[k * P + j] = s * scale;
      }
    }
  }
  // A mode of (numerically) zero variance is not determined by the data: in the Gram route its normalisation
  // divided by √0 and gave entries ~1e133. Centring leaves rank ≤ n − 1, so count = n always hits this.
  const rank = variances.findIndex((v) => !(v > RANK_TOLERANCE * Math.max(variances[0]!, 0)));
  if (rank !== -1)
    throw new Error(
      `podBasis: count (${count}) exceeds the ${rank} modes of non-zero variance of the centred samples ` +
        `(n samples give at most n − 1); lower count to at most ${rank}`,
    );
  let kept = 0;
  for (let k = 0; k < count; k++) kept += Math.max(variances[k]!, 0);
  return { mean, modes, variances, energy: total > 0 ? kept / total : 1, count, points: P };
}

/** Options of {@link podDeeponet}. */
export interface PodDeepOnetOptions {
  sensors: number;
  /** Hidden widths of the branch MLP. */
  branch: number[];
  /** The POD basis (from {@link podBasis} on the training outputs) replacing the trunk net. */
  basis: PodBasis;
  activation?: string;
  seed?: number;
}

/** Parameters of a POD-DeepONet (only the branch is learned). */
export interface PodDeepOnetParams {
  [key: string]: unknown;
  branch: MlpParams;
}

/** A POD-DeepONet: a module `u [B, m] → [B, P]` that owns a cached float32 copy of its basis. */
export interface PodDeepOnet extends Module<PodDeepOnetParams> {
  readonly basis: PodBasis;
  /**
   * Free the cached float32 basis tensors (modes and mean) created on the first `apply`. The branch variables
   * in `params` belong to the caller (`treeDispose(net.params)`). A later `apply` re-creates the cache.
   */
  dispose(): void;
}

/**
 * POD-DeepONet (Lu, Meng, Cai, Mao, Goswami, Zhang, Karniadakis, "A comprehensive and fair comparison of two
 * neural operators…", CMAME 393, 2022): the trunk net is replaced by the POD modes φ_k of the training outputs,
 * G(u)(y_j) = φ_0(y_j) + Σ_k b_k(u) φ_k(y_j), φ_0 the mean. Evaluates at the basis points only.
 *
 * @example
 * ```ts
 * const basis = podBasis(trainOutputs, 1000, 100, 10);
 * const net = podDeeponet({ sensors: 100, branch: [64, 64], basis, seed: 0 });
 * const s = net.apply(net.params, trainInputs); // [B, 100]
 * net.dispose(); // frees the cached basis; treeDispose(net.params) frees the branch
 * ```
 */
export function podDeeponet(options: PodDeepOnetOptions): PodDeepOnet {
  const m = positiveInt(options?.sensors, "podDeeponet: options.sensors");
  const basis = options.basis;
  if (
    !basis ||
    !(basis.modes instanceof Float64Array) ||
    !(basis.mean instanceof Float64Array) ||
    !Number.isInteger(basis.count) ||
    !Number.isInteger(basis.points) ||
    basis.modes.length !== basis.count * basis.points ||
    basis.mean.length !== basis.points
  )
    throw new Error(
      `podDeeponet: options.basis must be a PodBasis from podBasis(...) (modes [count, points], mean [points]), received ${
        basis?.modes instanceof Float64Array
          ? `count ${basis.count}, points ${basis.points}, ${basis.modes.length} mode values, ${basis.mean?.length} mean values`
          : String(basis)
      }`,
    );
  const branch = mlp({
    inputs: m,
    hidden: options.branch,
    outputs: basis.count,
    activation: options.activation ?? "relu",
    seed: options.seed ?? 0,
  });
  let modesT: tf.Tensor2D | null = null;
  let meanT: tf.Tensor1D | null = null;
  return {
    basis,
    params: { branch: branch.params },
    apply(params, u) {
      if (u.rank !== 2 || u.shape[1] !== m)
        throw new Error(`podDeeponet.apply: u must have shape [B, ${m}], received [${u.shape}]`);
      if (!modesT || modesT.isDisposed) {
        modesT = tf.keep(tf.tensor2d(Float32Array.from(basis.modes), [basis.count, basis.points]));
        meanT = tf.keep(tf.tensor1d(Float32Array.from(basis.mean)));
      }
      return tf.tidy(() => tf.add(tf.matMul(branch.apply(params.branch, u), modesT!), meanT!));
    },
    dispose() {
      if (modesT && !modesT.isDisposed) modesT.dispose();
      if (meanT && !meanT.isDisposed) meanT.dispose();
      modesT = null;
      meanT = null;
    },
  };
}
