/**
 * @continuum/optim: optax-style gradient transformations on tensor pytrees, schedules, a training loop,
 * SciPy-shaped deterministic minimisers (L-BFGS, BFGS, CG, Nelder–Mead), ask/tell population methods (CMA-ES,
 * SPSA, NES, CEM, CBO, DE) and minimax solvers.
 *
 * @example
 * ```ts
 * import { adam, fit } from "@continuum/optim";
 * const r = fit({ loss, params, optimizer: adam(1e-3), steps: 1000 });
 * ```
 * @packageDocumentation
 */
import "./register-optimizers.js";
import "./register-minimizers.js";

export type { GradientTransformation, LearningRate, Schedule, UpdateExtras } from "./types.js";
export { chain, multiTransform, maskedTransform } from "./combine.js";
export type { ChainState, LeafLabels, MaskedState, MultiTransformState } from "./combine.js";
export { applyUpdates } from "./apply-updates.js";
export { disposeState } from "./dispose-state.js";
export type { LeafwiseState } from "./internal/leafwise.js";
export { scaleByAdam } from "./transforms/adam.js";
export type { ScaleByAdamOptions, ScaleByAdamState } from "./transforms/adam.js";
export { scaleByAdamax } from "./transforms/adamax.js";
export type { ScaleByAdamaxOptions, ScaleByAdamaxState } from "./transforms/adamax.js";
export { scaleByRadam } from "./transforms/radam.js";
export type { ScaleByRadamOptions, ScaleByRadamState } from "./transforms/radam.js";
export { scaleByRms } from "./transforms/rms.js";
export type { ScaleByRmsOptions, ScaleByRmsState } from "./transforms/rms.js";
export { scaleByRss } from "./transforms/rss.js";
export type { ScaleByRssOptions, ScaleByRssState } from "./transforms/rss.js";
export { scaleByLion } from "./transforms/lion.js";
export { scaleByNadam } from "./transforms/nadam.js";
export type { ScaleByNadamOptions, ScaleByNadamState } from "./transforms/nadam.js";
export type { ScaleByLionOptions, ScaleByLionState } from "./transforms/lion.js";
export { trace } from "./transforms/trace.js";
export type { TraceOptions, TraceState } from "./transforms/trace.js";
export { scaleBySchedule, scaleByLearningRate, scale } from "./transforms/schedule.js";
export type { ScaleByScheduleState } from "./transforms/schedule.js";
export { addDecayedWeights } from "./transforms/weight-decay.js";
export { clip, clipByGlobalNorm } from "./transforms/clip.js";
export { scaleByTrustRatio } from "./transforms/trust-ratio.js";
export type { ScaleByTrustRatioOptions } from "./transforms/trust-ratio.js";
export { identity, setToZero } from "./transforms/identity.js";
export { sgd, momentum, adam, adamw, adamax, rmsprop, adagrad, lion, lamb, radam, nadam } from "./alias.js";
export type { AdagradOptions, AdamOptions, RmspropOptions, SgdOptions } from "./alias.js";
export { constantSchedule } from "./schedules/constant.js";
export { linearSchedule } from "./schedules/linear.js";
export type { LinearScheduleOptions } from "./schedules/linear.js";
export { cosineDecaySchedule, warmupCosineDecaySchedule } from "./schedules/cosine.js";
export type { CosineDecayOptions, WarmupCosineOptions } from "./schedules/cosine.js";
export { exponentialDecaySchedule } from "./schedules/exponential.js";
export type { ExponentialDecayOptions } from "./schedules/exponential.js";
export { piecewiseConstantSchedule } from "./schedules/piecewise-constant.js";
export { oneCycleSchedule } from "./schedules/one-cycle.js";
export type { OneCycleOptions } from "./schedules/one-cycle.js";
export { reduceOnPlateau, plateauStep, initialPlateauState } from "./schedules/reduce-on-plateau.js";
export type { ReduceOnPlateauOptions, ReduceOnPlateauState } from "./schedules/reduce-on-plateau.js";
export { fit } from "./fit.js";
export type { FitCallback, FitOptions, FitResult, FitStepInfo } from "./fit.js";
export { minimize } from "./minimize/minimize.js";
export { minimizeTree } from "./minimize/minimize-tree.js";
export { lbfgs } from "./minimize/lbfgs.js";
export { bfgs } from "./minimize/bfgs.js";
export { conjugateGradient } from "./minimize/cg.js";
export { nelderMead } from "./minimize/nelder-mead.js";
export { powell } from "./minimize/powell.js";
export { moreThuente } from "./minimize/line-search.js";
export type { LineSearchResult, LineSearchTask, MoreThuenteOptions } from "./minimize/line-search.js";
export type {
  Bounds,
  MinimizeOptions,
  MinimizeResult,
  Minimizer,
  Objective,
  ObjectiveModule,
} from "./minimize/types.js";
export { cmaes } from "./gradient-free/cmaes.js";
export type { CmaesOptions } from "./gradient-free/cmaes.js";
export { spsa } from "./gradient-free/spsa.js";
export type { SpsaOptions } from "./gradient-free/spsa.js";
export { openaiEs, snes } from "./gradient-free/nes.js";
export type { OpenAiEsOptions, SnesOptions } from "./gradient-free/nes.js";
export { cem, cbo, differentialEvolution, randomSearch } from "./gradient-free/population.js";
export type {
  CboOptions,
  CemOptions,
  DifferentialEvolutionOptions,
  RandomSearchOptions,
} from "./gradient-free/population.js";
export { runAskTell } from "./gradient-free/run.js";
export { runAskTellParallel } from "./gradient-free/parallel.js";
export { askTellFromMinimizeOptions } from "./gradient-free/from-minimize-options.js";
export type { RunAskTellParallelOptions, WorkerEvaluateOptions } from "./gradient-free/parallel.js";
export type { AskTell, AskTellFactory, AskTellOptions } from "./gradient-free/types.js";
export { solveMinimax } from "./minimax/solve.js";
export type { MinimaxOptions, MinimaxResult } from "./minimax/solve.js";
export { gdaStep, alternatingGdaStep } from "./minimax/gda.js";
export { extragradientStep } from "./minimax/extragradient.js";
export { optimisticGdaStep, halpernStep } from "./minimax/optimistic.js";
export type { MinimaxIterate, MinimaxStep, SaddleProblem } from "./minimax/types.js";
export { optimizers, schedules, minimizers, askTellOptimizers, minimaxMethods } from "./registries.js";
