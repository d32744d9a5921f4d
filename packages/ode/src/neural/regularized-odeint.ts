/**
 * The regularisers of "How to train your neural ODE" (Finlay, Jacobsen, Nurbekyan & Oberman, ICML 2020):
 * the kinetic energy `∫ ‖f(t, y)‖² dt` and the Jacobian Frobenius norm `∫ ‖∂f/∂y‖²_F dt`, integrated as extra
 * quadrature states alongside y, so they are exact to the solver's accuracy and differentiable in both gradient
 * modes (backpropagation through the steps and the adjoint).
 */
import { type PyTree, type Rng, tf } from "@continuum/core-tensor";
import { valueAndJacobianFrobenius, valueAndProbe, sumPerSample } from "./field-derivatives.js";
import { type OdeintOptions, odeint } from "./odeint.js";

/** Options of {@link regularizedOdeint}: those of `odeint` plus which integrals to accumulate. */
export interface RegularizedOdeintOptions<P extends PyTree | undefined = undefined> extends OdeintOptions<P> {
  /** Accumulate the kinetic energy `∫ ‖f‖² dt` per sample (default true). */
  kinetic?: boolean;
  /**
   * Accumulate `∫ ‖∂f/∂y‖²_F dt` per sample: `exact` (one forward on the d-times replicated batch and one
   * reverse pass per evaluation; y must be `[N, d]`), `hutchinson` (`‖εᵀ ∂f/∂y‖²` with one probe ε per solve
   * drawn from `rng`, unbiased, any state shape), or `false` (default).
   */
  jacobian?: "exact" | "hutchinson" | false;
  /** Random stream for the Hutchinson probe (required with `jacobian: "hutchinson"`). */
  rng?: Rng;
  /** Probe distribution of the Hutchinson estimate (default `normal`, as in Finlay et al.). */
  probe?: "normal" | "rademacher";
}

/** Result of {@link regularizedOdeint}; the caller owns every tensor. */
export interface RegularizedOdeintResult {
  /** States at every time of `ts`, `[T, ...y0.shape]` (as `odeint`). */
  ys: tf.Tensor;
  /** `∫_{ts[0]}^{ts[T-1]} ‖f(t, y_n(t))‖² dt` per sample, `[N]` (when `kinetic`). */
  kineticEnergy?: tf.Tensor;
  /** `∫_{ts[0]}^{ts[T-1]} ‖∂f/∂y (t, y_n(t))‖²_F dt` per sample, `[N]` (exact or its Hutchinson estimate). */
  jacobianFrobenius?: tf.Tensor;
}

/**
 * Integrate `dy/dt = f(t, y, params)` like {@link odeint} and, in the same solve, the per-sample regularisers of
 * Finlay et al. (2020): kinetic energy `∫‖f‖² dt` and Jacobian Frobenius norm `∫‖∂f/∂y‖²_F dt` (exact or a
 * Hutchinson estimate with a fixed probe per solve). Add `λ_K·mean(kineticEnergy) + λ_J·mean(jacobianFrobenius)`
 * to the loss to favour straight, well-conditioned trajectories that adaptive solvers integrate in fewer steps.
 * The state is `[N, ...]` with the batch first; `f` must treat samples independently.
 *
 * @example
 * ```ts
 * import { tf } from "@continuum/core-tensor";
 * import { regularizedOdeint } from "@continuum/ode";
 * const A = tf.tensor2d([[-0.5, 1], [-1, -0.5]]);
 * const r = regularizedOdeint((t, y) => tf.matMul(y, A), tf.tensor2d([[1, 0]]), [0, 1], { jacobian: "exact" });
 * // r.kineticEnergy ≈ [1.25 (1 − e^{−1})] = [0.790], r.jacobianFrobenius ≈ [2.5] (= T·‖A‖²_F)
 * ```
 */
export function regularizedOdeint<P extends PyTree | undefined = undefined>(
  f: (t: number, y: tf.Tensor, params: P) => tf.Tensor,
  y0: tf.Tensor,
  ts: readonly number[] | Float64Array | tf.Tensor,
  options: RegularizedOdeintOptions<P> = {},
): RegularizedOdeintResult {
  if (typeof f !== "function")
    throw new TypeError("regularizedOdeint: f must be a function (t, y, params) => tensor");
  if (!(y0 instanceof tf.Tensor) || y0.rank < 1)
    throw new Error(
      `regularizedOdeint: y0 must be a tensor of shape [N, ...], received ${y0 instanceof tf.Tensor ? `a scalar` : typeof y0}`,
    );
  const kinetic = options.kinetic ?? true;
  const jac = options.jacobian ?? false;
  if (jac !== false && jac !== "exact" && jac !== "hutchinson")
    throw new Error(
      `regularizedOdeint: options.jacobian must be 'exact', 'hutchinson' or false, received '${jac}'`,
    );
  if (jac === "exact" && y0.rank !== 2)
    throw new Error(
      `regularizedOdeint: jacobian 'exact' needs y0 of shape [N, d], received [${y0.shape.join(", ")}]; use 'hutchinson'`,
    );
  const probeKind = options.probe ?? "normal";
  if (probeKind !== "normal" && probeKind !== "rademacher")
    throw new Error(
      `regularizedOdeint: options.probe must be 'normal' or 'rademacher', received '${probeKind}'`,
    );
  if (jac === "hutchinson" && (!options.rng || typeof options.rng.normalArray !== "function"))
    throw new Error(
      "regularizedOdeint: options.rng (a core-tensor prng stream) is required with jacobian 'hutchinson'",
    );
  const n = y0.shape[0]!;
  // One probe per solve (FFJORD, Finlay et al.): the ODE stays deterministic, so adaptive steps and the
  // adjoint's backward solve see the same field. Kept as numbers; each evaluation builds a small constant.
  let probe: Float32Array | null = null;
  if (jac === "hutchinson") {
    const raw =
      probeKind === "normal"
        ? options.rng!.normalArray(y0.size)
        : options.rng!.uniformArray(y0.size).map((u) => (u < 0.5 ? -1 : 1));
    probe = Float32Array.from(raw);
  }
  type S = { y: tf.Tensor; k?: tf.Tensor; j?: tf.Tensor };
  // Called inside odeint's tidy scopes, which dispose the intermediates.
  const field = (t: number, s: S, p: P): S => {
    const fy = (z: tf.Tensor) => f(t, z, p);
    let value: tf.Tensor;
    let j: tf.Tensor | undefined;
    if (jac === "exact") {
      const r = valueAndJacobianFrobenius(fy, s.y, "regularizedOdeint");
      value = r.value;
      j = r.frobenius;
    } else if (jac === "hutchinson") {
      const r = valueAndProbe(fy, s.y, tf.tensor(probe!, s.y.shape), "regularizedOdeint");
      value = r.value;
      j = sumPerSample(tf.square(r.vjp));
    } else {
      value = f(t, s.y, p);
    }
    const out: S = { y: value };
    if (kinetic) out.k = sumPerSample(tf.square(value));
    if (j) out.j = j;
    return out;
  };
  const init: S = { y: y0 };
  const zeros: tf.Tensor[] = [];
  if (kinetic) zeros.push((init.k = tf.zeros([n])));
  if (jac) zeros.push((init.j = tf.zeros([n])));
  const { params, ...rest } = options;
  const out = odeint(field as never, init as never, ts, { ...rest, params: params as never }) as unknown as S;
  tf.dispose(zeros);
  const T = out.y.shape[0]!;
  const last = (q: tf.Tensor | undefined) => {
    if (!q) return undefined;
    const v = tf.tidy(() => tf.reshape(tf.slice(q, [T - 1, 0], [1, n]), [n]));
    q.dispose();
    return v;
  };
  const result: RegularizedOdeintResult = { ys: out.y };
  const k = last(out.k);
  const j = last(out.j);
  if (k) result.kineticEnergy = k;
  if (j) result.jacobianFrobenius = j;
  return result;
}
