/**
 * States of neural ODEs are tensors or pytrees of tensors; the integrators work on their flat leaf lists.
 */
import { type PyTree, tf, treeFlatten, treeUnflatten, type TreeDef } from "@continuum/core-tensor";

/** A flat list of state tensors plus the structure to rebuild the user's pytree. */
export interface FlatState {
  leaves: tf.Tensor[];
  treedef: TreeDef;
}

export function flattenState(y: PyTree, where: string): FlatState {
  const { leaves, treedef } = treeFlatten(y);
  if (leaves.length === 0) throw new Error(`${where}: y0 has no tensor leaves`);
  for (const [i, l] of leaves.entries()) {
    if (l.dtype !== "float32") throw new Error(`${where}: y0 leaf ${i} must be float32, received ${l.dtype}`);
  }
  return { leaves, treedef };
}

export function rebuild<T extends PyTree>(treedef: TreeDef, leaves: tf.Tensor[]): T {
  return treeUnflatten<T>(treedef, leaves);
}

/** y + h Σ cᵢ kᵢ, leafwise (zero coefficients skipped; one AddN instead of a chain of Adds). */
export function axpy(y: tf.Tensor[], h: number, coeffs: readonly number[], ks: tf.Tensor[][]): tf.Tensor[] {
  return y.map((yl, j) => {
    const terms: tf.Tensor[] = [yl];
    for (let i = 0; i < coeffs.length; i++) {
      const c = coeffs[i]!;
      if (c !== 0) terms.push(tf.mul(ks[i]![j]!, h * c));
    }
    return sumTerms(terms) ?? yl;
  });
}

/** h Σ cᵢ kᵢ, leafwise (the embedded error estimate); zeros when every coefficient is 0. */
export function combination(h: number, coeffs: readonly number[], ks: tf.Tensor[][]): tf.Tensor[] {
  return ks[0]!.map((k0, j) => {
    const terms: tf.Tensor[] = [];
    for (let i = 0; i < coeffs.length; i++) {
      const c = coeffs[i]!;
      if (c !== 0) terms.push(tf.mul(ks[i]![j]!, h * c));
    }
    return sumTerms(terms) ?? tf.zerosLike(k0);
  });
}

function sumTerms(terms: tf.Tensor[]): tf.Tensor | null {
  if (terms.length === 0) return null;
  if (terms.length === 1) return terms[0]!;
  if (terms.length === 2) return tf.add(terms[0]!, terms[1]!);
  return tf.addN(terms);
}

/** Scaled RMS norm of the error over all leaves: sqrt(mean((e / (atol + rtol·max|y0|,|y1|))²)). */
export function errorNorm(
  err: tf.Tensor[],
  y0: tf.Tensor[],
  y1: tf.Tensor[],
  rtol: number,
  atol: number,
): number {
  return tf.tidy(() => {
    let sum: tf.Tensor = tf.scalar(0);
    let n = 0;
    err.forEach((e, j) => {
      const scale = tf.add(atol, tf.mul(rtol, tf.maximum(tf.abs(y0[j]!), tf.abs(y1[j]!))));
      sum = tf.add(sum, tf.sum(tf.square(tf.div(e, scale))));
      n += e.size;
    });
    return Math.sqrt(sum.dataSync()[0]! / Math.max(n, 1));
  });
}

export function checkFinite(leaves: tf.Tensor[], t: number, where: string): void {
  const bad = tf.tidy(() => leaves.some((l) => tf.any(tf.logicalNot(tf.isFinite(l))).dataSync()[0] === 1));
  if (bad)
    throw new Error(
      `${where}: the state became NaN or infinite at t=${t}; reduce the step size or check the vector field`,
    );
}
