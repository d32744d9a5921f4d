/**
 * Neural SDEs on tensors with diagonal noise: `dy = f(t, y) dt + g(t, y) ∘ dW`, differentiable by
 * backpropagation through the steps.
 */
import { type Rng, tf } from "@continuum/core-tensor";

/** Options of {@link sdeint}. */
export interface SdeintOptions<P> {
  /** `euler-maruyama` (Itô, strong order 0.5), `milstein` (Itô, diagonal noise, strong order 1), `heun` (Stratonovich). */
  method?: "euler-maruyama" | "milstein" | "heun";
  /** Step size (required, positive); each save interval is split into equal steps. */
  dt: number;
  /** Seeded random stream for the Brownian increments (required). */
  rng: Rng;
  params?: P;
}

/**
 * Integrate a diagonal-noise SDE on tensors, returning the states at `ts` stacked on a leading time axis.
 * @example
 * ```ts
 * import { prng, tf } from "@continuum/core-tensor";
 * import { sdeint } from "@continuum/ode";
 * // Ornstein–Uhlenbeck: dy = -y dt + 0.5 dW, 1000 paths
 * const ys = sdeint((t, y) => tf.neg(y), (t, y) => tf.mul(tf.onesLike(y), 0.5), tf.ones([1000, 1]), [0, 1], { dt: 0.01, rng: prng(0) });
 * ```
 */
export function sdeint<P = undefined>(
  f: (t: number, y: tf.Tensor, params: P) => tf.Tensor,
  g: (t: number, y: tf.Tensor, params: P) => tf.Tensor,
  y0: tf.Tensor,
  ts: readonly number[],
  options: SdeintOptions<P>,
): tf.Tensor {
  const method = options?.method ?? "euler-maruyama";
  if (!["euler-maruyama", "milstein", "heun"].includes(method)) {
    throw new Error(`sdeint: unknown options.method '${method}'; known: euler-maruyama, milstein, heun`);
  }
  if (!(options.dt > 0 && Number.isFinite(options.dt)))
    throw new Error(`sdeint: options.dt must be a positive number, received ${options.dt}`);
  if (!options.rng || typeof options.rng.normal !== "function")
    throw new Error("sdeint: options.rng (a prng stream) is required");
  if (!(y0 instanceof tf.Tensor)) throw new TypeError("sdeint: y0 must be a tensor");
  if (ts.length < 2) throw new Error(`sdeint: ts must hold at least 2 times, received ${ts.length}`);
  for (let i = 1; i < ts.length; i++) {
    if (!(ts[i]! > ts[i - 1]!))
      throw new Error(
        `sdeint: ts must be strictly increasing; ts[${i - 1}]=${ts[i - 1]} and ts[${i}]=${ts[i]}`,
      );
  }
  const params = options.params as P;
  const check = (v: tf.Tensor, name: string) => {
    if (!tf.util.arraysEqual(v.shape, y0.shape))
      throw new Error(`sdeint: ${name} returned shape [${v.shape}] for a state of shape [${y0.shape}]`);
    return v;
  };
  return tf.tidy(() => {
    const out: tf.Tensor[] = [y0];
    let y = y0;
    for (let i = 1; i < ts.length; i++) {
      const span = ts[i]! - ts[i - 1]!;
      const n = Math.max(1, Math.ceil(span / options.dt - 1e-9));
      const h = span / n;
      const sq = Math.sqrt(h);
      for (let k = 0; k < n; k++) {
        const t = ts[i - 1]! + k * h;
        const dW = tf.mul(options.rng.normal(y0.shape), sq);
        const fy = check(f(t, y, params), "f");
        if (method === "euler-maruyama") {
          y = tf.add(y, tf.add(tf.mul(fy, h), tf.mul(check(g(t, y, params), "g"), dW)));
        } else if (method === "milstein") {
          // Diagonal noise: gᵢ depends on yᵢ only, so ∂gᵢ/∂yᵢ is the gradient of Σg.
          const yy = y;
          const gy = check(g(t, yy, params), "g");
          const dg = tf.grad((z: tf.Tensor) => tf.sum(g(t, z, params)))(yy);
          y = tf.add(
            yy,
            tf.add(
              tf.add(tf.mul(fy, h), tf.mul(gy, dW)),
              tf.mul(tf.mul(tf.mul(gy, dg), 0.5), tf.sub(tf.square(dW), h)),
            ),
          );
        } else {
          const gy = check(g(t, y, params), "g");
          const yp = tf.add(y, tf.add(tf.mul(fy, h), tf.mul(gy, dW)));
          const fp = f(t + h, yp, params);
          const gp = g(t + h, yp, params);
          y = tf.add(y, tf.add(tf.mul(tf.add(fy, fp), h / 2), tf.mul(tf.add(gy, gp), tf.mul(dW, 0.5))));
        }
      }
      out.push(y);
    }
    return tf.stack(out);
  });
}
