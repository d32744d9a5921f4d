import { tf } from "@continuum/core-tensor";
import { checkInput, counter, finish, loop, requireRng, resolveGrid } from "./common.js";
import type { Sampler } from "./types.js";

/**
 * DDIM (Song, Meng & Ermon 2021) on any Gaussian path: from s to t,
 * `x_t = alpha_t D + sqrt(sigma_t^2 - c^2) eps^ + c z` with `c = eta sigma_t sigma_{s|t} / sigma_s` and
 * `sigma_{s|t}^2 = sigma_s^2 - (alpha_s/alpha_t)^2 sigma_t^2`. `eta = 0` is deterministic (= DPM-Solver-1, the
 * exponential-integrator Euler step of the PF-ODE); `eta = 1` is ancestral sampling. One NFE per step.
 * @example
 * ```ts
 * const { samples } = samplers.get("ddim").run(model, xT, { steps: 50, eta: 0 });
 * ```
 */
export const ddim: Sampler = {
  name: "ddim",
  description: "DDIM with eta (Song, Meng & Ermon 2021); eta=0 deterministic",
  stochastic: true,
  kind: "ode",
  startsAtSdeTMax: false,
  nfePerStep: () => 1,
  run(model, xT, options) {
    checkInput(model, xT, "ddim");
    const eta = options.eta ?? 0;
    if (!(eta >= 0 && eta <= 1)) throw new Error(`ddim: options.eta must be in [0, 1], received ${eta}`);
    const rng = eta > 0 ? requireRng(options, "ddim (eta > 0)") : undefined;
    const grid = resolveGrid(model, options, "ddim", false);
    const p = model.path;
    const ev = counter(model);
    const x = loop(xT, grid.length - 1, (x, i) =>
      tf.tidy(() => {
        const s = grid[i]!;
        const t = grid[i + 1]!;
        const D = ev.D(x, s);
        const [as, ss, at, st] = [p.alpha(s), p.sigma(s), p.alpha(t), p.sigma(t)];
        if (st === 0) return tf.mul(D, at);
        const eps = tf.div(tf.sub(x, tf.mul(D, as)), ss);
        const cond = Math.max(ss * ss - (as / at) ** 2 * st * st, 0);
        const c = (eta * st * Math.sqrt(cond)) / ss;
        let out = tf.add(tf.mul(D, at), tf.mul(eps, Math.sqrt(Math.max(st * st - c * c, 0))));
        if (c > 0 && rng) out = tf.add(out, tf.mul(rng.normal(x.shape), c));
        return out;
      }),
    );
    return finish(x, ev.nfe(), grid, "ddim");
  },
};
