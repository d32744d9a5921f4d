/**
 * Continuous normalising flows (FFJORD, Grathwohl et al. 2019): a neural ODE `dx/dt = f(t, x)` pushes a standard
 * normal base distribution at t=0 to the model at t=1; the log-density follows the instantaneous change of
 * variables `d log p(x(t))/dt = −tr(∂f/∂x)`, with the exact trace (low dimension) or Hutchinson's estimator.
 */
import { type PyTree, type Rng, tf } from "@continuum/core-tensor";
import { valueAndDivergence, valueAndProbe } from "./field-derivatives.js";
import { type OdeintOptions, odeint } from "./odeint.js";

/** Options of {@link cnf}. */
export interface CnfOptions<P extends PyTree | undefined> extends Omit<OdeintOptions<P>, "params"> {
  /** Dimension d of the data. */
  dim: number;
  /** `exact` trace (d reverse passes) or `hutchinson` (one pass, unbiased; needs `rng`). */
  trace?: "exact" | "hutchinson";
  /** Random stream for Hutchinson probes (one Gaussian probe per solve, fixed during it, as in FFJORD). */
  rng?: Rng;
  /** Integration interval (default [0, 1]). */
  t0?: number;
  t1?: number;
}

/** A continuous normalising flow. */
export interface Cnf<P extends PyTree | undefined> {
  /** Log-density of data points `x: [N, d]` under the flow, `[N]`. */
  logProb(x: tf.Tensor, params: P): tf.Tensor;
  /** `n` samples, pushing base normals from `rng` through the flow: `[n, d]`. */
  sample(n: number, params: P, rng: Rng): tf.Tensor;
  /** Push given base points `z: [N, d]` through the flow. */
  transform(z: tf.Tensor, params: P): tf.Tensor;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Build a CNF from a vector field `f(t, x, params)` on `[N, d]` batches.
 * @example
 * ```ts
 * import { tf } from "@continuum/core-tensor";
 * import { cnf } from "@continuum/ode";
 * const flow = cnf((t, x) => tf.mul(x, 0.5), { dim: 2, method: "rk4", dt0: 0.05 }); // x(1) = e^{0.5} z
 * flow.logProb(tf.zeros([1, 2]), undefined); // log N(0; 0, e·I) = −log(2π) − 1
 * ```
 */
export function cnf<P extends PyTree | undefined = undefined>(
  f: (t: number, x: tf.Tensor, params: P) => tf.Tensor,
  options: CnfOptions<P>,
): Cnf<P> {
  if (!Number.isInteger(options?.dim) || options.dim < 1)
    throw new Error(`cnf: options.dim must be a positive integer, received ${options?.dim}`);
  const traceKind = options.trace ?? "exact";
  if (traceKind !== "exact" && traceKind !== "hutchinson")
    throw new Error(`cnf: unknown options.trace '${traceKind}'; known: exact, hutchinson`);
  if (traceKind === "hutchinson" && !options.rng)
    throw new Error("cnf: options.rng is required for the Hutchinson trace");
  const d = options.dim;
  const t0 = options.t0 ?? 0;
  const t1 = options.t1 ?? 1;
  const checkX = (x: tf.Tensor, name: string) => {
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== d) {
      throw new Error(
        `cnf: ${name} must have shape [N, ${d}], received [${x instanceof tf.Tensor ? x.shape : typeof x}]`,
      );
    }
  };
  const odeOpts = (params: P) => ({ ...options, params: params as never });
  return {
    logProb(x, params) {
      checkX(x, "x");
      return tf.tidy(() => {
        const n = x.shape[0]!;
        // One probe per solve (FFJORD): fixed during the solve so the ODE is deterministic (adaptive steps and
        // the adjoint's backward solve see the same field); the stream advances, so every call draws a new one.
        const probe = traceKind === "hutchinson" ? Float32Array.from(options.rng!.normalArray(n * d)) : null;
        const field = (t: number, s: { x: tf.Tensor; l: tf.Tensor }, p: P) => {
          const fz = (z: tf.Tensor) => f(t, z, p);
          // f and its divergence from one forward and one reverse pass (see field-derivatives.ts).
          if (!probe) {
            const r = valueAndDivergence(fz, s.x, "cnf");
            return { x: r.value, l: tf.neg(r.divergence) };
          }
          const eps = tf.tensor2d(probe, [n, d]);
          const r = valueAndProbe(fz, s.x, eps, "cnf");
          return { x: r.value, l: tf.neg(tf.sum(tf.mul(r.vjp, eps), 1)) };
        };
        // Integrate from data (t1) back to the base (t0): l(t0) = ∫_{t0}^{t1} div f dt.
        const out = odeint(
          field as never,
          { x, l: tf.zeros([n]) } as never,
          [t1, t0],
          odeOpts(params),
        ) as unknown as { x: tf.Tensor; l: tf.Tensor };
        const z = tf.squeeze(tf.slice(out.x, [1, 0, 0], [1, n, d]), [0]);
        const l = tf.squeeze(tf.slice(out.l, [1, 0], [1, n]), [0]);
        const logp0 = tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), (d / 2) * LOG_2PI);
        return tf.sub(logp0, l);
      });
    },
    transform(z, params) {
      checkX(z, "z");
      return tf.tidy(() => {
        const out = odeint(
          (t, x: tf.Tensor, p: P) => f(t, x, p),
          z,
          [t0, t1],
          odeOpts(params) as OdeintOptions<P>,
        );
        return tf.squeeze(tf.slice(out, [1, 0, 0], [1, z.shape[0]!, d]), [0]);
      });
    },
    sample(n, params, rng) {
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`cnf.sample: n must be a positive integer, received ${n}`);
      const z = rng.normal([n, d]);
      const x = this.transform(z, params);
      z.dispose();
      return x;
    },
  };
}
