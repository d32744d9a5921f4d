import { grad, tf } from "@continuum/core-tensor";
import type { Geometry } from "./geometry/geometry.js";
import type { OutputTransform } from "./pde.js";

/** Options of {@link hardConstraint}. */
export interface HardConstraintOptions {
  /** Geometry whose `distanceFunction` gives `D(x)` (0 on the constrained boundary). */
  geometry?: Geometry;
  /** Custom `D(x)`: `[N, d] → [N]`, zero exactly where the condition holds. */
  distance?: (x: tf.Tensor) => tf.Tensor;
  /**
   * The boundary data extended inside, `g(x)`: a number or a tensor function `[N, d] → [N]` (or `[N, m]` for all
   * components). Default 0.
   */
  value?: number | ((x: tf.Tensor) => tf.Tensor);
  /** Components the constraint applies to (default all). */
  components?: number[];
}

/**
 * Hard (exact) Dirichlet/initial constraint by output transform: `u(x) = g(x) + D(x)·N(x)` where `N` is the network,
 * `D` vanishes on the constrained boundary (the geometry's R-function distance, or your own) and `g` extends the
 * boundary data (Lagaris et al. 1998; Sukumar & Srivastava 2022). The condition then holds to float32 rounding
 * and no boundary loss term is needed. The transform carries its Taylor-mode rule (Leibniz:
 * `∂ᵥᵏ(D·N) = Σⱼ C(k, j) ∂ᵥʲD ∂ᵥᵏ⁻ʲN`, with the derivatives of D and g by cheap nested passes), so `train` keeps
 * computing the network's derivatives in one jet pass.
 * @example
 * ```ts
 * const problem = pde({ geometry: rectangle([0, 0], [1, 1]), residual, transform: hardConstraint({ geometry: rectangle([0, 0], [1, 1]) }) });
 * ```
 */
export function hardConstraint(options: HardConstraintOptions): OutputTransform {
  const { geometry, distance, value = 0, components } = options ?? {};
  if (!geometry && !distance) throw new Error("hardConstraint: pass options.geometry or options.distance");
  if (distance !== undefined && typeof distance !== "function")
    throw new TypeError("hardConstraint: distance must be a function (x: Tensor[N, d]) => Tensor[N]");
  if (typeof value !== "number" && typeof value !== "function")
    throw new TypeError(
      `hardConstraint: value must be a number or a tensor function, received ${typeof value}`,
    );
  const D = distance ?? ((x: tf.Tensor) => geometry!.distanceFunction(x));
  const transform: OutputTransform = (x, n) => {
    const n0 = x.shape[0]!;
    const m = n.shape[1]!;
    const dist = D(x);
    if (dist.size !== n0)
      throw new Error(`hardConstraint: distance returned shape [${dist.shape}], expected [${n0}]`);
    const d2 = tf.reshape(dist, [n0, 1]);
    let g: tf.Tensor;
    if (typeof value === "number") g = tf.fill([n0, 1], value);
    else {
      g = value(x);
      if (g.size === n0) g = tf.reshape(g, [n0, 1]);
      else if (!(g.rank === 2 && g.shape[0] === n0 && g.shape[1] === m))
        throw new Error(
          `hardConstraint: value returned shape [${g.shape}], expected [${n0}] or [${n0}, ${m}]`,
        );
    }
    const constrained = tf.add(g, tf.mul(d2, n));
    if (!components) return constrained;
    const cols: tf.Tensor[] = [];
    for (let c = 0; c < m; c++)
      cols.push(tf.slice(components.includes(c) ? constrained : n, [0, c], [n0, 1]));
    return tf.concat(cols, 1);
  };
  const rule: TaylorTransformRule = (x, directions, orders, net) => {
    const n0 = x.shape[0]!;
    const m = net.value.shape[1]!;
    const asColumn = (t: tf.Tensor): tf.Tensor => (t.size === n0 ? tf.reshape(t, [n0, 1]) : t);
    const dist = D(x);
    if (dist.size !== n0)
      throw new Error(`hardConstraint: distance returned shape [${dist.shape}], expected [${n0}]`);
    const gFn = typeof value === "number" ? null : value;
    const mix = (constrained: tf.Tensor, free: tf.Tensor): tf.Tensor => {
      if (!components) return constrained;
      const cols: tf.Tensor[] = [];
      for (let c = 0; c < m; c++)
        cols.push(tf.slice(components.includes(c) ? constrained : free, [0, c], [n0, 1]));
      return tf.concat(cols, 1);
    };
    const g0 = gFn ? asColumn(gFn(x)) : tf.fill([n0, 1], value as number);
    const out = {
      value: mix(tf.add(g0, tf.mul(asColumn(dist), net.value)), net.value),
      derivatives: [] as tf.Tensor[][],
    };
    directions.forEach((v, i) => {
      const K = orders[i]!;
      const dD = directionalDerivatives(D, x, v, K).map(asColumn);
      const dG = gFn ? directionalDerivatives(gFn, x, v, K).map(asColumn) : null;
      const nk = [net.value, ...net.derivatives[i]!];
      const row: tf.Tensor[] = [];
      for (let k = 1; k <= K; k++) {
        // Leibniz: (D·N)⁽ᵏ⁾ = Σⱼ C(k, j) D⁽ʲ⁾ N⁽ᵏ⁻ʲ⁾.
        let acc: tf.Tensor = dG ? dG[k]! : tf.zeros([n0, 1]);
        let binom = 1;
        for (let j = 0; j <= k; j++) {
          acc = tf.add(acc, tf.mul(tf.mul(dD[j]!, binom), nk[k - j]!));
          binom = (binom * (k - j)) / (j + 1);
        }
        row.push(mix(acc, nk[k]!));
      }
      out.derivatives.push(row);
    });
    return out;
  };
  Object.defineProperty(transform, TAYLOR_RULE, { value: rule });
  return transform;
}

/**
 * Taylor-mode rule of an output transform: given the network's value `[N, m]` and directional derivatives
 * (`net.derivatives[i][k − 1]` along `directions[i]`), the transformed field's value and derivatives.
 */
export type TaylorTransformRule = (
  x: tf.Tensor,
  directions: tf.Tensor[],
  orders: number[],
  net: { value: tf.Tensor; derivatives: tf.Tensor[][] },
) => { value: tf.Tensor; derivatives: tf.Tensor[][] };

const TAYLOR_RULE = Symbol.for("@continuum/pinn.taylorTransformRule");

/** The Taylor-mode rule attached to a transform made by {@link hardConstraint}, if any (internal). */
export function taylorRuleOf(transform: OutputTransform): TaylorTransformRule | undefined {
  return (transform as unknown as Record<symbol, TaylorTransformRule | undefined>)[TAYLOR_RULE];
}

/**
 * `[h(x), ∂ᵥh(x), …, ∂ᵥᴷh(x)]` of a parameter-free tensor function by nested reverse passes (cheap for the
 * elementwise distance and boundary-data functions of a hard constraint).
 */
function directionalDerivatives(
  h: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  v: tf.Tensor,
  K: number,
): tf.Tensor[] {
  const fns: ((z: tf.Tensor) => tf.Tensor)[] = [h];
  for (let k = 1; k <= K; k++) {
    const prev = fns[k - 1]!;
    fns.push((z) => tf.sum(tf.mul(grad((w: tf.Tensor) => tf.sum(prev(w)))(z), v), 1));
  }
  return fns.map((f) => f(x));
}
