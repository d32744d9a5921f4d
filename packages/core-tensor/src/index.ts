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
export { tf } from "./engine.js";
export type { Tensor } from "./engine.js";
export { REREGISTERED_GRADIENTS, registerHigherOrderGradients } from "./register-gradients.js";
export { setFastWasmKernels, WASM_FAST_KERNELS } from "./register-wasm-kernels.js";
export { setActKernels } from "./fused/kernels/act-kernel.js";
export { gemmPoolThreads } from "./fused/kernels/gemm-pool.js";
export { createRegistry } from "./registry.js";
export type { Registry } from "./registry.js";
export { ready, backendInfo, defaultBackendLoaders, BACKEND_PREFERENCE } from "./backend.js";
export type { BackendAttempt, BackendInfo, BackendLoader, ReadyOptions } from "./backend.js";
export {
  treeFlatten,
  treeUnflatten,
  treeLeaves,
  treeMap,
  treeZerosLike,
  treeAdd,
  treeSub,
  treeScale,
  treeDot,
  treeNorm,
  treeDispose,
  treeSize,
} from "./pytree.js";
export type { PyTree, TreeDef } from "./pytree.js";
export {
  grad,
  valueAndGrad,
  vjp,
  jvp,
  jacobian,
  hessian,
  hvp,
  divergence,
  laplacian,
  hutchinsonDivergence,
  hutchinsonLaplacian,
} from "./transforms.js";
export type { HutchinsonOptions } from "./transforms.js";
export { prng, Rng } from "./random.js";
export {
  activations,
  resolveActivation,
  jetActivations,
  resolveJetActivation,
} from "./modules/activations.js";
export type { Activation, JetActivation } from "./modules/activations.js";
export { Jet, jet, jetMlp, jetOps, taylor, denseLayersOf, fastApply, setFusedJet } from "./jet.js";
export { fusedMlpJet, fusedJetSupported, FUSED_ACTIVATIONS } from "./fused/mlp-jet.js";
export type { FusedJetResult, FusedLayer } from "./fused/mlp-jet.js";
export { fastSinCos, fastTanh, tanhArray } from "./fused/fast-math.js";
export type { JetModule, JetResult, TaylorFn, TaylorFunction } from "./jet.js";
export { mlp, fourierFeatures, siren, resnetMlp, denseInit } from "./modules/mlp.js";
export type {
  Module,
  MlpOptions,
  MlpParams,
  DenseParams,
  Init,
  FourierFeaturesOptions,
  SirenOptions,
  ResnetMlpOptions,
} from "./modules/mlp.js";
export { relativeL2Error, mse, maxAbsError } from "./metrics.js";
export { saveSafetensors, loadSafetensors, serializeSafetensors, parseSafetensors } from "./safetensors.js";
export type {
  LoadSafetensorsOptions,
  SafetensorsDtype,
  SafetensorsEntry,
  SafetensorsWriter,
  SaveSafetensorsOptions,
} from "./safetensors.js";
export { assertFinite, assertFiniteArray, assertShape } from "./assert.js";
