import { validateY0 } from "../integrate.js";
import { sdeSolvers } from "../registries.js";
import { type BrownianMotion, virtualBrownianTree } from "./brownian-tree.js";
import { stepDoublingLoop } from "./step-doubling.js";
import { type SdeFunction, type SdeNoise, type SdeSolver, diffusionSize } from "./types.js";

/**
 * Options of {@link solveSde}.
 *
 * @example
 * ```ts
 * import type { SolveSdeOptions } from "@continuum/ode";
 * const o: SolveSdeOptions = { drift: (_t, y) => [y[0]!], diffusion: (_t, y) => [y[0]!], t0: 0, t1: 1, y0: [1], dt0: 0.01, seed: 1 };
 * ```
 */
export interface SolveSdeOptions {
  readonly drift: SdeFunction;
  readonly diffusion: SdeFunction;
  readonly t0: number;
  readonly t1: number;
  readonly y0: ArrayLike<number>;
  /** Constant step (the last step is shortened to land on t1); with `adaptive`, the first trial step. */
  readonly dt0: number;
  /**
   * Adaptive steps by step doubling (see `stepDoublingLoop`): each step is also taken as two half steps on the
   * same Brownian path and the difference is kept below atol + rtol·|y|. Needs a path-consistent Brownian
   * motion (the default virtual Brownian tree). Default false (constant step dt0).
   */
  readonly adaptive?: boolean;
  /** Relative tolerance of adaptive steps (default 1e-3). */
  readonly rtol?: number;
  /** Absolute tolerance of adaptive steps (default 1e-3). */
  readonly atol?: number;
  /** Largest adaptive step (default t1 − t0). */
  readonly maxStep?: number;
  /** Solver name from {@link sdeSolvers} (default "EulerMaruyama") or a solver object. */
  readonly solver?: string | SdeSolver;
  /** Diffusion shape (default "diagonal"). */
  readonly noise?: SdeNoise;
  /** The driving Brownian motion; default a virtual Brownian tree on [t0, t1] from `seed`. */
  readonly brownian?: BrownianMotion;
  /** Seed of the default Brownian tree (default 0). */
  readonly seed?: number;
  /** Noise dimension m for "general" noise without an explicit `brownian` (default n). */
  readonly brownianDim?: number;
  /** Save every step (default false: only t1), or at these times (must lie on the step grid or be t1). */
  readonly saveSteps?: boolean;
  readonly maxSteps?: number;
  readonly throw?: boolean;
}

/**
 * Result of {@link solveSde}.
 *
 * @example
 * ```ts
 * import { solveSde } from "@continuum/ode";
 * const r = solveSde({ drift: (_t, y) => [0], diffusion: () => [1], t0: 0, t1: 1, y0: [0], dt0: 0.1, seed: 2 });
 * r.ys[0]; // W(1) of the seeded path
 * ```
 */
export interface SolveSdeResult {
  readonly ts: Float64Array;
  readonly ys: Float64Array[];
  readonly status: -1 | 0;
  readonly message: string;
  readonly success: boolean;
  readonly nfev: number;
  /** Accepted steps. */
  readonly nsteps: number;
  /** Rejected trial steps (adaptive mode; 0 otherwise). */
  readonly nrejected: number;
}

/** Wrap an SDE function: copy returned arrays and check their length. */
function wrap(where: string, name: string, fn: SdeFunction, size: number, counter: { n: number }) {
  if (typeof fn !== "function")
    throw new Error(`${where}: ${name} must be a function, received ${typeof fn}`);
  return (t: number, y: Float64Array, out: Float64Array) => {
    counter.n++;
    const r = fn(t, y, out);
    if (r !== undefined && r !== null && r !== out) {
      if (r.length !== size) {
        throw new Error(`${where}: ${name} returned ${r.length} components, expected ${size}`);
      }
      for (let i = 0; i < size; i++) out[i] = r[i]!;
    }
  };
}

/**
 * Solvers for additive noise (SRA1) read g(t, ·) without y: reject a diffusion that changes with y (compared at
 * y₀ and at a perturbed y₀, uncounted), instead of silently losing the method's order.
 */
function checkAdditive(
  where: string,
  name: string,
  problem: {
    n: number;
    m: number;
    noise: SdeNoise;
    diffusion: (t: number, y: Float64Array, o: Float64Array) => void;
  },
  t0: number,
  y0: Float64Array,
): void {
  const size = diffusionSize(problem.noise, problem.n, problem.m);
  const g0 = new Float64Array(size);
  const g1 = new Float64Array(size);
  const y1 = y0.map((v) => v + 1e-3 * Math.max(Math.abs(v), 1));
  problem.diffusion(t0, y0.slice(), g0);
  problem.diffusion(t0, y1, g1);
  for (let i = 0; i < size; i++) {
    if (g0[i] !== g1[i]) {
      throw new Error(
        `${where}: solver '${name}' needs additive noise (g independent of y), but diffusion[${i}] changes with y at t=${t0} (${g0[i]} vs ${g1[i]}); use "Milstein", "Heun" or "EulerMaruyama"`,
      );
    }
  }
}

/**
 * Solve an SDE dy = f(t, y) dt + g(t, y) dW on a constant step grid with a seeded Brownian motion
 * (a virtual Brownian tree by default, so runs with different dt0 see the same path and strong errors can
 * be measured). Itô or Stratonovich is decided by the solver (`solver.calculus`).
 *
 * @example
 * ```ts
 * import { solveSde } from "@continuum/ode";
 * // geometric Brownian motion, Milstein, 100 steps
 * const r = solveSde({ drift: (_t, y) => [0.05 * y[0]!], diffusion: (_t, y) => [0.2 * y[0]!],
 *   t0: 0, t1: 1, y0: [1], dt0: 0.01, solver: "Milstein", seed: 7 });
 * r.ys[0]![0]; // one sample of X(1)
 * ```
 */
export function solveSde(options: SolveSdeOptions): SolveSdeResult {
  const where = "solveSde";
  const { t0, t1, dt0 } = options;
  for (const [k, v] of Object.entries({ t0, t1, dt0 })) {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new Error(`${where}: ${k} must be a finite number, received ${String(v)}`);
  }
  if (!(t1 > t0)) throw new Error(`${where}: need t1 > t0 for SDEs, received t0=${t0}, t1=${t1}`);
  if (!(dt0 > 0)) throw new Error(`${where}: dt0 must be > 0, received ${dt0}`);
  const y0 = validateY0(where, options.y0);
  const n = y0.length;
  const noise = options.noise ?? "diagonal";
  if (!["diagonal", "scalar", "general"].includes(noise)) {
    throw new Error(`${where}: noise must be "diagonal", "scalar" or "general", received ${String(noise)}`);
  }
  let solver: SdeSolver;
  if (typeof options.solver === "object" && options.solver !== null) solver = options.solver;
  else {
    try {
      solver = sdeSolvers.get(options.solver ?? "EulerMaruyama");
    } catch (e) {
      throw new Error(`${where}: solver: ${(e as Error).message}`);
    }
  }
  if (!solver.noise.includes(noise)) {
    throw new Error(
      `${where}: solver '${solver.name}' supports noise ${solver.noise.join(", ")}, received "${noise}"`,
    );
  }
  const m =
    noise === "diagonal" ? n : noise === "scalar" ? 1 : (options.brownian?.dim ?? options.brownianDim ?? n);
  const bm = options.brownian ?? virtualBrownianTree({ t0, t1, dim: m, seed: options.seed ?? 0 });
  if (bm.dim !== m)
    throw new Error(`${where}: brownian has dim ${bm.dim} but the "${noise}" noise needs ${m}`);
  if (bm.t0 > t0 || bm.t1 < t1)
    throw new Error(`${where}: brownian covers [${bm.t0}, ${bm.t1}], which does not contain [${t0}, ${t1}]`);
  const counter = { n: 0 };
  const problem = {
    n,
    m,
    noise,
    drift: wrap(where, "drift", options.drift, n, counter),
    diffusion: wrap(where, "diffusion", options.diffusion, diffusionSize(noise, n, m), counter),
  };
  if (solver.additiveOnly) {
    const uncounted = wrap(where, "diffusion", options.diffusion, diffusionSize(noise, n, m), { n: 0 });
    checkAdditive(where, solver.name, { ...problem, diffusion: uncounted }, t0, y0);
  }
  const step = solver.create(problem);
  if (options.adaptive) {
    const rtol = options.rtol ?? 1e-3;
    const atol = options.atol ?? 1e-3;
    for (const [k, v] of Object.entries({ rtol, atol })) {
      if (!(typeof v === "number" && v >= 0 && Number.isFinite(v)))
        throw new Error(`${where}: ${k} must be a finite number >= 0, received ${String(v)}`);
    }
    if (!(rtol > 0 || atol > 0)) throw new Error(`${where}: rtol and atol cannot both be 0`);
    const maxStep = options.maxStep ?? t1 - t0;
    if (!(maxStep > 0)) throw new Error(`${where}: maxStep must be > 0, received ${maxStep}`);
    const r = stepDoublingLoop(step, bm, solver.needsTimeIntegral, t0, t1, y0, {
      rtol,
      atol,
      strongOrder: solver.strongOrder,
      dt0,
      maxStep,
      maxSteps: options.maxSteps,
      saveSteps: options.saveSteps,
    });
    if (r.failure && options.throw) throw new Error(`${where}: ${r.failure}`);
    return {
      ts: Float64Array.from(r.ts),
      ys: r.ys,
      status: r.failure ? -1 : 0,
      message: r.failure ?? "The solver successfully reached the end of the integration interval.",
      success: !r.failure,
      nfev: counter.n,
      nsteps: r.naccept,
      nrejected: r.nreject,
    };
  }
  // At least one step: a span much shorter than dt0 used to give 0 steps and return y0 as y(t1).
  const nSteps = Math.max(1, Math.ceil((t1 - t0) / dt0 - 1e-9));
  const maxSteps = options.maxSteps ?? 10_000_000;
  if (nSteps > maxSteps)
    throw new Error(`${where}: (t1 - t0)/dt0 = ${nSteps} steps exceeds maxSteps = ${maxSteps}`);
  const ts: number[] = [];
  const ys: Float64Array[] = [];
  if (options.saveSteps) {
    ts.push(t0);
    ys.push(y0.slice());
  }
  let y = y0.slice();
  let yNext = new Float64Array(n);
  const dW = new Float64Array(m);
  const dZ = solver.needsTimeIntegral ? new Float64Array(m) : null;
  let t = t0;
  // With `sample`, each grid point is walked once: W and ∫W at t are kept from the previous step.
  const wPrev = new Float64Array(m);
  const iPrev = new Float64Array(m);
  const wNext = new Float64Array(m);
  const iNext = new Float64Array(m);
  if (bm.sample) bm.sample(t0, wPrev, iPrev);
  for (let k = 1; k <= nSteps; k++) {
    const tNext = k === nSteps ? t1 : t0 + k * dt0;
    const h = tNext - t;
    if (bm.sample) {
      bm.sample(tNext, wNext, dZ ? iNext : undefined);
      for (let j = 0; j < m; j++) {
        dW[j] = wNext[j]! - wPrev[j]!;
        if (dZ) dZ[j] = iNext[j]! - iPrev[j]! - h * wPrev[j]!;
      }
      wPrev.set(wNext);
      iPrev.set(iNext);
    } else {
      bm.increment(t, tNext, dW);
      if (dZ) bm.timeIntegral(t, tNext, dZ);
    }
    step(t, y, h, dW, dZ, yNext);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(yNext[i]!)) {
        const message = `non-finite state at t=${tNext} (step ${k}); reduce dt0, or the SDE may explode in finite time`;
        if (options.throw) throw new Error(`${where}: ${message}`);
        return {
          ts: Float64Array.from(ts),
          ys,
          status: -1,
          message,
          success: false,
          nfev: counter.n,
          nsteps: k,
          nrejected: 0,
        };
      }
    }
    const tmp = y;
    y = yNext;
    yNext = tmp;
    t = tNext;
    if (options.saveSteps) {
      ts.push(t);
      ys.push(y.slice());
    }
  }
  if (!options.saveSteps) {
    ts.push(t1);
    ys.push(y.slice());
  }
  return {
    ts: Float64Array.from(ts),
    ys,
    status: 0,
    message: "The solver successfully reached the end of the integration interval.",
    success: true,
    nfev: counter.n,
    nsteps: nSteps,
    nrejected: 0,
  };
}
