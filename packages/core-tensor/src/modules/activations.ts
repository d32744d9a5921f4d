import { tf } from "../engine.js";
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
