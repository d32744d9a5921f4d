import { type LeafLabels, chain, maskedTransform } from "./combine.js";
import { checkOptionNames, nonNegative, unitInterval } from "./internal/tree.js";
import { scaleByAdam } from "./transforms/adam.js";
import { scaleByAdamax } from "./transforms/adamax.js";
import { scaleByLion } from "./transforms/lion.js";
import { scaleByNadam } from "./transforms/nadam.js";
import { scaleByRadam } from "./transforms/radam.js";
import { scaleByRms } from "./transforms/rms.js";
import { scaleByRss } from "./transforms/rss.js";
import { scaleByLearningRate } from "./transforms/schedule.js";
import { trace } from "./transforms/trace.js";
import { scaleByTrustRatio } from "./transforms/trust-ratio.js";
import { addDecayedWeights } from "./transforms/weight-decay.js";
import type { GradientTransformation, LearningRate, Schedule } from "./types.js";

// Every alias is a chain of building blocks (optax/_src/alias.py); each matches the torch.optim class of the
// same name step for step (test/fixtures/gen_torch_optim.py), except lion and lamb, which torch lacks, and nadam,
// checked against torch >= 2.0's formula (the installed torch 1.13 double-counts μₜ in the momentum product).

type GT = GradientTransformation<unknown>;

/** Decoupled weight decay `wd·p`, restricted by an optax-style `mask` (true = decay this leaf) when given. */
function decayed(weightDecay: number, mask: LeafLabels<boolean> | undefined): GradientTransformation<any> {
  return mask === undefined
    ? addDecayedWeights(weightDecay)
    : maskedTransform(addDecayedWeights(weightDecay), mask);
}
const pieces = (...ts: (GradientTransformation<any> | false | undefined)[]) =>
  chain(...ts.filter((t): t is GradientTransformation<any> => Boolean(t))) as GT;

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Heavy-ball momentum (default 0: none). */
  momentum?: number;
  nesterov?: boolean;
  /** torch.optim.SGD's `dampening` of the momentum buffer (default 0; not with `nesterov`). */
  dampening?: number;
  /** L2 penalty added to the gradient before momentum, as torch.optim.SGD (default 0). */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent (Robbins & Monro, 1951), optionally with momentum and L2 weight decay:
 * `chain(addDecayedWeights(wd), trace(momentum), scaleByLearningRate(lr))`. Matches torch.optim.SGD.
 * @example
 * ```ts
 * const opt = sgd(0.1, { momentum: 0.9, nesterov: true });
 * const damped = sgd(0.1, { momentum: 0.9, dampening: 0.5 }); // = torch.optim.SGD(..., dampening=0.5)
 * ```
 */
export function sgd(learningRate: LearningRate, options: SgdOptions = {}): GT {
  checkOptionNames(options, ["momentum", "nesterov", "dampening", "weightDecay"], "sgd", ["nesterov"]);
  const { momentum = 0, nesterov = false, dampening = 0, weightDecay = 0 } = options;
  // validated here: a negative value would otherwise fail the `> 0` tests below and be silently dropped
  unitInterval(momentum, "options.momentum", "sgd");
  nonNegative(weightDecay, "options.weightDecay", "sgd");
  return pieces(
    weightDecay > 0 && addDecayedWeights(weightDecay),
    (momentum > 0 || nesterov) && trace({ decay: momentum, nesterov, dampening }),
    scaleByLearningRate(learningRate),
  );
}

/**
 * SGD with heavy-ball (or Nesterov) momentum `beta`: `sgd(lr, { momentum: beta, nesterov })`.
 * @example
 * ```ts
 * const opt = momentum(0.01, 0.9);
 * ```
 */
export function momentum(learningRate: LearningRate, beta = 0.9, nesterov = false): GT {
  return sgd(learningRate, { momentum: beta, nesterov });
}

/** Options of {@link adam} and {@link adamw}. */
export interface AdamOptions {
  b1?: number;
  b2?: number;
  eps?: number;
  epsRoot?: number;
  nesterov?: boolean;
  /** AMSGrad: divide by the running maximum of the second moment (torch `amsgrad=True`, default false). */
  amsgrad?: boolean;
  /** adam: L2 penalty added to the gradient (torch `weight_decay`); adamw: decoupled decay (default 1e-2). */
  weightDecay?: number;
  /**
   * adamw: which leaves are decayed, as optax's `mask` (per-leaf booleans in flattening order, or a function of
   * the leaf's path and tensor), e.g. `(path) => !path.endsWith("bias")`; torch's per-group `weight_decay`.
   */
  mask?: LeafLabels<boolean>;
}

/**
 * Adam (Kingma & Ba, 2015): `chain(scaleByAdam(...), scaleByLearningRate(lr))`; with `weightDecay` the L2
 * term is added to the gradient first, as torch.optim.Adam does; `amsgrad: true` is torch's AMSGrad variant.
 * @example
 * ```ts
 * const opt = adam(1e-3);
 * const ams = adam(1e-3, { amsgrad: true }); // = torch.optim.Adam(params, lr=1e-3, amsgrad=True)
 * ```
 */
export function adam(learningRate: LearningRate, options: Omit<AdamOptions, "mask"> = {}): GT {
  checkOptionNames(options, ["b1", "b2", "eps", "epsRoot", "nesterov", "amsgrad", "weightDecay"], "adam", [
    "nesterov",
    "amsgrad",
  ]);
  const { weightDecay = 0, ...rest } = options;
  nonNegative(weightDecay, "options.weightDecay", "adam");
  return pieces(
    weightDecay > 0 && addDecayedWeights(weightDecay),
    scaleByAdam(rest),
    scaleByLearningRate(learningRate),
  );
}

/**
 * AdamW (Loshchilov & Hutter, 2019): `chain(scaleByAdam, addDecayedWeights(wd), scaleByLearningRate(lr))`, i.e.
 * `p ← p − lr·(adam + wd·p)`, identical to torch.optim.AdamW (`weightDecay` default 1e-2 as torch). `mask`
 * restricts the decay to some leaves (optax's `mask`; torch's parameter groups with `weight_decay = 0`).
 * @example
 * ```ts
 * const opt = adamw(1e-3, { weightDecay: 1e-4 });
 * const noBiasDecay = adamw(1e-3, { weightDecay: 1e-2, mask: (path) => !path.endsWith("b") });
 * ```
 */
export function adamw(learningRate: LearningRate, options: AdamOptions = {}): GT {
  checkOptionNames(
    options,
    ["b1", "b2", "eps", "epsRoot", "nesterov", "amsgrad", "weightDecay", "mask"],
    "adamw",
    ["nesterov", "amsgrad"],
  );
  const { weightDecay = 1e-2, mask, ...rest } = options;
  return pieces(scaleByAdam(rest), decayed(weightDecay, mask), scaleByLearningRate(learningRate));
}

/**
 * AdaMax (Kingma & Ba, 2015, §7.1), torch.optim.Adamax defaults (lr 2e-3). `weightDecay` adds the L2 term
 * `wd·p` to the gradient first, as torch's `weight_decay`.
 * @example
 * ```ts
 * const opt = adamax(2e-3, { weightDecay: 1e-4 });
 * ```
 */
export function adamax(
  learningRate: LearningRate = 2e-3,
  options: { b1?: number; b2?: number; eps?: number; weightDecay?: number } = {},
): GT {
  checkOptionNames(options, ["b1", "b2", "eps", "weightDecay"], "adamax");
  const { weightDecay = 0, ...rest } = options;
  nonNegative(weightDecay, "options.weightDecay", "adamax");
  return pieces(
    weightDecay > 0 && addDecayedWeights(weightDecay),
    scaleByAdamax(rest),
    scaleByLearningRate(learningRate),
  );
}

/** Options of {@link rmsprop} (torch.optim.RMSprop names and defaults). */
export interface RmspropOptions {
  /** Smoothing constant (torch `alpha`, default 0.99). */
  decay?: number;
  eps?: number;
  centered?: boolean;
  momentum?: number;
  /** L2 penalty added to the gradient first (torch `weight_decay`, default 0). */
  weightDecay?: number;
}

/**
 * RMSprop (Tieleman & Hinton, 2012): `chain(addDecayedWeights(wd)?, scaleByRms, trace(momentum)?,
 * scaleByLearningRate(lr))`, torch.optim.RMSprop defaults (`decay = 0.99`, `eps = 1e-8`).
 * @example
 * ```ts
 * const opt = rmsprop(1e-2, { momentum: 0.9, centered: true, weightDecay: 1e-4 });
 * ```
 */
export function rmsprop(learningRate: LearningRate, options: RmspropOptions = {}): GT {
  checkOptionNames(options, ["decay", "eps", "centered", "momentum", "weightDecay"], "rmsprop", ["centered"]);
  const { decay = 0.99, eps = 1e-8, centered = false, momentum: m = 0, weightDecay = 0 } = options;
  unitInterval(m, "options.momentum", "rmsprop");
  nonNegative(weightDecay, "options.weightDecay", "rmsprop");
  return pieces(
    weightDecay > 0 && addDecayedWeights(weightDecay),
    scaleByRms({ decay, eps, centered }),
    m > 0 && trace({ decay: m }),
    scaleByLearningRate(learningRate),
  );
}

/** Options of {@link adagrad} (torch.optim.Adagrad names and defaults). */
export interface AdagradOptions {
  /** `lr_t = lr/(1 + t·lrDecay)` (default 0). */
  lrDecay?: number;
  initialAccumulator?: number;
  eps?: number;
  /** L2 penalty added to the gradient first (torch `weight_decay`, default 0). */
  weightDecay?: number;
}

/**
 * Adagrad (Duchi et al., 2011): `chain(addDecayedWeights(wd)?, scaleByRss, scaleByLearningRate(lr/(1 +
 * t·lrDecay)))`, as torch.optim.Adagrad.
 * @example
 * ```ts
 * const opt = adagrad(1e-2, { weightDecay: 1e-4 });
 * ```
 */
export function adagrad(learningRate: number, options: AdagradOptions = {}): GT {
  checkOptionNames(options, ["lrDecay", "initialAccumulator", "eps", "weightDecay"], "adagrad");
  const { lrDecay = 0, initialAccumulator = 0, eps = 1e-10, weightDecay = 0 } = options;
  nonNegative(weightDecay, "options.weightDecay", "adagrad");
  if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate < 0)
    throw new Error(`adagrad: learningRate must be a finite number >= 0, received ${String(learningRate)}`);
  nonNegative(lrDecay, "options.lrDecay", "adagrad");
  const lr: LearningRate =
    lrDecay > 0 ? (((t: number) => learningRate / (1 + t * lrDecay)) as Schedule) : learningRate;
  return pieces(
    weightDecay > 0 && addDecayedWeights(weightDecay),
    scaleByRss({ initialAccumulator, eps }),
    scaleByLearningRate(lr),
  );
}

/**
 * Lion (Chen et al., 2023): `chain(scaleByLion, addDecayedWeights(wd), scaleByLearningRate(lr))`.
 * Use a 3–10x smaller learning rate than Adam.
 * @example
 * ```ts
 * const opt = lion(1e-4, { weightDecay: 1e-2 });
 * ```
 */
export function lion(
  learningRate: LearningRate,
  options: { b1?: number; b2?: number; weightDecay?: number; mask?: LeafLabels<boolean> } = {},
): GT {
  checkOptionNames(options, ["b1", "b2", "weightDecay", "mask"], "lion");
  const { weightDecay = 0, mask, ...rest } = options;
  nonNegative(weightDecay, "options.weightDecay", "lion");
  return pieces(
    scaleByLion(rest),
    weightDecay > 0 && decayed(weightDecay, mask),
    scaleByLearningRate(learningRate),
  );
}

/**
 * LAMB (You et al., 2020): `chain(scaleByAdam({eps: 1e-6}), addDecayedWeights(wd), scaleByTrustRatio(),
 * scaleByLearningRate(lr))`.
 * @example
 * ```ts
 * const opt = lamb(1e-3, { weightDecay: 1e-2 });
 * ```
 */
export function lamb(
  learningRate: LearningRate,
  options: { b1?: number; b2?: number; eps?: number; weightDecay?: number; mask?: LeafLabels<boolean> } = {},
): GT {
  checkOptionNames(options, ["b1", "b2", "eps", "weightDecay", "mask"], "lamb");
  const { weightDecay = 0, eps = 1e-6, mask, ...rest } = options;
  nonNegative(weightDecay, "options.weightDecay", "lamb");
  return pieces(
    scaleByAdam({ ...rest, eps }),
    weightDecay > 0 && decayed(weightDecay, mask),
    scaleByTrustRatio(),
    scaleByLearningRate(learningRate),
  );
}

/**
 * RAdam (Liu et al., 2020): `chain(scaleByRadam, scaleByLearningRate(lr))`, as torch.optim.RAdam; `weightDecay`
 * adds the L2 term `wd·p` to the gradient first (torch's `weight_decay` without `decoupled_weight_decay`).
 * @example
 * ```ts
 * const opt = radam(1e-3, { weightDecay: 1e-4 });
 * ```
 */
export function radam(
  learningRate: LearningRate,
  options: { b1?: number; b2?: number; eps?: number; threshold?: number; weightDecay?: number } = {},
): GT {
  checkOptionNames(options, ["b1", "b2", "eps", "threshold", "weightDecay"], "radam");
  const { weightDecay = 0, ...rest } = options;
  nonNegative(weightDecay, "options.weightDecay", "radam");
  return pieces(
    weightDecay > 0 && addDecayedWeights(weightDecay),
    scaleByRadam(rest),
    scaleByLearningRate(learningRate),
  );
}

/**
 * NAdam (Dozat, 2016): `chain(addDecayedWeights(wd)?, scaleByNadam(...), scaleByLearningRate(lr))`, as
 * torch.optim.NAdam (>= 2.0; defaults lr 2e-3, `momentumDecay` 4e-3; `weightDecay` is torch's L2 `weight_decay`).
 * @example
 * ```ts
 * const opt = nadam(2e-3, { weightDecay: 1e-4 });
 * ```
 */
export function nadam(
  learningRate: LearningRate = 2e-3,
  options: { b1?: number; b2?: number; eps?: number; momentumDecay?: number; weightDecay?: number } = {},
): GT {
  checkOptionNames(options, ["b1", "b2", "eps", "momentumDecay", "weightDecay"], "nadam");
  const { weightDecay = 0, ...rest } = options;
  nonNegative(weightDecay, "options.weightDecay", "nadam");
  return pieces(
    weightDecay > 0 && addDecayedWeights(weightDecay),
    scaleByNadam(rest),
    scaleByLearningRate(learningRate),
  );
}
