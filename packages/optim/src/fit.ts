import { type PyTree, tf, treeDispose, valueAndGrad } from "@continuum/core-tensor";
import { applyUpdates } from "./apply-updates.js";
import { checkOptionNames, flat, nonNegative, positiveInt } from "./internal/tree.js";
import type { GradientTransformation } from "./types.js";

/** What a {@link fit} callback sees after each step. */
export interface FitStepInfo {
  /** 0-based index of the step just taken. */
  readonly step: number;
  /** Loss at the parameters before this step's update. */
  readonly loss: number;
  /** Global gradient norm at those parameters. */
  readonly gradNorm: number;
  readonly bestLoss: number;
  readonly elapsedMs: number;
}

/** A per-step callback; return `"stop"` (or `true`) to end training with status `'stopped'`. */
// biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
export type FitCallback = (info: FitStepInfo) => void | boolean | "stop";

/** Options of {@link fit}. */
export interface FitOptions<P extends PyTree> {
  /** Scalar loss of the parameters (called inside a tape; `step` lets it resample collocation points). */
  loss: (params: P, step: number) => tf.Tensor;
  /** A pytree of `tf.Variable`s, updated in place. */
  params: P;
  optimizer: GradientTransformation<any>;
  /** Maximum number of optimiser steps. */
  steps: number;
  /** Resume from this optimiser state (consumed); default `optimizer.init(params)`. */
  state?: unknown;
  callbacks?: FitCallback | readonly FitCallback[];
  /** Stop after `patience` steps without a loss improvement larger than `minDelta` (default off). */
  earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean };
  /** Stop with status `'converged'` once the loss is at or below this. */
  targetLoss?: number;
  /**
   * Stop as diverged when the loss exceeds the best loss by more than `(maxLossRatio − 1)·|bestLoss|`, i.e.
   * `maxLossRatio·bestLoss` for positive losses (default ∞: only NaN/Inf count).
   */
  maxLossRatio?: number;
  /** Throw an Error instead of returning status `'diverged'`. */
  throwOnDivergence?: boolean;
}

/** Outcome of {@link fit}. */
export interface FitResult<S = unknown> {
  readonly status: "completed" | "converged" | "early-stopped" | "diverged" | "stopped";
  readonly message: string;
  /** Number of updates applied to the parameters. */
  readonly steps: number;
  /** Loss before each step (length = steps taken, including a final non-finite one). */
  readonly losses: number[];
  readonly bestLoss: number;
  readonly bestStep: number;
  /** The optimiser state after the last applied update (owned by the caller: {@link disposeState}). */
  readonly state: S;
}

const DIVERGENCE_HINT =
  "lower the learning rate, add clipByGlobalNorm(1) to the chain, or check the loss for log(0), division by zero or overflow";

function snapshot(leaves: tf.Tensor[]): tf.Tensor[] {
  return leaves.map((l) => tf.clone(l));
}

/**
 * Train: repeatedly evaluate `loss` and its gradient at `params` (a pytree of `tf.Variable`), pass the gradient
 * through `optimizer` and assign the updated values in place. Each step reads the loss and gradient norm back
 * (one sync). A NaN/Inf loss or gradient (or a loss above `maxLossRatio·best`) stops training with status
 * `'diverged'`, restores the last parameters whose loss was finite, and explains in `message`. Early stopping,
 * a target loss and callbacks can end it sooner.
 * @example
 * ```ts
 * const x = tf.variable(tf.tensor1d([3, -2]));
 * const r = fit({ loss: (p) => tf.sum(tf.square(p.x)), params: { x }, optimizer: adam(0.1), steps: 200 });
 * r.status; // 'completed'; x is now close to [0, 0]
 * ```
 */
export function fit<P extends PyTree, S = unknown>(options: FitOptions<P>): FitResult<S> {
  const where = "fit";
  checkOptionNames(
    options,
    [
      "loss",
      "params",
      "optimizer",
      "steps",
      "state",
      "callbacks",
      "earlyStopping",
      "targetLoss",
      "maxLossRatio",
      "throwOnDivergence",
    ],
    where,
    ["throwOnDivergence"],
  );
  const { loss, params, optimizer } = options;
  if (typeof loss !== "function")
    throw new Error(`${where}: options.loss must be a function, received ${typeof loss}`);
  if (optimizer == null || typeof optimizer.update !== "function")
    throw new Error(
      `${where}: options.optimizer must be a GradientTransformation, received ${String(optimizer)}`,
    );
  const steps = positiveInt(options.steps, "options.steps", where);
  const { leaves } = flat(params, where);
  leaves.forEach((l, i) => {
    if (!(l instanceof tf.Variable))
      throw new Error(
        `${where}: options.params leaf ${i} must be a tf.Variable (received a ${l.constructor.name})`,
      );
  });
  const callbacks =
    options.callbacks == null
      ? []
      : Array.isArray(options.callbacks)
        ? options.callbacks
        : [options.callbacks];
  // checked before any step: a non-function used to throw "cb is not a function" after the first update
  callbacks.forEach((cb, i) => {
    if (typeof cb !== "function")
      throw new Error(
        `${where}: options.callbacks${Array.isArray(options.callbacks) ? `[${i}]` : ""} must be a function, received ${typeof cb}`,
      );
  });
  // A NaN maxLossRatio or targetLoss used to disable the check silently, a ratio below 1 flagged the first
  // non-improving step (or, negative, step 0) as diverged, a NaN minDelta early-stopped after `patience` steps
  // whatever the loss did and a negative one never did.
  const maxRatio = options.maxLossRatio ?? Number.POSITIVE_INFINITY;
  if (!(maxRatio >= 1))
    throw new Error(`${where}: options.maxLossRatio must be a number >= 1, received ${String(maxRatio)}`);
  if (
    options.targetLoss !== undefined &&
    (typeof options.targetLoss !== "number" || Number.isNaN(options.targetLoss))
  )
    throw new Error(`${where}: options.targetLoss must be a number, received ${String(options.targetLoss)}`);
  const es = options.earlyStopping;
  if (es) {
    checkOptionNames(
      es,
      ["patience", "minDelta", "restoreBest"],
      where,
      ["restoreBest"],
      "options.earlyStopping",
    );
    positiveInt(es.patience, "options.earlyStopping.patience", where);
    if (es.minDelta !== undefined) nonNegative(es.minDelta, "options.earlyStopping.minDelta", where);
  }

  let step = 0;
  let state = (options.state ?? optimizer.init(params)) as S;
  const vg = valueAndGrad((p: P) => loss(p, step) as tf.Scalar);
  const losses: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestStep = -1;
  let bestSnap: tf.Tensor[] | null = null;
  let prev: tf.Tensor[] | null = null; // parameters of the last step whose loss was finite
  let applied = 0;
  let status: FitResult["status"] = "completed";
  let message = `completed ${steps} steps`;
  const t0 = performance.now();
  const restore = (snap: tf.Tensor[]) => {
    leaves.forEach((v, i) => {
      (v as tf.Variable).assign(snap[i]!);
    });
  };

  try {
    for (step = 0; step < steps; step++) {
      const { value, grad } = vg(params);
      const stats = tf.tidy(() => {
        const g = flat(grad, where).leaves;
        const sq = g.map((x) => tf.sum(tf.square(x)));
        return tf.stack([tf.reshape(value, []), sq.length === 1 ? sq[0]! : tf.addN(sq)]);
      });
      const [lossV, gsq] = stats.dataSync() as unknown as [number, number];
      stats.dispose();
      value.dispose();
      const gradNorm = Math.sqrt(gsq);
      losses.push(lossV);
      const finite = Number.isFinite(lossV) && Number.isFinite(gradNorm);
      // "exceeds maxLossRatio·best" measured on |best| so that it also means "worse" for negative losses
      // (log-likelihoods, shifted objectives): lossV > ratio·best flagged every improving step below 0 as diverged
      const exploded = best < Number.POSITIVE_INFINITY && lossV > best + (maxRatio - 1) * Math.abs(best);
      if (!finite || exploded) {
        treeDispose(grad);
        const what = !Number.isFinite(lossV)
          ? `loss became ${lossV}`
          : !Number.isFinite(gradNorm)
            ? `gradient norm became ${gradNorm} (loss ${lossV})`
            : `loss ${lossV.toExponential(3)} exceeded the best loss ${best.toExponential(3)} by more than (maxLossRatio − 1)·|best| = ${((maxRatio - 1) * Math.abs(best)).toExponential(3)}`;
        status = "diverged";
        if (prev && !Number.isFinite(lossV)) {
          restore(prev);
          message = `${what} at step ${step}; parameters restored to step ${step - 1} (loss ${losses[step - 1]!.toExponential(3)}). Hint: ${DIVERGENCE_HINT}`;
        } else {
          message = `${what} at step ${step}; parameters are those of step ${step}${step === 0 ? " (the initial ones)" : ""}. Hint: ${DIVERGENCE_HINT}`;
        }
        if (options.throwOnDivergence) throw new Error(`${where}: ${message}`);
        break;
      }
      if (lossV < best - (es?.minDelta ?? 0) || bestStep < 0) {
        best = Math.min(best, lossV);
        bestStep = step;
        if (es?.restoreBest) {
          if (bestSnap) treeDispose(bestSnap);
          bestSnap = snapshot(leaves);
        }
      } else if (lossV < best) best = lossV;
      if (options.targetLoss !== undefined && lossV <= options.targetLoss) {
        treeDispose(grad);
        status = "converged";
        message = `loss ${lossV.toExponential(3)} reached the target ${options.targetLoss} at step ${step}`;
        break;
      }
      if (prev) treeDispose(prev);
      prev = snapshot(leaves);
      const r = optimizer.update(grad, state, params, { loss: lossV });
      state = r.state as S;
      applyUpdates(params, r.updates);
      treeDispose(grad);
      treeDispose(r.updates);
      applied++;
      let stop = false;
      const info: FitStepInfo = {
        step,
        loss: lossV,
        gradNorm,
        bestLoss: best,
        elapsedMs: performance.now() - t0,
      };
      for (const cb of callbacks) {
        const v = cb(info);
        if (v === true || v === "stop") stop = true;
      }
      if (stop) {
        status = "stopped";
        message = `stopped by a callback after step ${step}`;
        break;
      }
      if (es && step - bestStep >= es.patience) {
        status = "early-stopped";
        if (es.restoreBest && bestSnap) restore(bestSnap);
        message = `no improvement larger than ${es.minDelta ?? 0} for ${es.patience} steps; best loss ${best.toExponential(3)} at step ${bestStep}${es.restoreBest ? " (parameters restored to it)" : ""}`;
        break;
      }
    }
  } finally {
    if (prev) treeDispose(prev);
    if (bestSnap) treeDispose(bestSnap);
  }
  return { status, message, steps: applied, losses, bestLoss: best, bestStep, state };
}
