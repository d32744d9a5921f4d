import { type Jet, jetOps, type Module, tf } from "@continuum/core-tensor";

/**
 * Exact periodic embedding (Dong & Ni 2021; jaxpi): each periodic input column `xⱼ` with period `Pⱼ` becomes
 * `[cos(2π xⱼ/Pⱼ), sin(2π xⱼ/Pⱼ)]` (other columns pass through), so any network on top is exactly periodic in
 * `xⱼ` and periodic boundary conditions hold by construction. Output width: `inputs + (number of periodic columns)`.
 * @example
 * ```ts
 * const emb = periodicEmbedding({ inputs: 2, periods: { 0: 2 } }); // x periodic with period 2, t passes
 * emb.apply(emb.params, tf.zeros([4, 2])); // [4, 3]
 * ```
 */
export function periodicEmbedding(options: {
  inputs: number;
  periods: Record<number, number>;
}): Module<{ [k: string]: tf.Tensor }> & { outputs: number } {
  const { inputs, periods } = options ?? ({} as never);
  if (!Number.isInteger(inputs) || inputs < 1)
    throw new Error(`periodicEmbedding: inputs must be a positive integer, received ${inputs}`);
  const cols = Object.keys(periods ?? {}).map(Number);
  if (cols.length === 0)
    throw new Error("periodicEmbedding: periods must name at least one column, e.g. { 0: 2 }");
  for (const c of cols) {
    if (!Number.isInteger(c) || c < 0 || c >= inputs)
      throw new Error(`periodicEmbedding: column ${c} is not in [0, ${inputs - 1}]`);
    if (!(periods[c]! > 0) || !Number.isFinite(periods[c]))
      throw new Error(`periodicEmbedding: periods[${c}] must be a finite number > 0, received ${periods[c]}`);
  }
  return {
    params: {},
    outputs: inputs + cols.length,
    apply(_p, x) {
      if (x.rank !== 2 || x.shape[1] !== inputs)
        throw new Error(`periodicEmbedding.apply: x must be [N, ${inputs}], received [${x.shape}]`);
      return tf.tidy(() => {
        const n = x.shape[0]!;
        const parts: tf.Tensor[] = [];
        for (let j = 0; j < inputs; j++) {
          const xj = tf.slice(x, [0, j], [n, 1]);
          if (periods[j] !== undefined) {
            const a = tf.mul(xj, (2 * Math.PI) / periods[j]!);
            parts.push(tf.cos(a), tf.sin(a));
          } else parts.push(xj);
        }
        return tf.concat(parts, 1);
      });
    },
    applyJet(_p, x) {
      const n = x.primal.shape[0]!;
      const parts: Jet[] = [];
      for (let j = 0; j < inputs; j++) {
        const xj = jetOps.slice(x, [0, j], [n, 1]);
        if (periods[j] !== undefined) {
          const a = jetOps.mul(xj, (2 * Math.PI) / periods[j]!);
          parts.push(jetOps.cos(a), jetOps.sin(a));
        } else parts.push(xj);
      }
      return jetOps.concat(parts, 1);
    },
  };
}

/**
 * Compose a fixed (parameter-free or frozen) embedding with a trainable network: `x ↦ net(embedding(x))`. The
 * result's `params` are the network's, so only the network trains.
 * @example
 * ```ts
 * const net = withEmbedding(periodicEmbedding({ inputs: 2, periods: { 0: 2 } }), mlp({ inputs: 3, hidden: [64, 64], outputs: 1 }));
 * ```
 */
export function withEmbedding<E, P>(
  embedding: Module<E> & { applyJet?(params: E, x: Jet): Jet },
  network: Module<P> & { applyJet?(params: P, x: Jet): Jet },
): Module<P> & { applyJet?(params: P, x: Jet): Jet } {
  if (!embedding || typeof embedding.apply !== "function")
    throw new TypeError("withEmbedding: embedding must be a module");
  if (!network || typeof network.apply !== "function")
    throw new TypeError("withEmbedding: network must be a module");
  const out: Module<P> & { applyJet?(params: P, x: Jet): Jet } = {
    params: network.params,
    apply: (params, x) => network.apply(params, embedding.apply(embedding.params, x)),
  };
  if (embedding.applyJet && network.applyJet)
    out.applyJet = (params, x) => network.applyJet!(params, embedding.applyJet!(embedding.params, x));
  return out;
}
