import type { Preconditioner } from "./operator.js";
import type { CsrMatrix } from "./sparse.js";

function diagonalPositions(fn: string, a: CsrMatrix): Int32Array {
  if (a.rows !== a.cols) throw new Error(`${fn}: a must be square, received ${a.rows}x${a.cols}`);
  const diag = new Int32Array(a.rows).fill(-1);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) if (a.colIndices[k] === i) diag[i] = k;
    if (diag[i] < 0 || a.values[diag[i]] === 0) {
      throw new Error(
        `${fn}: a has a zero (or missing) diagonal entry at row ${i}; reorder the rows or use another preconditioner`,
      );
    }
  }
  return diag;
}

/**
 * Jacobi (diagonal) preconditioner `M = diag(A)`: `z = r / diag(A)`. Cheap; helps when rows are badly scaled.
 * Throws, naming the row, if a diagonal entry is zero or missing.
 *
 * @example
 * ```ts
 * const M = jacobiPreconditioner(csrFromTriplets(2, 2, [0, 1], [0, 1], [2, 4]));
 * const z = new Float64Array(2);
 * M.apply(new Float64Array([2, 2]), z); // z = [1, 0.5]
 * ```
 */
export function jacobiPreconditioner(a: CsrMatrix): Preconditioner {
  const pos = diagonalPositions("jacobiPreconditioner", a);
  const invDiag = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) invDiag[i] = 1 / a.values[pos[i]];
  return {
    apply(r, z) {
      for (let i = 0; i < invDiag.length; i++) z[i] = r[i] * invDiag[i];
    },
  };
}

/**
 * Incomplete LU factorisation with zero fill-in, ILU(0) (Saad, *Iterative Methods for Sparse Linear Systems*,
 * 2nd ed., Alg. 10.4): `L·U ≈ A` keeping exactly the sparsity pattern of `A`. Applying it costs one sparse
 * forward and one backward substitution. Throws, naming the row, on a zero pivot.
 *
 * @example
 * ```ts
 * const A = csrFromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [4, 1, 1, 3]);
 * const r = cg(A, new Float64Array([1, 2]), { preconditioner: ilu0(A) });
 * r.iterations; // 1 (ILU(0) of a full pattern is exact)
 * ```
 */
export function ilu0(a: CsrMatrix): Preconditioner {
  const n = a.rows;
  const diag = diagonalPositions("ilu0", a);
  const { rowPtr, colIndices } = a;
  const v = Float64Array.from(a.values);
  const iw = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) iw[colIndices[k]] = k;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const c = colIndices[k];
      if (c >= i) break;
      const lik = v[k] / v[diag[c]];
      v[k] = lik;
      for (let kk = diag[c] + 1; kk < rowPtr[c + 1]; kk++) {
        const pos = iw[colIndices[kk]];
        if (pos >= 0) v[pos] -= lik * v[kk];
      }
    }
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) iw[colIndices[k]] = -1;
    if (v[diag[i]] === 0 || !Number.isFinite(v[diag[i]])) {
      throw new Error(
        `ilu0: zero pivot at row ${i} during incomplete factorisation; try jacobiPreconditioner or reorder`,
      );
    }
  }
  return {
    apply(r, z) {
      for (let i = 0; i < n; i++) {
        let s = r[i];
        for (let k = rowPtr[i]; k < diag[i]; k++) s -= v[k] * z[colIndices[k]];
        z[i] = s;
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = z[i];
        for (let k = diag[i] + 1; k < rowPtr[i + 1]; k++) s -= v[k] * z[colIndices[k]];
        z[i] = s / v[diag[i]];
      }
    },
  };
}
