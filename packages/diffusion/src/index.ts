/**
 * @continuum/diffusion: diffusion models, flow matching and stochastic interpolants with fast samplers,
 * exact Gaussian-mixture score oracles, losses, small networks and sample-quality metrics.
 *
 * @example
 * ```ts
 * import { ready, prng } from "@continuum/core-tensor";
 * import { gmmScore, vpLinear, sample } from "@continuum/diffusion";
 * await ready();
 * const g = gmmScore([0.5, 0.5], [[-2, 0], [2, 0]], [0.1, 0.1]);
 * const r = sample(g.model(vpLinear()), { sampler: "dpm-solver++2m", steps: 15, n: 500, shape: [2], rng: prng(0) });
 * ```
 */
import "./register-processes.js";
import "./register-samplers.js";

export { gaussianPath, driftCoefficient, diffusionSquared, checkTime } from "./processes/gaussian-path.js";
export type { GaussianPath, GaussianPathSpec, GridSpacing, PathFamily } from "./processes/gaussian-path.js";
export { vpLinear, vpCosine } from "./processes/vp.js";
export type { VpLinearOptions, VpCosineOptions } from "./processes/vp.js";
export { subVp } from "./processes/sub-vp.js";
export { ve } from "./processes/ve.js";
export { edm, edmPreconditioning, edmDenoiser } from "./processes/edm.js";
export type { EdmOptions, EdmCoefficients } from "./processes/edm.js";
export { flowLinear, flowTrig } from "./processes/flow.js";
export { stochasticInterpolant } from "./processes/stochastic-interpolant.js";
export type { StochasticInterpolantOptions } from "./processes/stochastic-interpolant.js";
export { processes, samplers, resolveProcess } from "./registries.js";
export {
  PREDICTIONS,
  checkPrediction,
  perSample,
  predictionToDenoised,
  predictionToNoise,
  predictionTarget,
  denoise,
  noise,
  velocity,
  score,
} from "./parametrisation.js";
export type { Prediction, DiffusionModel } from "./parametrisation.js";
export { gmmScore, gaussianScore } from "./oracles/gmm.js";
export type { GaussianMixture, Covariance } from "./oracles/gmm.js";
export { timeGrid } from "./samplers/time-grid.js";
export type { TimeGridOptions } from "./samplers/time-grid.js";
export type { Sampler, SamplerOptions, SampleResult } from "./samplers/types.js";
export { ddpm } from "./samplers/ddpm.js";
export { ddim } from "./samplers/ddim.js";
export { eulerMaruyama } from "./samplers/euler-maruyama.js";
export { predictorCorrector } from "./samplers/predictor-corrector.js";
export { eulerOde, heunOde, rk4Ode, rk45Ode, rkStep, TABLEAUS } from "./samplers/pf-ode.js";
export type { ButcherTableau } from "./samplers/pf-ode.js";
export { edmHeun, edmStochastic } from "./samplers/edm.js";
export { dpmSolver1, dpmSolver2, dpmSolver3, dpmSolverPp2m, dpmSolverPp3m } from "./samplers/dpm-solver.js";
export { unipc } from "./samplers/unipc.js";
export { sample } from "./sample.js";
export type { SampleOptions } from "./sample.js";
export { classifierFreeGuidance } from "./guidance.js";
export { logLikelihood } from "./likelihood.js";
export type { LikelihoodOptions, LikelihoodResult } from "./likelihood.js";
export { dsmLoss } from "./losses/dsm.js";
export type { DsmOptions, Weighting } from "./losses/dsm.js";
export { edmLoss } from "./losses/edm-loss.js";
export type { EdmLossOptions } from "./losses/edm-loss.js";
export { cfmLoss, interpolantLoss } from "./losses/flow-matching.js";
export type { CfmOptions } from "./losses/flow-matching.js";
export { reflowPairs } from "./losses/reflow.js";
export { exactAssignment, squaredCost } from "./ot/exact.js";
export { sinkhorn } from "./ot/sinkhorn.js";
export type { SinkhornOptions, SinkhornResult } from "./ot/sinkhorn.js";
export { sinkhornEpsilonScaling } from "./ot/sinkhorn-epsilon-scaling.js";
export type { EpsilonScalingOptions, EpsilonScalingResult } from "./ot/sinkhorn-epsilon-scaling.js";
export { otCoupling } from "./ot/coupling.js";
export type { CouplingMethod, OtCouplingOptions } from "./ot/coupling.js";
export { timeEmbedding } from "./networks/time-embedding.js";
export type { TimeEmbedding, TimeEmbeddingOptions } from "./networks/time-embedding.js";
export { mlpDenoiser } from "./networks/mlp-denoiser.js";
export type { MlpDenoiser, MlpDenoiserOptions } from "./networks/mlp-denoiser.js";
export { unet } from "./networks/unet.js";
export type { UNetOptions, UNetParams } from "./networks/unet.js";
export { train } from "./train.js";
export type { TrainOptions } from "./train.js";
export { toyData, toyDataArray, TOY_DATASETS } from "./data/toy.js";
export type { ToyDataset } from "./data/toy.js";
export { glyphImages, glyphData, GLYPH_SIZE } from "./data/glyphs.js";
export type { GlyphOptions } from "./data/glyphs.js";
export { slicedWasserstein } from "./metrics/sliced-wasserstein.js";
export type { SlicedWassersteinOptions } from "./metrics/sliced-wasserstein.js";
export { mmdRbf, energyDistance } from "./metrics/mmd.js";
export { frechetDistance, meanCov } from "./metrics/frechet.js";
export type { Points } from "./metrics/points.js";
export { pfgmRadii, pfgmPerturb } from "./processes/pfgm.js";
export { gaussianSchrodingerBridge, gaussianEntropicCoupling } from "./schrodinger-bridge.js";
export { lightSB, lightSbLossAndGrad } from "./light-sb.js";
export type { LightSbOptions, LightSbParams, LightSchrodingerBridge } from "./light-sb.js";
export type { GaussianBridge } from "./schrodinger-bridge.js";
export { feynmanKacSteering } from "./steering.js";
export type { FeynmanKacOptions, FeynmanKacResult } from "./steering.js";
