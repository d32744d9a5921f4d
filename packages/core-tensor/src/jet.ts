/**
 * Taylor-mode automatic differentiation ("jets"): propagate the truncated Taylor series of x(t) = x + t·v through
 * a function in one forward pass, giving f(x) and the directional derivatives dᵏ/dtᵏ f(x + t v) at t = 0 for
 * k = 1…order. A PINN residual needs u, u_x, u_xx, u_t: nested reverse mode recomputes the network once per
 * nesting level and per derivative, a jet costs about (order + 1) forward passes of the network, all at once.
 *
 * Coefficients are the normalised Taylor coefficients yₖ = y⁽ᵏ⁾/k!. Products use the Cauchy product
 * (Leibniz rule), quotients its inverse, and each elementary function φ with φ' = ψ(x) or ψ(y) the recurrence
 * k·yₖ = Σⱼ₌₁ᵏ j·xⱼ·ψₖ₋ⱼ (Griewank & Walther, "Evaluating Derivatives", 2nd ed., ch. 13; Bettencourt, Johnson &
 * Duvenaud, "Taylor-mode automatic differentiation for higher-order derivatives in JAX", 2019), which is the
 * Faà di Bruno formula evaluated incrementally in O(order²) elementwise operations.
 *
 * Several directions share one primal: coefficient k ≥ 1 has a leading direction axis `[D, ...shape]`; the
 * primal (k = 0) has `shape` and broadcasts against it. A zero coefficient is stored as `null` and skipped, so a
 * network's first affine layer, whose input has x₂ = x₃ = … = 0, costs nothing beyond the first order.
 *
 * Everything is written with TensorFlow.js ops, so gradients of jet outputs with respect to parameters work
 * (reverse mode over Taylor mode). Functions not written with {@link jetOps} fall back to nested {@link jvp}.
 */
import { assertShape } from "./assert.js";
import { tf } from "./engine.js";
import { type FusedLayer, fusedJetSupported, fusedMlpJet } from "./fused/mlp-jet.js";
import { jvp } from "./transforms.js";

type Coef = tf.Tensor | null;
type Operand = Jet | tf.Tensor | number;

/**
 * A truncated Taylor series: `coeffs[0]` is the primal value, `coeffs[k]` (k ≥ 1, shape `[D, ...primal.shape]`,
 * or `null` for zero) the k-th normalised Taylor coefficient along each of D directions. Functions on jets
 * create intermediate tensors: call them inside `tf.tidy` (as {@link jet} does).
 * @example
 * ```ts
 * const x = new Jet([tf.tensor([0.5]), tf.tensor([[1]])], 1); // x(t) = 0.5 + t
 * jetOps.exp(x).coefficient(1);                               // [[e^0.5]]
 * ```
 */
export class Jet {
  /** @param coeffs - primal first; then one coefficient per order (`null` = zero). */
  constructor(
    readonly coeffs: readonly Coef[],
    /** Number of directions D. */
    readonly directions: number,
  ) {
    if (!(coeffs[0] instanceof tf.Tensor)) throw new Error("Jet: coeffs[0] (the primal) must be a tensor");
  }
  /** The highest Taylor order carried. */
  get order(): number {
    return this.coeffs.length - 1;
  }
  /** The value f(x). */
  get primal(): tf.Tensor {
    return this.coeffs[0] as tf.Tensor;
  }
  /** Coefficient k as a tensor (zeros when it is structurally zero). */
  coefficient(k: number): tf.Tensor {
    const c = this.coeffs[k];
    if (k === 0) return this.primal;
    return c ?? tf.zeros([this.directions, ...this.primal.shape]);
  }
}

function isJet(x: unknown): x is Jet {
  return x instanceof Jet;
}

function mulC(a: Coef, b: Coef): Coef {
  return a === null || b === null ? null : tf.mul(a, b);
}
function addC(a: Coef, b: Coef): Coef {
  if (a === null) return b;
  if (b === null) return a;
  return tf.add(a, b);
}
function scaleC(a: Coef, s: number): Coef {
  return a === null ? null : s === 1 ? a : tf.mul(a, s);
}
function sumC(terms: Coef[]): Coef {
  const live = terms.filter((t): t is tf.Tensor => t !== null);
  if (live.length === 0) return null;
  if (live.length === 1) return live[0]!;
  return live.length === 2 ? tf.add(live[0]!, live[1]!) : tf.addN(live);
}

function orderOf(...xs: Operand[]): { order: number; directions: number } {
  let order = -1;
  let directions = -1;
  for (const x of xs) {
    if (!isJet(x)) continue;
    if (order >= 0 && (x.order !== order || x.directions !== directions))
      throw new Error(
        `jet: operands carry different orders/directions (${order}/${directions} vs ${x.order}/${x.directions})`,
      );
    order = x.order;
    directions = x.directions;
  }
  if (order < 0) throw new Error("jet: at least one operand must be a Jet");
  return { order, directions };
}

function coefs(x: Operand, order: number): Coef[] {
  if (isJet(x)) return [...x.coeffs];
  const c0 = typeof x === "number" ? tf.scalar(x) : x;
  return [c0, ...new Array<Coef>(order).fill(null)];
}

/** Cauchy product cₖ = Σⱼ aⱼ bₖ₋ⱼ. */
function cauchy(a: Coef[], b: Coef[], k: number): Coef {
  const terms: Coef[] = [];
  for (let j = 0; j <= k; j++) terms.push(mulC(a[j]!, b[k - j]!));
  return sumC(terms);
}

/** Σⱼ₌₀ᵏ yⱼ yₖ₋ⱼ using the symmetry (half the products). */
function selfCauchy(y: Coef[], k: number): Coef {
  const terms: Coef[] = [];
  for (let j = 0; 2 * j < k; j++) terms.push(scaleC(mulC(y[j]!, y[k - j]!), 2));
  if (k % 2 === 0) terms.push(mulC(y[k / 2]!, y[k / 2]!));
  return sumC(terms);
}

/** yₖ = (1/k) Σⱼ₌₁ᵏ j xⱼ ψₖ₋ⱼ  (from y' = ψ·x'). */
function odeStep(x: Coef[], psi: Coef[], k: number): Coef {
  const terms: Coef[] = [];
  for (let j = 1; j <= k; j++) terms.push(scaleC(mulC(x[j]!, psi[k - j]!), j / k));
  return sumC(terms);
}

/** Generic y = φ(x) with φ'(x) = ψ expressed through y (and x): ψₖ computed from y₀…yₖ. */
function odeUnary(x: Jet, y0: tf.Tensor, psiAt: (y: Coef[], k: number) => Coef): Jet {
  const xc = [...x.coeffs];
  const y: Coef[] = [y0];
  const psi: Coef[] = [psiAt(y, 0)];
  for (let k = 1; k <= x.order; k++) {
    y.push(odeStep(xc, psi, k));
    if (k < x.order) psi.push(psiAt(y, k));
  }
  return new Jet(y, x.directions);
}

function add(a: Operand, b: Operand): Jet {
  const { order, directions } = orderOf(a, b);
  const ac = coefs(a, order);
  const bc = coefs(b, order);
  return new Jet(
    ac.map((c, k) => (k === 0 ? tf.add(c!, bc[0]!) : addC(c, bc[k]!))),
    directions,
  );
}

function neg(a: Jet): Jet {
  return new Jet(
    a.coeffs.map((c) => (c === null ? null : tf.neg(c))),
    a.directions,
  );
}

function sub(a: Operand, b: Operand): Jet {
  return add(a, isJet(b) ? neg(b) : typeof b === "number" ? -b : tf.neg(b));
}

function mul(a: Operand, b: Operand): Jet {
  const { order, directions } = orderOf(a, b);
  if (!isJet(a) || !isJet(b)) {
    const [j, s] = isJet(a) ? [a, b] : [b as Jet, a];
    return new Jet(
      j.coeffs.map((c) => (c === null ? null : tf.mul(c, s as tf.Tensor | number))),
      directions,
    );
  }
  const ac = [...a.coeffs];
  const bc = [...b.coeffs];
  const out: Coef[] = [];
  for (let k = 0; k <= order; k++) out.push(cauchy(ac, bc, k));
  return new Jet(out, directions);
}

function div(a: Operand, b: Operand): Jet {
  const { order, directions } = orderOf(a, b);
  if (!isJet(b)) return mul(a, typeof b === "number" ? 1 / b : tf.reciprocal(b));
  const ac = coefs(a, order);
  const bc = [...b.coeffs];
  const inv0 = tf.reciprocal(bc[0]!);
  const c: Coef[] = [tf.mul(ac[0]!, inv0)];
  for (let k = 1; k <= order; k++) {
    const terms: Coef[] = [ac[k]!];
    for (let j = 1; j <= k; j++) terms.push(scaleC(mulC(bc[j]!, c[k - j]!), -1));
    c.push(mulC(sumC(terms), inv0));
  }
  return new Jet(c, directions);
}

function square(a: Jet): Jet {
  const ac = [...a.coeffs];
  return new Jet(
    ac.map((_, k) => selfCauchy(ac, k)),
    a.directions,
  );
}

function pow(a: Jet, n: number): Jet {
  if (!Number.isInteger(n))
    throw new Error(`jetOps.pow: the exponent must be an integer, received ${n} (use exp(n·log x))`);
  if (n < 0) return div(1, pow(a, -n));
  if (n === 0) return new Jet([tf.onesLike(a.primal), ...new Array<Coef>(a.order).fill(null)], a.directions);
  if (n === 1) return a;
  const half = pow(a, Math.floor(n / 2));
  const sq = square(half);
  return n % 2 === 0 ? sq : mul(sq, a);
}

function exp(a: Jet): Jet {
  return odeUnary(a, tf.exp(a.primal), (y, k) => y[k]!);
}

function log(a: Jet): Jet {
  // x·y' = x'  ⇒  yₖ = (xₖ − (1/k) Σⱼ₌₁ᵏ⁻¹ j yⱼ xₖ₋ⱼ) / x₀
  const xc = [...a.coeffs];
  const inv0 = tf.reciprocal(xc[0]!);
  const y: Coef[] = [tf.log(xc[0]!)];
  for (let k = 1; k <= a.order; k++) {
    const terms: Coef[] = [xc[k]!];
    for (let j = 1; j < k; j++) terms.push(scaleC(mulC(y[j]!, xc[k - j]!), -j / k));
    y.push(mulC(sumC(terms), inv0));
  }
  return new Jet(y, a.directions);
}

function sqrt(a: Jet): Jet {
  // y² = x  ⇒  yₖ = (xₖ − Σⱼ₌₁ᵏ⁻¹ yⱼ yₖ₋ⱼ) / (2 y₀)
  const xc = [...a.coeffs];
  const y0 = tf.sqrt(xc[0]!);
  const inv = tf.div(0.5, y0);
  const y: Coef[] = [y0];
  for (let k = 1; k <= a.order; k++) {
    const terms: Coef[] = [xc[k]!];
    for (let j = 1; j < k; j++) terms.push(scaleC(mulC(y[j]!, y[k - j]!), -1));
    y.push(mulC(sumC(terms), inv));
  }
  return new Jet(y, a.directions);
}

function tanh(a: Jet): Jet {
  // y' = (1 − y²) x'
  return odeUnary(a, tf.tanh(a.primal), (y, k) => {
    const s = selfCauchy(y, k);
    return k === 0 ? tf.sub(1, s!) : scaleC(s, -1);
  });
}

function sigmoid(a: Jet): Jet {
  // y' = (y − y²) x'
  return odeUnary(a, tf.sigmoid(a.primal), (y, k) => {
    const s = selfCauchy(y, k);
    return s === null ? y[k]! : y[k] === null ? scaleC(s, -1) : tf.sub(y[k]!, s);
  });
}

function softplus(a: Jet): Jet {
  // y' = σ(x) x'
  const s = sigmoid(a);
  const xc = [...a.coeffs];
  const sc = [...s.coeffs];
  const y: Coef[] = [tf.softplus(a.primal)];
  for (let k = 1; k <= a.order; k++) y.push(odeStep(xc, sc, k));
  return new Jet(y, a.directions);
}

function sinCos(a: Jet): { sin: Jet; cos: Jet } {
  // s' = c x', c' = −s x'
  const xc = [...a.coeffs];
  const s: Coef[] = [tf.sin(a.primal)];
  const c: Coef[] = [tf.cos(a.primal)];
  for (let k = 1; k <= a.order; k++) {
    const sk = odeStep(xc, c, k);
    const ck = scaleC(odeStep(xc, s, k), -1);
    s.push(sk);
    c.push(ck);
  }
  return { sin: new Jet(s, a.directions), cos: new Jet(c, a.directions) };
}

/** Apply a mask (0/1 tensor shaped like the primal) to every coefficient. */
function masked(a: Jet, mask: tf.Tensor, primal: tf.Tensor): Jet {
  return new Jet(
    a.coeffs.map((c, k) => (k === 0 ? primal : mulC(c, mask))),
    a.directions,
  );
}

function relu(a: Jet): Jet {
  return masked(a, tf.cast(tf.greater(a.primal, 0), "float32"), tf.relu(a.primal));
}

function elu(a: Jet): Jet {
  const pos = tf.cast(tf.greater(a.primal, 0), "float32");
  const e = exp(a);
  return new Jet(
    a.coeffs.map((c, k) =>
      k === 0 ? tf.elu(a.primal) : addC(mulC(c, pos), mulC(e.coeffs[k]!, tf.sub(1, pos))),
    ),
    a.directions,
  );
}

const GELU_C = Math.sqrt(2 / Math.PI);

function gelu(a: Jet): Jet {
  // 0.5·x·(1 + tanh(c·(x + 0.044715 x³))), the same tanh approximation as the `gelu` activation.
  const inner = mul(add(a, mul(pow(a, 3), 0.044715)), GELU_C);
  return mul(mul(a, 0.5), add(tanh(inner), 1));
}

function swish(a: Jet): Jet {
  return mul(a, sigmoid(a));
}

function matMul(a: Jet, w: tf.Tensor): Jet {
  assertShape(w, null, "jetOps.matMul: w");
  if (w.rank !== 2)
    throw new Error(`jetOps.matMul: w must be a matrix, received shape [${w.shape.join(", ")}]`);
  const p = a.primal;
  const inner = p.shape[p.rank - 1];
  if (inner !== w.shape[0])
    throw new Error(
      `jetOps.matMul: a has ${inner} columns but w has shape [${w.shape.join(", ")}] (expected [${inner}, *])`,
    );
  // All non-zero coefficients go through a single matMul (one kernel call instead of order + 1).
  const live = a.coeffs.map((c, k) => (c === null ? -1 : k)).filter((k) => k >= 0);
  const rows = live.map((k) => a.coeffs[k]!.size / inner!);
  const stacked = tf.matMul(
    live.length === 1
      ? tf.reshape(a.coeffs[live[0]!]!, [-1, inner!])
      : tf.concat(
          live.map((k) => tf.reshape(a.coeffs[k]!, [-1, inner!])),
          0,
        ),
    w,
  );
  const parts = live.length === 1 ? [stacked] : tf.split(stacked, rows, 0);
  const out: Coef[] = new Array<Coef>(a.coeffs.length).fill(null);
  live.forEach((k, i) => {
    {
      const lead = a.coeffs[k]!.shape.slice(0, -1);
      out[k] = tf.reshape(parts[i]!, [...lead, w.shape[1]!]);
    }
  });
  return new Jet(out, a.directions);
}

function affine(a: Jet, w: tf.Tensor, b?: tf.Tensor): Jet {
  const y = matMul(a, w);
  return b === undefined ? y : add(y, b);
}

/** Slice along the primal's axes (the direction axis of higher coefficients is kept whole). */
function slice(a: Jet, begin: number[], size: number[]): Jet {
  return new Jet(
    a.coeffs.map((c, k) =>
      c === null ? null : k === 0 ? tf.slice(c, begin, size) : tf.slice(c, [0, ...begin], [-1, ...size]),
    ),
    a.directions,
  );
}

/** Concatenate jets along a primal axis. */
function concat(parts: Jet[], axis: number): Jet {
  const { order, directions } = orderOf(...parts);
  const rank = parts[0]!.primal.rank;
  const ax = axis < 0 ? axis + rank : axis;
  const out: Coef[] = [];
  for (let k = 0; k <= order; k++) {
    if (k > 0 && parts.every((p) => p.coeffs[k] === null)) {
      out.push(null);
      continue;
    }
    out.push(
      tf.concat(
        parts.map((p) => p.coefficient(k)),
        k === 0 ? ax : ax + 1,
      ),
    );
  }
  return new Jet(out, directions);
}

/** Sum over a primal axis. */
function sum(a: Jet, axis: number, keepDims = false): Jet {
  const rank = a.primal.rank;
  const ax = axis < 0 ? axis + rank : axis;
  return new Jet(
    a.coeffs.map((c, k) => (c === null ? null : tf.sum(c, k === 0 ? ax : ax + 1, keepDims))),
    a.directions,
  );
}

// Structural tracing (for the fused path): while `traceLog` is set, every jetOps entry point records its name and
// arguments and returns its first Jet argument unchanged, without computing anything. A module whose applyJet
// is only `affine` and activation calls on one chain is a dense stack the fused kernels can run.
interface TraceRecord {
  op: string;
  args: unknown[];
}
let traceLog: TraceRecord[] | null = null;

function traced<F extends (...args: never[]) => unknown>(op: string, fn: F): F {
  return ((...args: Parameters<F>) => {
    if (traceLog === null) return fn(...args);
    traceLog.push({ op, args });
    const j = args.find(isJet);
    if (j === undefined) throw new Error("jet trace: no Jet argument");
    return j;
  }) as F;
}

const TRACE_ACTIVATIONS: Record<string, string> = { tanh: "tanh", sin: "sin", gelu: "gelu" };

/**
 * The dense layers `[{ w, b, activation }]` of a module whose `applyJet` is a plain stack of `jetOps.affine`
 * and elementwise activations (as `mlp` builds), found by tracing `applyJet` without computing; `null` for
 * anything else (residual links, Fourier features, custom Jet code, activations without a fused kernel).
 * @example
 * ```ts
 * const net = mlp({ inputs: 2, hidden: [50, 50], outputs: 1, activation: "tanh" });
 * denseLayersOf(net, net.params, x)?.map((l) => l.activation); // ["tanh", "tanh", "identity"]
 * ```
 */
export function denseLayersOf<P>(module: JetModule<P>, params: P, x: tf.Tensor): FusedLayer[] | null {
  if (typeof module?.applyJet !== "function" || traceLog !== null) return null;
  const input = new Jet([x], 1);
  const before = tf.memory().numTensors;
  const log: TraceRecord[] = [];
  traceLog = log;
  let out: unknown;
  try {
    out = module.applyJet(params, input);
  } catch {
    return null;
  } finally {
    traceLog = null;
  }
  // Anything computed outside jetOps, or a result that is not the traced chain, rules the module out.
  if (out !== input || tf.memory().numTensors !== before) return null;
  const layers: FusedLayer[] = [];
  for (const rec of log) {
    if (rec.op === "affine") {
      const [a, w, b] = rec.args as [Jet, tf.Tensor, tf.Tensor | undefined];
      if (a !== input || !(w instanceof tf.Tensor) || !(b instanceof tf.Tensor) || b.rank !== 1) return null;
      layers.push({ w, b, activation: "identity" });
    } else if (rec.op in TRACE_ACTIVATIONS && rec.args.length === 1) {
      const last = layers[layers.length - 1];
      if (last === undefined || last.activation !== "identity") return null;
      last.activation = TRACE_ACTIVATIONS[rec.op]!;
    } else return null;
  }
  return layers.length > 0 ? layers : null;
}

let fusedEnabled = true;

/**
 * Turn the fused MLP kernels behind {@link jetMlp} and {@link fastApply} on (default) or off (the generic
 * {@link jetOps} path; for A/B benchmarks and equivalence tests). Returns the previous setting.
 * @example
 * ```ts
 * const before = setFusedJet(false);
 * setFusedJet(before);
 * ```
 */
export function setFusedJet(enabled: boolean): boolean {
  if (typeof enabled !== "boolean")
    throw new Error(`setFusedJet: enabled must be a boolean, received ${String(enabled)}`);
  const prev = fusedEnabled;
  fusedEnabled = enabled;
  return prev;
}

function fusedLayersFor<P>(
  module: JetModule<P>,
  params: P,
  x: tf.Tensor,
  order: number,
): FusedLayer[] | null {
  if (!fusedEnabled || x.rank !== 2 || x.dtype !== "float32") return null;
  const layers = denseLayersOf(module, params, x);
  if (
    layers === null ||
    !fusedJetSupported(
      layers.map((l) => l.activation),
      order,
    )
  )
    return null;
  return layers;
}

/**
 * `module.apply(params, x)` through the fused dense kernels when the module is a plain dense stack with fused
 * activations (tanh, gelu, identity) on cpu/wasm and at most one enclosing gradient; `module.apply` otherwise.
 * Same values to float32 rounding; its backward is one hand-written pass. The caller owns the result.
 * @example
 * ```ts
 * const net = mlp({ inputs: 8, hidden: [256, 256, 256], outputs: 1, activation: "gelu" });
 * const y = fastApply(net, net.params, x); // == net.apply(net.params, x) to float32 rounding
 * ```
 */
export function fastApply<P>(module: JetModule<P>, params: P, x: tf.Tensor): tf.Tensor {
  if (module == null || typeof module.apply !== "function")
    throw new TypeError("fastApply: module must be a module ({ params, apply })");
  const layers = x instanceof tf.Tensor ? fusedLayersFor(module, params, x, 0) : null;
  if (layers === null) return module.apply(params, x);
  return fusedMlpJet(layers, x).value;
}

/**
 * Taylor-mode versions of the primitives used by MLPs and PINN residuals. Operands may be jets, tensors
 * (constants/parameters, broadcast like the primal) or numbers.
 * @example
 * ```ts
 * const f = taylor((x) => jetOps.tanh(jetOps.affine(x, W, b)));
 * ```
 */
export const jetOps = {
  add: traced("add", add),
  sub: traced("sub", sub),
  mul: traced("mul", mul),
  div: traced("div", div),
  neg: traced("neg", neg),
  square: traced("square", square),
  pow: traced("pow", pow),
  exp: traced("exp", exp),
  log: traced("log", log),
  sqrt: traced("sqrt", sqrt),
  tanh: traced("tanh", tanh),
  sigmoid: traced("sigmoid", sigmoid),
  softplus: traced("softplus", softplus),
  sin: traced("sin", (a: Jet) => sinCos(a).sin),
  cos: traced("cos", (a: Jet) => sinCos(a).cos),
  relu: traced("relu", relu),
  elu: traced("elu", elu),
  gelu: traced("gelu", gelu),
  swish: traced("swish", swish),
  matMul: traced("matMul", matMul),
  affine: traced("affine", affine),
  slice: traced("slice", slice),
  concat: traced("concat", concat),
  sum: traced("sum", sum),
} as const;

/** A function written with {@link jetOps}; `taylor()` makes it callable on plain tensors too. */
export type TaylorFn = (x: Jet) => Jet;

/** A plain tensor function that also carries its Taylor-mode rule (made by {@link taylor}). */
export interface TaylorFunction {
  (x: tf.Tensor): tf.Tensor;
  readonly taylor: TaylorFn;
}

/**
 * Make a function written with {@link jetOps} usable both as an ordinary tensor function (it runs on an
 * order-0 jet) and by {@link jet} in Taylor mode.
 * @example
 * ```ts
 * const u = taylor((x) => jetOps.mul(jetOps.sin(x), jetOps.exp(x)));
 * u(tf.tensor([0.5]));                           // sin(0.5)·e^0.5
 * jet(u, tf.tensor([0.5]), tf.tensor([1]), 2);   // [u, u', u'']
 * ```
 */
export function taylor(fn: TaylorFn): TaylorFunction {
  if (typeof fn !== "function") throw new TypeError("taylor: fn must be a function of a Jet");
  const plain = ((x: tf.Tensor) => tf.tidy(() => fn(new Jet([x], 1)).primal)) as TaylorFunction;
  Object.defineProperty(plain, "taylor", { value: fn });
  return plain;
}

/** The derivatives of {@link jet} along several directions. */
export interface JetResult {
  /** f(x). */
  value: tf.Tensor;
  /** `derivatives[i][k - 1]` = dᵏ/dtᵏ f(x + t vᵢ) at t = 0, for k = 1…order(i). */
  derivatives: tf.Tensor[][];
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

function checkArgs(
  x: tf.Tensor,
  v: tf.Tensor | tf.Tensor[],
  order: number | number[],
  where: string,
): { vs: tf.Tensor[]; orders: number[] } {
  assertShape(x, null, `${where}: x`);
  const vs = Array.isArray(v) ? v : [v];
  if (vs.length === 0) throw new Error(`${where}: v must be a tensor or a non-empty array of tensors`);
  vs.forEach((vi, i) => {
    assertShape(vi, x.shape, Array.isArray(v) ? `${where}: v[${i}]` : `${where}: v`);
  });
  if (x.dtype !== "float32") throw new Error(`${where}: x must have dtype float32, received ${x.dtype}`);
  const orders = Array.isArray(order) ? order : vs.map(() => order);
  if (orders.length !== vs.length)
    throw new Error(`${where}: order has ${orders.length} entries but there are ${vs.length} directions`);
  for (const o of orders)
    if (!Number.isInteger(o) || o < 0 || o > 8)
      throw new Error(`${where}: order must be an integer in [0, 8], received ${o}`);
  return { vs, orders };
}

function taylorMode(fn: TaylorFn, x: tf.Tensor, vs: tf.Tensor[], orders: number[]): JetResult {
  const K = Math.max(...orders);
  const D = vs.length;
  const c: Coef[] = [x];
  if (K >= 1) c.push(D === 1 ? tf.expandDims(vs[0]!, 0) : tf.stack(vs, 0));
  for (let k = 2; k <= K; k++) c.push(null);
  const y = fn(new Jet(c, D));
  if (!isJet(y)) throw new TypeError("jet: the Taylor function must return a Jet (use jetOps)");
  const derivatives = orders.map((o, i) => {
    const ds: tf.Tensor[] = [];
    for (let k = 1; k <= o; k++) {
      const ck = y.coeffs[k];
      const di =
        ck == null
          ? tf.zerosLike(y.primal)
          : tf.reshape(
              tf.slice(ck, [i, ...ck.shape.slice(1).map(() => 0)], [1, ...ck.shape.slice(1)]),
              y.primal.shape,
            );
      ds.push(tf.mul(di, factorial(k)));
    }
    return ds;
  });
  return { value: y.primal, derivatives };
}

function nestedJvpMode(
  f: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  vs: tf.Tensor[],
  orders: number[],
): JetResult {
  const value = f(x);
  const derivatives = vs.map((v, i) => {
    const ds: tf.Tensor[] = [];
    let g = f;
    for (let k = 1; k <= orders[i]!; k++) {
      const prev = g;
      g = (z: tf.Tensor) => jvp(prev, z, v).tangent;
      ds.push(g(x));
    }
    return ds;
  });
  return { value, derivatives };
}

/**
 * Taylor-mode directional derivatives: `[f(x), D f(x)[v], D² f(x)[v, v], …]` up to `order`, i.e.
 * dᵏ/dtᵏ f(x + t·v) at t = 0. When `f` was made by {@link taylor} (or is a module's `applyJet`), one forward pass
 * propagates all orders; any other function falls back to nested {@link jvp} (correct, but costs 2ᵏ reverse
 * passes per order). With an array of directions (and optionally one order per direction) the primal is shared
 * and a {@link JetResult} is returned. The caller owns the returned tensors.
 *
 * @example
 * ```ts
 * const f = taylor((x) => jetOps.sin(x));
 * const [y, dy, d2y] = jet(f, tf.tensor([0]), tf.tensor([1]), 2); // [0], [1], [0]
 * const { value, derivatives: [[ux, uxx], [ut]] } = jet(f, x, [ex, et], [2, 1]);
 * ```
 */
export function jet(
  f: TaylorFunction | ((x: tf.Tensor) => tf.Tensor),
  x: tf.Tensor,
  v: tf.Tensor,
  order: number,
): tf.Tensor[];
export function jet(
  f: TaylorFunction | ((x: tf.Tensor) => tf.Tensor),
  x: tf.Tensor,
  v: tf.Tensor[],
  order: number | number[],
): JetResult;
export function jet(
  f: TaylorFunction | ((x: tf.Tensor) => tf.Tensor),
  x: tf.Tensor,
  v: tf.Tensor | tf.Tensor[],
  order: number | number[],
): tf.Tensor[] | JetResult {
  if (typeof f !== "function") throw new TypeError("jet: f must be a function");
  const { vs, orders } = checkArgs(x, v, order, "jet");
  const t = (f as Partial<TaylorFunction>).taylor;
  const res = tf.tidy(() => {
    const r = typeof t === "function" ? taylorMode(t, x, vs, orders) : nestedJvpMode(f, x, vs, orders);
    return [r.value, ...r.derivatives.flat()];
  });
  return unpack(res, v, orders);
}

function unpack(flat: tf.Tensor[], v: tf.Tensor | tf.Tensor[], orders: number[]): tf.Tensor[] | JetResult {
  if (!Array.isArray(v)) return flat;
  let i = 1;
  return { value: flat[0]!, derivatives: orders.map((o) => flat.slice(i, (i += o))) };
}

/** A module that may carry a Taylor-mode forward (`mlp`, `siren`, `resnetMlp`, `fourierFeatures` do). */
export interface JetModule<P> {
  apply(params: P, x: tf.Tensor): tf.Tensor;
  applyJet?(params: P, x: Jet): Jet;
}

/**
 * {@link jet} for a module with explicit parameters: Taylor mode through `module.applyJet` when the module has
 * one (every built-in module whose activation has a Taylor rule: tanh, sin, cos, sigmoid, softplus, gelu, swish,
 * silu, relu, elu, identity), nested `jvp` otherwise. Differentiable with respect to `params`, so a PINN loss on
 * u, u_x, u_xx, u_t from one call can be minimised with `grad`.
 *
 * @example
 * ```ts
 * const net = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, activation: "tanh" });
 * const ex = tf.tile(tf.tensor2d([[1, 0]]), [n, 1]), et = tf.tile(tf.tensor2d([[0, 1]]), [n, 1]);
 * const { value: u, derivatives: [[ux, uxx], [ut]] } = jetMlp(net, net.params, xt, [ex, et], [2, 1]);
 * ```
 */
export function jetMlp<P>(
  module: JetModule<P>,
  params: P,
  x: tf.Tensor,
  v: tf.Tensor,
  order: number,
): tf.Tensor[];
export function jetMlp<P>(
  module: JetModule<P>,
  params: P,
  x: tf.Tensor,
  v: tf.Tensor[],
  order: number | number[],
): JetResult;
export function jetMlp<P>(
  module: JetModule<P>,
  params: P,
  x: tf.Tensor,
  v: tf.Tensor | tf.Tensor[],
  order: number | number[],
): tf.Tensor[] | JetResult {
  if (module == null || typeof module.apply !== "function")
    throw new TypeError("jetMlp: module must be a module ({ params, apply })");
  if (x instanceof tf.Tensor && v != null) {
    const { vs, orders } = checkArgs(x, v, order, "jetMlp");
    const layers = fusedLayersFor(module, params, x, Math.max(...orders));
    if (layers !== null) {
      const r = fusedMlpJet(layers, x, vs, orders);
      return Array.isArray(v) ? r : [r.value, ...r.derivatives[0]!];
    }
  }
  const f: TaylorFunction | ((z: tf.Tensor) => tf.Tensor) =
    typeof module.applyJet === "function"
      ? Object.assign((z: tf.Tensor) => module.apply(params, z), {
          taylor: (z: Jet) => module.applyJet!(params, z),
        })
      : (z: tf.Tensor) => module.apply(params, z);
  return jet(f, x, v as tf.Tensor[], order);
}
