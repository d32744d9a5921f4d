import "./register-solvers.js";
import "./register-controllers.js";
import "./register-sde-solvers.js";

export { solveIvp, type SolveIvpOptions, type SolveIvpResult } from "./solve-ivp.js";
export { solve, type SaveAt, type Solution, type SolveArgs } from "./solve.js";
export {
  odeTerm,
  controlTerm,
  multiTerm,
  type OdeTerm,
  type ControlTerm,
  type MultiTerm,
  type Term,
} from "./terms.js";
export { OdeSolution } from "./solution.js";
export type {
  OdeFunction,
  JacobianInput,
  SolveStats,
  DenseSegment,
  SolveReason,
  StepFailure,
  StepperContext,
  Stepper,
  OdeSolver,
  StepSizeController,
  ControllerDecision,
} from "./types.js";
export { createRegistry, type Registry } from "./registry.js";
export { odeSolvers, sdeSolvers, stepSizeControllers } from "./registries.js";
export { defineTableau, type ButcherTableau, type DenseTableau } from "./tableaus/butcher.js";
export { orderConditionResidual, rootedTreeCounts } from "./tableaus/order-conditions.js";
export { EULER, MIDPOINT, HEUN, RALSTON, RK4 } from "./tableaus/fixed.js";
export { BOSH3 } from "./tableaus/bosh3.js";
export { DOPRI5 } from "./tableaus/dopri5.js";
export { TSIT5 } from "./tableaus/tsit5.js";
export { DOP853 } from "./tableaus/dop853.js";
export { VERN7 } from "./tableaus/vern7.js";
export { VERN9 } from "./tableaus/vern9.js";
export { explicitRungeKutta } from "./solvers/explicit-rk.js";
export { radau } from "./solvers/radau.js";
export { autoSwitch, type AutoSwitchOptions } from "./solvers/auto-switch.js";
export { bdf } from "./solvers/bdf.js";
export { rodas5p, RODAS5P_TABLEAU, type RosenbrockTableau } from "./solvers/rodas5p.js";
export { minStepAt, stepUnderflow } from "./solvers/step-limits.js";
export { pidController, type PidOptions } from "./controllers/pid.js";
export { constantStepSize } from "./controllers/constant.js";
export { PolynomialSegment, hermiteSegment } from "./dense/polynomial.js";
export { brentRoot } from "./events/brent.js";
export type { OdeEvent, OdeEventFunction } from "./events/event.js";
export { selectInitialStep } from "./initial-step.js";
export { scaledRmsNorm, allFinite } from "./norm.js";
export { luFactor, luSolve, type LuFactors } from "./linear/lu.js";
export { complexLuFactor, complexLuSolve, type ComplexLuFactors } from "./linear/complex-lu.js";
export {
  shiftedSolver,
  jacobianStructure,
  patternBandwidth,
  bandPattern,
  type JacobianStructure,
  type ShiftedSystemSolver,
  type ShiftedFactor,
  type ComplexShiftedFactor,
} from "./linear/shifted-solver.js";
export { newtonSetup } from "./jacobian/newton-setup.js";
export { createJacobian, groupColumns } from "./jacobian/jacobian.js";
export { solveSde, type SolveSdeOptions, type SolveSdeResult } from "./sde/solve-sde.js";
export {
  virtualBrownianTree,
  type BrownianMotion,
  type VirtualBrownianTreeOptions,
} from "./sde/brownian-tree.js";
export {
  stepDoublingLoop,
  type StepDoublingOptions,
  type StepDoublingResult,
} from "./sde/step-doubling.js";
export { hashUniform, hashNormals } from "./sde/random.js";
export type { SdeNoise, SdeFunction, SdeStep, SdeSolver, SdeProblem } from "./sde/types.js";
export { eulerMaruyama } from "./sde/solvers/euler-maruyama.js";
export { milstein } from "./sde/solvers/milstein.js";
export { stochasticHeun } from "./sde/solvers/heun.js";
export { sra1 } from "./sde/solvers/sra1.js";
export {
  solveHamiltonian,
  VELOCITY_VERLET,
  YOSHIDA4,
  type SplittingMethod,
  type SolveHamiltonianOptions,
} from "./symplectic/splitting.js";
export { odeint, tensorOdeMethods, type NeuralField, type OdeintOptions } from "./neural/odeint.js";
export { sdeint, type SdeintOptions } from "./neural/sdeint.js";
export { cnf, type Cnf, type CnfOptions } from "./neural/cnf.js";
export {
  augmentedOdeint,
  type AugmentedOdeintOptions,
} from "./neural/augmented-odeint.js";
export {
  regularizedOdeint,
  type RegularizedOdeintOptions,
  type RegularizedOdeintResult,
} from "./neural/regularized-odeint.js";
export {
  valueAndJacobianRows,
  valueAndDivergence,
  valueAndJacobianFrobenius,
  valueAndProbe,
} from "./neural/field-derivatives.js";
export type { IntegrateStats } from "./neural/integrate.js";
