/**
 * @continuum/pinn: physics-informed neural networks. Geometry with low-discrepancy sampling, a cached derivative
 * engine, PDE problems with soft or hard conditions, and training with loss balancing, causal weights and adaptive
 * collocation.
 *
 * @example
 * ```ts
 * import { ready, mlp, tf } from "@continuum/core-tensor";
 * import { pde, interval, dirichlet, train } from "@continuum/pinn";
 * await ready();
 * const problem = pde({
 *   geometry: interval(-1, 1),
 *   residual: ({ d, u, coords }) => tf.add(d(u, "x", "x"), tf.mul(Math.PI ** 2, tf.sin(tf.mul(Math.PI, coords.x)))),
 *   conditions: [dirichlet({ value: 0 })],
 * });
 * await train(problem, mlp({ inputs: 1, hidden: [16, 16], outputs: 1 }), { schedule: [{ optimizer: "adam", lr: 1e-2, steps: 500 }] });
 * ```
 */
import "./register-geometries.js";
import "./register-conditions.js";
import "./register-pde-terms.js";

export {
  points,
  pointRows,
  pointsToTensor,
  selectPoints,
  filterPoints,
  concatPoints,
  hstackPoints,
  columns,
  grid,
} from "./points.js";
export type { Points } from "./points.js";
export { sobolSequence, l2StarDiscrepancy, SOBOL_MAX_DIM } from "./geometry/sobol.js";
export { latinHypercube, unitCube } from "./geometry/sampling.js";
export type { SamplingMethod, SampleOptions } from "./geometry/sampling.js";
export { makeGeometry, rAnd, rOr, defaultVars } from "./geometry/geometry.js";
export type { Geometry, GeometrySpec } from "./geometry/geometry.js";
export { box, interval, rectangle } from "./geometry/box.js";
export type { VarsOption } from "./geometry/box.js";
export { disk } from "./geometry/disk.js";
export { ball } from "./geometry/ball.js";
export { ellipse } from "./geometry/ellipse.js";
export { polygon } from "./geometry/polygon.js";
export type { PolygonGeometry } from "./geometry/polygon.js";
export { union, difference, intersection } from "./geometry/csg.js";
export { product, timeDomain } from "./geometry/product.js";
export type { TimeDomain } from "./geometry/product.js";
export { derivatives } from "./derivatives.js";
export type {
  Derivatives,
  DerivativeFn,
  DerivativeTarget,
  DerivativeMethod,
  DerivativesOptions,
  FieldFn,
} from "./derivatives.js";
export { pde } from "./pde.js";
export type { PdeSpec, Problem, ResidualContext, ResidualFn, OutputTransform } from "./pde.js";
export { trainable } from "./parameters.js";
export type { TrainableParameter, ParameterSpec, ParameterStore } from "./parameters.js";
export { hardConstraint } from "./hard-constraint.js";
export type { HardConstraintOptions } from "./hard-constraint.js";
export { cornerEnrichment, polygonCorners } from "./corner-enrichment.js";
export type { CornerEnrichmentOptions, Enrichment, PolygonCorner } from "./corner-enrichment.js";
export { cornerDistance } from "./corner-distance.js";
export type { CornerDistanceOptions } from "./corner-distance.js";
export { dirichlet, neumann, robin, periodic, boundaryResidual } from "./conditions/boundary.js";
export type { BoundaryOptions, BoundaryResidualContext } from "./conditions/boundary.js";
export { initial } from "./conditions/initial.js";
export type { InitialCondition } from "./conditions/initial.js";
export { observations } from "./conditions/observations.js";
export { integral } from "./conditions/integral.js";
export type {
  Condition,
  ConditionBatch,
  ConditionContext,
  ConditionOptions,
  ValueFn,
  RegionFn,
} from "./conditions/condition.js";
export { poisson, helmholtz, heat, advection, wave, burgers, allenCahn } from "./pde-terms.js";
export type { Coefficient, Source } from "./pde-terms.js";
export { geometries, conditions, pdeTerms } from "./registries.js";
export { train } from "./train.js";
export type { Phase, StepInfo, TrainOptions, TrainResult } from "./train.js";
export type { NetworkLike } from "./training/loss.js";
export { causalWeights } from "./training/causal.js";
export type { CausalOptions } from "./training/causal.js";
export { balancedWeights, selfAdaptiveUpdate, selfAdaptiveMask } from "./training/weighting.js";
export type { Weighting, SelfAdaptiveWeighting } from "./training/weighting.js";
export { rarSelect, radProbabilities, sampleIndices } from "./training/resampling.js";
export type { ResampleOptions } from "./training/resampling.js";
export { trainTimeWindows } from "./training/time-windows.js";
export type { TimeWindow, TimeWindowsOptions, TimeWindowsResult } from "./training/time-windows.js";
export { predict, residualAt, evaluate } from "./predict.js";
export { saveCheckpoint, loadCheckpoint } from "./checkpoint.js";
export { periodicEmbedding, withEmbedding } from "./embeddings.js";
