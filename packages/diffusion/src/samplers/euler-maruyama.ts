import { tf } from "@continuum/core-tensor";
import { diffusionSquared, driftCoefficient } from "../processes/gaussian-path.js";
import { checkInput, counter, finish, loop, requireRng, resolveGrid } from "./common.js";
import type { Sampler } from "./types.js";

/**
 * Euler–Maruyama on the reverse-time SDE `dx = [f x - g^2 score] dt + g dW` (Song et al. 2021; Anderson 1982)
 * with the path's `f = alpha'/alpha`, `g^2 = d sigma^2/dt - 2 f sigma^2`. The final jump to sigma = 0 is the
 * Tweedie denoiser. One NFE per step; strong order 1/2, weak order 1.
 * @example
 * ```ts
 * samplers.get("euler-maruyama").run(model, xT, { steps: 500, rng: prng(1) });
 * ```
 */
export const eulerMaruyama: Sampler = {
  name: "euler-maruyama",
  description: "Euler–Maruyama on the reverse SDE (Song et al. 2021)",
  stochastic: true,
  kind: "sde",
  startsAtSdeTMax: true,
  nfePerStep: () => 1,
  run(model, xT, options) {
    checkInput(model, xT, "euler-maruyama");
    const rng = requireRng(options, "euler-maruyama");
    const grid = resolveGrid(model, options, "euler-maruyama", true);
    const p = model.path;
    const ev = counter(model);
    const x = loop(xT, grid.length - 1, (x, i) =>
      tf.tidy(() => {
        const s = grid[i]!;
        const t = grid[i + 1]!;
        if (p.sigma(t) === 0) return tf.mul(ev.D(x, s), p.alpha(t));
        const h = s - t;
        const f = driftCoefficient(p, s);
        const g2 = diffusionSquared(p, s);
        // score = -eps^ / sigma, from the noise prediction (precise at small sigma for eps / score / v models).
        const sc = tf.div(ev.E(x, s), -p.sigma(s));
        const drift = tf.sub(tf.mul(x, f), tf.mul(sc, g2));
        return tf.add(tf.sub(x, tf.mul(drift, h)), tf.mul(rng.normal(x.shape), Math.sqrt(g2 * h)));
      }),
    );
    return finish(x, ev.nfe(), grid, "euler-maruyama");
  },
};
