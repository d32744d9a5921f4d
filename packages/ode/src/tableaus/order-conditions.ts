/** A rooted tree as the list of ids of its children's trees (ids index into the generated list). */
interface RootedTree {
  readonly order: number;
  readonly children: readonly number[];
  /** The density γ(t) = |t| · Π γ(children). */
  readonly density: number;
}

const TREES: RootedTree[] = [{ order: 1, children: [], density: 1 }];
let generatedUpTo = 1;

function forests(size: number, minId: number, out: number[][], prefix: number[]): void {
  if (size === 0) {
    out.push(prefix.slice());
    return;
  }
  for (let id = minId; id < TREES.length; id++) {
    const t = TREES[id]!;
    if (t.order > size) break;
    prefix.push(id);
    forests(size - t.order, id, out, prefix);
    prefix.pop();
  }
}

function generateTrees(order: number): void {
  while (generatedUpTo < order) {
    const n = generatedUpTo + 1;
    const fs: number[][] = [];
    forests(n - 1, 0, fs, []);
    for (const children of fs) {
      let density = n;
      for (const c of children) density *= TREES[c]!.density;
      TREES.push({ order: n, children, density });
    }
    generatedUpTo = n;
  }
}

/**
 * Number of rooted trees (order conditions) of each order 1..p: 1, 1, 2, 4, 9, 20, 48, 115, 286, …
 *
 * @example
 * ```ts
 * import { rootedTreeCounts } from "@continuum/ode";
 * rootedTreeCounts(5); // [1, 1, 2, 4, 9]
 * ```
 */
export function rootedTreeCounts(order: number): number[] {
  generateTrees(order);
  const counts = new Array<number>(order).fill(0);
  for (const t of TREES) if (t.order <= order) counts[t.order - 1]! += 1;
  return counts;
}

/**
 * Largest residual |b·Φ(t) − 1/γ(t)| over every rooted tree t of order ≤ `order`, scaled by 1 + Σ|bᵢΦᵢ(t)|,
 * for the explicit or implicit Runge–Kutta method (c, A, b) with A given as full or ragged lower rows.
 * A method has order p exactly when all these residuals vanish for trees up to order p (Butcher 1963).
 *
 * @example
 * ```ts
 * import { orderConditionResidual } from "@continuum/ode";
 * orderConditionResidual([[], [0.5], [0, 0.5], [0, 0, 1]], [1 / 6, 1 / 3, 1 / 3, 1 / 6], 4); // ~1e-17
 * ```
 */
export function orderConditionResidual(
  a: readonly (readonly number[])[],
  b: readonly number[],
  order: number,
) {
  generateTrees(order);
  const s = b.length;
  const phi: Float64Array[] = [];
  let worst = 0;
  for (let id = 0; id < TREES.length; id++) {
    const tree = TREES[id]!;
    if (tree.order > order) break;
    const u = new Float64Array(s).fill(1);
    for (const child of tree.children) {
      const v = phi[child]!;
      for (let i = 0; i < s; i++) {
        const row = a[i] ?? [];
        let acc = 0;
        for (let j = 0; j < row.length; j++) acc += row[j]! * v[j]!;
        u[i]! *= acc;
      }
    }
    phi[id] = u;
    let dot = 0;
    let mag = 1;
    for (let i = 0; i < s; i++) {
      dot += b[i]! * u[i]!;
      mag += Math.abs(b[i]! * u[i]!);
    }
    worst = Math.max(worst, Math.abs(dot - 1 / tree.density) / mag);
  }
  return worst;
}
