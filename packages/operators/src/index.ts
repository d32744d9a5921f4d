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
  type AntiderivativeData,
  type AntiderivativeOptions,
  antiderivativeDataset,
} from "./data/antiderivative.js";
export {
  type BurgersOptions,
  type BurgersResult,
  burgersColeHopf,
  etdrk4Coefficients,
  solveBurgers,
} from "./data/burgers.js";
export { type BurgersDatasetOptions, burgersDataset } from "./data/burgers-dataset.js";
export { type DarcyOptions, type DarcySolveResult, darcyDataset, solveDarcy } from "./data/darcy.js";
export {
  type DatasetGenerator,
  datasetGenerators,
  datasetTensors,
  type GenerateDatasetOptions,
  generateDataset,
  type OperatorDataset,
} from "./data/dataset.js";
export {
  cachedDataset,
  loadDataset,
  parseDataset,
  saveDataset,
  serializeDataset,
} from "./data/dataset-io.js";
export {
  type Grf2dOptions,
  type GrfOptions,
  type GrfSpectrum,
  grf1d,
  grf2d,
  grfEigenvalue,
} from "./data/grf.js";
export { advectionSolution, heatSolution } from "./data/linear-pdes.js";
export {
  fnoForcing,
  type NavierStokesOptions,
  type NavierStokesResult,
  solveNavierStokes2d,
} from "./data/navier-stokes.js";
export { type NavierStokesDatasetOptions, navierStokesDataset } from "./data/navier-stokes-dataset.js";
export { type ResolutionError, superResolution } from "./eval/super-resolution.js";
export { type DeepOnet, type DeepOnetOptions, type DeepOnetParams, deeponet } from "./models/deeponet.js";
export type { FnoCommonOptions, FnoParams } from "./models/fno-common.js";
export { type Fno1dOptions, type Fno1dParams, type FnoModel, fno1d } from "./models/fno1d.js";
export { type Fno2dOptions, type Fno2dParams, fno2d } from "./models/fno2d.js";
export { type Fno3dOptions, type Fno3dParams, fno3d } from "./models/fno3d.js";
export { gelu, type OperatorActivation, type PointwiseParams } from "./models/layers.js";
export {
  type DeepOnetResidual,
  type PhysicsInformedDeepOnet,
  physicsInformedDeeponet,
} from "./models/physics-informed-deeponet.js";
export {
  type PodBasis,
  type PodDeepOnet,
  type PodDeepOnetOptions,
  type PodDeepOnetParams,
  podBasis,
  podDeeponet,
} from "./models/pod-deeponet.js";
export { type OperatorModelFactory, operatorModels } from "./registries.js";
export { clearSpectralCache } from "./spectral/dft-basis.js";
export {
  checkModes,
  type SpectralConv1dOptions,
  type SpectralConv1dParams,
  spectralConv1d,
  spectralConv1dChannelMajor,
} from "./spectral/spectral-conv1d.js";
export {
  type SpectralConv2dOptions,
  type SpectralConv2dParams,
  spectralConv2d,
  spectralConv2dChannelMajor,
} from "./spectral/spectral-conv2d.js";
export {
  type SpectralConv3dOptions,
  type SpectralConv3dParams,
  spectralConv3d,
  spectralConv3dChannelMajor,
} from "./spectral/spectral-conv3d.js";
export {
  FFT_MODES_THRESHOLD,
  resolveSpectralMethod,
  type SpectralMethod,
} from "./spectral/spectral-method.js";
export { truncatedIrfft, truncatedRfft } from "./spectral/truncated-fft.js";
export { mseLoss, relativeL2Loss } from "./training/losses.js";
export { evaluateOperator, type OperatorMetrics } from "./training/metrics.js";
export {
  type RefineWithLbfgsOptions,
  type RefineWithLbfgsResult,
  refineWithLbfgs,
} from "./training/refine-with-lbfgs.js";
export {
  cosineDecay,
  type EpochInfo,
  FNO_PAPER_PRESET,
  type LearningRateSchedule,
  stepDecay,
  type TrainOperatorOptions,
  type TrainOperatorResult,
  trainOperator,
} from "./training/train-operator.js";
export { internalAdam, type VariableOptimizer } from "./training/variable-optimizer.js";
