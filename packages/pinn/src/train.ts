import { type PyTree, tf, treeDispose, treeLeaves, treeNorm, valueAndGrad } from "@continuum/core-tensor";
import type { SamplingMethod } from "./geometry/sampling.js";
import { adam, disposeState, type GradientTransformation, minimize, multiTransform } from "@continuum/optim";
import { saveCheckpoint } from "./checkpoint.js";
import type { Problem } from "./pde.js";
import type { Points } from "./points.js";
import type { ConditionBatch } from "./conditions/condition.js";
import { type CausalOptions, causalWeights, checkCausal } from "./training/causal.js";
import {
  type Batch,
  conditionVector,
  disposeBatch,
  makeBatch,
  makeField,
  makeTaylor,
  type NetworkLike,
  type PlanSlot,
  residualVectors,
} from "./training/loss.js";
import { adaptPoints, type ResampleOptions } from "./training/resampling.js";
import { createConstantCache } from "./training/constant-cache.js";
import {
  balancedWeights,
  checkWeighting,
  selfAdaptiveMask,
  selfAdaptiveUpdate,
  type Weighting,
} from "./training/weighting.js";

/** One phase of the training schedule. */
export interface Phase {
  /**
   * An optax-style `GradientTransformation` (e.g. `adam(1e-3)` from `@continuum/optim`), `"adam"` (Adam with
   * `lr`, default 1e-3) or `"lbfgs"` (full-batch L-BFGS on the current points; `steps` = iterations).
   */
  optimizer: GradientTransformation<any> | "adam" | "lbfgs";
  steps: number;
  /** Learning rate of `"adam"` (constant or a schedule of the phase's step count). */
  lr?: number | ((step: number) => number);
  /** L-BFGS history size (default 20). */
  history?: number;
  /**
   * L-BFGS only (default false): when L-BFGS stops before `steps` iterations because its line search fails (in
   * float32 this happens near a minimum, long before the iterations run out), draw fresh collocation points (the
   * next block of the Sobol sequence with the default `sampling: "sobol"`, else as uniform resampling does) and
   * condition points (unless `resample.conditions` is false), and continue on them until the phase's `steps`
   * are used, instead of ending early (the inverse Burgers benchmark continues
   * its L-BFGS phase this way). Each draw is its own quadrature of the residual and moves the minimum a little,
   * so the points should be many enough for one draw to resolve the solution. The phase ends early after two
   * redraws in a row without an iteration. `result.redraws` counts the redraws.
   */
  redrawOnStall?: boolean;
  /**
   * Learning rate of the problem's unknown coefficients (`trainable(…)` parameters) in an `"adam"` phase (constant
   * or a schedule of the phase's step count; default `lr`). In inverse problems the unknowns should track the
   * value the current network implies; with a decaying network learning rate they can fall behind and dominate
   * the run time (Adam moves each leaf at most about `lr` per step).
   */
  parameterLr?: number | ((step: number) => number);
}

/** Progress information handed to `onStep` and kept in the history. */
export interface StepInfo {
  step: number;
  phase: number;
  loss: number;
  /** Unweighted loss terms by name. */
  terms: Record<string, number>;
  /** Current term weights. */
  weights: Record<string, number>;
  /** PDE parameter values (identified unknowns included). */
  parameters: Record<string, number>;
  /** Mean self-adaptive point weight m(λ) per weighted term (`weighting: { method: "selfAdaptive" }` only). */
  meanPointWeights?: Record<string, number>;
  /** Current causality parameter and smallest causal weight (causal training only). */
  epsilon?: number;
  minCausalWeight?: number;
  elapsedMs: number;
}

/** Options of {@link train}. */
export interface TrainOptions {
  schedule: Phase[];
  /** Collocation points of the PDE residual (default 1024). */
  collocation?: number;
  /**
   * Start from these collocation points instead of sampling `collocation` of them, e.g. `result.collocation` of a
   * previous run (keeps the points RAR added when training continues in another phase or call). Resampling still
   * redraws `collocation` points.
   */
  collocationPoints?: Points;
  /** Points per condition, by loss-term name (default: each condition's own count). */
  points?: Record<string, number>;
  /** Sampling of collocation and condition points (default "sobol"). */
  sampling?: SamplingMethod;
  resample?: ResampleOptions;
  weighting?: Weighting;
  /** Fixed initial weights by loss-term name (multiplied by each condition's `weight`). */
  weights?: Record<string, number>;
  /** Causal training for space-time problems (Wang, Sankaran & Perdikaris 2022). */
  causal?: CausalOptions;
  seed?: number;
  /** Record history and call `onStep` every `logEvery` steps (default 100). */
  logEvery?: number;
  /** Progress callback; return `false` to stop. */
  onStep?: (info: StepInfo) => boolean | undefined;
  /** Keep an in-memory copy of the parameters every `checkpointEvery` steps (default 100). */
  checkpointEvery?: number;
  /**
   * Also write checkpoints to this safetensors file (see `saveCheckpoint` / `loadCheckpoint`): at the start, every
   * `checkpointEvery` Adam steps, at the end of each L-BFGS phase and at the end of the run (after a divergence: the
   * restored last good parameters).
   */
  checkpointPath?: string;
  /**
   * Replace an existing file at `checkpointPath` (default false: `train` refuses to start rather than overwrite the
   * checkpoint of an earlier run; pass true to continue in the file you resumed from).
   */
  overwriteCheckpoint?: boolean;
  /** Treat `loss > divergenceFactor × best loss` as divergence (a finite number >= 1; default: only NaN/Infinity). */
  divergenceFactor?: number;
  /** Throw instead of returning a `diverged` status. */
  throwOnDivergence?: boolean;
  /** Yield to the event loop every `yieldEvery` steps (browsers; default 0 = never). */
  yieldEvery?: number;
  /**
   * Derivative engine: `"auto"` (default) uses Taylor mode (core-tensor `jet`, one forward pass for every planned
   * derivative) when the network has `applyJet` and the output transform (if any) comes from `hardConstraint`,
   * nested `grad` otherwise.
   */
  derivatives?: "auto" | "nested-grad";
}

/** Outcome of {@link train}. The network's (and the problem's trainable) variables are updated in place. */
export interface TrainResult {
  status: "completed" | "stopped" | "diverged";
  message: string;
  steps: number;
  loss: number;
  terms: Record<string, number>;
  weights: Record<string, number>;
  parameters: Record<string, number>;
  history: StepInfo[];
  elapsedMs: number;
  /** Mean wall time of an Adam step (ms). */
  msPerStep: number;
  /** Final collocation points (grown by RAR, redrawn by RAD). */
  collocation: Points;
  /** Collocation redraws by L-BFGS phases with `redrawOnStall`. */
  redraws: number;
  /** Self-adaptive point weights m(λ) by loss-term name (`weighting: { method: "selfAdaptive" }` only). */
  pointWeights?: Record<string, Float64Array>;
  /** Last good parameters (network leaves, PDE unknowns, then transform variables, in `treeLeaves` order). */
  checkpoint: { step: number; values: Float32Array[] };
}

function positiveInt(v: unknown, name: string): number {
  if (!Number.isInteger(v) || (v as number) < 1)
    throw new Error(`train: ${name} must be a positive integer, received ${String(v)}`);
  return v as number;
}

/**
 * Train a PINN: minimise `Σₖ λₖ Lₖ` over the network parameters and the problem's unknown coefficients, where the
 * terms are the mean squared PDE residual(s) on collocation points and each condition's mean squared residual.
 * Runs the phases of `schedule` in order (Adam steps with optional resampling, then L-BFGS), with optional
 * gradient-norm or NTK loss balancing (jaxpi) or self-adaptive per-point weights (SA-PINN: ascended during Adam
 * phases, frozen during L-BFGS, reset when points are redrawn), causal weights in time, RAR/RAD adaptive
 * collocation, NaN/blow-up detection (restores the last good checkpoint and reports the step and the offending term)
 * and a progress callback.
 * @example
 * ```ts
 * const net = mlp({ inputs: 1, hidden: [20, 20], outputs: 1, seed: 0 });
 * const result = await train(problem, net, { schedule: [{ optimizer: "adam", lr: 1e-2, steps: 500 }] });
 * result.loss; // small
 * ```
 */
export async function train(
  problem: Problem,
  network: NetworkLike,
  options: TrainOptions,
): Promise<TrainResult> {
  if (!problem || typeof problem.residual !== "function" || !problem.geometry)
    throw new TypeError("train: problem must come from pde({ … })");
  if (!network || typeof network.apply !== "function" || network.params === undefined)
    throw new TypeError("train: network must be a module { params, apply(params, x) } (e.g. mlp({ … }))");
  if (!options || !Array.isArray(options.schedule) || options.schedule.length === 0)
    throw new Error("train: options.schedule must be a non-empty array of { optimizer, steps }");
  options.schedule.forEach((p, i) => {
    if (
      !p ||
      !(
        p.optimizer === "adam" ||
        p.optimizer === "lbfgs" ||
        (typeof p.optimizer === "object" && typeof p.optimizer.update === "function")
      )
    )
      throw new Error(
        `train: schedule[${i}].optimizer must be 'adam', 'lbfgs' or a GradientTransformation, received ${String(p?.optimizer)}`,
      );
    if (
      p.parameterLr !== undefined &&
      !(typeof p.parameterLr === "function" || (Number.isFinite(p.parameterLr) && p.parameterLr > 0))
    )
      throw new Error(
        `train: schedule[${i}].parameterLr must be a positive number or a schedule, received ${String(p.parameterLr)}`,
      );
    if (p.redrawOnStall !== undefined && typeof p.redrawOnStall !== "boolean")
      throw new Error(
        `train: schedule[${i}].redrawOnStall must be a boolean, received ${String(p.redrawOnStall)}`,
      );
    if (p.redrawOnStall && p.optimizer !== "lbfgs")
      throw new Error(`train: schedule[${i}].redrawOnStall applies to 'lbfgs' phases only`);
    if (!Number.isInteger(p.steps) || p.steps < 0)
      throw new Error(`train: schedule[${i}].steps must be an integer >= 0, received ${String(p.steps)}`);
    if (
      p.lr !== undefined &&
      !(typeof p.lr === "function" || (typeof p.lr === "number" && Number.isFinite(p.lr) && p.lr > 0))
    )
      throw new Error(
        `train: schedule[${i}].lr must be a positive number or a schedule (step) => number, received ${String(p.lr)}`,
      );
    if (p.lr !== undefined && p.optimizer !== "adam")
      throw new Error(
        `train: schedule[${i}].lr applies to optimizer 'adam' only (a GradientTransformation carries its own learning rate; L-BFGS uses a line search)`,
      );
    if (p.history !== undefined && (!Number.isInteger(p.history) || p.history < 1))
      throw new Error(
        `train: schedule[${i}].history (L-BFGS memory) must be a positive integer, received ${String(p.history)}`,
      );
  });
  const g = problem.geometry;
  const seed = options.seed ?? 0;
  const method = options.sampling ?? "sobol";
  if (!["uniform", "sobol", "lhs"].includes(method))
    throw new Error(`train: sampling must be 'uniform', 'sobol' or 'lhs', received '${String(method)}'`);
  if (
    options.checkpointPath !== undefined &&
    (typeof options.checkpointPath !== "string" || !options.checkpointPath)
  )
    throw new Error(
      `train: checkpointPath must be a non-empty file path, received ${String(options.checkpointPath)}`,
    );
  const nColl = positiveInt(options.collocation ?? 1024, "collocation");
  const factor = options.divergenceFactor;
  if (factor !== undefined && !(typeof factor === "number" && Number.isFinite(factor) && factor >= 1))
    throw new Error(
      `train: divergenceFactor must be a finite number >= 1 (loss > divergenceFactor × best loss is divergence), received ${String(factor)}`,
    );
  const logEvery = positiveInt(options.logEvery ?? 100, "logEvery");
  const checkpointEvery = positiveInt(options.checkpointEvery ?? 100, "checkpointEvery");
  const weighting = checkWeighting(options.weighting);
  const causal = options.causal ? checkCausal(options.causal) : null;
  if (causal && !g.timeDependent)
    throw new Error(
      `train: causal training needs a space-time geometry (product(space, timeDomain(t0, t1))), received '${g.kind}'`,
    );
  const resample = options.resample;
  if (resample) {
    positiveInt(resample.every, "resample.every");
    if (resample.method !== undefined && !["uniform", "rar", "rad"].includes(resample.method))
      throw new Error(
        `train: resample.method must be 'uniform', 'rar' or 'rad', received '${resample.method}'`,
      );
    if (resample.candidates !== undefined) positiveInt(resample.candidates, "resample.candidates");
    if (resample.add !== undefined) positiveInt(resample.add, "resample.add");
    for (const key of ["k", "c"] as const) {
      const v = resample[key];
      if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v >= 0))
        throw new Error(`train: resample.${key} must be a finite number >= 0, received ${String(v)}`);
    }
  }

  // Check the network against the problem on two points.
  tf.tidy(() => {
    const probe = tf.tensor2d(Float32Array.from(g.sampleInterior(2, { method: "uniform", seed }).data), [
      2,
      g.dim,
    ]);
    let y: tf.Tensor;
    try {
      y = network.apply(network.params, probe);
    } catch (e) {
      throw new Error(
        `train: the network failed on inputs [N, ${g.dim}] (variables ${g.vars.join(", ")}): ${(e as Error).message}`,
      );
    }
    const m = y.rank === 1 ? 1 : y.shape[1];
    if (m !== problem.outputs.length)
      throw new Error(
        `train: the network has ${m} outputs but the problem has ${problem.outputs.length} (${problem.outputs.join(", ")})`,
      );
  });

  // Points.
  const given = options.collocationPoints;
  if (
    given !== undefined &&
    (!given || !(given.data instanceof Float64Array) || given.dim !== g.dim || given.n < 1)
  )
    throw new Error(
      `train: collocationPoints must be a non-empty Points set of dim ${g.dim}, received ${given ? `n = ${given.n}, dim = ${given.dim}` : String(given)}`,
    );
  if (given) {
    const bad = given.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new Error(
        `train: collocationPoints row ${Math.floor(bad / g.dim)} has coordinate ${bad % g.dim} = ${given.data[bad]}; coordinates must be finite`,
      );
  }
  let collocation = given ?? g.sampleInterior(nColl, { method, seed });
  for (const name of Object.keys(options.points ?? {}))
    if (!problem.conditionNames.includes(name))
      throw new Error(
        `train: points.${name} names no condition; conditions are ${problem.conditionNames.join(", ") || "(none)"} (set the collocation count with options.collocation)`,
      );
  const condCount = problem.conditions.map((c, i) => {
    const name = problem.conditionNames[i]!;
    const n = options.points?.[name] ?? c.count;
    return positiveInt(n, `points.${name}`);
  });
  const sampleConditionPoints = (i: number, round: number): ConditionBatch => {
    const c = problem.conditions[i]!;
    const b = c.sample(g, condCount[i]!, { method, seed: seed + 1009 * (i + 1) + 7919 * round });
    if (b.points.n === 0)
      throw new Error(
        `train: condition '${problem.conditionNames[i]}' has no sampled points; check its region`,
      );
    return b;
  };
  const sampleCondition = (i: number, round: number): Batch => {
    const b = sampleConditionPoints(i, round);
    return makeBatch(b.points, b.data);
  };
  // Tensors of the batches are made just before the training loop (whose `finally` disposes them), after every
  // check that can throw.
  const firstConditionPoints = problem.conditions.map((_, i) => sampleConditionPoints(i, 0));
  let residualBatch: Batch = undefined as unknown as Batch;
  let condBatches: Batch[] = [];

  // Causal chunk matrix S [N, M]: S[i, j] = 1/|chunk j| when point i is in chunk j.
  let chunkMatrix = null as tf.Tensor | null;
  const buildChunks = (p: Points) => {
    chunkMatrix?.dispose();
    if (!causal) return;
    const t0 = g.bbox.min[g.dim - 1]!;
    const t1 = g.bbox.max[g.dim - 1]!;
    const M = causal.chunks;
    const which = new Int32Array(p.n);
    const counts = new Float64Array(M);
    for (let i = 0; i < p.n; i++) {
      const t = p.data[i * p.dim + p.dim - 1]!;
      which[i] = Math.min(M - 1, Math.max(0, Math.floor(((t - t0) / (t1 - t0)) * M)));
      counts[which[i]!]!++;
    }
    const S = new Float32Array(p.n * M);
    for (let i = 0; i < p.n; i++) S[i * M + which[i]!] = 1 / counts[which[i]!]!;
    chunkMatrix = tf.tensor2d(S, [p.n, M]);
  };
  let epsIndex = 0;
  let lastCausal = null as Float64Array | null;

  // Term names (probe the residual once on a few points to learn how many equations there are).
  const residualNames = tf.tidy(() => {
    const x = tf.tensor2d(
      Float32Array.from(collocation.data.subarray(0, Math.min(4, collocation.n) * g.dim)),
      [Math.min(4, collocation.n), g.dim],
    );
    const params = problem.parameters.materialize();
    return residualVectors(problem, makeField(problem, network, network.params), x, params).names;
  });
  const names = [...residualNames, ...problem.conditionNames];
  const K = names.length;
  const R = residualNames.length;
  const baseWeights = new Float64Array(K).fill(1);
  for (const [k, w] of Object.entries(options.weights ?? {})) {
    const i = names.indexOf(k);
    if (i < 0) throw new Error(`train: weights.${k} names no loss term; terms are ${names.join(", ")}`);
    if (!(w >= 0) || !Number.isFinite(w))
      throw new Error(`train: weights.${k} must be a finite number >= 0, received ${w}`);
    baseWeights[i] = w;
  }
  problem.conditions.forEach((c, i) => {
    baseWeights[R + i]! *= c.weight;
  });
  const adaptive = new Float64Array(K).fill(1);
  // Self-adaptive (SA-PINN) per-point weights λₖ, and the squared residuals rₖ² of the last evaluation.
  const sa = weighting.selfAdaptive;
  if (sa?.terms)
    for (const t of sa.terms)
      if (!names.includes(t))
        throw new Error(
          `train: weighting.terms names '${t}', not a loss term; terms are ${names.join(", ")}`,
        );
  const saOn = (k: number) => sa !== null && (sa.terms === null || sa.terms.includes(names[k]!));
  const saLambda: (Float64Array | null)[] = new Array(K).fill(null);
  const saSquares: (Float32Array | null)[] = new Array(K).fill(null);
  // Weight the per-point squares of term k by m(λₖ) (constants for the network gradient) and remember rₖ².
  const saWeighted = (k: number, sq: tf.Tensor): tf.Tensor => {
    if (!saOn(k)) return sq;
    const flat = tf.reshape(sq, [-1]);
    const n = flat.shape[0]!;
    if (saLambda[k]?.length !== n) saLambda[k] = new Float64Array(n).fill(sa!.init);
    saSquares[k] = flat.dataSync() as Float32Array;
    const w = tf.tensor1d(Float32Array.from(selfAdaptiveMask(saLambda[k]!, sa!.mask)));
    return tf.reshape(tf.mul(w, flat), sq.shape);
  };
  const currentWeights = () => baseWeights.map((w, i) => w * adaptive[i]!);

  // The output transform's own variables (enrichment coefficients) are read by the transform itself: being leaves
  // of the tree they get gradients and optimiser updates like the network's.
  const tree = {
    net: network.params,
    pde: problem.parameters.variables,
    ...(problem.transform?.variables ? { transform: problem.transform.variables } : {}),
  } as unknown as PyTree;
  const leaves = treeLeaves(tree) as tf.Variable[];

  // Parameter-free terms of the output transform (distance factor, enrichment basis, their derivatives) per batch.
  const constants = createConstantCache();

  // Derivative plans per term (learnt on the first batch; then computed in one Taylor-mode pass when possible).
  const residualSlot: PlanSlot = {};
  const condSlots: PlanSlot[] = problem.conditions.map(() => ({}));

  // Loss terms (only those in `which`) as scalars.
  const computeTerms = (t: PyTree, which: (k: number) => boolean): (tf.Scalar | null)[] => {
    const tt = t as unknown as { net: PyTree; pde: Record<string, tf.Tensor> };
    const params = problem.parameters.materialize(tt.pde);
    const field = makeField(problem, network, tt.net);
    const taylor =
      options.derivatives === "nested-grad" ? undefined : makeTaylor(problem, network, tt.net, constants);
    const out: (tf.Scalar | null)[] = new Array(K).fill(null);
    let needResidual = false;
    for (let k = 0; k < R; k++) if (which(k)) needResidual = true;
    if (needResidual) {
      const res = residualVectors(problem, field, residualBatch.x, params, { taylor, slot: residualSlot });
      if (res.values.length !== R)
        throw new Error(
          `train: the residual returned ${res.values.length} equations, then ${R}; it must be consistent`,
        );
      if (causal && chunkMatrix) {
        const chunkLosses = res.values.map((r, k) =>
          tf.reshape(tf.matMul(tf.reshape(saWeighted(k, tf.square(r)), [1, -1]), chunkMatrix!), [-1]),
        );
        const total = chunkLosses.reduce((a, b) => tf.add(a, b));
        // The weights are constants: read them (stop-gradient) from the current chunk losses.
        const chunkTotals = total.dataSync();
        // A non-finite chunk loss makes the loss non-finite: divergence detection reports it after this step.
        lastCausal = chunkTotals.every(Number.isFinite)
          ? causalWeights(chunkTotals, causal.epsilons[epsIndex]!)
          : new Float64Array(chunkTotals.length).fill(1);
        const w = tf.tensor1d(Float32Array.from(lastCausal));
        chunkLosses.forEach((cl, k) => {
          if (which(k)) out[k] = tf.mean(tf.mul(w, cl)) as tf.Scalar;
        });
      } else {
        res.values.forEach((r, k) => {
          if (which(k)) out[k] = tf.mean(saWeighted(k, tf.square(r))) as tf.Scalar;
        });
      }
    }
    problem.conditions.forEach((c, i) => {
      if (!which(R + i)) return;
      const r = conditionVector(problem, c, field, condBatches[i]!, params, problem.conditionNames[i]!, {
        taylor,
        slot: condSlots[i],
      });
      out[R + i] = tf.mean(saWeighted(R + i, tf.square(r))) as tf.Scalar;
    });
    return out;
  };

  let termValues = null as tf.Tensor | null;
  const totalLoss = (t: PyTree): tf.Scalar => {
    const terms = computeTerms(t, () => true) as tf.Scalar[];
    const stacked = tf.stack(terms);
    termValues?.dispose();
    termValues = tf.keep(stacked.clone());
    const w = tf.tensor1d(Float32Array.from(currentWeights()));
    return tf.sum(tf.mul(w, stacked)) as tf.Scalar;
  };

  // Adaptive weights.
  const updateWeights = () => {
    const mags = new Float64Array(K);
    if (weighting.method === "gradNorm") {
      for (let k = 0; k < K; k++) {
        const { value, grad } = valueAndGrad((t: PyTree) => computeTerms(t, (j) => j === k)[k]!)(tree);
        const nrm = treeNorm(grad);
        mags[k] = nrm.dataSync()[0]!;
        nrm.dispose();
        value.dispose();
        treeDispose(grad);
      }
    } else {
      // NTK trace per term: mean over sampled points of ‖∇θ rₖ(xᵢ)‖².
      const termVector = (t: PyTree, k: number): tf.Tensor => {
        const tt = t as unknown as { net: PyTree; pde: Record<string, tf.Tensor> };
        const params = problem.parameters.materialize(tt.pde);
        const field = makeField(problem, network, tt.net);
        if (k < R) return residualVectors(problem, field, residualBatch.x, params).values[k]!;
        const i = k - R;
        return tf.reshape(
          conditionVector(problem, problem.conditions[i]!, field, condBatches[i]!, params, names[k]!),
          [-1],
        );
      };
      for (let k = 0; k < K; k++) {
        const size = k < R ? residualBatch.points.n : Math.max(1, condBatches[k - R]!.points.n);
        let acc = 0;
        const s = Math.min(weighting.samples, size);
        for (let j = 0; j < s; j++) {
          const idx = Math.floor(((j + 0.5) / s) * size) % size;
          const { value, grad } = valueAndGrad((t: PyTree) => {
            const v = termVector(t, k);
            return tf.sum(tf.slice(v, [Math.min(idx, v.shape[0]! - 1)], [1])) as tf.Scalar;
          })(tree);
          const nrm = treeNorm(grad);
          acc += nrm.dataSync()[0]! ** 2;
          nrm.dispose();
          value.dispose();
          treeDispose(grad);
        }
        mags[k] = acc / s;
      }
    }
    const hat = balancedWeights(mags);
    for (let k = 0; k < K; k++)
      adaptive[k] = weighting.alpha * adaptive[k]! + (1 - weighting.alpha) * hat[k]!;
  };

  // Resampling.
  let resampleRound = 0;
  // `sobolBlocks` (L-BFGS redraws): with Sobol sampling, a uniform redraw takes the next block of nColl points of
  // the sequence instead of pseudo-random ones, a finer quadrature of the residual.
  const doResample = (
    kind: "uniform" | "rar" | "rad" = resample?.method ?? "uniform",
    sobolBlocks = false,
  ) => {
    resampleRound++;
    let next: Points;
    if (kind === "uniform" && sobolBlocks && method === "sobol") {
      next = g.sampleInterior(nColl, { method: "sobol", seed: seed + nColl * resampleRound });
    } else if (kind === "uniform") {
      next = g.sampleInterior(nColl, {
        method: method === "sobol" ? "uniform" : method,
        seed: seed + 104729 * resampleRound,
      });
    } else {
      const nCand = resample!.candidates ?? 4 * nColl;
      const cand = g.sampleInterior(nCand, { method: "uniform", seed: seed + 104729 * resampleRound });
      const mag = new Float64Array(cand.n);
      const chunk = 2048;
      for (let s0 = 0; s0 < cand.n; s0 += chunk) {
        const m = Math.min(chunk, cand.n - s0);
        const vals = tf.tidy(() => {
          const x = tf.tensor2d(Float32Array.from(cand.data.subarray(s0 * g.dim, (s0 + m) * g.dim)), [
            m,
            g.dim,
          ]);
          const rs = residualVectors(
            problem,
            makeField(problem, network, network.params),
            x,
            problem.parameters.materialize(),
          ).values;
          return tf.sqrt(rs.map((r) => tf.square(r)).reduce((a, b) => tf.add(a, b)));
        });
        mag.set(vals.dataSync(), s0);
        vals.dispose();
      }
      next = adaptPoints(kind, collocation, cand, mag, {
        add: resample!.add ?? Math.max(1, Math.round(nColl / 10)),
        k: resample!.k ?? 1,
        c: resample!.c ?? 1,
        seed: seed + resampleRound,
        target: nColl,
      });
    }
    disposeBatch(residualBatch);
    saLambda.fill(null); // SA-PINN weights belong to points: start again on the new ones.
    collocation = next;
    residualBatch = makeBatch(collocation);
    buildChunks(collocation);
    if (resample?.conditions !== false)
      condBatches = condBatches.map((b, i) => {
        if (problem.conditions[i]!.fixed) return b;
        disposeBatch(b);
        return sampleCondition(i, resampleRound);
      });
  };

  // Checkpoints and bookkeeping.
  let checkpoint = { step: 0, values: leaves.map((v) => Float32Array.from(v.dataSync())) };
  const restore = () =>
    tf.tidy(() => {
      leaves.forEach((v, i) => {
        v.assign(tf.tensor(checkpoint.values[i]!, v.shape));
      });
    });
  const history: StepInfo[] = [];
  const t0 = performance.now();
  let adamMs = 0;
  let adamSteps = 0;
  let step = 0;
  let best = Number.POSITIVE_INFINITY;
  let lastLoss = Number.NaN;
  let redraws = 0;
  let lastTerms: Record<string, number> = {};
  let status = "completed" as TrainResult["status"];
  let message = "";
  const readTerms = (): Record<string, number> => {
    const out: Record<string, number> = {};
    if (!termValues) return out;
    const v = termValues.dataSync();
    names.forEach((n, k) => {
      out[n] = v[k]!;
    });
    return out;
  };
  const weightRecord = () => {
    const w = currentWeights();
    return Object.fromEntries(names.map((n, k) => [n, w[k]!]));
  };
  const pointWeightMeans = (): Record<string, number> => {
    const out: Record<string, number> = {};
    saLambda.forEach((l, k) => {
      if (!l) return;
      const m = selfAdaptiveMask(l, sa!.mask);
      out[names[k]!] = m.reduce((a, b) => a + b, 0) / Math.max(1, m.length);
    });
    return out;
  };
  const info = (phase: number): StepInfo => {
    const i: StepInfo = {
      step,
      phase,
      loss: lastLoss,
      terms: (lastTerms = readTerms()),
      weights: weightRecord(),
      parameters: problem.parameters.values(),
      elapsedMs: performance.now() - t0,
    };
    if (sa) i.meanPointWeights = pointWeightMeans();
    if (causal) {
      i.epsilon = causal.epsilons[epsIndex]!;
      if (lastCausal) i.minCausalWeight = Math.min(...lastCausal);
    }
    return i;
  };
  const diverged = (phase: number, why: string): boolean => {
    const terms = readTerms();
    const bad = Object.entries(terms)
      .filter(([, v]) => !Number.isFinite(v))
      .map(([k]) => k);
    restore();
    status = "diverged";
    message = `training diverged at step ${step} (phase ${phase}): ${why}${bad.length ? `; non-finite loss terms: ${bad.join(", ")}` : ""}; parameters restored to the last good checkpoint (step ${checkpoint.step}). Hint: lower the learning rate, normalise inputs/outputs, or use weighting: { method: "gradNorm" }`;
    if (options.throwOnDivergence) throw new Error(message);
    return true;
  };
  const afterLoss = (phase: number, loss: number): boolean => {
    lastLoss = loss;
    if (!Number.isFinite(loss)) return diverged(phase, `the loss is ${loss}`);
    if (options.divergenceFactor !== undefined && loss > options.divergenceFactor * best)
      return diverged(
        phase,
        `the loss ${loss.toExponential(3)} exceeds ${options.divergenceFactor} × best ${best.toExponential(3)}`,
      );
    best = Math.min(best, loss);
    return false;
  };
  const log = (phase: number, force = false): boolean => {
    if (!force && step % logEvery !== 0) return false;
    const i = info(phase);
    history.push(i);
    return options.onStep?.(i) === false;
  };

  // Checkpoint file: written first at step 0, so an existing file is refused before any work is done.
  const persist = async (at: number) => {
    if (options.checkpointPath) await saveCheckpoint(problem, network, options.checkpointPath, { step: at });
  };
  if (options.checkpointPath && !options.overwriteCheckpoint) {
    try {
      await saveCheckpoint(problem, network, options.checkpointPath, { step: 0, overwrite: false });
    } catch (e) {
      if (/already exists/.test((e as Error).message))
        throw new Error(
          `train: checkpointPath '${options.checkpointPath}' already exists; pass overwriteCheckpoint: true to replace it (e.g. when resuming from it) or choose another path`,
        );
      throw e;
    }
  } else await persist(0);

  try {
    residualBatch = makeBatch(collocation);
    condBatches = firstConditionPoints.map((b) => makeBatch(b.points, b.data));
    buildChunks(collocation);
    outer: for (const [pi, phase] of options.schedule.entries()) {
      if (phase.steps === 0) continue;
      if (phase.optimizer === "lbfgs") {
        const sizes = leaves.map((v) => v.size);
        const total = sizes.reduce((a, b) => a + b, 0);
        const flat = () => {
          const x = new Float64Array(total);
          let o = 0;
          leaves.forEach((v) => {
            x.set(v.dataSync(), o);
            o += v.size;
          });
          return x;
        };
        const assign = (x: Float64Array) => {
          let o = 0;
          tf.tidy(() => {
            leaves.forEach((v) => {
              v.assign(tf.tensor(Float32Array.from(x.subarray(o, o + v.size)), v.shape));
              o += v.size;
            });
          });
        };
        const fg = (x: Float64Array) => {
          assign(x);
          const { value, grad } = valueAndGrad(totalLoss)(tree);
          const f = value.dataSync()[0]!;
          const gl = treeLeaves(grad);
          const gv = new Float64Array(total);
          let o = 0;
          gl.forEach((t) => {
            gv.set(t.dataSync(), o);
            o += t.size;
          });
          value.dispose();
          treeDispose(grad);
          return { f, g: gv };
        };
        // One forward+backward pass serves both the objective and its gradient at the same point.
        let cache: { x: Float64Array; f: number; g: Float64Array } | null = null;
        const at = (x: Float64Array) => {
          if (!cache || cache.x.length !== x.length || cache.x.some((v, i) => v !== x[i]))
            cache = { x: Float64Array.from(x), ...fg(x) };
          return cache;
        };
        let x0 = flat();
        const f0 = at(x0).f;
        if (!Number.isFinite(f0)) {
          diverged(pi, `the loss is ${f0} at the start of L-BFGS`);
          break;
        }
        let stop = false;
        let remaining = phase.steps;
        let idle = 0;
        for (;;) {
          const before = step;
          const r = minimize((x) => at(x).f, x0, {
            method: "L-BFGS",
            jac: (x) => at(x).g,
            maxIter: remaining,
            m: phase.history ?? 20,
            tol: 1e-12,
            ftol: 0,
            callback: (_x, f) => {
              step++;
              if (afterLoss(pi, f)) {
                stop = true;
                return true;
              }
              if (step % checkpointEvery === 0)
                checkpoint = { step, values: leaves.map((v) => Float32Array.from(v.dataSync())) };
              if (log(pi)) {
                stop = true;
                status = "stopped";
                message = `stopped by onStep at step ${step}`;
                return true;
              }
              return false;
            },
          });
          assign(r.x);
          if (status === "diverged") break outer;
          if (r.status === 3) {
            diverged(pi, "the loss is not finite at the start of L-BFGS");
            break outer;
          }
          lastLoss = r.fun;
          if (stop) break outer;
          remaining -= step - before;
          // Stalled (line-search failure or converged) with iterations left: continue on a fresh draw.
          if (!phase.redrawOnStall || remaining <= 0 || r.status === 1) break;
          idle = step === before ? idle + 1 : 0;
          if (idle >= 2) break;
          doResample("uniform", true);
          redraws++;
          cache = null; // the objective changed with the points
          x0 = flat();
        }
        // The callback cannot wait for a file write: L-BFGS progress reaches the file at the end of the phase.
        await persist(step);
        continue;
      }
      const opt: GradientTransformation<any> =
        phase.optimizer !== "adam"
          ? phase.optimizer
          : phase.parameterLr === undefined || problem.parameters.names.length === 0
            ? adam(phase.lr ?? 1e-3)
            : multiTransform({ net: adam(phase.lr ?? 1e-3), pde: adam(phase.parameterLr) }, (path) =>
                path === "pde" || path.startsWith("pde.") ? "pde" : "net",
              );
      let state = opt.init(tree);
      try {
        for (let s = 0; s < phase.steps; s++) {
          if (resample && step > 0 && step % resample.every === 0) doResample();
          if ((weighting.method === "gradNorm" || weighting.method === "ntk") && step % weighting.every === 0)
            updateWeights();
          const ts = performance.now();
          const { value, grad } = valueAndGrad(totalLoss)(tree);
          const loss = value.dataSync()[0]!;
          value.dispose();
          if (afterLoss(pi, loss)) {
            treeDispose(grad);
            break outer;
          }
          const r = opt.update(grad, state, tree, { loss });
          // SA-PINN: the weights ascend the loss the network descends (same evaluation).
          if (sa)
            for (let k = 0; k < K; k++) {
              const sq = saSquares[k];
              if (saOn(k) && sq && saLambda[k]?.length === sq.length)
                saLambda[k] = selfAdaptiveUpdate(saLambda[k]!, sq, sa);
            }
          state = r.state;
          const ul = treeLeaves(r.updates);
          tf.tidy(() => {
            leaves.forEach((v, i) => {
              v.assign(tf.add(v, ul[i]!));
            });
          });
          treeDispose(r.updates);
          treeDispose(grad);
          adamMs += performance.now() - ts;
          adamSteps++;
          step++;
          if (
            causal &&
            lastCausal &&
            epsIndex < causal.epsilons.length - 1 &&
            Math.min(...lastCausal) > causal.delta
          )
            epsIndex++;
          if (step % checkpointEvery === 0) {
            checkpoint = { step, values: leaves.map((v) => Float32Array.from(v.dataSync())) };
            await persist(step);
          }
          if (log(pi)) {
            status = "stopped";
            message = `stopped by onStep at step ${step}`;
            break outer;
          }
          if (options.yieldEvery && step % options.yieldEvery === 0)
            await new Promise((res) => setTimeout(res, 0));
        }
      } finally {
        disposeState(state);
      }
    }
    if (status === "completed") {
      // Final evaluation of every term at the final parameters.
      const v = tf.tidy(() => totalLoss(tree));
      lastLoss = v.dataSync()[0]!;
      v.dispose();
      message = `completed ${step} steps; final loss ${lastLoss.toExponential(3)}`;
    }
    // Final parameters (after a divergence: the restored last good ones) reach the file too.
    await persist(status === "diverged" ? checkpoint.step : step);
    const last = info(options.schedule.length - 1);
    if (history.length > 0 && history[history.length - 1]!.step === step) history[history.length - 1] = last;
    else history.push(last);
    return {
      status,
      message,
      steps: step,
      loss: lastLoss,
      terms: last.terms,
      weights: weightRecord(),
      parameters: problem.parameters.values(),
      history,
      elapsedMs: performance.now() - t0,
      msPerStep: adamSteps ? adamMs / adamSteps : Number.NaN,
      collocation,
      redraws,
      checkpoint,
      ...(sa
        ? {
            pointWeights: Object.fromEntries(
              saLambda.flatMap((l, k) => (l ? [[names[k]!, selfAdaptiveMask(l, sa.mask)]] : [])),
            ),
          }
        : {}),
    };
  } finally {
    termValues?.dispose();
    chunkMatrix?.dispose();
    constants.dispose();
    disposeBatch(residualBatch);
    condBatches.forEach(disposeBatch);
  }
}
