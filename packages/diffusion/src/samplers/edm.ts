import { tf } from "@continuum/core-tensor";
import { checkInput, counter, finish, requireRng, resolveGrid } from "./common.js";
import type { Sampler, SamplerOptions } from "./types.js";

function makeEdm(name: string, defaultChurn: number, description: string): Sampler {
  return {
    name,
    description,
    stochastic: defaultChurn > 0,
    kind: defaultChurn > 0 ? "sde" : "ode",
    startsAtSdeTMax: true,
    nfePerStep: () => 2,
    run(model, xT, options: SamplerOptions) {
      checkInput(model, xT, name);
      const churn = options.churn ?? defaultChurn;
      if (!(churn >= 0 && Number.isFinite(churn)))
        throw new Error(`${name}: options.churn must be a finite number >= 0, received ${churn}`);
      const rng = churn > 0 ? requireRng(options, `${name} (churn > 0)`) : undefined;
      const sNoise = options.sNoise ?? 1;
      if (!(sNoise >= 0 && Number.isFinite(sNoise)))
        throw new Error(`${name}: options.sNoise must be a finite number >= 0, received ${sNoise}`);
      const grid = resolveGrid(model, options, name, true);
      const p = model.path;
      const sTilde = (t: number) => p.sigma(t) / p.alpha(t);
      const sMaxPath = sTilde(grid[0]!);
      const lo = options.churnTMin ?? 0;
      const hi = options.churnTMax ?? Number.POSITIVE_INFINITY;
      if (!(lo >= 0 && hi >= lo))
        throw new Error(`${name}: need 0 <= options.churnTMin <= options.churnTMax, received ${lo}, ${hi}`);
      const n = grid.length - 1;
      const gammaMax = Math.min(churn / n, Math.SQRT2 - 1);
      const ev = counter(model);
      // Scaled variables x~ = x / alpha(t): dx~/dsigma~ = (x~ - D)/sigma~ (Karras et al. 2022, Sec. 4).
      const Dt = (xs: tf.Tensor, st: number): tf.Tensor =>
        tf.tidy(() => {
          const t = p.timeOfLogSNR(-Math.log(st));
          return ev.D(tf.mul(xs, p.alpha(t)), t);
        });
      let x = tf.tidy(() => tf.div(xT, p.alpha(grid[0]!)));
      for (let i = 0; i < n; i++) {
        const next = tf.tidy(() => {
          const sCur = sTilde(grid[i]!);
          const tNext = grid[i + 1]!;
          const sNext = p.sigma(tNext) === 0 ? 0 : sTilde(tNext);
          const gamma = sCur >= lo && sCur <= hi ? gammaMax : 0;
          const sHat = Math.min(sCur * (1 + gamma), sMaxPath);
          let xHat = x;
          if (sHat > sCur && rng)
            xHat = tf.add(x, tf.mul(rng.normal(x.shape), sNoise * Math.sqrt(sHat * sHat - sCur * sCur)));
          const d = tf.div(tf.sub(xHat, Dt(xHat, sHat)), sHat);
          const xE = tf.add(xHat, tf.mul(d, sNext - sHat));
          if (sNext === 0) return xE;
          const d2 = tf.div(tf.sub(xE, Dt(xE, sNext)), sNext);
          return tf.add(xHat, tf.mul(tf.add(d, d2), 0.5 * (sNext - sHat)));
        });
        x.dispose();
        x = next;
      }
      const out = tf.tidy(() => tf.mul(x, p.alpha(grid[n]!)));
      x.dispose();
      return finish(out, ev.nfe(), grid, name);
    },
  };
}

/**
 * EDM deterministic Heun sampler (Karras et al. 2022, Alg. 1) in the scaled variables
 * `x~ = x/alpha`, `sigma~ = sigma/alpha`, so it runs on any path; 2 NFE per step, the final step to sigma = 0
 * is Euler (1 NFE). Pass `churn > 0` (with `rng`) for Alg. 2.
 * @example
 * ```ts
 * samplers.get("edm-heun").run(gmm.model(edm()), xT, { steps: 18 });
 * ```
 */
export const edmHeun: Sampler = makeEdm("edm-heun", 0, "EDM Heun 2nd order (Karras et al. 2022, Alg. 1)");

/**
 * EDM stochastic sampler (Karras et al. 2022, Alg. 2): before each Heun step, add noise raising sigma~ by a
 * factor `1 + gamma`, `gamma = min(churn/N, sqrt(2) - 1)` inside `[churnTMin, churnTMax]` (default churn 10,
 * `sNoise` 1).
 * @example
 * ```ts
 * samplers.get("edm-stochastic").run(model, xT, { steps: 40, churn: 20, rng: prng(0) });
 * ```
 */
export const edmStochastic: Sampler = makeEdm(
  "edm-stochastic",
  10,
  "EDM stochastic Heun with churn (Karras et al. 2022, Alg. 2)",
);
