import "./register-algorithms.js";
import "./register-games.js";

export type { AlgorithmOptions, AlgorithmState, FiniteMfgAlgorithm } from "./finite/algorithm.js";
export { dampedFixedPoint, type FixedPointState } from "./finite/algorithms/fixed-point.js";
export { fictitiousPlay } from "./finite/algorithms/fictitious-play.js";
export { type MirrorDescentState, onlineMirrorDescent } from "./finite/algorithms/online-mirror-descent.js";
export { priorDescent } from "./finite/algorithms/prior-descent.js";
export { propagateDistribution } from "./finite/distribution.js";
export { type ExploitabilityReport, exploitability } from "./finite/exploitability.js";
export {
  checkSuccessors,
  type FiniteMfg,
  legalMask,
  type Population,
  populationDensity,
  populationMass,
  populationOfStates,
  type Successors,
  TRANSITION_SUM_TOLERANCE,
  validateGame,
} from "./finite/game.js";
export { type BraessNetworkOptions, braessNetwork } from "./finite/games/braess-network.js";
export { type CrowdModelling1dOptions, crowdModelling1d } from "./finite/games/crowd-modelling-1d.js";
export { type CrowdModelling2dOptions, crowdModelling2d } from "./finite/games/crowd-modelling-2d.js";
export {
  type LinearQuadraticGame,
  type LinearQuadraticGameOptions,
  linearQuadraticGame,
} from "./finite/games/linear-quadratic.js";
export { type PredatorPreyOptions, predatorPrey } from "./finite/games/predator-prey.js";
export {
  checkPolicy,
  greedyPolicy,
  mixPolicies,
  softmaxPolicy,
  type TabularPolicy,
  uniformPolicy,
} from "./finite/policy.js";
export { type IterationRecord, type SolveOptions, type SolveResult, solve } from "./finite/solve.js";
export { bestResponse, initialValue, policyEvaluation, type ValueTables } from "./finite/values.js";
export { type FiniteMfgFactory, finiteAlgorithms, finiteGames } from "./registries.js";
export {
  type ErgodicMfg1dOptions,
  type ErgodicMfg1dResult,
  solveErgodicMfg1d,
} from "./continuous/ergodic-fd-1d.js";
export {
  type ErgodicMfg2dOptions,
  type ErgodicMfg2dResult,
  solveErgodicMfg2d,
} from "./continuous/ergodic-fd-2d.js";
export {
  type LqSolution,
  type LqSolveOptions,
  priceOfAnarchy,
  solveLqMfc,
  solveLqMfg,
} from "./continuous/lq-mfg.js";
export { type LqMonteCarloOptions, lqMonteCarloCost } from "./continuous/lq-monte-carlo.js";
export { checkLqProblem, type LqProblem } from "./continuous/lq-problem.js";
export {
  type SystemicRiskParams,
  systemicRiskAsLq,
  systemicRiskEta,
  systemicRiskValue,
} from "./continuous/systemic-risk.js";
export {
  solveTimeDependentMfg1d,
  type TimeDependentMfg1dOptions,
  type TimeDependentMfg1dResult,
} from "./continuous/time-dependent-fd-1d.js";
export {
  type NeuralLqOptions,
  type NeuralLqProblem,
  type NeuralLqResult,
  type NeuralLqValueOptions,
  trainNeuralLqMfg,
} from "./neural/neural-lq.js";
