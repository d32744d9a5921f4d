import { type PyTree, tf, treeDispose } from "@continuum/core-tensor";
import { checkLeaves, flat, leavesWithPaths, rebuild } from "./internal/tree.js";
import type { GradientTransformation, UpdateExtras } from "./types.js";

/** State of {@link chain}: the inner states in order. */
export type ChainState = readonly unknown[];

/**
 * Compose transformations left to right (optax `chain`): the updates of one are the gradients of the next.
 * Intermediate updates are disposed.
 * @example
 * ```ts
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * let state = opt.init(params);
 * ```
 */
export function chain(...transforms: GradientTransformation<any>[]): GradientTransformation<ChainState> {
  transforms.forEach((t, i) => {
    if (t == null || typeof t.init !== "function" || typeof t.update !== "function")
      throw new Error(`chain: argument ${i} is not a GradientTransformation (received ${String(t)})`);
  });
  return {
    init(params) {
      return transforms.map((t) => t.init(params));
    },
    update(grads, state, params, extras) {
      if (!Array.isArray(state) || state.length !== transforms.length)
        throw new Error(`chain.update: state must hold ${transforms.length} inner states`);
      let u: PyTree = grads;
      const next: unknown[] = [];
      transforms.forEach((t, i) => {
        const r = t.update(u, state[i], params, extras);
        if (u !== grads) treeDispose(u);
        u = r.updates;
        next.push(r.state);
      });
      if (u === grads) u = cloneTree(grads);
      return { updates: u, state: next };
    },
  };
}

function cloneTree(tree: PyTree): PyTree {
  const { leaves, treedef } = flat(tree, "clone");
  return rebuild(
    treedef,
    leaves.map((l) => tf.clone(l)),
  );
}

/** Per-leaf labels: an array aligned with the leaves, or a function of the leaf's key path (`layers[0].w`). */
export type LeafLabels<L> = readonly L[] | ((path: string, leaf: tf.Tensor) => L);

function resolveLabels<L>(params: PyTree, labels: LeafLabels<L>, where: string): L[] {
  const lp = leavesWithPaths(params);
  if (typeof labels === "function") return lp.map(({ path, leaf }) => labels(path, leaf));
  if (!Array.isArray(labels) || labels.length !== lp.length)
    throw new Error(
      `${where}: labels must be a function or an array of ${lp.length} entries (one per leaf), received ${Array.isArray(labels) ? `${labels.length} entries` : typeof labels}`,
    );
  return [...labels];
}

/** State of {@link multiTransform}. */
export interface MultiTransformState {
  readonly labels: readonly string[];
  readonly inner: Readonly<Record<string, unknown>>;
}

/**
 * Apply a different transformation to each group of leaves (optax `multi_transform`), e.g. no weight decay
 * on biases or a frozen encoder. Labels are computed once from the parameters passed to `init`.
 * @example
 * ```ts
 * const opt = multiTransform(
 *   { decay: adamw(1e-3), plain: adam(1e-3) },
 *   (path) => (path.endsWith(".bias") ? "plain" : "decay"),
 * );
 * ```
 */
export function multiTransform(
  transforms: Readonly<Record<string, GradientTransformation<any>>>,
  labels: LeafLabels<string>,
): GradientTransformation<MultiTransformState> {
  const where = "multiTransform";
  const known = Object.keys(transforms ?? {});
  if (known.length === 0)
    throw new Error(`${where}: transforms must be a non-empty record of transformations`);
  const groups = (ls: readonly string[]) => {
    const g = new Map<string, number[]>();
    ls.forEach((l, i) => {
      if (!(l in transforms))
        throw new Error(
          `${where}: leaf ${i} has label '${l}', which has no transformation (known: ${known.join(", ")})`,
        );
      if (!g.has(l)) g.set(l, []);
      g.get(l)!.push(i);
    });
    return g;
  };
  return {
    init(params) {
      const { leaves } = flat(params, `${where}.init`);
      const ls = resolveLabels(params, labels, `${where}.init`);
      const inner: Record<string, unknown> = {};
      for (const [l, idx] of groups(ls)) inner[l] = transforms[l]!.init(idx.map((i) => leaves[i]!));
      return { labels: ls, inner };
    },
    update(grads, state, params, extras) {
      const { leaves: g, treedef } = flat(grads, `${where}.update`);
      if (g.length !== state.labels.length)
        throw new Error(
          `${where}.update: ${g.length} gradient leaves but the state was built for ${state.labels.length}`,
        );
      const p = params === undefined ? undefined : flat(params, `${where}.update`).leaves;
      if (p) checkLeaves(g, p, `${where}.update`, "params");
      const out: tf.Tensor[] = new Array(g.length);
      const inner: Record<string, unknown> = {};
      for (const [l, idx] of groups(state.labels)) {
        const r = transforms[l]!.update(
          idx.map((i) => g[i]!),
          state.inner[l],
          p ? idx.map((i) => p[i]!) : undefined,
          extras,
        );
        inner[l] = r.state;
        const leaves = flat(r.updates, `${where}.update`).leaves;
        idx.forEach((i, j) => {
          out[i] = leaves[j]!;
        });
      }
      return { updates: rebuild(treedef, out), state: { labels: state.labels, inner } };
    },
  };
}

/** State of {@link maskedTransform}. */
export interface MaskedState {
  readonly mask: readonly boolean[];
  readonly inner: unknown;
}

/**
 * Apply `inner` only to the leaves where `mask` is true; the other updates pass through unchanged
 * (optax `masked`).
 * @example
 * ```ts
 * const decayWeightsOnly = maskedTransform(addDecayedWeights(1e-2), (path) => !path.endsWith("bias"));
 * ```
 */
export function maskedTransform(
  inner: GradientTransformation<any>,
  mask: LeafLabels<boolean>,
): GradientTransformation<MaskedState> {
  const where = "maskedTransform";
  if (inner == null || typeof inner.update !== "function")
    throw new Error(`${where}: inner must be a GradientTransformation (received ${String(inner)})`);
  return {
    init(params) {
      const { leaves } = flat(params, `${where}.init`);
      const m = resolveLabels(params, mask, `${where}.init`).map(Boolean);
      const sel = leaves.filter((_, i) => m[i]);
      return { mask: m, inner: sel.length ? inner.init(sel) : undefined };
    },
    update(grads, state, params, extras?: UpdateExtras) {
      const { leaves: g, treedef } = flat(grads, `${where}.update`);
      if (g.length !== state.mask.length)
        throw new Error(`${where}.update: ${g.length} gradient leaves but the mask has ${state.mask.length}`);
      const p = params === undefined ? undefined : flat(params, `${where}.update`).leaves;
      const idx = state.mask.flatMap((m, i) => (m ? [i] : []));
      const out = g.map((x, i) => (state.mask[i] ? (undefined as unknown as tf.Tensor) : tf.clone(x)));
      let innerState = state.inner;
      if (idx.length) {
        const r = inner.update(
          idx.map((i) => g[i]!),
          state.inner,
          p ? idx.map((i) => p[i]!) : undefined,
          extras,
        );
        innerState = r.state;
        const leaves = flat(r.updates, `${where}.update`).leaves;
        idx.forEach((i, j) => {
          out[i] = leaves[j]!;
        });
      }
      return { updates: rebuild(treedef, out), state: { mask: state.mask, inner: innerState } };
    },
  };
}
