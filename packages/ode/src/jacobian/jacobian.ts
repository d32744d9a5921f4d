import type { JacobianInput, Rhs } from "../types.js";

/**
 * Greedy Curtis–Powell–Reid column grouping: columns of a sparse Jacobian that share no non-zero row go in
 * one group, so one finite difference per group recovers them all (Curtis, Powell & Reid 1974).
 * `sparsity` is flat row-major (n×n, non-zero = structurally non-zero). Returns the group of each column.
 *
 * @example
 * ```ts
 * import { groupColumns } from "@continuum/ode";
 * // tridiagonal 4×4 needs 3 groups
 * const S = new Uint8Array([1,1,0,0, 1,1,1,0, 0,1,1,1, 0,0,1,1]);
 * groupColumns(S, 4); // Int32Array [0, 1, 2, 0]
 * ```
 */
export function groupColumns(sparsity: ArrayLike<number>, n: number): Int32Array {
  const groups = new Int32Array(n).fill(-1);
  let g = 0;
  for (let start = 0; start < n; start++) {
    if (groups[start] !== -1) continue;
    const used = new Uint8Array(n);
    for (let j = start; j < n; j++) {
      if (groups[j] !== -1) continue;
      let clash = false;
      for (let i = 0; i < n; i++) if (sparsity[i * n + j] && used[i]) clash = true;
      if (clash) continue;
      groups[j] = g;
      for (let i = 0; i < n; i++) if (sparsity[i * n + j]) used[i] = 1;
    }
    g++;
  }
  return groups;
}

/**
 * Copy a user matrix (rows or flat row-major) into a flat n×n array, naming the argument on a shape mismatch or
 * a non-finite entry (a NaN Jacobian would otherwise surface as "f returned non-finite values").
 */
export function toFlatMatrix(where: string, m: ArrayLike<number> | readonly ArrayLike<number>[], n: number) {
  const out = new Float64Array(n * n);
  const first = (m as ArrayLike<unknown>)[0];
  if (n > 0 && typeof first === "object" && first !== null) {
    const rows = m as readonly ArrayLike<number>[];
    if (rows.length !== n || rows.some((r) => r.length !== n)) {
      throw new Error(
        `${where}: jac must be ${n}×${n}, received ${rows.length} rows of lengths ${rows.map((r) => r.length).join(",")}`,
      );
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = rows[i]![j]!;
  } else {
    const flat = m as ArrayLike<number>;
    if (flat.length !== n * n)
      throw new Error(`${where}: jac must have n*n = ${n * n} entries, received ${flat.length}`);
    for (let k = 0; k < n * n; k++) out[k] = flat[k]!;
  }
  for (let k = 0; k < n * n; k++) {
    if (!Number.isFinite(out[k]!)) {
      throw new Error(
        `${where}: jac[${Math.floor(k / n)}][${k % n}] must be a finite number, received ${String(out[k])}`,
      );
    }
  }
  return out;
}

const EPS = Number.EPSILON;

/**
 * A Jacobian provider for the stiff solvers: the user's function or constant matrix, or forward finite
 * differences with SciPy's adaptive per-column increments (`num_jac`) and optional column grouping.
 * Pass the solver's `fJacobian` so finite-difference evaluations count in `nfevJacobian`, not `nfev` (SciPy's convention).
 * `where` starts the error messages (a wrong shape or a non-finite entry of the user's Jacobian).
 * `differences: "central"` takes (f(y + hⱼeⱼ) − f(y − hⱼeⱼ))/(2hⱼ) with hⱼ = ε^⅓·max(|yⱼ|, atolⱼ) instead (two
 * evaluations per column or group, error ~ε^⅔ ≈ 4e-11 instead of √ε ≈ 1e-8): Rosenbrock methods need the exact
 * Jacobian for their order, and with forward differences Rodas5P took 12× the steps at rtol 1e-10 and failed at 1e-12.
 *
 * @example
 * ```ts
 * import { createJacobian } from "@continuum/ode";
 * const f = (_t: number, y: Float64Array, o: Float64Array) => { o[0] = -2 * y[0]!; };
 * const jac = createJacobian(f, 1, undefined, undefined, new Float64Array([1e-6]));
 * jac.evaluate(0, new Float64Array([1]), new Float64Array([-2]))[0]; // ≈ -2
 * ```
 */
export function createJacobian(
  f: Rhs,
  n: number,
  jac: JacobianInput | undefined,
  sparsity: Uint8Array | undefined,
  atol: Float64Array,
  where = "solve",
  differences: "forward" | "central" = "forward",
): {
  readonly constant: boolean;
  readonly analytic: boolean;
  evaluate(t: number, y: Float64Array, fy: Float64Array): Float64Array;
} {
  if (jac !== undefined && typeof jac !== "function") {
    const J = toFlatMatrix(where, jac, n);
    return { constant: true, analytic: true, evaluate: () => J.slice() };
  }
  if (typeof jac === "function") {
    return {
      constant: false,
      analytic: true,
      evaluate: (t, y) => toFlatMatrix(`${where}: jac(t, y) at t=${t}`, jac(t, y) as ArrayLike<number>, n),
    };
  }
  if (differences === "central") return centralDifferences(f, n, sparsity, atol);
  const factor = new Float64Array(n).fill(Math.sqrt(EPS));
  const groups = sparsity ? groupColumns(sparsity, n) : null;
  const nGroups = groups ? Math.max(-1, ...groups) + 1 : n;
  const yp = new Float64Array(n);
  const fp = new Float64Array(n);
  const hs = new Float64Array(n);
  return {
    constant: false,
    analytic: false,
    evaluate(t, y, fy) {
      const J = new Float64Array(n * n);
      for (let j = 0; j < n; j++) {
        const sign = fy[j]! >= 0 ? 1 : -1;
        // With atol = 0 and y = 0 the scale is 0 and no factor makes an increment (it grew to Infinity and
        // gave NaN columns): fall back to an absolute scale of 1.
        const yScale = sign * (Math.max(atol[j]!, Math.abs(y[j]!)) || 1);
        let h = y[j]! + factor[j]! * yScale - y[j]!;
        while (h === 0) {
          factor[j]! *= 10;
          h = y[j]! + factor[j]! * yScale - y[j]!;
        }
        hs[j] = h;
      }
      if (groups) {
        for (let g = 0; g < nGroups; g++) {
          yp.set(y);
          for (let j = 0; j < n; j++) if (groups[j] === g) yp[j]! += hs[j]!;
          f(t, yp, fp);
          for (let j = 0; j < n; j++) {
            if (groups[j] !== g) continue;
            for (let i = 0; i < n; i++) if (sparsity![i * n + j]) J[i * n + j] = (fp[i]! - fy[i]!) / hs[j]!;
          }
        }
        return J;
      }
      for (let j = 0; j < n; j++) {
        yp.set(y);
        yp[j]! += hs[j]!;
        f(t, yp, fp);
        let maxDiff = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          const d = fp[i]! - fy[i]!;
          J[i * n + j] = d / hs[j]!;
          if (Math.abs(d) > maxDiff) {
            maxDiff = Math.abs(d);
            scale = Math.max(Math.abs(fy[i]!), Math.abs(fp[i]!));
          }
        }
        // SciPy's increment adaptation: grow the step when the difference drowns in rounding, shrink it when
        // the difference is large (truncation error).
        if (maxDiff < EPS ** 0.75 * scale) factor[j]! *= 10;
        else if (maxDiff > EPS ** 0.25 * scale) factor[j]! *= 0.1;
        factor[j] = Math.max(factor[j]!, 1e3 * EPS);
      }
      return J;
    },
  };
}

/** Central-difference Jacobian (see {@link createJacobian}), with optional Curtis–Powell–Reid column groups. */
function centralDifferences(f: Rhs, n: number, sparsity: Uint8Array | undefined, atol: Float64Array) {
  const groups = sparsity ? groupColumns(sparsity, n) : null;
  const nGroups = groups ? Math.max(-1, ...groups) + 1 : n;
  const yp = new Float64Array(n);
  const ym = new Float64Array(n);
  const fp = new Float64Array(n);
  const fm = new Float64Array(n);
  const hp = new Float64Array(n);
  const hm = new Float64Array(n);
  const rel = Math.cbrt(EPS);
  return {
    constant: false,
    analytic: false,
    evaluate(t: number, y: Float64Array, _fy: Float64Array): Float64Array {
      const J = new Float64Array(n * n);
      for (let j = 0; j < n; j++) {
        // With atol = 0 and y = 0, an absolute scale of 1; the increments actually taken (representable) are
        // kept separately for each side.
        const h = rel * (Math.max(atol[j]!, Math.abs(y[j]!)) || 1);
        hp[j] = y[j]! + h - y[j]!;
        hm[j] = y[j]! - (y[j]! - h);
      }
      for (let g = 0; g < nGroups; g++) {
        yp.set(y);
        ym.set(y);
        for (let j = 0; j < n; j++) {
          if (groups ? groups[j] === g : j === g) {
            yp[j]! += hp[j]!;
            ym[j]! -= hm[j]!;
          }
        }
        f(t, yp, fp);
        f(t, ym, fm);
        for (let j = 0; j < n; j++) {
          if (groups ? groups[j] !== g : j !== g) continue;
          const width = hp[j]! + hm[j]!;
          for (let i = 0; i < n; i++) {
            if (sparsity && !sparsity[i * n + j]) continue;
            J[i * n + j] = (fp[i]! - fm[i]!) / width;
          }
        }
      }
      return J;
    },
  };
}
