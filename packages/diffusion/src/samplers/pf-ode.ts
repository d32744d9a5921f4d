import { tf } from "@continuum/core-tensor";
import type { DiffusionModel } from "../parametrisation.js";
import { checkTime } from "../processes/gaussian-path.js";
import { checkInput, counter, finish, resolveGrid } from "./common.js";
import type { Sampler, SamplerOptions } from "./types.js";

/** An explicit Runge–Kutta tableau (data for the one engine below). `bErr` are embedded weights, if any. */
export interface ButcherTableau {
  readonly name: string;
  readonly order: number;
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly c: readonly number[];
  readonly bErr?: readonly number[];
}

function checkTableau(t: ButcherTableau): ButcherTableau {
  const s = t.b.length;
  if (t.c.length !== s || t.a.length !== s) throw new Error(`tableau ${t.name}: a, b, c sizes differ`);
  const sumB = t.b.reduce((u, v) => u + v, 0);
  if (Math.abs(sumB - 1) > 1e-12)
    throw new Error(`tableau ${t.name}: weights must sum to 1 (order condition 1)`);
  for (let i = 0; i < s; i++) {
    const row = t.a[i]!.reduce((u, v) => u + v, 0);
    if (Math.abs(row - t.c[i]!) > 1e-12)
      throw new Error(`tableau ${t.name}: row ${i} of a must sum to c[${i}]`);
  }
  if (t.order >= 2) {
    const bc = t.b.reduce((u, v, i) => u + v * t.c[i]!, 0);
    if (Math.abs(bc - 0.5) > 1e-12) throw new Error(`tableau ${t.name}: order condition sum b c = 1/2 fails`);
  }
  return Object.freeze(t);
}

/**
 * Explicit tableaus used by the PF-ODE samplers (each checks its low-order conditions when built).
 * @example
 * ```ts
 * TABLEAUS.rk4.order; // 4
 * ```
 */
export const TABLEAUS = {
  euler: checkTableau({ name: "euler", order: 1, a: [[]], b: [1], c: [0] }),
  heun: checkTableau({ name: "heun", order: 2, a: [[], [1]], b: [0.5, 0.5], c: [0, 1] }),
  rk4: checkTableau({
    name: "rk4",
    order: 4,
    a: [[], [0.5], [0, 0.5], [0, 0, 1]],
    b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
    c: [0, 0.5, 0.5, 1],
  }),
  dopri5: checkTableau({
    name: "dopri5",
    order: 5,
    a: [
      [],
      [1 / 5],
      [3 / 40, 9 / 40],
      [44 / 45, -56 / 15, 32 / 9],
      [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
      [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
      [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
    ],
    b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
    c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
    bErr: [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40],
  }),
} as const;

type Velocity = (x: tf.Tensor, t: number) => tf.Tensor;

/**
 * One explicit Runge–Kutta step of `dx/dt = f(x, t)` from `t0` by `h` (h < 0 integrates towards data); returns
 * the new state and, for embedded tableaus, the local error estimate. Runs in `tf.tidy`.
 * @example
 * ```ts
 * rkStep(TABLEAUS.rk4, (x) => tf.neg(x), tf.ones([1, 1]), 0, 0.1).x; // ≈ exp(-0.1)
 * ```
 */
export function rkStep(
  tab: ButcherTableau,
  f: Velocity,
  x: tf.Tensor,
  t0: number,
  h: number,
): { x: tf.Tensor; err?: tf.Tensor } {
  return tf.tidy(() => {
    const ks: tf.Tensor[] = [];
    for (let i = 0; i < tab.b.length; i++) {
      let xi = x;
      for (let j = 0; j < i; j++) if (tab.a[i]![j]) xi = tf.add(xi, tf.mul(ks[j]!, h * tab.a[i]![j]!));
      ks.push(f(xi, t0 + tab.c[i]! * h));
    }
    let x1 = x;
    for (let i = 0; i < ks.length; i++) if (tab.b[i]) x1 = tf.add(x1, tf.mul(ks[i]!, h * tab.b[i]!));
    if (!tab.bErr) return { x: x1 };
    let err: tf.Tensor = tf.zerosLike(x);
    for (let i = 0; i < ks.length; i++) {
      const w = tab.b[i]! - tab.bErr[i]!;
      if (w) err = tf.add(err, tf.mul(ks[i]!, h * w));
    }
    return { x: x1, err };
  });
}

function velocityOf(model: DiffusionModel, D: (x: tf.Tensor, t: number) => tf.Tensor): Velocity {
  const p = model.path;
  return (x, t) =>
    tf.tidy(() => {
      const d = D(x, t);
      const eps = tf.div(tf.sub(x, tf.mul(d, p.alpha(t))), p.sigma(t));
      return tf.add(tf.mul(d, p.dAlpha(t)), tf.mul(eps, p.dSigma(t)));
    });
}

function fixedStep(tab: ButcherTableau, description: string): Sampler {
  const name = tab.name === "euler" ? "euler" : tab.name;
  return {
    name,
    description,
    stochastic: false,
    kind: "ode",
    startsAtSdeTMax: false,
    nfePerStep: () => tab.b.length,
    run(model, xT, options) {
      checkInput(model, xT, name);
      const grid = resolveGrid(model, options, name, false);
      const p = model.path;
      const ev = counter(model);
      const f = velocityOf(model, ev.D);
      let x = tf.clone(xT);
      for (let i = 0; i + 1 < grid.length; i++) {
        const s = grid[i]!;
        const t = grid[i + 1]!;
        const next =
          p.sigma(t) === 0 ? tf.tidy(() => tf.mul(ev.D(x, s), p.alpha(t))) : rkStep(tab, f, x, s, t - s).x;
        x.dispose();
        x = next;
      }
      return finish(x, ev.nfe(), grid, name);
    },
  };
}

/**
 * Probability-flow ODE `dx/dt = alpha' D + sigma' (x - alpha D)/sigma` (Song et al. 2021; equal to the
 * flow-matching velocity) integrated with the explicit Euler method on the grid. One NFE per step. On a
 * linear flow path this is the rectified-flow / flow-matching Euler sampler.
 * @example
 * ```ts
 * samplers.get("euler").run(model, xT, { steps: 100 });
 * ```
 */
export const eulerOde: Sampler = fixedStep(TABLEAUS.euler, "probability-flow ODE / flow matching, Euler");

/**
 * Probability-flow ODE with Heun's 2nd-order method (2 NFE per step; the final jump to sigma = 0 is the
 * denoiser, 1 NFE).
 * @example
 * ```ts
 * samplers.get("heun").run(model, xT, { steps: 20 });
 * ```
 */
export const heunOde: Sampler = fixedStep(
  TABLEAUS.heun,
  "probability-flow ODE / flow matching, Heun (2nd order)",
);

/**
 * Probability-flow ODE with classical RK4 (4 NFE per step).
 * @example
 * ```ts
 * samplers.get("rk4").run(model, xT, { steps: 10 });
 * ```
 */
export const rk4Ode: Sampler = fixedStep(TABLEAUS.rk4, "probability-flow ODE, classical Runge–Kutta 4");

/**
 * Probability-flow ODE with adaptive Dormand–Prince 5(4) (`rtol`, `atol`, default 1e-4/1e-4, RMS error norm
 * over the whole batch), from `grid[0]` to `path.tLow`, then one denoiser jump to sigma = 0. `steps` is the
 * initial number of steps used to choose the first step size.
 * @example
 * ```ts
 * const r = samplers.get("rk45").run(model, xT, { steps: 10, rtol: 1e-5, atol: 1e-5 });
 * r.nfe; // adaptive
 * ```
 */
export const rk45Ode: Sampler = {
  name: "rk45",
  description: "probability-flow ODE, adaptive Dormand–Prince 5(4)",
  stochastic: false,
  kind: "ode",
  startsAtSdeTMax: false,
  nfePerStep: () => 6,
  run(model, xT, options: SamplerOptions) {
    checkInput(model, xT, "rk45");
    const rtol = options.rtol ?? 1e-4;
    const atol = options.atol ?? 1e-4;
    if (!(rtol > 0 && atol > 0 && Number.isFinite(rtol) && Number.isFinite(atol)))
      throw new Error(`rk45: options.rtol and atol must be finite numbers > 0, received ${rtol}, ${atol}`);
    const p = model.path;
    if (options.steps !== undefined && !(Number.isInteger(options.steps) && options.steps >= 1))
      throw new Error(
        `rk45: options.steps (initial step count) must be an integer >= 1, received ${options.steps}`,
      );
    const t0 = checkTime(p, options.grid?.[0] ?? options.tMax ?? p.tMax, "rk45: options.tMax");
    const tEnd = options.grid
      ? checkTime(p, options.grid[options.grid.length - 1]!, "rk45: options.grid end")
      : checkTime(p, options.tEnd ?? p.tMin, "rk45: options.tEnd");
    if (!(tEnd < t0)) throw new Error(`rk45: options.tEnd (${tEnd}) must be < tMax (${t0})`);
    const tLow = p.sigma(tEnd) === 0 ? Math.min(p.tLow, t0) : tEnd;
    const ev = counter(model);
    const f = velocityOf(model, ev.D);
    const tab = TABLEAUS.dopri5;
    let x = tf.clone(xT);
    let t = t0;
    let h = -(t0 - tLow) / Math.max(1, options.steps ?? 10);
    const grid = [t];
    let accepted = 0;
    let guard = 0;
    let nonFinite = 0;
    const fail = (message: string) => {
      x.dispose();
      return {
        samples: tf.fill(xT.shape, Number.NaN),
        nfe: ev.nfe(),
        grid,
        status: "failed" as const,
        message,
      };
    };
    while (t > tLow + 1e-12) {
      // 30 consecutive non-finite error estimates shrink h by 0.2^30 ~ 1e-21: the velocity itself is broken.
      if (nonFinite > 30)
        return fail(
          `rk45: non-finite velocity at t=${t} even for step ${h.toExponential(2)}; the model output may be non-finite`,
        );
      if (++guard > 20000)
        return fail(
          `rk45: more than 20000 step attempts at t=${t}; the velocity may be stiff or non-finite, try loosening rtol/atol or a fixed-step sampler`,
        );
      if (t + h < tLow) h = tLow - t;
      const { x: x1, err } = rkStep(tab, f, x, t, h);
      const errNorm = tf.tidy(() => {
        const scale = tf.add(atol, tf.mul(tf.maximum(tf.abs(x), tf.abs(x1)), rtol));
        return Math.sqrt(tf.mean(tf.square(tf.div(err!, scale))).dataSync()[0]!);
      });
      err!.dispose();
      nonFinite = Number.isFinite(errNorm) ? 0 : nonFinite + 1;
      if (errNorm <= 1) {
        x.dispose();
        x = x1;
        t += h;
        grid.push(t);
        accepted++;
      } else x1.dispose();
      const factor = errNorm === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * errNorm ** -0.2));
      h *= Number.isFinite(factor) ? factor : 0.2;
    }
    if (p.sigma(tEnd) === 0) {
      const last = tf.tidy(() => tf.mul(ev.D(x, t), p.alpha(tEnd)));
      x.dispose();
      x = last;
      grid.push(tEnd);
    }
    const r = finish(x, ev.nfe(), grid, "rk45");
    return { ...r, message: `${r.message} (${accepted} accepted steps)` };
  },
};
