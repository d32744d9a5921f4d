import { tf } from "@continuum/core-tensor";
import { checkInput, counter, finish, loop, requireRng, resolveGrid } from "./common.js";
import type { Sampler } from "./types.js";

/**
 * Ancestral DDPM sampling (Ho, Jain & Abbeel 2020) on any Gaussian path and grid: draw from the true
 * posterior `q(x_t | x_s, x0 = D)`, mean `alpha_t sigma_{s|t}^2/sigma_s^2 D + alpha_{s|t} sigma_t^2/sigma_s^2 x_s`,
 * variance `sigma_{s|t}^2 sigma_t^2 / sigma_s^2`. Equals DDIM with eta = 1 (tested). One NFE per step.
 * @example
 * ```ts
 * samplers.get("ddpm").run(model, xT, { steps: 200, rng: prng(0) });
 * ```
 */
export const ddpm: Sampler = {
  name: "ddpm",
  description: "ancestral DDPM (Ho et al. 2020), posterior sampling on any grid",
  stochastic: true,
  kind: "sde",
  startsAtSdeTMax: true,
  nfePerStep: () => 1,
  run(model, xT, options) {
    checkInput(model, xT, "ddpm");
    const rng = requireRng(options, "ddpm");
    const grid = resolveGrid(model, options, "ddpm", true);
    const p = model.path;
    const ev = counter(model);
    const x = loop(xT, grid.length - 1, (x, i) =>
      tf.tidy(() => {
        const s = grid[i]!;
        const t = grid[i + 1]!;
        const D = ev.D(x, s);
        const [as, ss, at, st] = [p.alpha(s), p.sigma(s), p.alpha(t), p.sigma(t)];
        const ast = as / at;
        const cond = Math.max(ss * ss - ast * ast * st * st, 0);
        const mean = tf.add(tf.mul(D, (at * cond) / (ss * ss)), tf.mul(x, (ast * st * st) / (ss * ss)));
        const c = Math.sqrt(cond) * (st / ss);
        return c > 0 ? tf.add(mean, tf.mul(rng.normal(x.shape), c)) : mean;
      }),
    );
    return finish(x, ev.nfe(), grid, "ddpm");
  },
};
