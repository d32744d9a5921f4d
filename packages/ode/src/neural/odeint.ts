/**
 * Neural ODEs on TensorFlow.js tensors: `odeint` integrates a vector field given by a network and is
 * differentiable with respect to the initial state and the parameters, either by backpropagation through
 * the solver steps or by the adjoint method (Chen et al., "Neural Ordinary Differential Equations", 2018).
 */
import { type PyTree, createRegistry, tf, treeFlatten, treeUnflatten } from "@continuum/core-tensor";
import type { ButcherTableau } from "../tableaus/butcher.js";
import { DOPRI5 } from "../tableaus/dopri5.js";
import { EULER, HEUN, MIDPOINT, RK4 } from "../tableaus/fixed.js";
import { BOSH3 } from "../tableaus/bosh3.js";
import { TSIT5 } from "../tableaus/tsit5.js";
import { type IntegrateSettings, type IntegrateStats, integrateLeaves, type LeafField } from "./integrate.js";
import { flattenState } from "./state.js";

/** The vector field: `f(t, y, params)` returns a tensor (or pytree) shaped like `y`. */
export type NeuralField<Y extends PyTree = tf.Tensor, P extends PyTree | undefined = PyTree | undefined> = (
  t: number,
  y: Y,
  params: P,
) => Y;

/**
 * Tensor ODE methods by name (`euler`, `midpoint`, `heun`, `rk4` fixed step; `bosh3`, `dopri5`, `tsit5`
 * adaptive). They share the Butcher tableaus of the float64 solvers; register a tableau to add a method.
 */
export const tensorOdeMethods = createRegistry<ButcherTableau>("tensor ODE method");
tensorOdeMethods.register("euler", EULER);
tensorOdeMethods.register("midpoint", MIDPOINT);
tensorOdeMethods.register("heun", { ...HEUN, bErr: undefined });
tensorOdeMethods.register("rk4", RK4);
tensorOdeMethods.register("bosh3", BOSH3);
tensorOdeMethods.register("dopri5", DOPRI5);
tensorOdeMethods.register("tsit5", TSIT5);

/** Options of {@link odeint}. */
export interface OdeintOptions<P extends PyTree | undefined = PyTree | undefined> {
  /** Method name (default `dopri5`). */
  method?: string;
  /** Parameters passed to `f`; with `adjoint: true`, gradients reach parameters only through this argument. */
  params?: P;
  rtol?: number;
  atol?: number;
  /** Initial step (adaptive) or step size (fixed-step methods; default: one step per save interval). */
  dt0?: number;
  /** Use the adjoint method for gradients (memory independent of the number of steps). */
  adjoint?: boolean;
  /** Tolerances and method of the backward adjoint solve (default: those of the forward solve). */
  adjointOptions?: { method?: string; rtol?: number; atol?: number; dt0?: number };
  /** Maximum number of steps per solve (default 10000). */
  maxSteps?: number;
  /** Check every accepted state for NaN/Inf (default true). */
  checkFinite?: boolean;
  /** Receives the step counters of the forward solve. */
  onStats?: (stats: IntegrateStats) => void;
}

function positive(v: number | undefined, fallback: number, name: string): number {
  const x = v ?? fallback;
  if (!(typeof x === "number" && x > 0 && Number.isFinite(x)))
    throw new Error(`odeint: ${name} must be a positive finite number, received ${String(v)}`);
  return x;
}

function checkTimes(ts: readonly number[] | Float64Array | tf.Tensor): number[] {
  const arr = ts instanceof tf.Tensor ? Array.from(ts.dataSync()) : Array.from(ts as ArrayLike<number>);
  if (arr.length < 2) throw new Error(`odeint: ts must hold at least 2 times, received ${arr.length}`);
  const dir = Math.sign(arr[1]! - arr[0]!);
  for (let i = 0; i < arr.length; i++) {
    if (!Number.isFinite(arr[i]!)) throw new Error(`odeint: ts[${i}] is not finite (${arr[i]})`);
    if (i > 0 && !(dir * (arr[i]! - arr[i - 1]!) > 0)) {
      throw new Error(
        `odeint: ts must be strictly monotone; ts[${i - 1}]=${arr[i - 1]} and ts[${i}]=${arr[i]}`,
      );
    }
  }
  return arr;
}

/** Wrap the user's field as a field on flat leaves, checking the shapes it returns. */
function leafField<Y extends PyTree, P extends PyTree | undefined>(
  f: NeuralField<Y, P>,
  treedef: ReturnType<typeof treeFlatten>["treedef"],
  shapes: number[][],
  params: P,
): LeafField {
  return (t, leaves) => {
    const out = f(t, treeUnflatten<Y>(treedef, leaves), params);
    const { leaves: ol } = treeFlatten(out as PyTree);
    if (ol.length !== shapes.length)
      throw new Error(`odeint: f returned ${ol.length} tensors but the state has ${shapes.length}`);
    ol.forEach((l, j) => {
      if (!tf.util.arraysEqual(l.shape, shapes[j]!)) {
        throw new Error(
          `odeint: f returned shape [${l.shape.join(", ")}] for a state of shape [${shapes[j]!.join(", ")}]`,
        );
      }
    });
    return ol;
  };
}

/** dt0 is optional; when given it must be a finite non-zero number (its sign is ignored: ts set the direction). */
function stepSize(v: number | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!(typeof v === "number" && Number.isFinite(v) && v !== 0)) {
    // NaN used to give zero steps for fixed-step methods, returning y0 at every time.
    throw new Error(`odeint: ${name} must be a finite non-zero number, received ${String(v)}`);
  }
  return v;
}

function settingsFor(o: OdeintOptions<any>, which: "forward" | "adjoint"): IntegrateSettings {
  const a = which === "adjoint" ? (o.adjointOptions ?? {}) : {};
  const method = (a as { method?: string }).method ?? o.method ?? "dopri5";
  const tableau = tensorOdeMethods.get(method);
  return {
    tableau,
    rtol: positive((a as { rtol?: number }).rtol ?? o.rtol, 1e-6, "rtol"),
    atol: positive((a as { atol?: number }).atol ?? o.atol, 1e-8, "atol"),
    dt0: stepSize((a as { dt0?: number }).dt0 ?? o.dt0, which === "adjoint" ? "adjointOptions.dt0" : "dt0"),
    maxSteps: o.maxSteps ?? 10000,
    checkFinite: o.checkFinite ?? true,
    where: which === "adjoint" ? "odeint (adjoint)" : "odeint",
  };
}

/**
 * Integrate `dy/dt = f(t, y, params)` and return the states at every time of `ts`, stacked on a leading time
 * axis (`[T, ...y.shape]`; for a pytree state, a pytree of such stacks). The first entry is `y0`.
 *
 * Gradients: inside `valueAndGrad`/`tf.variableGrads`, by default they flow through the solver steps
 * (discretise-then-optimise). With `adjoint: true` the solution is a custom op whose gradient solves the adjoint
 * system backwards between consecutive save times, restarting the state from the saved checkpoints, so memory
 * does not grow with the number of steps (optimise-then-discretise); gradients then reach `y0` and `params`.
 *
 * @example
 * ```ts
 * import { tf } from "@continuum/core-tensor";
 * import { odeint } from "@continuum/ode";
 * const A = tf.tensor2d([[0, 1], [-1, 0]]);
 * const ys = odeint((t, y) => tf.matMul(y, A), tf.tensor2d([[1, 0]]), [0, Math.PI / 2], { method: "tsit5" });
 * // ys: [2, 1, 2]; ys[1] ≈ [[0, 1]] (rotation by a quarter turn)
 * ```
 */
export function odeint<Y extends PyTree = tf.Tensor, P extends PyTree | undefined = PyTree | undefined>(
  f: NeuralField<Y, P>,
  y0: Y,
  ts: readonly number[] | Float64Array | tf.Tensor,
  options: OdeintOptions<P> = {},
): Y {
  if (typeof f !== "function") throw new TypeError("odeint: f must be a function (t, y, params) => tensor");
  const times = checkTimes(ts);
  const { leaves, treedef } = flattenState(y0 as PyTree, "odeint");
  const shapes = leaves.map((l) => l.shape);
  const forward = settingsFor(options, "forward");
  const stats: IntegrateStats = { nfev: 0, steps: 0, rejected: 0 };
  const stack = (traj: tf.Tensor[][]): tf.Tensor[] => leaves.map((_, j) => tf.stack(traj.map((s) => s[j]!)));

  if (!options.adjoint) {
    const field = leafField(f, treedef, shapes, options.params as P);
    const traj = integrateLeaves(field, leaves, times, forward, stats);
    options.onStats?.(stats);
    const stacked = stack(traj);
    tf.dispose(traj.flat());
    return treeUnflatten<Y>(treedef, stacked);
  }

  const backward = settingsFor(options, "adjoint");
  const paramLeaves = options.params === undefined ? [] : treeFlatten(options.params as PyTree).leaves;
  const paramDef = options.params === undefined ? null : treeFlatten(options.params as PyTree).treedef;
  const nY = leaves.length;
  const nP = paramLeaves.length;
  const withParams = (pl: tf.Tensor[]) =>
    paramDef ? treeUnflatten<P & PyTree>(paramDef, pl) : (undefined as P);

  // One custom op per state leaf would split the adjoint; instead the op returns all leaves concatenated flat.
  const sizes = leaves.map((l) => l.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const T = times.length;
  const op = tf.customGrad(((...args: unknown[]) => {
    const inputs = args.slice(0, nY + nP) as tf.Tensor[];
    const save = args[nY + nP] as (ts: tf.Tensor[]) => void;
    const y0l = inputs.slice(0, nY);
    const pl = inputs.slice(nY);
    const field = leafField(f, treedef, shapes, withParams(pl));
    const traj = untaped(() => integrateLeaves(field, y0l, times, forward, stats));
    options.onStats?.(stats);
    const flat = tf.tidy(() =>
      tf.stack(
        traj.map((s) =>
          tf.concat(
            s.map((l) => tf.reshape(l, [-1])),
            0,
          ),
        ),
      ),
    );
    tf.dispose(traj.flat());
    save([flat, ...pl]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [trajFlat, ...savedParams] = saved as [tf.Tensor, ...tf.Tensor[]];
      return adjointGradients(
        f,
        treedef,
        shapes,
        sizes,
        total,
        T,
        times,
        trajFlat,
        dy,
        savedParams,
        paramDef,
        backward,
      );
    };
    // gradFunc reads only the saved trajectory and parameters (and constants), so a first-order backward pass
    // never needs to re-run this forward solve, even when an input (e.g. a padded or augmented y0 built inside
    // augmentedOdeint / regularizedOdeint / cnf) has been disposed since.
    return { value: flat, gradFunc, savedOnly: true };
  }) as never) as (...xs: tf.Tensor[]) => tf.Tensor;

  const flat = op(...leaves, ...paramLeaves);
  const out = tf.tidy(() => {
    // Slices, not split: SplitV's gradient fails for a single output.
    let offset = 0;
    return sizes.map((size, j) => {
      const part = tf.slice(flat, [0, offset], [T, size]);
      offset += size;
      return tf.reshape(part, [T, ...shapes[j]!]);
    });
  });
  flat.dispose();
  return treeUnflatten<Y>(treedef, out);
}

/**
 * Run `fn` as at the top level, with no gradient recording in progress, and put the engine's tape back afterwards.
 * The forward solve of the adjoint op runs inside a kernel (tape off) or, when the engine recomputes a custom op
 * during the backward pass, at gradient depth 0; a field that takes gradients itself (a CNF's divergence, a
 * Jacobian regulariser) would then see no recorded ops (zero derivatives) or replace and drop the outer tape.
 */
function untaped<T>(fn: () => T): T {
  const state = (
    tf.engine() as unknown as { state: { activeTape: unknown; gradientDepth: number; kernelDepth: number } }
  ).state;
  const saved = { tape: state.activeTape, depth: state.gradientDepth, kernel: state.kernelDepth };
  state.gradientDepth = 0;
  state.kernelDepth = 0;
  try {
    return fn();
  } finally {
    state.activeTape = saved.tape;
    state.gradientDepth = saved.depth;
    state.kernelDepth = saved.kernel;
  }
}

function adjointGradients(
  f: NeuralField<any, any>,
  treedef: ReturnType<typeof treeFlatten>["treedef"],
  shapes: number[][],
  sizes: number[],
  total: number,
  T: number,
  times: number[],
  trajFlat: tf.Tensor,
  dy: tf.Tensor,
  params: tf.Tensor[],
  paramDef: ReturnType<typeof treeFlatten>["treedef"] | null,
  settings: IntegrateSettings,
): tf.Tensor[] {
  const nY = shapes.length;
  const unflatY = (flat: tf.Tensor) => {
    let offset = 0;
    return sizes.map((size, j) => {
      const part = tf.slice(flat, [offset], [size]);
      offset += size;
      return tf.reshape(part, shapes[j]!);
    });
  };
  // Augmented state: [y (nY leaves), a (nY leaves), aθ (nP leaves)], integrated backwards in time.
  const field: LeafField = (t, s) => {
    const y = s.slice(0, nY);
    const a = s.slice(nY, 2 * nY);
    const engine = tf.engine() as unknown as {
      state: { activeTape: unknown };
      gradients(
        fn: () => tf.Tensor,
        xs: tf.Tensor[],
        dy?: tf.Tensor,
        allowNoGradients?: boolean,
      ): { value: tf.Tensor; grads: (tf.Tensor | null)[] };
    };
    let fy: tf.Tensor[] = [];
    // This runs inside the outer backward pass, where tfjs's gradient depth is 0: a nested gradients() call would
    // reset and then drop the outer tape, so the outer tape is put back afterwards.
    const outerTape = engine.state.activeTape;
    const { value, grads } = engine.gradients(
      () => {
        const yl = y;
        const pl = params;
        const out = f(t, treeUnflatten(treedef, yl), paramDef ? treeUnflatten(paramDef, pl) : undefined);
        fy = treeFlatten(out).leaves.map((l) => tf.keep(l.clone()));
        let acc: tf.Tensor = tf.scalar(0);
        treeFlatten(out).leaves.forEach((l, j) => {
          acc = tf.add(acc, tf.sum(tf.mul(l, a[j]!)));
        });
        return acc;
      },
      [...y, ...params],
      undefined,
      true,
    );
    engine.state.activeTape = outerTape;
    value.dispose();
    const g = grads.map((gi, i) => gi ?? tf.zerosLike(i < nY ? y[i]! : params[i - nY]!));
    // dy/dt = f, da/dt = -aᵀ∂f/∂y, daθ/dt = -aᵀ∂f/∂θ.
    const out = [...fy.map((x) => tf.clone(x)), ...g.map((x) => tf.neg(x))];
    tf.dispose([...g, ...fy]);
    return out;
  };
  return tf.tidy(() => {
    let a = unflatY(tf.reshape(tf.slice(dy, [T - 1, 0], [1, total]), [total]));
    let aTheta = params.map((p) => tf.zerosLike(p));
    const stats = { nfev: 0, steps: 0, rejected: 0 };
    for (let i = T - 1; i > 0; i--) {
      // Restart y from the checkpoint saved at ts[i]: no drift from integrating the forward ODE backwards.
      const yi = unflatY(tf.reshape(tf.slice(trajFlat, [i, 0], [1, total]), [total]));
      const traj = integrateLeaves(
        field,
        [...yi, ...a, ...aTheta],
        [times[i]!, times[i - 1]!],
        settings,
        stats,
      );
      const end = traj[1]!;
      const dyPrev = unflatY(tf.reshape(tf.slice(dy, [i - 1, 0], [1, total]), [total]));
      a = end.slice(nY, 2 * nY).map((x, j) => tf.add(x, dyPrev[j]!));
      aTheta = end.slice(2 * nY);
    }
    return [...a, ...aTheta];
  });
}
