/**
 * Dense LU factorisation with partial pivoting, PA = LU, in place on a flat row-major `Float64Array`
 * (n×n). The stiff solvers factor once per Jacobian/step-size change and reuse the factors for many solves.
 * Kept inside this package so the ODE solvers do not wait on `@continuum/core-tensor/linalg`.
 *
 * @example
 * ```ts
 * import { luFactor, luSolve } from "@continuum/ode";
 * const lu = luFactor(new Float64Array([4, 3, 6, 3]), 2);
 * luSolve(lu, new Float64Array([10, 12])); // [1, 2]
 * ```
 */
export interface LuFactors {
  readonly n: number;
  /** L (unit, below diagonal) and U (on and above), row-major. */
  readonly lu: Float64Array;
  readonly piv: Int32Array;
  /** True when a zero pivot was met (the matrix is singular to working precision). */
  readonly singular: boolean;
}

/** Factor `a` (overwritten) as PA = LU. See {@link LuFactors}. @example `luFactor(new Float64Array([2]), 1)` */
export function luFactor(a: Float64Array, n: number): LuFactors {
  if (a.length !== n * n) throw new Error(`luFactor: a has length ${a.length}, expected n*n = ${n * n}`);
  const piv = new Int32Array(n);
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const tmp = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = tmp;
      }
    }
    const pivot = a[k * n + k]!;
    if (pivot === 0) {
      singular = true;
      continue;
    }
    const inv = 1 / pivot;
    const rk = k * n;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = a[ri + k]! * inv;
      if (l === 0) continue;
      a[ri + k] = l;
      for (let j = k + 1; j < n; j++) a[ri + j]! -= l * a[rk + j]!;
    }
  }
  return { n, lu: a, piv, singular };
}

/** Solve A x = b in place in `b` using factors from {@link luFactor}. @example `luSolve(luFactor(new Float64Array([2]), 1), new Float64Array([4])); // [2]` */
export function luSolve(f: LuFactors, b: Float64Array): Float64Array {
  const { n, lu, piv } = f;
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const tmp = b[k]!;
      b[k] = b[p]!;
      b[p] = tmp;
    }
  }
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let acc = b[i]!;
    for (let j = 0; j < i; j++) acc -= lu[ri + j]! * b[j]!;
    b[i] = acc;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let acc = b[i]!;
    for (let j = i + 1; j < n; j++) acc -= lu[ri + j]! * b[j]!;
    b[i] = acc / lu[ri + i]!;
  }
  return b;
}
