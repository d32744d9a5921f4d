import { tf } from "../engine.js";
import { type Jet, jetOps } from "../jet.js";
import { prng, type Rng } from "../random.js";
import { type Activation, resolveActivation, resolveJetActivation } from "./activations.js";

/** Parameters of one dense layer. */
export interface DenseParams {
  [key: string]: tf.Variable;
  w: tf.Variable;
  b: tf.Variable;
}

/**
 * A module: explicit parameters (a pytree of variables) and a pure `apply`. Built-in modules whose activations
 * have Taylor-mode rules also carry `applyJet`, the same network on a {@link Jet} (used by `jetMlp`).
 */
export interface Module<P> {
  params: P;
  apply(params: P, x: tf.Tensor): tf.Tensor;
  applyJet?(params: P, x: Jet): Jet;
}

/** Weight initialisation schemes. */
export type Init =
  | "glorot"
  | "he"
  | "lecun"
  | "siren"
  | ((fanIn: number, fanOut: number, rng: Rng) => tf.Tensor);

function positiveInt(v: unknown, name: string): number {
  if (!Number.isInteger(v) || (v as number) < 1)
    throw new Error(`${name} must be a positive integer, received ${String(v)}`);
  return v as number;
}

/** Initialise a dense layer's weights `[fanIn, fanOut]` and zero bias. */
export function denseInit(fanIn: number, fanOut: number, init: Init, rng: Rng, name: string): DenseParams {
  let w: tf.Tensor;
  if (typeof init === "function") w = init(fanIn, fanOut, rng);
  else if (init === "glorot") w = rng.normal([fanIn, fanOut], { std: Math.sqrt(2 / (fanIn + fanOut)) });
  else if (init === "he") w = rng.normal([fanIn, fanOut], { std: Math.sqrt(2 / fanIn) });
  else if (init === "lecun") w = rng.normal([fanIn, fanOut], { std: Math.sqrt(1 / fanIn) });
  else if (init === "siren") {
    const bound = Math.sqrt(6 / fanIn);
    w = rng.uniform([fanIn, fanOut], { min: -bound, max: bound });
  } else
    throw new Error(
      `${name}: unknown init '${String(init)}'; known: glorot, he, lecun, siren, or a function`,
    );
  if (!tf.util.arraysEqual(w.shape, [fanIn, fanOut]))
    throw new Error(`${name}: init returned shape [${w.shape}], expected [${fanIn}, ${fanOut}]`);
  // tf.variable shares the initial value's data; dispose the initial tensors so creation leaks nothing.
  const b0 = tf.zeros([fanOut]);
  const params = { w: tf.variable(w, true, undefined, "float32"), b: tf.variable(b0, true) };
  w.dispose();
  b0.dispose();
  return params;
}

function dense(p: DenseParams, x: tf.Tensor): tf.Tensor {
  return tf.add(tf.matMul(x, p.w), p.b);
}

function denseJet(p: DenseParams, x: Jet): Jet {
  return jetOps.affine(x, p.w, p.b);
}

function checkJetInput(x: Jet, inputs: number, where: string): void {
  const p = x?.primal;
  if (!(p instanceof tf.Tensor)) throw new TypeError(`${where}: x must be a Jet`);
  if (p.rank !== 2 || p.shape[1] !== inputs)
    throw new Error(`${where}: x must have shape [N, ${inputs}], received [${p.shape.join(", ")}]`);
}

/** Options of {@link mlp}. */
export interface MlpOptions {
  inputs: number;
  hidden: number[];
  outputs: number;
  /** Hidden activation name or function (default `tanh`). */
  activation?: string | Activation;
  /** Activation after the last layer (default identity). */
  outputActivation?: string | Activation;
  /** Weight init (default `glorot`). */
  init?: Init;
  /** Seed for the weights (default 0). */
  seed?: number;
}

/** Parameters of an MLP. */
export interface MlpParams {
  [key: string]: DenseParams[];
  layers: DenseParams[];
}

function checkInput(x: tf.Tensor, inputs: number, where: string): void {
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${where}: x must be a tensor`);
  if (x.rank !== 2 || x.shape[1] !== inputs)
    throw new Error(`${where}: x must have shape [N, ${inputs}], received [${x.shape.join(", ")}]`);
}

/**
 * Multilayer perceptron `inputs → hidden… → outputs` as an explicit-parameter module.
 * @example
 * ```ts
 * const net = mlp({ inputs: 2, hidden: [50, 50, 50, 50], outputs: 1, activation: "tanh", seed: 0 });
 * const u = net.apply(net.params, tf.zeros([8, 2])); // [8, 1]
 * ```
 */
export function mlp(options: MlpOptions): Module<MlpParams> {
  const inputs = positiveInt(options?.inputs, "mlp: options.inputs");
  const outputs = positiveInt(options.outputs, "mlp: options.outputs");
  if (!Array.isArray(options.hidden))
    throw new TypeError("mlp: options.hidden must be an array of layer widths");
  for (const [i, h] of options.hidden.entries()) positiveInt(h, `mlp: options.hidden[${i}]`);
  const act = resolveActivation(options.activation, "tanh", "mlp");
  const outAct = resolveActivation(options.outputActivation, "identity", "mlp");
  const actJet = resolveJetActivation(options.activation, "tanh");
  const outActJet = resolveJetActivation(options.outputActivation, "identity");
  const rng = prng(options.seed ?? 0);
  const sizes = [inputs, ...options.hidden, outputs];
  const layers: DenseParams[] = [];
  for (let i = 0; i + 1 < sizes.length; i++)
    layers.push(denseInit(sizes[i]!, sizes[i + 1]!, options.init ?? "glorot", rng, "mlp"));
  const module: Module<MlpParams> = {
    params: { layers },
    apply(params, x) {
      checkInput(x, inputs, "mlp.apply");
      return tf.tidy(() => {
        let h = x;
        params.layers.forEach((l, i) => {
          h = dense(l, h);
          h = i + 1 < params.layers.length ? act(h) : outAct(h);
        });
        return h;
      });
    },
  };
  if (actJet && outActJet) {
    module.applyJet = (params, x) => {
      checkJetInput(x, inputs, "mlp.applyJet");
      let h = x;
      params.layers.forEach((l, i) => {
        h = denseJet(l, h);
        h = i + 1 < params.layers.length ? actJet(h) : outActJet(h);
      });
      return h;
    };
  }
  return module;
}

/** Options of {@link fourierFeatures}. */
export interface FourierFeaturesOptions {
  inputs: number;
  /** Number of random frequencies m (output has 2m features). */
  features: number;
  /** Standard deviation σ of the frequencies B ~ N(0, σ²) (default 1). */
  scale?: number;
  seed?: number;
}

/**
 * Random Fourier feature embedding γ(x) = [cos(2π x B), sin(2π x B)] with fixed B ~ N(0, σ²)
 * (Tancik et al. 2020); mitigates spectral bias in PINNs. B is a constant, not a trainable parameter.
 * @example
 * ```ts
 * const ff = fourierFeatures({ inputs: 2, features: 64, scale: 1, seed: 0 });
 * ff.apply(ff.params, tf.zeros([8, 2])); // [8, 128]
 * ```
 */
export function fourierFeatures(
  options: FourierFeaturesOptions,
): Module<{ [key: string]: tf.Tensor; B: tf.Tensor }> {
  const inputs = positiveInt(options?.inputs, "fourierFeatures: options.inputs");
  const m = positiveInt(options.features, "fourierFeatures: options.features");
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale < Number.POSITIVE_INFINITY))
    throw new Error(`fourierFeatures: options.scale must be a finite number > 0, received ${scale}`);
  const B = tf.keep(prng(options.seed ?? 0).normal([inputs, m], { std: scale }));
  return {
    params: { B },
    apply(params, x) {
      checkInput(x, inputs, "fourierFeatures.apply");
      return tf.tidy(() => {
        const proj = tf.mul(tf.matMul(x, params.B), 2 * Math.PI);
        return tf.concat([tf.cos(proj), tf.sin(proj)], 1);
      });
    },
    applyJet(params, x) {
      checkJetInput(x, inputs, "fourierFeatures.applyJet");
      const proj = jetOps.mul(jetOps.matMul(x, params.B), 2 * Math.PI);
      return jetOps.concat([jetOps.cos(proj), jetOps.sin(proj)], 1);
    },
  };
}

/** Options of {@link siren}. */
export interface SirenOptions {
  inputs: number;
  hidden: number[];
  outputs: number;
  /** Frequency ω₀ of the first layer (default 30, as in Sitzmann et al. 2020). */
  omega0?: number;
  seed?: number;
}

/**
 * SIREN: an MLP with sine activations sin(ω₀·(xW+b)) and the initialisation of Sitzmann et al. (2020).
 * @example
 * ```ts
 * const net = siren({ inputs: 1, hidden: [32, 32], outputs: 1 });
 * ```
 */
export function siren(options: SirenOptions): Module<MlpParams> {
  const inputs = positiveInt(options?.inputs, "siren: options.inputs");
  const outputs = positiveInt(options.outputs, "siren: options.outputs");
  if (!Array.isArray(options.hidden))
    throw new TypeError("siren: options.hidden must be an array of layer widths");
  for (const [i, h] of options.hidden.entries()) positiveInt(h, `siren: options.hidden[${i}]`);
  const omega0 = options.omega0 ?? 30;
  // ω₀ = 0 or NaN divided the init bound into Infinity/NaN weights without a word.
  if (typeof omega0 !== "number" || !Number.isFinite(omega0) || omega0 <= 0)
    throw new Error(`siren: options.omega0 must be a finite number > 0, received ${String(omega0)}`);
  const rng = prng(options.seed ?? 0);
  const sizes = [inputs, ...options.hidden, outputs];
  const layers: DenseParams[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!;
    const bound = i === 0 ? 1 / fanIn : Math.sqrt(6 / fanIn) / omega0;
    layers.push(
      denseInit(
        fanIn,
        sizes[i + 1]!,
        (a, b, r) => r.uniform([a, b], { min: -bound, max: bound }),
        rng,
        "siren",
      ),
    );
  }
  return {
    params: { layers },
    apply(params, x) {
      checkInput(x, inputs, "siren.apply");
      return tf.tidy(() => {
        let h = x;
        params.layers.forEach((l, i) => {
          h = dense(l, h);
          if (i + 1 < params.layers.length) h = tf.sin(tf.mul(h, omega0));
        });
        return h;
      });
    },
    applyJet(params, x) {
      checkJetInput(x, inputs, "siren.applyJet");
      let h = x;
      params.layers.forEach((l, i) => {
        h = denseJet(l, h);
        if (i + 1 < params.layers.length) h = jetOps.sin(jetOps.mul(h, omega0));
      });
      return h;
    },
  };
}

/** Options of {@link resnetMlp}. */
export interface ResnetMlpOptions {
  inputs: number;
  width: number;
  blocks: number;
  outputs: number;
  activation?: string | Activation;
  seed?: number;
}

/**
 * Residual MLP: lift to `width`, `blocks` residual blocks h ← h + W₂ σ(W₁ σ(h)), project to `outputs`.
 * @example
 * ```ts
 * const net = resnetMlp({ inputs: 2, width: 64, blocks: 3, outputs: 1 });
 * ```
 */
export function resnetMlp(options: ResnetMlpOptions): Module<{
  [key: string]: DenseParams | DenseParams[];
  lift: DenseParams;
  blocks: DenseParams[];
  head: DenseParams;
}> {
  const inputs = positiveInt(options?.inputs, "resnetMlp: options.inputs");
  const width = positiveInt(options.width, "resnetMlp: options.width");
  const nb = positiveInt(options.blocks, "resnetMlp: options.blocks");
  const outputs = positiveInt(options.outputs, "resnetMlp: options.outputs");
  const act = resolveActivation(options.activation, "tanh", "resnetMlp");
  const actJet = resolveJetActivation(options.activation, "tanh");
  const rng = prng(options.seed ?? 0);
  const lift = denseInit(inputs, width, "glorot", rng, "resnetMlp");
  const blocks: DenseParams[] = [];
  for (let i = 0; i < 2 * nb; i++) blocks.push(denseInit(width, width, "glorot", rng, "resnetMlp"));
  const head = denseInit(width, outputs, "glorot", rng, "resnetMlp");
  const module: ReturnType<typeof resnetMlp> = {
    params: { lift, blocks, head },
    apply(params, x) {
      checkInput(x, inputs, "resnetMlp.apply");
      return tf.tidy(() => {
        let h = dense(params.lift, x);
        for (let i = 0; i < params.blocks.length; i += 2) {
          h = tf.add(h, dense(params.blocks[i + 1]!, act(dense(params.blocks[i]!, act(h)))));
        }
        return dense(params.head, act(h));
      });
    },
  };
  if (actJet) {
    module.applyJet = (params, x) => {
      checkJetInput(x, inputs, "resnetMlp.applyJet");
      let h = denseJet(params.lift, x);
      for (let i = 0; i < params.blocks.length; i += 2) {
        h = jetOps.add(h, denseJet(params.blocks[i + 1]!, actJet(denseJet(params.blocks[i]!, actJet(h)))));
      }
      return denseJet(params.head, actJet(h));
    };
  }
  return module;
}
