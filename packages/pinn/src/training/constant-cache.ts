import { tf } from "@continuum/core-tensor";

/**
 * A cache of parameter-free tensors computed from a batch of points (the distance factor of a hard constraint, its
 * derivatives, enrichment bases): they do not change while the batch is fixed, so the training loop computes them
 * once per batch instead of once per step. Entries are keyed by the points tensor (by identity) and a string;
 * entries of a disposed points tensor are dropped at the next lookup. The cache owns its tensors: callers must not
 * dispose them, and the owner calls `dispose()` when done.
 */
export interface ConstantCache {
  /** The cached tensors of `(x, key)`, computing (and keeping) them with `compute` on a miss. */
  lookup(x: tf.Tensor, key: string, compute: () => tf.Tensor[]): tf.Tensor[];
  /** Number of cached entries. */
  readonly size: number;
  /** Dispose every cached tensor. */
  dispose(): void;
}

/** Create an empty {@link ConstantCache} (owned by a training loop). */
export function createConstantCache(): ConstantCache {
  const entries = new Map<tf.Tensor, Map<string, tf.Tensor[]>>();
  const drop = (x: tf.Tensor) => {
    for (const ts of entries.get(x)?.values() ?? []) for (const t of ts) t.dispose();
    entries.delete(x);
  };
  return {
    lookup(x, key, compute) {
      for (const k of entries.keys()) if (k.isDisposed) drop(k);
      let byKey = entries.get(x);
      const hit = byKey?.get(key);
      if (hit) return hit;
      // The values are constants of the parameters: detach them from any gradient tape by copying out of a tidy.
      const fresh = tf.tidy(() => compute().map((t) => tf.keep(t.clone())));
      if (!byKey) {
        byKey = new Map();
        entries.set(x, byKey);
      }
      byKey.set(key, fresh);
      return fresh;
    },
    get size() {
      let n = 0;
      for (const m of entries.values()) n += m.size;
      return n;
    },
    dispose() {
      for (const k of [...entries.keys()]) drop(k);
    },
  };
}
