import { type PyTree, type TreeDef, tf, treeFlatten, treeUnflatten } from "@continuum/core-tensor";

/** Leaves of a pytree with their key paths (`a.b[0]`), in {@link treeFlatten} order (sorted record keys). */
export function leavesWithPaths(tree: PyTree): { path: string; leaf: tf.Tensor }[] {
  const out: { path: string; leaf: tf.Tensor }[] = [];
  const walk = (node: unknown, path: string): void => {
    if (node instanceof tf.Tensor) {
      out.push({ path, leaf: node });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((c, i) => {
        walk(c, `${path}[${i}]`);
      });
      return;
    }
    if (node !== null && typeof node === "object") {
      for (const k of Object.keys(node).sort())
        walk((node as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    throw new TypeError(
      `optim: pytree leaf at '${path || "<root>"}' is not a tensor (received ${typeof node})`,
    );
  };
  walk(tree, "");
  return out;
}

/** Flatten, checking that the tree is non-empty. */
export function flat(tree: PyTree, where: string): { leaves: tf.Tensor[]; treedef: TreeDef } {
  const f = treeFlatten(tree);
  if (f.leaves.length === 0) throw new Error(`${where}: the parameter pytree has no tensor leaves`);
  return f;
}

/** Check two leaf lists agree in count and shapes. */
export function checkLeaves(a: tf.Tensor[], b: tf.Tensor[], where: string, what: string): void {
  if (a.length !== b.length)
    throw new Error(`${where}: ${what} has ${b.length} leaves but the gradients have ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    const sa = a[i]!.shape;
    const sb = b[i]!.shape;
    if (sa.length !== sb.length || sa.some((s, j) => s !== sb[j]))
      throw new Error(`${where}: leaf ${i} of ${what} has shape [${sb}] but the gradient has shape [${sa}]`);
  }
}

/** Rebuild the tree shape of `like` from leaves. */
export function rebuild<T extends PyTree>(treedef: TreeDef, leaves: tf.Tensor[]): T {
  return treeUnflatten<T>(treedef, leaves);
}

/** Dispose every tensor found anywhere inside `state` (records, arrays, tensors; numbers ignored). */
export function disposeState(state: unknown): void {
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (node == null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (node instanceof tf.Tensor) {
      if (!node.isDisposed) node.dispose();
      return;
    }
    if (Array.isArray(node)) for (const c of node) walk(c);
    else for (const v of Object.values(node)) walk(v);
  };
  walk(state);
}

/** Dispose a list of tensors. */
export function disposeAll(list: readonly tf.Tensor[]): void {
  for (const t of list) if (!t.isDisposed) t.dispose();
}

/** Validate a finite non-negative number option. */
export function nonNegative(value: number, name: string, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new Error(`${where}: ${name} must be a finite number >= 0, received ${String(value)}`);
  return value;
}

/** Validate a number in [0, 1). */
export function unitInterval(value: number, name: string, where: string): number {
  if (typeof value !== "number" || !(value >= 0 && value < 1))
    throw new Error(`${where}: ${name} must be in [0, 1), received ${String(value)}`);
  return value;
}

/** Validate a positive integer. */
export function positiveInt(value: number, name: string, where: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${where}: ${name} must be a positive integer, received ${String(value)}`);
  return value;
}

/**
 * Reject option names outside `known` (a torch/optax spelling such as `weight_decay`, `betas` or `beta1` used to be
 * ignored without a word) and non-boolean values of the `booleans` among them (a string 'no' is truthy).
 */
export function checkOptionNames(
  options: object | undefined,
  known: readonly string[],
  where: string,
  booleans: readonly string[] = [],
  prefix = "options",
): void {
  if (options == null) return;
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined) continue;
    if (!known.includes(k))
      throw new Error(`${where}: unknown option ${prefix}.${k}; known: ${known.join(", ")}`);
    if (booleans.includes(k) && typeof v !== "boolean")
      throw new Error(
        `${where}: ${prefix}.${k} must be a boolean, received ${typeof v === "string" ? `'${v}'` : String(v)}`,
      );
  }
}
