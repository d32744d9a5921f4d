import { checkDim, checkFinite, checkVector, describe } from "./validate.js";

/**
 * Sparse matrix in compressed sparse row form; column indices are sorted within each row, no duplicates.
 *
 * @example
 * ```ts
 * const A: CsrMatrix = csrFromTriplets(2, 2, [0, 1], [0, 1], [1, 2]);
 * A.rowPtr; // Int32Array [0, 1, 2]
 * ```
 */
export interface CsrMatrix {
  readonly format: "csr";
  readonly rows: number;
  readonly cols: number;
  /** Length `rows + 1`; row `i` occupies `rowPtr[i] … rowPtr[i+1] − 1`. */
  readonly rowPtr: Int32Array;
  readonly colIndices: Int32Array;
  readonly values: Float64Array;
}

/**
 * Sparse matrix in coordinate (triplet) form; duplicates are summed, entries sorted by row then column.
 *
 * @example
 * ```ts
 * const A: CooMatrix = cooFromTriplets(2, 2, [0, 1], [0, 1], [1, 2]);
 * A.rowIndices; // Int32Array [0, 1]
 * ```
 */
export interface CooMatrix {
  readonly format: "coo";
  readonly rows: number;
  readonly cols: number;
  readonly rowIndices: Int32Array;
  readonly colIndices: Int32Array;
  readonly values: Float64Array;
}

type IndexLike = ArrayLike<number>;

function checkTriplets(
  fn: string,
  rows: number,
  cols: number,
  ri: IndexLike,
  ci: IndexLike,
  v: IndexLike,
): void {
  checkDim(fn, "rows", rows, 0);
  checkDim(fn, "cols", cols, 0);
  if (ri.length !== ci.length || ri.length !== v.length) {
    throw new Error(
      `${fn}: rowIndices, colIndices and values must have equal length, received ${ri.length}, ${ci.length}, ${v.length}`,
    );
  }
  for (let k = 0; k < ri.length; k++) {
    const i = ri[k];
    const j = ci[k];
    if (!Number.isInteger(i) || i < 0 || i >= rows) {
      throw new Error(`${fn}: rowIndices[${k}] must be an integer in [0, ${rows}), received ${describe(i)}`);
    }
    if (!Number.isInteger(j) || j < 0 || j >= cols) {
      throw new Error(`${fn}: colIndices[${k}] must be an integer in [0, ${cols}), received ${describe(j)}`);
    }
  }
  checkFinite(fn, "values", v);
}

/**
 * Build a CSR matrix from `(row, col, value)` triplets; duplicate positions are summed (the finite-element
 * assembly convention, as in SciPy's `coo_matrix(...).tocsr()`), columns sorted within rows. `O(nnz + rows)`.
 *
 * @example
 * ```ts
 * const A = csrFromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 1, 1], [4, 1, 2, 1]); // [[4, 1], [0, 3]]
 * csrMatvec(A, new Float64Array([1, 1])); // [5, 3]
 * ```
 */
export function csrFromTriplets(
  rows: number,
  cols: number,
  rowIndices: IndexLike,
  colIndices: IndexLike,
  values: IndexLike,
): CsrMatrix {
  checkTriplets("csrFromTriplets", rows, cols, rowIndices, colIndices, values);
  const nnzIn = values.length;
  // counting sort by row, then by column inside each row (two stable passes: by column, then by row)
  const colCount = new Int32Array(cols + 1);
  for (let k = 0; k < nnzIn; k++) colCount[colIndices[k] + 1]++;
  for (let j = 0; j < cols; j++) colCount[j + 1] += colCount[j];
  const byCol = new Int32Array(nnzIn);
  for (let k = 0; k < nnzIn; k++) byCol[colCount[colIndices[k]]++] = k;
  const rowCount = new Int32Array(rows + 1);
  for (let k = 0; k < nnzIn; k++) rowCount[rowIndices[k] + 1]++;
  for (let i = 0; i < rows; i++) rowCount[i + 1] += rowCount[i];
  const start = Int32Array.from(rowCount);
  const order = new Int32Array(nnzIn);
  for (let t = 0; t < nnzIn; t++) {
    const k = byCol[t];
    order[start[rowIndices[k]]++] = k;
  }
  // merge duplicates
  const rowPtr = new Int32Array(rows + 1);
  const ci = new Int32Array(nnzIn);
  const vals = new Float64Array(nnzIn);
  let nnz = 0;
  for (let i = 0; i < rows; i++) {
    const rowStart = nnz;
    for (let t = rowCount[i]; t < rowCount[i + 1]; t++) {
      const k = order[t];
      const j = colIndices[k];
      if (nnz > rowStart && ci[nnz - 1] === j) {
        vals[nnz - 1] += values[k];
      } else {
        ci[nnz] = j;
        vals[nnz] = values[k];
        nnz++;
      }
    }
    rowPtr[i + 1] = nnz;
  }
  return { format: "csr", rows, cols, rowPtr, colIndices: ci.slice(0, nnz), values: vals.slice(0, nnz) };
}

/**
 * Build a COO matrix from triplets (duplicates summed, entries sorted by row then column).
 *
 * @example
 * ```ts
 * const A = cooFromTriplets(2, 2, [1, 0, 1], [1, 0, 1], [1, 4, 2]);
 * A.values; // [4, 3]
 * ```
 */
export function cooFromTriplets(
  rows: number,
  cols: number,
  rowIndices: IndexLike,
  colIndices: IndexLike,
  values: IndexLike,
): CooMatrix {
  const csr = csrFromTriplets(rows, cols, rowIndices, colIndices, values);
  const ri = new Int32Array(csr.values.length);
  for (let i = 0; i < rows; i++) for (let k = csr.rowPtr[i]; k < csr.rowPtr[i + 1]; k++) ri[k] = i;
  return { format: "coo", rows, cols, rowIndices: ri, colIndices: csr.colIndices, values: csr.values };
}

/**
 * Convert a COO matrix to CSR.
 *
 * @example
 * ```ts
 * cooToCsr(cooFromTriplets(1, 2, [0], [1], [5])).rowPtr; // [0, 1]
 * ```
 */
export function cooToCsr(a: CooMatrix): CsrMatrix {
  return csrFromTriplets(a.rows, a.cols, a.rowIndices, a.colIndices, a.values);
}

/**
 * CSR matrix holding the non-zeros of a row-major dense `m×n` matrix.
 *
 * @example
 * ```ts
 * csrFromDense(new Float64Array([1, 0, 0, 2]), 2, 2).values; // [1, 2]
 * ```
 */
export function csrFromDense(a: Float64Array, m: number, n: number): CsrMatrix {
  checkDim("csrFromDense", "m", m, 0);
  checkDim("csrFromDense", "n", n, 0);
  checkVector("csrFromDense", "a", a, m * n);
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (a[i * n + j] !== 0) {
        ri.push(i);
        ci.push(j);
        v.push(a[i * n + j]);
      }
    }
  }
  return csrFromTriplets(m, n, ri, ci, v);
}

/**
 * Row-major dense copy of a CSR matrix (for small matrices and tests).
 *
 * @example
 * ```ts
 * csrToDense(csrFromTriplets(2, 2, [0, 1], [1, 0], [3, 4])); // [0, 3, 4, 0]
 * ```
 */
export function csrToDense(a: CsrMatrix): Float64Array {
  const d = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) d[i * a.cols + a.colIndices[k]] += a.values[k];
  }
  return d;
}

/**
 * Sparse matrix–vector product `y = A·x` for a CSR matrix, `O(nnz)`, writing into `out` when given
 * (no allocation then).
 *
 * @example
 * ```ts
 * csrMatvec(csrFromTriplets(2, 2, [0, 1], [1, 0], [3, 4]), new Float64Array([1, 2])); // [6, 4]
 * ```
 */
export function csrMatvec(a: CsrMatrix, x: Float64Array, out?: Float64Array): Float64Array {
  checkVector("csrMatvec", "x", x, a.cols);
  const y = out ?? new Float64Array(a.rows);
  if (out) checkVector("csrMatvec", "out", out, a.rows);
  const { rowPtr, colIndices, values } = a;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += values[k] * x[colIndices[k]];
    y[i] = s;
  }
  return y;
}

/**
 * Sparse matrix–vector product `y = A·x` for a COO matrix, `O(nnz)`.
 *
 * @example
 * ```ts
 * cooMatvec(cooFromTriplets(2, 2, [0, 1], [1, 0], [3, 4]), new Float64Array([1, 2])); // [6, 4]
 * ```
 */
export function cooMatvec(a: CooMatrix, x: Float64Array, out?: Float64Array): Float64Array {
  checkVector("cooMatvec", "x", x, a.cols);
  const y = out ?? new Float64Array(a.rows);
  if (out) checkVector("cooMatvec", "out", out, a.rows);
  y.fill(0);
  for (let k = 0; k < a.values.length; k++) y[a.rowIndices[k]] += a.values[k] * x[a.colIndices[k]];
  return y;
}

/**
 * Transpose of a CSR matrix (as CSR).
 *
 * @example
 * ```ts
 * csrToDense(csrTranspose(csrFromTriplets(1, 2, [0], [1], [5]))); // [0, 5]
 * ```
 */
export function csrTranspose(a: CsrMatrix): CsrMatrix {
  const ri = new Int32Array(a.values.length);
  for (let i = 0; i < a.rows; i++) for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) ri[k] = i;
  return csrFromTriplets(a.cols, a.rows, a.colIndices, ri, a.values);
}
