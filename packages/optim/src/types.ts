import type { PyTree } from "@continuum/core-tensor";

/** A schedule maps a step count (0-based) to a value, usually a learning rate. */
export type Schedule = (count: number) => number;

/** Extra information some transformations read (e.g. `reduceOnPlateau` reads the loss). */
export interface UpdateExtras {
  /** The loss at the current parameters (a plain number). */
  readonly loss?: number;
}

/**
 * The optax contract (optax/_src/base.py): a pure pair of functions over pytrees of tensors.
 *
 * Ownership: `update` borrows `grads` and `params`, consumes `state` (do not reuse it afterwards: tensors it
 * replaced are disposed) and returns fresh `updates` and `state` owned by the caller. Dispose a final state
 * with {@link disposeState}.
 *
 * @example
 * ```ts
 * const opt = adam(1e-3);
 * let state = opt.init(params);
 * const r = opt.update(grads, state, params);
 * state = r.state;
 * applyUpdates(params, r.updates); // variables are assigned in place
 * treeDispose(r.updates);
 * ```
 */
export interface GradientTransformation<S = unknown> {
  /** Initial state for the given parameters (tensors in it are owned by the caller). */
  init(params: PyTree): S;
  /** Transform `grads` into `updates` (to be added to the parameters) and advance the state. */
  update(grads: PyTree, state: S, params?: PyTree, extras?: UpdateExtras): { updates: PyTree; state: S };
}

/** A learning rate: a constant or a schedule of the step count. */
export type LearningRate = number | Schedule;
