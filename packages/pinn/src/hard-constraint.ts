import { grad, tf } from "@continuum/core-tensor";
import type { Enrichment } from "./corner-enrichment.js";
import type { Geometry } from "./geometry/geometry.js";
import type { ConstantCache } from "./training/constant-cache.js";
import type { OutputTransform } from "./pde.js";

/** Options of {@link hardConstraint}. */
export interface HardConstraintOptions {
  /** Geometry whose `distanceFunction` gives `D(x)` (0 on the constrained boundary). */
  geometry?: Geometry;
  /**
   * Custom `D(x)`: `[N, d] → [N]`, zero exactly where the condition holds. `D` and `value` must not depend on
   * trainable variables: `train` computes them (and their derivatives) once per batch of points.
   */
  distance?: (x: tf.Tensor) => tf.Tensor;
  /**
   * The boundary data extended inside, `g(x)`: a number or a tensor function `[N, d] → [N]` (or `[N, m]` for all
   * components). Default 0.
   */
  value?: number | ((x: tf.Tensor) => tf.Tensor);
  /** Components the constraint applies to (default all). */
  components?: number[];
  /**
   * Fixed basis functions vanishing on the boundary, added with trainable coefficients: `u = g + Σₖ cₖ φₖ + D·N`
   * (e.g. {@link cornerEnrichment} for re-entrant corners). The coefficients (`[K, components]`, initially 0) are the
   * transform's `variables.enrichment`; `train` learns them with the network. A network with several outputs needs
   * `components`.
   */
  enrichment?: Enrichment;
}

/**
 * Hard (exact) Dirichlet/initial constraint by output transform: `u(x) = g(x) + D(x)·N(x)` where `N` is the network,
 * `D` vanishes on the constrained boundary (the geometry's R-function distance, or your own) and `g` extends the
 * boundary data (Lagaris et al. 1998; Sukumar & Srivastava 2022). The condition then holds to float32 rounding
 * and no boundary loss term is needed. The transform carries its Taylor-mode rule (Leibniz:
 * `∂ᵥᵏ(D·N) = Σⱼ C(k, j) ∂ᵥʲD ∂ᵥᵏ⁻ʲN`, with the derivatives of D and g by cheap nested passes), so `train` keeps
 * computing the network's derivatives in one jet pass. With `enrichment`, fixed basis functions that vanish on the
 * boundary are added with trainable coefficients (`u = g + Σₖ cₖ φₖ + D·N`), e.g. the corner singularities of
 * {@link cornerEnrichment}; dispose the problem (or `transform.variables`) when done.
 * @example
 * ```ts
 * const problem = pde({ geometry: rectangle([0, 0], [1, 1]), residual, transform: hardConstraint({ geometry: rectangle([0, 0], [1, 1]) }) });
 * const L = polygon([[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]]);
 * const enriched = hardConstraint({ geometry: L, enrichment: cornerEnrichment(L) }); // enriched.variables.enrichment: [2, 1]
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
  if (typeof value === "number" && !Number.isFinite(value))
    throw new Error(`hardConstraint: value must be a finite number or a tensor function, received ${value}`);
  if (
    components !== undefined &&
    (!Array.isArray(components) ||
      components.length === 0 ||
      components.some((c) => !Number.isInteger(c) || c < 0) ||
      new Set(components).size !== components.length)
  )
    throw new Error(
      `hardConstraint: components must be a non-empty array of distinct output indices (integers >= 0), received ${JSON.stringify(components)}`,
    );
  // A component beyond the network's outputs would be silently left unconstrained.
  const checkComponents = (m: number): void => {
    const bad = components?.find((c) => c >= m);
    if (bad !== undefined)
      throw new Error(
        `hardConstraint: components has index ${bad} but the network has ${m} output${m === 1 ? "" : "s"} (indices 0…${m - 1})`,
      );
  };
  const D = distance ?? ((x: tf.Tensor) => geometry!.distanceFunction(x));
  const enrichment = options.enrichment;
  if (
    enrichment !== undefined &&
    (enrichment === null || typeof enrichment.basis !== "function" || !(enrichment.size >= 1))
  )
    throw new TypeError(
      "hardConstraint: enrichment must be { size, names, basis(x) } (e.g. cornerEnrichment(polygon))",
    );
  const width = components ? components.length : 1;
  const basisOf = (x: tf.Tensor, n0: number) => basisOfEnrichment(enrichment!, x, n0);
  const coefficients = enrichment ? tf.variable(tf.zeros([enrichment.size, width]), true) : null;
  // Φ(x)·c as [N, m] (zero in unconstrained columns, which `mix` replaces by the network anyway).
  const enriched = (basis: tf.Tensor, coef: tf.Tensor, m: number): tf.Tensor => {
    if (!components && m !== 1)
      throw new Error(
        `hardConstraint: enrichment with a ${m}-output network needs options.components (which outputs to enrich)`,
      );
    const e = tf.matMul(basis, coef);
    if (!components) return e;
    const select = new Float32Array(width * m);
    components.forEach((c, j) => {
      select[j * m + c] = 1;
    });
    return tf.matMul(e, tf.tensor2d(select, [width, m]));
  };
  // Intermediates are freed (tidy): the transform is also called directly, outside any training scope.
  const transform: OutputTransform = (x, n) => tf.tidy(() => transformBody(x, n));
  const transformBody = (x: tf.Tensor, n: tf.Tensor): tf.Tensor => {
    const n0 = x.shape[0]!;
    const m = n.shape[1]!;
    checkComponents(m);
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
    let constrained = tf.add(g, tf.mul(d2, n));
    if (enrichment) constrained = tf.add(constrained, enriched(basisOf(x, n0), coefficients!, m));
    if (!components) return constrained;
    const cols: tf.Tensor[] = [];
    for (let c = 0; c < m; c++)
      cols.push(tf.slice(components.includes(c) ? constrained : n, [0, c], [n0, 1]));
    return tf.concat(cols, 1);
  };
  const rule: TaylorTransformRule = (x, directions, orders, net, cache) => {
    const n0 = x.shape[0]!;
    const m = net.value.shape[1]!;
    checkComponents(m);
    const asColumn = (t: tf.Tensor): tf.Tensor => (t.size === n0 ? tf.reshape(t, [n0, 1]) : t);
    // D, g, the enrichment basis and their derivatives do not depend on the parameters: with a cache (owned by the
    // training loop) they are computed once per batch of points.
    const constant = (key: string, compute: () => tf.Tensor[]): tf.Tensor[] =>
      cache ? cache.lookup(x, key, compute) : compute();
    const gFn = typeof value === "number" ? null : value;
    const mix = (constrained: tf.Tensor, free: tf.Tensor): tf.Tensor => {
      if (!components) return constrained;
      const cols: tf.Tensor[] = [];
      for (let c = 0; c < m; c++)
        cols.push(tf.slice(components.includes(c) ? constrained : free, [0, c], [n0, 1]));
      return tf.concat(cols, 1);
    };
    const [dist, g0, basis0] = constant("value", () => {
      const dist = D(x);
      if (dist.size !== n0)
        throw new Error(`hardConstraint: distance returned shape [${dist.shape}], expected [${n0}]`);
      const g0 = gFn ? asColumn(gFn(x)) : tf.fill([n0, 1], value as number);
      return enrichment ? [asColumn(dist), g0, basisOf(x, n0)] : [asColumn(dist), g0];
    });
    let v0 = tf.add(g0!, tf.mul(dist!, net.value));
    if (enrichment) v0 = tf.add(v0, enriched(basis0!, coefficients!, m));
    const out = { value: mix(v0, net.value), derivatives: [] as tf.Tensor[][] };
    directions.forEach((v, i) => {
      const K = orders[i]!;
      const key = `${K}:${Array.from(v.dataSync()).join(",")}`;
      const dD = constant(`D ${key}`, () => directionalDerivatives(D, x, v, K).map(asColumn));
      const dG = gFn ? constant(`g ${key}`, () => directionalDerivatives(gFn, x, v, K).map(asColumn)) : null;
      // Derivatives of the enrichment Φ(x)·c: the basis is parameter-free, one nested pass per basis function.
      let dE: tf.Tensor[] | null = null;
      if (enrichment) {
        const dPhi = constant(`basis ${key}`, () => {
          const perBasis = Array.from({ length: enrichment.size }, (_, j) =>
            directionalDerivatives((z) => tf.slice(basisOf(z, z.shape[0]!), [0, j], [-1, 1]), x, v, K).map(
              asColumn,
            ),
          );
          return Array.from({ length: K + 1 }, (_, k) =>
            tf.concat(
              perBasis.map((p) => p[k]!),
              1,
            ),
          );
        });
        dE = dPhi.map((b) => enriched(b, coefficients!, m));
      }
      const nk = [net.value, ...net.derivatives[i]!];
      const row: tf.Tensor[] = [];
      for (let k = 1; k <= K; k++) {
        // Leibniz: (D·N)⁽ᵏ⁾ = Σⱼ C(k, j) D⁽ʲ⁾ N⁽ᵏ⁻ʲ⁾.
        let acc: tf.Tensor = dG ? dG[k]! : tf.zeros([n0, 1]);
        if (dE) acc = tf.add(acc, dE[k]!);
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
  if (coefficients) Object.defineProperty(transform, "variables", { value: { enrichment: coefficients } });
  return transform;
}

/** The enrichment basis at `x` as `[N, K]`, checked. */
function basisOfEnrichment(enrichment: Enrichment, x: tf.Tensor, n0: number): tf.Tensor {
  const b = enrichment.basis(x);
  if (!(b.rank === 2 && b.shape[0] === n0 && b.shape[1] === enrichment.size))
    throw new Error(
      `hardConstraint: enrichment.basis returned shape [${b.shape}], expected [${n0}, ${enrichment.size}]`,
    );
  return b;
}

/**
 * Taylor-mode rule of an output transform: given the network's value `[N, m]` and directional derivatives
 * (`net.derivatives[i][k − 1]` along `directions[i]`), the transformed field's value and derivatives. With `cache`,
 * parameter-free terms are computed once per points tensor.
 */
export type TaylorTransformRule = (
  x: tf.Tensor,
  directions: tf.Tensor[],
  orders: number[],
  net: { value: tf.Tensor; derivatives: tf.Tensor[][] },
  cache?: ConstantCache,
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
