import { tf } from "@continuum/core-tensor";

/** Marker of an unknown PDE coefficient learnt with the network (inverse problems). */
export interface TrainableParameter {
  readonly trainable: true;
  readonly init: number;
  /** Learn `log θ` instead of `θ` (keeps it positive and makes steps relative); default false. */
  readonly positive: boolean;
}

/**
 * Declare an unknown PDE coefficient, identified from data during training: `parameters: { nu: trainable(0.05,
 * { positive: true }) }`. Plain numbers in `parameters` are fixed constants.
 * @example
 * ```ts
 * const problem = pde({ geometry, residual, conditions, parameters: { nu: trainable(0.05, { positive: true }) } });
 * ```
 */
export function trainable(init: number, options: { positive?: boolean } = {}): TrainableParameter {
  if (!Number.isFinite(init)) throw new Error(`trainable: init must be a finite number, received ${init}`);
  if (options.positive && !(init > 0))
    throw new Error(`trainable: init must be > 0 with { positive: true }, received ${init}`);
  return { trainable: true, init, positive: options.positive ?? false };
}

/** Values of `parameters` given to `pde`. */
export type ParameterSpec = Record<string, number | TrainableParameter>;

/** The PDE parameters of a problem: constants and trainable variables. */
export interface ParameterStore {
  readonly names: readonly string[];
  /** The trainable raw variables (θ or log θ), keyed by name. */
  readonly variables: Record<string, tf.Variable>;
  /** Scalar tensors of every parameter (θ = exp(raw) for positive ones); call inside a gradient scope. */
  materialize(raw?: Record<string, tf.Tensor>): Record<string, tf.Scalar>;
  /** Current values as numbers. */
  values(): Record<string, number>;
  /** Reset trainable parameters to their initial values. */
  reset(): void;
  dispose(): void;
}

/** Build the parameter store of a problem. */
export function createParameterStore(spec: ParameterSpec | undefined): ParameterStore {
  const entries = Object.entries(spec ?? {});
  const variables: Record<string, tf.Variable> = {};
  const constants: Record<string, number> = {};
  const positive: Record<string, boolean> = {};
  for (const [name, v] of entries) {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`pde: parameters.${name} must be finite, received ${v}`);
      constants[name] = v;
    } else if (v && typeof v === "object" && v.trainable === true) {
      positive[name] = v.positive;
      variables[name] = tf.variable(tf.scalar(v.positive ? Math.log(v.init) : v.init), true);
    } else {
      throw new Error(
        `pde: parameters.${name} must be a number or trainable(init), received ${JSON.stringify(v)}`,
      );
    }
  }
  const specOf = spec ?? {};
  return {
    names: entries.map(([k]) => k),
    variables,
    materialize(raw = variables) {
      const out: Record<string, tf.Scalar> = {};
      for (const name of Object.keys(constants)) out[name] = tf.scalar(constants[name]!);
      for (const name of Object.keys(variables)) {
        const r = raw[name] as tf.Scalar;
        out[name] = positive[name] ? (tf.exp(r) as tf.Scalar) : r;
      }
      return out;
    },
    values() {
      const out: Record<string, number> = { ...constants };
      for (const [name, v] of Object.entries(variables)) {
        const r = v.dataSync()[0]!;
        out[name] = positive[name] ? Math.exp(r) : r;
      }
      return out;
    },
    reset() {
      for (const [name, v] of Object.entries(variables)) {
        const init = (specOf[name] as TrainableParameter).init;
        v.assign(tf.scalar(positive[name] ? Math.log(init) : init));
      }
    },
    dispose() {
      for (const v of Object.values(variables)) v.dispose();
    },
  };
}
