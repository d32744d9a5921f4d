/**
 * @continuum/operators: neural operators (FNO, DeepONet, POD-DeepONet, physics-informed DeepONet) with
 * fast spectral convolutions, and seeded float64 PDE data generators (GRFs, Burgers/ETDRK4, heat, advection,
 * Darcy, 2-D Navier–Stokes vorticity, antiderivative) with training and evaluation helpers.
 *
 * @packageDocumentation
 */
import "./register-models.js";
import "./register-datasets.js";

export {
  spectralConv1d,
  spectralConv1dChannelMajor,
  checkModes,
  type SpectralConv1dOptions,
  type SpectralConv1dParams,
} from "./spectral/spectral-conv1d.js";
export {
  spectralConv2d,
  spectralConv2dChannelMajor,
  type SpectralConv2dOptions,
  type SpectralConv2dParams,
} from "./spectral/spectral-conv2d.js";
export {
  resolveSpectralMethod,
  FFT_MODES_THRESHOLD,
  type SpectralMethod,
} from "./spectral/spectral-method.js";
export { truncatedRfft, truncatedIrfft } from "./spectral/truncated-fft.js";
export { clearSpectralCache } from "./spectral/dft-basis.js";
export { fno1d, type Fno1dOptions, type Fno1dParams, type FnoModel } from "./models/fno1d.js";
export { fno2d, type Fno2dOptions, type Fno2dParams } from "./models/fno2d.js";
export type { FnoCommonOptions, FnoParams } from "./models/fno-common.js";
export { gelu, type OperatorActivation, type PointwiseParams } from "./models/layers.js";
export { deeponet, type DeepOnet, type DeepOnetOptions, type DeepOnetParams } from "./models/deeponet.js";
export {
  podBasis,
  podDeeponet,
  type PodBasis,
  type PodDeepOnetOptions,
  type PodDeepOnetParams,
  type PodDeepOnet,
} from "./models/pod-deeponet.js";
export {
  physicsInformedDeeponet,
  type DeepOnetResidual,
  type PhysicsInformedDeepOnet,
} from "./models/physics-informed-deeponet.js";
export { operatorModels, type OperatorModelFactory } from "./registries.js";
export {
  grf1d,
  grf2d,
  grfEigenvalue,
  type GrfOptions,
  type Grf2dOptions,
  type GrfSpectrum,
} from "./data/grf.js";
export {
  solveBurgers,
  burgersColeHopf,
  etdrk4Coefficients,
  type BurgersOptions,
  type BurgersResult,
} from "./data/burgers.js";
export { burgersDataset, type BurgersDatasetOptions } from "./data/burgers-dataset.js";
export { heatSolution, advectionSolution } from "./data/linear-pdes.js";
export { solveDarcy, darcyDataset, type DarcyOptions, type DarcySolveResult } from "./data/darcy.js";
export {
  solveNavierStokes2d,
  fnoForcing,
  type NavierStokesOptions,
  type NavierStokesResult,
} from "./data/navier-stokes.js";
export { navierStokesDataset, type NavierStokesDatasetOptions } from "./data/navier-stokes-dataset.js";
export {
  antiderivativeDataset,
  type AntiderivativeData,
  type AntiderivativeOptions,
} from "./data/antiderivative.js";
export {
  generateDataset,
  datasetGenerators,
  datasetTensors,
  type DatasetGenerator,
  type GenerateDatasetOptions,
  type OperatorDataset,
} from "./data/dataset.js";
export {
  serializeDataset,
  parseDataset,
  saveDataset,
  loadDataset,
  cachedDataset,
} from "./data/dataset-io.js";
export { relativeL2Loss, mseLoss } from "./training/losses.js";
export { evaluateOperator, type OperatorMetrics } from "./training/metrics.js";
export {
  trainOperator,
  stepDecay,
  FNO_PAPER_PRESET,
  type EpochInfo,
  type LearningRateSchedule,
  type TrainOperatorOptions,
  type TrainOperatorResult,
} from "./training/train-operator.js";
export { internalAdam, type VariableOptimizer } from "./training/variable-optimizer.js";
export {
  refineWithLbfgs,
  type RefineWithLbfgsOptions,
  type RefineWithLbfgsResult,
} from "./training/refine-with-lbfgs.js";
export { superResolution, type ResolutionError } from "./eval/super-resolution.js";
