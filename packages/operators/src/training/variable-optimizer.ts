import { tf, treeDispose } from "@continuum/core-tensor";
import { adam, applyUpdates, disposeState, type GradientTransformation } from "@continuum/optim";

/** `tf.keep` every tensor in an optimiser state, so a `step` called inside `tf.tidy` does not free it. */
function keepAll(x: unknown): void {
  if (x instanceof tf.Tensor) tf.keep(x);
  else if (Array.isArray(x)) for (const v of x) keepAll(v);
  else if (x !== null && typeof x === "object") for (const v of Object.values(x)) keepAll(v);
}

/**
 * A stateful optimiser on a list of variables, the optimiser shape `trainOperator` accepted before it took
 * `@continuum/optim` transformations (still accepted there).
 *
 * @example
 * ```ts
 * const opt: VariableOptimizer = internalAdam();
 * opt.step(vars, grads, 1e-3);
 * opt.dispose();
 * ```
 */
export interface VariableOptimizer {
  /** Apply one update given gradients aligned with `vars`, at learning rate `lr`. */
  step(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void;
  /** Free the moment buffers. */
  dispose(): void;
}

/**
 * Adam (Kingma & Ba 2015) as a {@link VariableOptimizer}: a thin adapter over `@continuum/optim`'s `adam`
 * (L2 `weightDecay` added to the gradient, as torch.optim.Adam), with the learning rate given at every step.
 *
 * @deprecated Pass an optax-style transformation instead, e.g. `trainOperator(model, data, { optimizer:
 * adam(1e-3) })`, or use `adam` + `applyUpdates` from `@continuum/optim` directly.
 * @example
 * ```ts
 * const opt = internalAdam({ weightDecay: 1e-4 });
 * opt.step(vars, grads, 1e-3); // vars updated in place
 * opt.dispose();
 * ```
 */
export function internalAdam(
  options: { beta1?: number; beta2?: number; eps?: number; weightDecay?: number } = {},
): VariableOptimizer {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options;
  let lr = 0;
  const transform: GradientTransformation = adam(() => lr, { b1: beta1, b2: beta2, eps, weightDecay });
  let state: unknown;
  return {
    step(vars, grads, rate) {
      if (state === undefined) {
        state = transform.init(vars);
        keepAll(state);
      }
      lr = rate;
      const r = transform.update(grads, state, vars);
      state = r.state;
      keepAll(state);
      applyUpdates(vars, r.updates);
      treeDispose(r.updates);
    },
    dispose() {
      if (state !== undefined) disposeState(state);
      state = undefined;
    },
  };
}
