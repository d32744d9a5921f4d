import { tf } from "../engine.js";
import { type Jet, jetOps } from "../jet.js";
import { createRegistry } from "../registry.js";

/** An elementwise activation. */
export type Activation = (x: tf.Tensor) => tf.Tensor;

/**
 * Activations by name: tanh, sin, cos, gelu (tanh approximation), swish/silu, softplus, sigmoid, relu, elu,
 * identity. Plugins add their own with `activations.register(name, fn)`.
 * @example
 * ```ts
 * activations.get("gelu")(tf.tensor([1])); // ≈ [0.841]
 * ```
 */
export const activations = createRegistry<Activation>("activation");
activations.register("tanh", (x) => tf.tanh(x));
activations.register("sin", (x) => tf.sin(x));
activations.register("cos", (x) => tf.cos(x));
activations.register("sigmoid", (x) => tf.sigmoid(x));
activations.register("relu", (x) => tf.relu(x));
activations.register("elu", (x) => tf.elu(x));
activations.register("softplus", (x) => tf.softplus(x));
activations.register("identity", (x) => x);
const swish: Activation = (x) => tf.mul(x, tf.sigmoid(x));
activations.register("swish", swish);
activations.register("silu", swish);
const GELU_C = Math.sqrt(2 / Math.PI);
activations.register("gelu", (x) =>
  tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(GELU_C, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))))),
);

/** Resolve an activation given by name or function. */
export function resolveActivation(
  a: string | Activation | undefined,
  fallback: string,
  where: string,
): Activation {
  if (a === undefined) return activations.get(fallback);
  if (typeof a === "function") return a;
  if (typeof a !== "string") throw new TypeError(`${where}: activation must be a name or a function`);
  return activations.get(a);
}

/** The Taylor-mode (jet) version of an activation. */
export type JetActivation = (x: Jet) => Jet;

/**
 * Taylor-mode rules of the activations, under the same names as {@link activations}: tanh, sin, cos, sigmoid,
 * softplus, gelu, swish, silu, relu, elu, identity. A module whose activation has an entry here gets an
 * `applyJet`, so {@link jetMlp} runs in one Taylor-mode pass. Plugins register the rule next to the activation.
 * @example
 * ```ts
 * activations.register("cube", (x) => tf.pow(x, 3));
 * jetActivations.register("cube", (x) => jetOps.pow(x, 3));
 * ```
 */
export const jetActivations = createRegistry<JetActivation>("Taylor-mode activation");
jetActivations.register("tanh", jetOps.tanh);
jetActivations.register("sin", jetOps.sin);
jetActivations.register("cos", jetOps.cos);
jetActivations.register("sigmoid", jetOps.sigmoid);
jetActivations.register("softplus", jetOps.softplus);
jetActivations.register("gelu", jetOps.gelu);
jetActivations.register("swish", jetOps.swish);
jetActivations.register("silu", jetOps.swish);
jetActivations.register("relu", jetOps.relu);
jetActivations.register("elu", jetOps.elu);
jetActivations.register("identity", (x) => x);

/**
 * The Taylor-mode rule of an activation given by name or by the function registered in {@link activations};
 * `null` when there is none (a custom function), in which case jets fall back to nested `jvp`.
 * @example
 * ```ts
 * resolveJetActivation("tanh", "tanh") === jetOps.tanh; // true
 * ```
 */
export function resolveJetActivation(
  a: string | Activation | undefined,
  fallback: string,
): JetActivation | null {
  const name =
    a === undefined
      ? fallback
      : typeof a === "string"
        ? a
        : activations.names().find((n) => activations.get(n) === a);
  return name !== undefined && jetActivations.has(name) ? jetActivations.get(name) : null;
}
