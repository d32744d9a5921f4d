import { tf } from "@continuum/core-tensor";

/**
 * Minimal Adam (Kingma & Ba 2015) over a flat list of variables. Internal stand-in until `@continuum/optim`
 * lands (its optax-style `adam` will replace this; the update rule is the same).
 */
export function createAdam(vars: tf.Variable[], lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8) {
  const m = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  const s = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  let step = 0;
  return {
    step(grads: tf.Tensor[], lrNow = lr): void {
      step++;
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      tf.tidy(() => {
        for (let i = 0; i < vars.length; i++) {
          const g = grads[i]!;
          m[i]!.assign(tf.add(tf.mul(m[i]!, b1), tf.mul(g, 1 - b1)));
          s[i]!.assign(tf.add(tf.mul(s[i]!, b2), tf.mul(tf.square(g), 1 - b2)));
          const upd = tf.div(tf.div(m[i]!, c1), tf.add(tf.sqrt(tf.div(s[i]!, c2)), eps));
          vars[i]!.assign(tf.sub(vars[i]!, tf.mul(upd, lrNow)));
        }
      });
    },
    dispose(): void {
      tf.dispose([...m, ...s]);
    },
  };
}
