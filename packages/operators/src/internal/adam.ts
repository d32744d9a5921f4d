/**
 * A minimal Adam (Kingma & Ba 2015) on lists of `tf.Variable`s, used until `@continuum/optim` publishes
 * `adam`; `trainOperator` accepts any object with the same `step` shape, so switching is local.
 */
import { tf } from "@continuum/core-tensor";

/** A stateful optimiser on variables (the shape `trainOperator` needs). */
export interface VariableOptimizer {
  /** Apply one update given gradients aligned with `vars`, at learning rate `lr`. */
  step(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void;
  /** Free the moment buffers. */
  dispose(): void;
}

export function internalAdam(
  options: { beta1?: number; beta2?: number; eps?: number; weightDecay?: number } = {},
): VariableOptimizer {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options;
  let m: tf.Variable[] = [];
  let v: tf.Variable[] = [];
  let t = 0;
  return {
    step(vars, grads, lr) {
      if (m.length === 0) {
        m = vars.map((x) => tf.variable(tf.zerosLike(x), false));
        v = vars.map((x) => tf.variable(tf.zerosLike(x), false));
      }
      t += 1;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      tf.tidy(() => {
        vars.forEach((x, i) => {
          let g = grads[i]!;
          if (weightDecay > 0) g = tf.add(g, tf.mul(x, weightDecay));
          const mi = tf.add(tf.mul(m[i]!, beta1), tf.mul(g, 1 - beta1));
          const vi = tf.add(tf.mul(v[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
          m[i]!.assign(mi);
          v[i]!.assign(vi);
          const upd = tf.div(tf.mul(mi, lr / c1), tf.add(tf.sqrt(tf.div(vi, c2)), eps));
          x.assign(tf.sub(x, upd));
        });
      });
    },
    dispose() {
      for (const x of [...m, ...v]) x.dispose();
      m = [];
      v = [];
    },
  };
}
