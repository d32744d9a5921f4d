/**
 * `@continuum/core-tensor/linalg`: float64 linear algebra on row-major `Float64Array`s with explicit dimensions.
 * Dense LU/Cholesky/QR, banded and tridiagonal solvers, sparse CSR/COO with Krylov solvers and a sparse direct
 * solver, small dense eigenproblems, SVD and the matrix exponential. Pure typed-array code (no TensorFlow.js).
 *
 * @packageDocumentation
 */
export type { BandedLuFactorization } from "./banded.js";
export { bandedLu, bandedLuSolve, bandFromDense, solveBanded } from "./banded.js";
export { bicgstab } from "./bicgstab.js";
export { axpy, dot, matmul, matvec, norm2, normInf, transpose } from "./blas.js";
export { cg } from "./cg.js";
export type { CholeskyFactorization } from "./cholesky.js";
export { cholesky, choleskySolve } from "./cholesky.js";
export type { EighResult, EigResult, SvdResult } from "./eigen.js";
export { eig, eigh, svd } from "./eigen.js";
export type { GmresOptions } from "./gmres.js";
export { gmres } from "./gmres.js";
export type { FactorizationStatus, LuFactorization, LuOptions, LuSolveOptions } from "./lu.js";
export { expm } from "./expm.js";
export { det, inv, logDet, lu, luCond, luSolve, solve } from "./lu.js";
export type { IterativeOptions, IterativeResult, LinearOperator, Preconditioner } from "./operator.js";
export { ilu0, jacobiPreconditioner } from "./preconditioners.js";
export type { LstsqResult, QrFactorization } from "./qr.js";
export { lstsq, qr } from "./qr.js";
export type { CooMatrix, CsrMatrix } from "./sparse.js";
export {
  cooFromTriplets,
  cooMatvec,
  cooToCsr,
  csrFromDense,
  csrFromTriplets,
  csrMatvec,
  csrToDense,
  csrTranspose,
} from "./sparse.js";
export type { SparseLuFactorization } from "./sparse-lu.js";
export { reverseCuthillMcKee, sparseLu, sparseLuSolve, sparseSolve } from "./sparse-lu.js";
export { solveTridiagonal } from "./tridiagonal.js";
