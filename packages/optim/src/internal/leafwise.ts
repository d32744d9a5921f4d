import { type PyTree, tf } from "@continuum/core-tensor";
import type { GradientTransformation } from "../types.js";
import { checkLeaves, disposeAll, flat, rebuild } from "./tree.js";

/** State of a leafwise transformation: a step count and one list of tensors per named slot. */
export type LeafwiseState<K extends string> = { readonly count: number } & {
  readonly [k in K]: readonly tf.Tensor[];
};

/** Per-leaf step: return the update and the next value of each slot (all fresh tensors). */
export type LeafStep<K extends string> = (
  g: tf.Tensor,
  slots: Record<K, tf.Tensor>,
  count: number,
  p: tf.Tensor | undefined,
) => { u: tf.Tensor; next: Record<K, tf.Tensor> };

/**
 * Build a transformation that keeps `slots` (one tensor per parameter leaf) and a step count, and
 * updates each leaf independently inside one `tf.tidy`.
 */
export function leafwise<K extends string>(
  where: string,
  slots: readonly K[],
  step: LeafStep<K>,
  options: {
    needsParams?: boolean;
    initSlot?: (p: tf.Tensor, slot: K) => tf.Tensor;
    /** Called once per update with the new count, before the per-leaf steps (e.g. to validate a schedule). */
    prepare?: (count: number) => void;
  } = {},
): GradientTransformation<LeafwiseState<K>> {
  const initSlot = options.initSlot ?? ((p: tf.Tensor) => tf.zerosLike(p));
  return {
    init(params: PyTree) {
      const { leaves } = flat(params, `${where}.init`);
      const state: Record<string, unknown> = { count: 0 };
      for (const k of slots) state[k] = leaves.map((l) => tf.tidy(() => initSlot(l, k)));
      return state as LeafwiseState<K>;
    },
    update(grads, state, params) {
      const { leaves: g, treedef } = flat(grads, `${where}.update`);
      for (const k of slots)
        checkLeaves(g, state[k] as unknown as tf.Tensor[], `${where}.update`, `state.${k}`);
      let p: tf.Tensor[] | undefined;
      if (params !== undefined) {
        p = flat(params, `${where}.update`).leaves;
        checkLeaves(g, p, `${where}.update`, "params");
      } else if (options.needsParams) {
        throw new Error(`${where}.update: params are required (received undefined)`);
      }
      const count = state.count + 1;
      options.prepare?.(count);
      const results = g.map((gi, i) =>
        tf.tidy(() => {
          const cur = {} as Record<K, tf.Tensor>;
          for (const k of slots) cur[k] = (state[k] as readonly tf.Tensor[])[i]!;
          const r = step(gi, cur, count, p?.[i]);
          return { u: r.u, ...r.next } as unknown as tf.TensorContainerObject;
        }),
      ) as unknown as ({ u: tf.Tensor } & Record<K, tf.Tensor>)[];
      const next: Record<string, unknown> = { count };
      for (const k of slots) {
        disposeAll(state[k] as unknown as tf.Tensor[]);
        next[k] = results.map((r) => r[k]);
      }
      return {
        updates: rebuild(
          treedef,
          results.map((r) => r.u),
        ),
        state: next as LeafwiseState<K>,
      };
    },
  };
}

/** A stateless leafwise map (the state is an empty record). */
export function stateless(
  where: string,
  fn: (g: tf.Tensor, p: tf.Tensor | undefined) => tf.Tensor,
  options: { needsParams?: boolean } = {},
): GradientTransformation<Readonly<Record<string, never>>> {
  return {
    init(params) {
      flat(params, `${where}.init`);
      return {};
    },
    update(grads, state, params) {
      const { leaves: g, treedef } = flat(grads, `${where}.update`);
      let p: tf.Tensor[] | undefined;
      if (params !== undefined) {
        p = flat(params, `${where}.update`).leaves;
        checkLeaves(g, p, `${where}.update`, "params");
      } else if (options.needsParams) {
        throw new Error(`${where}.update: params are required (received undefined)`);
      }
      const u = g.map((gi, i) =>
        tf.tidy(() => {
          const r = fn(gi, p?.[i]);
          return r === gi ? tf.clone(gi) : r;
        }),
      );
      return { updates: rebuild(treedef, u), state };
    },
  };
}
