import { tf } from "@continuum/core-tensor";
import { diffusionSquared, driftCoefficient } from "../processes/gaussian-path.js";
import { checkInput, counter, finish, loop, requireRng, resolveGrid } from "./common.js";
import type { Sampler } from "./types.js";

/**
 * Predictor–corrector sampling (Song et al. 2021, Alg. 1–3): at each time, `correctorSteps` Langevin steps
 * `x += e score + sqrt(2e) z` with `e = 2 (snr ||z|| / ||score||)^2` (batch-averaged norms), then one
 * Euler–Maruyama reverse-SDE predictor step. NFE per step = 1 + correctorSteps.
 * @example
 * ```ts
 * samplers.get("predictor-corrector").run(model, xT, { steps: 200, snr: 0.16, rng: prng(2) });
 * ```
 */
export const predictorCorrector: Sampler = {
  name: "predictor-corrector",
  description: "reverse-SDE Euler–Maruyama predictor + Langevin corrector (Song et al. 2021)",
  stochastic: true,
  kind: "sde",
  startsAtSdeTMax: true,
  nfePerStep: (o) => 1 + (o.correctorSteps ?? 1),
  run(model, xT, options) {
    checkInput(model, xT, "predictor-corrector");
    const rng = requireRng(options, "predictor-corrector");
    const m = options.correctorSteps ?? 1;
    if (!(Number.isInteger(m) && m >= 0))
      throw new Error(`predictor-corrector: options.correctorSteps must be an integer >= 0, received ${m}`);
    const snr = options.snr ?? 0.16;
    if (!(snr > 0 && Number.isFinite(snr)))
      throw new Error(`predictor-corrector: options.snr must be a finite number > 0, received ${snr}`);
    const grid = resolveGrid(model, options, "predictor-corrector", true);
    const p = model.path;
    const ev = counter(model);
    const n = xT.shape[0]!;
    const meanNorm = (v: tf.Tensor) =>
      tf.mean(tf.norm(tf.reshape(v, [n, -1]), "euclidean", 1)).dataSync()[0]!;
    const x = loop(xT, grid.length - 1, (x0, i) =>
      tf.tidy(() => {
        const s = grid[i]!;
        const t = grid[i + 1]!;
        const ss = p.sigma(s);
        let x = x0;
        for (let j = 0; j < m; j++) {
          const sc = tf.div(ev.E(x, s), -ss);
          const z = rng.normal(x.shape);
          const e = 2 * ((snr * meanNorm(z)) / Math.max(meanNorm(sc), 1e-12)) ** 2;
          x = tf.add(tf.add(x, tf.mul(sc, e)), tf.mul(z, Math.sqrt(2 * e)));
        }
        if (p.sigma(t) === 0) return tf.mul(ev.D(x, s), p.alpha(t));
        const h = s - t;
        const f = driftCoefficient(p, s);
        const g2 = diffusionSquared(p, s);
        const sc = tf.div(ev.E(x, s), -ss);
        const drift = tf.sub(tf.mul(x, f), tf.mul(sc, g2));
        return tf.add(tf.sub(x, tf.mul(drift, h)), tf.mul(rng.normal(x.shape), Math.sqrt(g2 * h)));
      }),
    );
    return finish(x, ev.nfe(), grid, "predictor-corrector");
  },
};
