import { tf } from "@continuum/core-tensor";
import { checkInput, counter, finish, resolveGrid } from "./common.js";
import type { Sampler, SamplerOptions } from "./types.js";

// The order is part of the sampler's name; options.order (UniPC's option) naming another one was ignored.
function checkOrder(options: SamplerOptions, order: number, name: string): void {
  if (options.order !== undefined && options.order !== order)
    throw new Error(
      `${name}: options.order is fixed to ${order} by the sampler's name, received ${options.order}; pick the sampler of that order (dpm-solver-1/2/3, dpm-solver++2m/3m)`,
    );
}

/**
 * Singlestep DPM-Solver of order 1, 2 or 3 (Lu et al. 2022, Alg. 1–2, noise-prediction form, r1 = 1/2 for
 * order 2 and r1 = 1/3, r2 = 2/3 for order 3) in `lambda = log(alpha/sigma)`. NFE per step = order; the final
 * jump to sigma = 0 is the denoiser (1 NFE).
 */
function makeSinglestep(order: 1 | 2 | 3): Sampler {
  const name = `dpm-solver-${order}`;
  return {
    name,
    description: `singlestep DPM-Solver-${order} (Lu et al. 2022)`,
    stochastic: false,
    kind: "ode",
    startsAtSdeTMax: true,
    nfePerStep: () => order,
    run(model, xT, options: SamplerOptions) {
      checkInput(model, xT, name);
      checkOrder(options, order, name);
      const grid = resolveGrid(model, options, name, true);
      const p = model.path;
      const ev = counter(model);
      const eps = (x: tf.Tensor, t: number) =>
        tf.tidy(() => tf.div(tf.sub(x, tf.mul(ev.D(x, t), p.alpha(t))), p.sigma(t)));
      let x = tf.clone(xT);
      for (let i = 0; i + 1 < grid.length; i++) {
        const s = grid[i]!;
        const t = grid[i + 1]!;
        const next = tf.tidy(() => {
          if (p.sigma(t) === 0) return tf.mul(ev.D(x, s), p.alpha(t));
          const ls = p.logSNR(s);
          const h = p.logSNR(t) - ls;
          const [as, at, st] = [p.alpha(s), p.alpha(t), p.sigma(t)];
          const em1 = Math.expm1(h);
          const e0 = eps(x, s);
          const base = tf.sub(tf.mul(x, at / as), tf.mul(e0, st * em1));
          if (order === 1) return base;
          if (order === 2) {
            const r1 = 0.5;
            const s1 = p.timeOfLogSNR(ls + r1 * h);
            const u = tf.sub(tf.mul(x, p.alpha(s1) / as), tf.mul(e0, p.sigma(s1) * Math.expm1(r1 * h)));
            const d1 = tf.sub(eps(u, s1), e0);
            return tf.sub(base, tf.mul(d1, (st / (2 * r1)) * em1));
          }
          const r1 = 1 / 3;
          const r2 = 2 / 3;
          const s1 = p.timeOfLogSNR(ls + r1 * h);
          const s2 = p.timeOfLogSNR(ls + r2 * h);
          const u1 = tf.sub(tf.mul(x, p.alpha(s1) / as), tf.mul(e0, p.sigma(s1) * Math.expm1(r1 * h)));
          const d1 = tf.sub(eps(u1, s1), e0);
          const phi2r = Math.expm1(r2 * h) / (r2 * h) - 1;
          const u2 = tf.sub(
            tf.sub(tf.mul(x, p.alpha(s2) / as), tf.mul(e0, p.sigma(s2) * Math.expm1(r2 * h))),
            tf.mul(d1, ((p.sigma(s2) * r2) / r1) * phi2r),
          );
          const d2 = tf.sub(eps(u2, s2), e0);
          return tf.sub(base, tf.mul(d2, (st / r2) * (em1 / h - 1)));
        });
        x.dispose();
        x = next;
      }
      return finish(x, ev.nfe(), grid, name);
    },
  };
}

/**
 * Singlestep DPM-Solver-1 (identical to DDIM with eta = 0; one NFE per step).
 * @example
 * ```ts
 * samplers.get("dpm-solver-1").run(model, xT, { steps: 50 });
 * ```
 */
export const dpmSolver1: Sampler = makeSinglestep(1);
/**
 * Singlestep DPM-Solver-2 (2 NFE per step, r1 = 1/2).
 * @example
 * ```ts
 * samplers.get("dpm-solver-2").run(model, xT, { steps: 10 });
 * ```
 */
export const dpmSolver2: Sampler = makeSinglestep(2);
/**
 * Singlestep DPM-Solver-3 (3 NFE per step, r1 = 1/3, r2 = 2/3).
 * @example
 * ```ts
 * samplers.get("dpm-solver-3").run(model, xT, { steps: 6 });
 * ```
 */
export const dpmSolver3: Sampler = makeSinglestep(3);

function makeMultistep(order: 2 | 3): Sampler {
  const name = `dpm-solver++${order}m`;
  return {
    name,
    description: `multistep DPM-Solver++(${order}M), data prediction (Lu et al. 2022b)`,
    stochastic: false,
    kind: "ode",
    startsAtSdeTMax: true,
    nfePerStep: () => 1,
    run(model, xT, options: SamplerOptions) {
      checkInput(model, xT, name);
      checkOrder(options, order, name);
      const grid = resolveGrid(model, options, name, true);
      const p = model.path;
      const ev = counter(model);
      const n = grid.length - 1;
      const lowerFinal = options.lowerOrderFinal ?? n < 15;
      const hist: { D: tf.Tensor; lambda: number }[] = [];
      let x = tf.clone(xT);
      for (let i = 0; i < n; i++) {
        const s = grid[i]!;
        const t = grid[i + 1]!;
        const D = ev.D(x, s);
        hist.unshift({ D, lambda: p.logSNR(s) });
        if (hist.length > order) hist.pop()!.D.dispose();
        let k = Math.min(order, hist.length);
        if (lowerFinal) k = Math.min(k, n - i);
        const next = tf.tidy(() => {
          if (p.sigma(t) === 0) return tf.mul(D, p.alpha(t));
          const lt = p.logSNR(t);
          const l0 = hist[0]!.lambda;
          const h = lt - l0;
          const at = p.alpha(t);
          const phi1 = Math.expm1(-h);
          const base = tf.sub(tf.mul(x, p.sigma(t) / p.sigma(s)), tf.mul(D, at * phi1));
          if (k === 1) return base;
          const h0 = l0 - hist[1]!.lambda;
          const r0 = h0 / h;
          const d10 = tf.div(tf.sub(hist[0]!.D, hist[1]!.D), r0);
          if (k === 2) return tf.sub(base, tf.mul(d10, 0.5 * at * phi1));
          const h1 = hist[1]!.lambda - hist[2]!.lambda;
          const r1 = h1 / h;
          const d11 = tf.div(tf.sub(hist[1]!.D, hist[2]!.D), r1);
          const d1 = tf.add(d10, tf.mul(tf.sub(d10, d11), r0 / (r0 + r1)));
          const d2 = tf.div(tf.sub(d10, d11), r0 + r1);
          const phi2 = phi1 / h + 1;
          const phi3 = phi2 / h - 0.5;
          return tf.sub(tf.add(base, tf.mul(d1, at * phi2)), tf.mul(d2, at * phi3));
        });
        x.dispose();
        x = next;
      }
      for (const e of hist) e.D.dispose();
      return finish(x, ev.nfe(), grid, name);
    },
  };
}

/**
 * Multistep DPM-Solver++(2M) (Lu et al. 2022b, "DPM-Solver++", Alg. 2): data-prediction exponential
 * integrator reusing the previous denoiser output; 1 NFE per step, 2nd order; lower order on the first step and
 * (when steps < 15) the last.
 * @example
 * ```ts
 * samplers.get("dpm-solver++2m").run(model, xT, { steps: 15 });
 * ```
 */
export const dpmSolverPp2m: Sampler = makeMultistep(2);
/**
 * Multistep DPM-Solver++(3M): third-order multistep variant (as in the reference implementation).
 * @example
 * ```ts
 * samplers.get("dpm-solver++3m").run(model, xT, { steps: 15 });
 * ```
 */
export const dpmSolverPp3m: Sampler = makeMultistep(3);
