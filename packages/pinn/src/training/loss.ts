import { jetMlp, type Jet, type PyTree, tf } from "@continuum/core-tensor";
import type { Condition } from "../conditions/condition.js";
import { derivatives, type FieldFn, type TaylorFieldFn } from "../derivatives.js";
import type { Problem } from "../pde.js";
import { taylorRuleOf } from "../hard-constraint.js";
import { type Points, pointsToTensor } from "../points.js";
import type { ConstantCache } from "./constant-cache.js";

/** A network: explicit parameters and a pure `apply(params, x [N, d]) → [N, m]` (every core-tensor module). */
export interface NetworkLike<P extends PyTree = PyTree> {
  params: P;
  apply(params: P, x: tf.Tensor): tf.Tensor;
  /** Taylor-mode forward (core-tensor modules have it): enables one-pass derivatives with `jet`. */
  applyJet?(params: P, x: Jet): Jet;
}

/** Where the derivative plan of one loss term is remembered between batches. */
export interface PlanSlot {
  plan?: readonly (readonly number[])[];
}

/** Derivative-engine options of one evaluation. */
export interface EngineOptions {
  taylor?: TaylorFieldFn | undefined;
  slot?: PlanSlot | undefined;
}

/**
 * The Taylor-mode evaluator of a network when it has `applyJet` and the problem has no output transform or one
 * made by `hardConstraint` (its Leibniz rule combines the network's jet with derivatives of D and g); undefined
 * otherwise (custom transforms use nested grads). `cache` (owned by the caller) keeps the transform's
 * parameter-free terms per batch.
 */
export function makeTaylor(
  problem: Problem,
  network: NetworkLike,
  netParams: PyTree,
  cache?: ConstantCache,
): TaylorFieldFn | undefined {
  if (typeof network.applyJet !== "function") return undefined;
  const base: TaylorFieldFn = (x, directions, orders) =>
    jetMlp(network as never, netParams, x, directions, orders);
  if (!problem.transform) return base;
  const rule = taylorRuleOf(problem.transform);
  if (!rule) return undefined;
  return (x, directions, orders) => {
    const net = base(x, directions, orders);
    const value = net.value.rank === 1 ? tf.reshape(net.value, [net.value.shape[0]!, 1]) : net.value;
    const derivs = net.derivatives.map((row) =>
      row.map((t) => (t.rank === 1 ? tf.reshape(t, [t.shape[0]!, 1]) : t)),
    );
    return rule(x, directions, orders, { value, derivatives: derivs }, cache);
  };
}

function engineFor(
  problem: Problem,
  field: FieldFn,
  x: tf.Tensor,
  engine: EngineOptions | undefined,
): ReturnType<typeof derivatives> {
  const plan = engine?.slot?.plan;
  return derivatives(field, x, {
    vars: problem.vars,
    outputs: problem.outputs,
    ...(engine?.taylor && plan?.length ? { taylor: engine.taylor, plan } : {}),
  });
}

function remember(eng: ReturnType<typeof derivatives>, engine: EngineOptions | undefined): void {
  if (!engine?.taylor || !engine.slot) return;
  // First batch (no plan yet) or a request outside the plan: plan what was asked for next time.
  if (engine.slot.plan === undefined || eng.passes > 0) engine.slot.plan = eng.requested;
}

/** The field `x ↦ u(x)` of a network at given parameters, with the problem's output transform. */
export function makeField(problem: Problem, network: NetworkLike, netParams: PyTree): FieldFn {
  return (x) => {
    let n = network.apply(netParams, x);
    if (n.rank === 1) n = tf.reshape(n, [n.shape[0]!, 1]);
    return problem.transform ? problem.transform(x, n) : n;
  };
}

/** Points of one loss term as tensors (owned by the training loop). */
export interface Batch {
  points: Points;
  x: tf.Tensor;
  data: Record<string, tf.Tensor>;
}

/** Make a batch's tensors. */
export function makeBatch(
  points: Points,
  data: Record<string, { values: Float64Array; width: number }> = {},
): Batch {
  const t: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(data))
    t[k] =
      v.width === 1
        ? tf.tensor1d(Float32Array.from(v.values))
        : tf.tensor2d(Float32Array.from(v.values), [points.n, v.width]);
  return { points, x: pointsToTensor(points), data: t };
}

/** Dispose a batch's tensors. */
export function disposeBatch(b: Batch | undefined): void {
  if (!b) return;
  b.x.dispose();
  for (const t of Object.values(b.data)) t.dispose();
}

function flatten(r: tf.Tensor, n: number, what: string): tf.Tensor {
  if (!(r instanceof tf.Tensor)) throw new TypeError(`${what} must be a tensor, received ${typeof r}`);
  if (r.rank === 1 && r.shape[0] === n) return r;
  if (r.rank === 2 && r.shape[0] === n && r.shape[1] === 1) return tf.reshape(r, [n]);
  throw new Error(
    `${what} has shape [${r.shape.join(", ")}], expected [${n}] (one value per point)${r.rank === 2 && r.shape[0] === n && r.shape[1] === n ? "; an [N, 1] tensor was broadcast against an [N] one" : ""}`,
  );
}

/** Per-point PDE residuals (one `[N]` per equation) and their names. */
export function residualVectors(
  problem: Problem,
  field: FieldFn,
  x: tf.Tensor,
  params: Record<string, tf.Scalar>,
  engine?: EngineOptions,
): { names: string[]; values: tf.Tensor[] } {
  const eng = engineFor(problem, field, x, engine);
  const n = x.shape[0]!;
  const fields: Record<string, tf.Tensor> = {};
  problem.outputs.forEach((o, c) => {
    fields[o] = eng.component(c);
  });
  const coords: Record<string, tf.Tensor> = {};
  problem.vars.forEach((v, j) => {
    coords[v] = tf.reshape(tf.slice(x, [0, j], [n, 1]), [n]);
  });
  const u = problem.outputs.length === 1 ? eng.component(0) : eng.values;
  const time = problem.geometry.timeDependent ? problem.vars[problem.vars.length - 1] : undefined;
  const out = problem.residual({ x, u, fields, coords, d: eng.d, params, ...(time ? { time } : {}) });
  remember(eng, engine);
  if (out instanceof tf.Tensor) return { names: ["residual"], values: [flatten(out, n, "pde residual")] };
  if (Array.isArray(out)) {
    if (out.length === 0) throw new Error("pde residual returned an empty array");
    return {
      names: out.length === 1 ? ["residual"] : out.map((_, i) => `residual_${i}`),
      values: out.map((r, i) => flatten(r, n, `pde residual[${i}]`)),
    };
  }
  if (out && typeof out === "object") {
    const keys = Object.keys(out);
    if (keys.length === 0) throw new Error("pde residual returned an empty record");
    return {
      names: keys.map((k) => `residual_${k}`),
      values: keys.map((k) => flatten(out[k]!, n, `pde residual.${k}`)),
    };
  }
  throw new TypeError(
    `pde residual must return a tensor, an array or a record of tensors, received ${typeof out}`,
  );
}

/** Per-point residual of a condition (`[N]`, `[N, k]` or `[1]`). */
export function conditionVector(
  problem: Problem,
  cond: Condition,
  field: FieldFn,
  batch: Batch,
  params: Record<string, tf.Scalar>,
  name: string,
  engine?: EngineOptions,
): tf.Tensor {
  const eng = engineFor(problem, field, batch.x, engine);
  const r = cond.residual({
    u: eng.values,
    d: eng.d,
    data: batch.data,
    params,
    x: batch.x,
    vars: problem.vars,
    outputs: problem.outputs,
  });
  remember(eng, engine);
  if (!(r instanceof tf.Tensor)) throw new TypeError(`condition '${name}' residual must return a tensor`);
  return r;
}
