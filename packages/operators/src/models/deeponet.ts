import { type MlpParams, type Module, mlp, prng, tf } from "@continuum/core-tensor";
import { ownedVariable } from "../internal/owned-variable.js";
import { finiteNumber, positiveInt } from "../internal/validate.js";

/** Options of {@link deeponet}. */
export interface DeepOnetOptions {
  /** Number of sensor values of the input function u (branch input size m). */
  sensors: number;
  /** Dimension of the output coordinate y (trunk input size). */
  coordinates: number;
  /** Hidden widths of the branch MLP. */
  branch: number[];
  /** Hidden widths of the trunk MLP. */
  trunk: number[];
  /** Latent size p of the branch/trunk inner product (per output). */
  latent: number;
  /** Number of output components (default 1); each uses its own slice of p branch and trunk features. */
  outputs?: number;
  /** Activation of both nets (default `tanh`; applied to the trunk output too, as in Lu et al.). */
  activation?: string;
  /**
   * Box `[[lo, hi], …]` (one pair per coordinate) where the trunk is evaluated. When given, the biases of the
   * trunk's first layer are drawn so that the breakpoint hyperplane w_i·y + b_i = 0 of every unit passes through
   * a uniform random point c_i of the box (b_i = −w_i·c_i): the ReLU kinks are spread over the domain instead
   * of all sitting at y = 0, which is a corner of the usual [0, 1] domain (with zero biases a ReLU trunk starts
   * as a linear function of y there). Default: zero biases (Glorot weights, as in Lu et al. and DeepXDE).
   */
  trunkDomain?: ReadonlyArray<readonly [number, number]>;
  seed?: number;
}

/** Parameters of a DeepONet. */
export interface DeepOnetParams {
  [key: string]: unknown;
  branch: MlpParams;
  trunk: MlpParams;
  bias: tf.Variable;
}

/** A DeepONet: `apply(params, u [B, m], y [P, d]) → [B, P]` (or `[B, P, outputs]`). */
export interface DeepOnet {
  readonly kind: "deeponet";
  params: DeepOnetParams;
  readonly outputs: number;
  /** Cartesian evaluation: every function at every point. */
  apply(params: DeepOnetParams, u: tf.Tensor, y: tf.Tensor): tf.Tensor;
  /** Aligned evaluation: row i of u at row i of y → `[N]` (or `[N, outputs]`); used for physics residuals. */
  applyAligned(params: DeepOnetParams, u: tf.Tensor, y: tf.Tensor): tf.Tensor;
  /** A module `u [B, m] → [B, P]` for fixed trunk points y (what `trainOperator` trains). */
  atPoints(y: tf.Tensor): Module<DeepOnetParams>;
}

/**
 * Deep operator network (Lu, Jin, Pang, Zhang, Karniadakis, "Learning nonlinear operators via DeepONet…",
 * Nature Machine Intelligence 3, 2021): G(u)(y) ≈ Σ_k b_k(u(x_1..x_m)) t_k(y) + b_0 with a branch MLP b on
 * the sensor values and a trunk MLP t on the coordinate. With `outputs = q > 1` the branch and trunk each give
 * q·p features and output i uses the i-th block of p ("split both" in DeepXDE).
 *
 * @example
 * ```ts
 * const net = deeponet({ sensors: 20, coordinates: 1, branch: [32], trunk: [32], latent: 16, seed: 0 });
 * const s = net.apply(net.params, tf.zeros([3, 20]), tf.zeros([50, 1])); // shape [3, 50]
 * // ReLU trunk with its breakpoints spread over y ∈ [0, 1] (the antiderivative benchmark's setting):
 * const relu = deeponet({ sensors: 100, coordinates: 1, branch: [40], trunk: [40], latent: 40,
 *   activation: "relu", trunkDomain: [[0, 1]] });
 * ```
 */
export function deeponet(options: DeepOnetOptions): DeepOnet {
  const m = positiveInt(options?.sensors, "deeponet: options.sensors");
  const d = positiveInt(options.coordinates, "deeponet: options.coordinates");
  const p = positiveInt(options.latent, "deeponet: options.latent");
  const q = positiveInt(options.outputs ?? 1, "deeponet: options.outputs");
  const seed = options.seed ?? 0;
  const activation = options.activation ?? "tanh";
  const branch = mlp({ inputs: m, hidden: options.branch, outputs: p * q, activation, seed: seed * 2 + 1 });
  const trunk = mlp({
    inputs: d,
    hidden: options.trunk,
    outputs: p * q,
    activation,
    outputActivation: activation,
    seed: seed * 2 + 2,
  });
  if (options.trunkDomain !== undefined) spreadBreakpoints(trunk.params, options.trunkDomain, d, seed);
  const params: DeepOnetParams = {
    branch: branch.params,
    trunk: trunk.params,
    bias: ownedVariable(tf.zeros([q])),
  };
  const check = (u: tf.Tensor, y: tf.Tensor, where: string) => {
    if (u.rank !== 2 || u.shape[1] !== m)
      throw new Error(`${where}: u must have shape [B, ${m}] (sensor values), received [${u.shape}]`);
    if (y.rank !== 2 || y.shape[1] !== d)
      throw new Error(`${where}: y must have shape [P, ${d}] (coordinates), received [${y.shape}]`);
  };
  const net: DeepOnet = {
    kind: "deeponet",
    params,
    outputs: q,
    apply(prm, u, y) {
      check(u, y, "deeponet.apply");
      return tf.tidy(() => {
        const B = u.shape[0]!;
        const P = y.shape[0]!;
        const b = tf.transpose(tf.reshape(branch.apply(prm.branch, u), [B, q, p]), [1, 0, 2]); // [q, B, p]
        const t = tf.transpose(tf.reshape(trunk.apply(prm.trunk, y), [P, q, p]), [1, 2, 0]); // [q, p, P]
        const s = tf.add(tf.transpose(tf.matMul(b, t), [1, 2, 0]), prm.bias); // [B, P, q]
        return q === 1 ? tf.reshape(s, [B, P]) : s;
      });
    },
    applyAligned(prm, u, y) {
      check(u, y, "deeponet.applyAligned");
      if (u.shape[0] !== y.shape[0])
        throw new Error(
          `deeponet.applyAligned: u and y must have the same number of rows, received ${u.shape[0]} and ${y.shape[0]}`,
        );
      return tf.tidy(() => {
        const N = u.shape[0]!;
        const b = tf.reshape(branch.apply(prm.branch, u), [N, q, p]);
        const t = tf.reshape(trunk.apply(prm.trunk, y), [N, q, p]);
        const s = tf.add(tf.sum(tf.mul(b, t), 2), prm.bias); // [N, q]
        return q === 1 ? tf.reshape(s, [N]) : s;
      });
    },
    atPoints(y) {
      return { params, apply: (prm, u) => net.apply(prm, u, y) };
    },
  };
  return net;
}

/** Trunk first-layer biases b_i = −w_i·c_i with c_i uniform in the box (see `DeepOnetOptions.trunkDomain`). */
function spreadBreakpoints(
  trunk: MlpParams,
  domain: ReadonlyArray<readonly [number, number]>,
  d: number,
  seed: number,
): void {
  const where = "deeponet: options.trunkDomain";
  if (!Array.isArray(domain) || domain.length !== d)
    throw new Error(
      `${where} must hold one [lo, hi] pair per coordinate (${d}), received ${JSON.stringify(domain)}`,
    );
  domain.forEach((pair, k) => {
    const lo = finiteNumber(pair?.[0], `${where}[${k}][0]`);
    const hi = finiteNumber(pair?.[1], `${where}[${k}][1]`);
    if (!(lo < hi)) throw new Error(`${where}[${k}] must satisfy lo < hi, received [${lo}, ${hi}]`);
  });
  const first = trunk.layers[0]!;
  const h = first.b.shape[0]!;
  const w = first.w.dataSync(); // [d, h]
  const rng = prng(seed * 2 + 3);
  const b = new Float32Array(h);
  for (let i = 0; i < h; i++) {
    let bi = 0;
    for (let k = 0; k < d; k++) {
      const [lo, hi] = domain[k]!;
      bi -= w[k * h + i]! * (lo + (hi - lo) * rng.nextDouble());
    }
    b[i] = bi;
  }
  tf.tidy(() => first.b.assign(tf.tensor1d(b)));
}
