import { tf } from "./engine.js";

/** A nested structure of records and arrays whose leaves are tensors. */
export type PyTree = tf.Tensor | PyTree[] | { [key: string]: PyTree };

/** The structure of a pytree without its leaves (used to rebuild it). */
export type TreeDef =
  | { kind: "leaf" }
  | { kind: "array"; children: TreeDef[] }
  | { kind: "record"; keys: string[]; children: TreeDef[] };

function isTensor(x: unknown): x is tf.Tensor {
  return x instanceof tf.Tensor;
}

/**
 * Flatten a pytree into its leaves (depth-first, record keys in sorted order) and its structure.
 * @example
 * ```ts
 * const { leaves, treedef } = treeFlatten({ b: tf.scalar(2), a: [tf.scalar(1)] }); // leaves: [1, 2]
 * treeUnflatten(treedef, leaves); // same structure back
 * ```
 */
export function treeFlatten<T extends PyTree>(tree: T): { leaves: tf.Tensor[]; treedef: TreeDef } {
  const leaves: tf.Tensor[] = [];
  const walk = (node: unknown, path: string): TreeDef => {
    if (isTensor(node)) {
      leaves.push(node);
      return { kind: "leaf" };
    }
    if (Array.isArray(node)) return { kind: "array", children: node.map((c, i) => walk(c, `${path}[${i}]`)) };
    if (node !== null && typeof node === "object") {
      const keys = Object.keys(node).sort();
      return {
        kind: "record",
        keys,
        children: keys.map((k) => walk((node as Record<string, unknown>)[k], `${path}.${k}`)),
      };
    }
    throw new TypeError(
      `treeFlatten: leaf at '${path || "<root>"}' is not a tensor (received ${typeof node})`,
    );
  };
  const treedef = walk(tree, "");
  return { leaves, treedef };
}

/** Rebuild a pytree from its structure and leaves (inverse of {@link treeFlatten}). */
export function treeUnflatten<T extends PyTree = PyTree>(treedef: TreeDef, leaves: readonly tf.Tensor[]): T {
  let i = 0;
  const build = (d: TreeDef): PyTree => {
    if (d.kind === "leaf") {
      if (i >= leaves.length) throw new Error(`treeUnflatten: too few leaves (${leaves.length})`);
      return leaves[i++]!;
    }
    if (d.kind === "array") return d.children.map(build);
    const out: Record<string, PyTree> = {};
    d.keys.forEach((k, j) => {
      out[k] = build(d.children[j]!);
    });
    return out;
  };
  const out = build(treedef);
  if (i !== leaves.length)
    throw new Error(`treeUnflatten: ${leaves.length} leaves given, structure holds ${i}`);
  return out as T;
}

/** The leaves of a pytree, in {@link treeFlatten} order. */
export function treeLeaves(tree: PyTree): tf.Tensor[] {
  return treeFlatten(tree).leaves;
}

function sameStructure(a: TreeDef, b: TreeDef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "leaf") return true;
  if (a.kind === "record" && (b.kind !== "record" || a.keys.join("\u0000") !== b.keys.join("\u0000")))
    return false;
  const ac = (a as { children: TreeDef[] }).children;
  const bc = (b as { children: TreeDef[] }).children;
  return ac.length === bc.length && ac.every((c, i) => sameStructure(c, bc[i]!));
}

/**
 * Apply `fn` leafwise over one or more pytrees of the same structure.
 * @example
 * ```ts
 * const doubled = treeMap((x) => tf.mul(x, 2), params);
 * ```
 */
export function treeMap<T extends PyTree>(
  fn: (...leaves: tf.Tensor[]) => tf.Tensor,
  tree: T,
  ...rest: PyTree[]
): T {
  const { leaves, treedef } = treeFlatten(tree);
  const others = rest.map((r, k) => {
    const f = treeFlatten(r);
    if (!sameStructure(treedef, f.treedef))
      throw new Error(`treeMap: tree ${k + 2} has a different structure than tree 1`);
    return f.leaves;
  });
  return treeUnflatten<T>(
    treedef,
    leaves.map((l, i) => fn(l, ...others.map((o) => o[i]!))),
  );
}

/** Zeros shaped like every leaf. */
export function treeZerosLike<T extends PyTree>(tree: T): T {
  return treeMap((x) => tf.zerosLike(x), tree);
}

/** Leafwise sum of two pytrees. */
export function treeAdd<T extends PyTree>(a: T, b: PyTree): T {
  return treeMap((x, y) => tf.add(x, y!), a, b);
}

/** Leafwise difference `a - b`. */
export function treeSub<T extends PyTree>(a: T, b: PyTree): T {
  return treeMap((x, y) => tf.sub(x, y!), a, b);
}

/** Multiply every leaf by a number or scalar tensor. */
export function treeScale<T extends PyTree>(tree: T, s: number | tf.Scalar): T {
  return treeMap((x) => tf.mul(x, s), tree);
}

/** Sum over leaves of the elementwise product (a scalar tensor). */
export function treeDot(a: PyTree, b: PyTree): tf.Scalar {
  return tf.tidy(() => {
    const la = treeLeaves(a);
    const lb = treeLeaves(b);
    if (la.length !== lb.length) throw new Error(`treeDot: trees have ${la.length} and ${lb.length} leaves`);
    return la.reduce<tf.Scalar>(
      (acc, x, i) => tf.add(acc, tf.sum(tf.mul(x, lb[i]!))) as tf.Scalar,
      tf.scalar(0),
    );
  });
}

/** Euclidean norm over all leaves (a scalar tensor). */
export function treeNorm(tree: PyTree): tf.Scalar {
  return tf.tidy(() => tf.sqrt(treeDot(tree, tree)) as tf.Scalar);
}

/** Dispose every leaf (variables included). */
export function treeDispose(tree: PyTree | undefined | null): void {
  if (tree == null) return;
  for (const l of treeLeaves(tree)) if (!l.isDisposed) l.dispose();
}

/** Number of scalar entries over all leaves. */
export function treeSize(tree: PyTree): number {
  return treeLeaves(tree).reduce((n, l) => n + l.size, 0);
}
