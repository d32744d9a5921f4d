/**
 * @continuum/core-tensor: one TensorFlow.js engine with the best backend, derivatives correct to any order,
 * functional transforms, modules, seeded randomness and metrics.
 *
 * @example
 * ```ts
 * import { ready, tf, mlp, grad } from "@continuum/core-tensor";
 * await ready();
 * const net = mlp({ inputs: 1, hidden: [16], outputs: 1, seed: 0 });
 * const x = tf.tensor2d([[0.5]]);
 * const dudx = grad((z: tf.Tensor) => tf.sum(net.apply(net.params, z)))(x);
 * ```
 */

export { assertFinite, assertFiniteArray, assertShape } from "./assert.js";
export type { BackendAttempt, BackendInfo, BackendLoader, ReadyOptions } from "./backend.js";
export { BACKEND_PREFERENCE, backendInfo, defaultBackendLoaders, ready } from "./backend.js";
export type { Tensor } from "./engine.js";
export { tf } from "./engine.js";
export { fastSinCos, fastTanh, fastTanhF32, tanhArray } from "./fused/fast-math.js";
export {
  type ActKernelVariant,
  actKernelVariant,
  setActKernels,
  setFmaKernels,
} from "./fused/kernels/act-kernel.js";
export { gemmPoolThreads } from "./fused/kernels/gemm-pool.js";
export type { FusedJetResult, FusedLayer } from "./fused/mlp-jet.js";
export { FUSED_ACTIVATIONS, fusedJetSupported, fusedMlpJet } from "./fused/mlp-jet.js";
export type { JetModule, JetResult, TaylorFn, TaylorFunction } from "./jet.js";
export { denseLayersOf, fastApply, Jet, jet, jetMlp, jetOps, setFusedJet, taylor } from "./jet.js";
export { maxAbsError, mse, relativeL2Error } from "./metrics.js";
export type { Activation, JetActivation } from "./modules/activations.js";
export {
  activations,
  jetActivations,
  resolveActivation,
  resolveJetActivation,
} from "./modules/activations.js";
export type {
  DenseParams,
  FourierFeaturesOptions,
  Init,
  MlpOptions,
  MlpParams,
  Module,
  ResnetMlpOptions,
  SirenOptions,
} from "./modules/mlp.js";
export { denseInit, fourierFeatures, mlp, resnetMlp, siren } from "./modules/mlp.js";
export type { PyTree, TreeDef } from "./pytree.js";
export {
  treeAdd,
  treeDispose,
  treeDot,
  treeFlatten,
  treeLeaves,
  treeMap,
  treeNorm,
  treeScale,
  treeSize,
  treeSub,
  treeUnflatten,
  treeZerosLike,
} from "./pytree.js";
export { prng, Rng } from "./random.js";
export { REREGISTERED_GRADIENTS, registerHigherOrderGradients } from "./register-gradients.js";
export { setFastWasmKernels, WASM_FAST_KERNELS } from "./register-wasm-kernels.js";
export type { Registry } from "./registry.js";
export { createRegistry } from "./registry.js";
export type {
  LoadSafetensorsOptions,
  SafetensorsDtype,
  SafetensorsEntry,
  SafetensorsWriter,
  SaveSafetensorsOptions,
} from "./safetensors.js";
export { loadSafetensors, parseSafetensors, saveSafetensors, serializeSafetensors } from "./safetensors.js";
export type { HutchinsonOptions } from "./transforms.js";
export {
  divergence,
  grad,
  hessian,
  hutchinsonDivergence,
  hutchinsonLaplacian,
  hvp,
  jacobian,
  jvp,
  laplacian,
  valueAndGrad,
  vjp,
} from "./transforms.js";
