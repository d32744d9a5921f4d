/**
 * `@continuum/optim/testing`: the contract suites every optimiser (built-in or plugin) must pass, and the
 * standard test problems. Framework-agnostic: pass your test runner's `describe` and `it`.
 *
 * @packageDocumentation
 */
import { type PyTree, tf, treeDispose, treeFlatten } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { adagrad, adam, adamax, adamw, lamb, lion, radam, rmsprop, sgd } from "../alias.js";
import { applyUpdates } from "../apply-updates.js";
import { cbo, cem, differentialEvolution, randomSearch } from "../gradient-free/population.js";
import { cmaes } from "../gradient-free/cmaes.js";
import { openaiEs, snes } from "../gradient-free/nes.js";
import { spsa } from "../gradient-free/spsa.js";
import type { AskTell } from "../gradient-free/types.js";
import { disposeState } from "../internal/tree.js";
import type { GradientTransformation } from "../types.js";

export {
  beale,
  booth,
  ellipsoid,
  extendedPowell,
  rastrigin,
  rosenbrock,
  sphere,
  trigonometric,
} from "./problems.js";
export type { TestProblem } from "./problems.js";
export {
  bbobEllipsoidRotated,
  bbobFopt,
  bbobGauss,
  bbobRastriginRotated,
  bbobRosenbrockRotated,
  bbobRotation,
  bbobUniform,
  bbobXopt,
  tAsy,
  tOsz,
} from "./bbob.js";
export type { BbobProblem } from "./bbob.js";

/** The two functions of a test runner the suites need (vitest, jest, mocha, node:test all fit). */
export interface TestApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => void | Promise<void>, timeout?: number) => void;
}

/** A row of the gradient-transformation contract table. */
export interface TransformRow {
  name: string;
  /** A fresh transformation (learning rate chosen for the quadratic below). */
  make: () => GradientTransformation<any>;
  /** Steps on the quadratic (default 200). */
  steps?: number;
  /** Required final/initial loss ratio (default 1e-2). */
  tol?: number;
}

/** A row of the ask/tell contract table. */
export interface AskTellRow {
  name: string;
  make: (x0: Float64Array, seed: number) => AskTell;
  /** Evaluation budget on the 4-D quadratic (default 4000). */
  maxEvals?: number;
  /** Required best value (initial value 16·… ≈ 25; default 1e-3). */
  tol?: number;
}

function fail(name: string, what: string): never {
  throw new Error(`${name}: ${what}`);
}

const QUAD_C = [1, 3, 10, 0.5, 2, 5];

/** ½ Σ cᵢ (pᵢ − 1)² over the leaves {a: [2, 2], b: [2]} as float32 tensors. */
function quadraticLoss(p: { a: tf.Tensor; b: tf.Tensor }): tf.Scalar {
  return tf.tidy(() => {
    const v = tf.concat([tf.reshape(p.a, [-1]), tf.reshape(p.b, [-1])]);
    return tf.mul(0.5, tf.sum(tf.mul(tf.tensor1d(QUAD_C), tf.square(tf.sub(v, 1))))) as tf.Scalar;
  });
}

function quadraticGrads(p: { a: tf.Tensor; b: tf.Tensor }): { a: tf.Tensor; b: tf.Tensor } {
  return tf.tidy(() => ({
    a: tf.mul(tf.tensor2d([QUAD_C.slice(0, 2), QUAD_C.slice(2, 4)]), tf.sub(p.a, 1)),
    b: tf.mul(tf.tensor1d(QUAD_C.slice(4)), tf.sub(p.b, 1)),
  }));
}

function runQuadratic(
  opt: GradientTransformation<any>,
  steps: number,
): { loss0: number; loss: number; values: number[] } {
  const a0 = tf.zeros([2, 2]);
  const b0 = tf.zeros([2]);
  const params = { a: tf.variable(a0), b: tf.variable(b0) };
  tf.dispose([a0, b0]);
  let state = opt.init(params);
  const l0 = quadraticLoss(params);
  const loss0 = l0.dataSync()[0]!;
  l0.dispose();
  for (let s = 0; s < steps; s++) {
    const g = quadraticGrads(params);
    const r = opt.update(g, state, params, {});
    state = r.state;
    applyUpdates(params, r.updates);
    treeDispose(g);
    treeDispose(r.updates);
  }
  const l = quadraticLoss(params);
  const loss = l.dataSync()[0]!;
  const values = [...params.a.dataSync(), ...params.b.dataSync()];
  l.dispose();
  disposeState(state);
  treeDispose(params);
  return { loss0, loss, values };
}

/**
 * Check one transformation: updates keep the gradient's structure, shapes and dtype; `update` leaves no
 * tensors behind (after disposing updates and the final state); two runs agree exactly; and the quadratic
 * `½Σcᵢ(pᵢ − 1)²` (condition 20) is reduced by the row's factor. Throws a readable Error on failure.
 * @example
 * ```ts
 * await checkTransformation({ name: "adam", make: () => adam(0.05) });
 * ```
 */
export async function checkTransformation(row: TransformRow): Promise<void> {
  const steps = row.steps ?? 200;
  const tol = row.tol ?? 1e-2;
  // shapes kept
  await expectNoLeaks(
    () => {
      const opt = row.make();
      const params = { a: tf.ones([2, 3]), nested: [tf.ones([4])] } as PyTree;
      const grads = { a: tf.fill([2, 3], 0.5), nested: [tf.fill([4], -0.25)] } as PyTree;
      let state = opt.init(params);
      for (let k = 0; k < 3; k++) {
        const r = opt.update(grads, state, params);
        state = r.state;
        const u = treeFlatten(r.updates);
        const g = treeFlatten(grads);
        if (u.leaves.length !== g.leaves.length)
          fail(row.name, `updates have ${u.leaves.length} leaves, gradients ${g.leaves.length}`);
        u.leaves.forEach((l, i) => {
          const e = g.leaves[i]!;
          if (l.shape.join(",") !== e.shape.join(","))
            fail(row.name, `update leaf ${i} has shape [${l.shape}] instead of [${e.shape}]`);
          if (l.dtype !== e.dtype)
            fail(row.name, `update leaf ${i} has dtype ${l.dtype} instead of ${e.dtype}`);
          if (l === e)
            fail(row.name, `update leaf ${i} is the gradient tensor itself (must be a fresh tensor)`);
        });
        if (JSON.stringify(u.treedef) !== JSON.stringify(g.treedef))
          fail(row.name, "updates have a different tree structure");
        treeDispose(r.updates);
      }
      disposeState(state);
      treeDispose(params);
      treeDispose(grads);
    },
    { message: `${row.name} (update loop)` },
  );
  // converges, deterministic, no leaks
  const r1 = await expectNoLeaks(() => runQuadratic(row.make(), steps), {
    message: `${row.name} (quadratic)`,
  });
  if (!(r1.loss <= tol * r1.loss0))
    fail(
      row.name,
      `did not converge on the quadratic: loss ${r1.loss} after ${steps} steps (start ${r1.loss0}, need <= ${tol * r1.loss0})`,
    );
  const r2 = runQuadratic(row.make(), 5);
  const r3 = runQuadratic(row.make(), 5);
  if (r2.values.some((v, i) => v !== r3.values[i]))
    fail(row.name, "two identical runs gave different parameters");
}

/**
 * Check one ask/tell optimiser: `ask()` returns points of the right length; a fixed seed reproduces the same
 * points; `tell` rejects a wrong number of values; and the 4-D quadratic `Σ cᵢ(xᵢ − 1)²` from 0 reaches the
 * row's tolerance within its evaluation budget.
 * @example
 * ```ts
 * await checkAskTell({ name: "CMA-ES", make: (x0, seed) => cmaes({ x0, seed, sigma0: 1 }) });
 * ```
 */
export async function checkAskTell(row: AskTellRow): Promise<void> {
  const n = 4;
  const x0 = new Float64Array(n);
  const c = [1, 4, 0.5, 2];
  const f = (x: Float64Array) => x.reduce((s, v, i) => s + c[i]! * (v - 1) ** 2, 0);
  const a = row.make(x0, 7);
  const b = row.make(x0, 7);
  const xa = a.ask();
  const xb = b.ask();
  if (xa.length === 0) fail(row.name, "ask() returned no points");
  xa.forEach((x, k) => {
    if (x.length !== n) fail(row.name, `ask() point ${k} has length ${x.length}, expected ${n}`);
    if (x.some((v, i) => v !== xb[k]![i])) fail(row.name, "the same seed gave different points");
  });
  let threw = false;
  try {
    a.tell(xa, new Float64Array(xa.length + 1));
  } catch {
    threw = true;
  }
  if (!threw) fail(row.name, "tell() accepted a wrong number of values");
  const budget = row.maxEvals ?? 4000;
  const tol = row.tol ?? 1e-3;
  const opt = row.make(x0, 1);
  while (opt.evaluations < budget && !opt.stop()) {
    const xs = opt.ask();
    opt.tell(xs, xs.map(f));
  }
  if (!(opt.best.f <= tol))
    fail(
      row.name,
      `did not reach ${tol} on the 4-D quadratic within ${budget} evaluations (best ${opt.best.f}; stop: ${opt.stop()})`,
    );
}

/**
 * Register the contract suite of gradient transformations with a test runner: one `describe` per row.
 * @example
 * ```ts
 * import { describe, it } from "vitest";
 * gradientTransformationContract(builtinTransformRows, { describe, it });
 * ```
 */
export function gradientTransformationContract(rows: readonly TransformRow[], api: TestApi): void {
  api.describe("GradientTransformation contract", () => {
    for (const row of rows) api.it(row.name, () => checkTransformation(row), 60_000);
  });
}

/**
 * Register the ask/tell contract suite with a test runner.
 * @example
 * ```ts
 * import { describe, it } from "vitest";
 * askTellContract(builtinAskTellRows, { describe, it });
 * ```
 */
export function askTellContract(rows: readonly AskTellRow[], api: TestApi): void {
  api.describe("ask/tell contract", () => {
    for (const row of rows) api.it(row.name, () => checkAskTell(row), 60_000);
  });
}

/**
 * The built-in gradient transformations as contract rows (learning rates suited to the quadratic).
 * @example
 * ```ts
 * builtinTransformRows.map((r) => r.name); // ['sgd', 'momentum', 'adam', …]
 * ```
 */
export const builtinTransformRows: readonly TransformRow[] = [
  { name: "sgd", make: () => sgd(0.05) },
  { name: "momentum", make: () => sgd(0.02, { momentum: 0.9, nesterov: true }) },
  { name: "adam", make: () => adam(0.05) },
  { name: "adamw", make: () => adamw(0.05, { weightDecay: 1e-4 }) },
  { name: "adamax", make: () => adamax(0.05) },
  { name: "rmsprop", make: () => rmsprop(0.01) },
  { name: "adagrad", make: () => adagrad(0.5) },
  { name: "lion", make: () => lion(0.01) },
  { name: "lamb", make: () => lamb(0.02) },
  { name: "radam", make: () => radam(0.05) },
];

/**
 * The built-in ask/tell optimisers as contract rows.
 * @example
 * ```ts
 * builtinAskTellRows.map((r) => r.name); // ['CMA-ES', 'sep-CMA-ES', 'SPSA', …]
 * ```
 */
export const builtinAskTellRows: readonly AskTellRow[] = [
  { name: "CMA-ES", make: (x0, seed) => cmaes({ x0, seed, sigma0: 1 }) },
  { name: "sep-CMA-ES", make: (x0, seed) => cmaes({ x0, seed, sigma0: 1, diagonal: true }) },
  // SPSA is a stochastic-approximation method: its error decays like k^-0.6, not linearly, hence the looser target.
  { name: "SPSA", make: (x0, seed) => spsa({ x0, seed, sigma0: 0.5 }), maxEvals: 4000, tol: 0.05 },
  {
    name: "OpenAI-ES",
    make: (x0, seed) => openaiEs({ x0, seed, sigma0: 0.1, learningRate: 0.05, popSize: 20 }),
    maxEvals: 8000,
  },
  { name: "SNES", make: (x0, seed) => snes({ x0, seed, sigma0: 1 }) },
  { name: "CEM", make: (x0, seed) => cem({ x0, seed, sigma0: 1 }) },
  { name: "CBO", make: (x0, seed) => cbo({ x0, seed, sigma0: 2 }), maxEvals: 10_000 },
  { name: "DE", make: (x0, seed) => differentialEvolution({ x0, seed, sigma0: 2 }), maxEvals: 8000 },
  { name: "random-search", make: (x0, seed) => randomSearch({ x0, seed, sigma0: 1 }) },
];
