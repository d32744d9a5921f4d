import type { CsrMatrix } from "./sparse.js";
import { csrMatvec } from "./sparse.js";
import { norm2, normInf } from "./blas.js";
import { checkFinite, checkTolerance, checkVector, describe } from "./validate.js";

/**
 * A square linear map given by its action `y ← A·x` (matrix-free operators for the Krylov solvers).
 *
 * @example
 * ```ts
 * const laplacian: LinearOperator = {
 *   size: n,
 *   apply(x, y) {
 *     for (let i = 0; i < n; i++) y[i] = 2 * x[i] - (x[i - 1] ?? 0) - (x[i + 1] ?? 0);
 *   },
 * };
 * cg(laplacian, b);
 * ```
 */
export interface LinearOperator {
  /** Dimension `n` of the square operator. */
  readonly size: number;
  /** Write `A·x` into `y` (both length `size`; must not allocate in hot loops). */
  apply(x: Float64Array, y: Float64Array): void;
}

/**
 * Approximate inverse `z ← M⁻¹·r` used to precondition the Krylov solvers.
 *
 * @example
 * ```ts
 * const scale: Preconditioner = { apply: (r, z) => z.set(r.map((v) => v / 4)) };
 * cg(A, b, { preconditioner: scale });
 * ```
 */
export interface Preconditioner {
  /** Write `M⁻¹·r` into `z` (both length `n`). */
  apply(r: Float64Array, z: Float64Array): void;
}

/**
 * Options shared by {@link cg}, {@link bicgstab} and {@link gmres}.
 *
 * @example
 * ```ts
 * cg(A, b, { rtol: 1e-10, maxIterations: 500, x0, throw: true } satisfies IterativeOptions);
 * ```
 */
export interface IterativeOptions {
  /** Relative tolerance: stop when `‖b − A·x‖₂ ≤ max(rtol·‖b‖₂, atol)` (SciPy's rule). Default `1e-8`. */
  readonly rtol?: number;
  /** Absolute tolerance on `‖b − A·x‖₂`. Default `0`. */
  readonly atol?: number;
  /** Maximum number of iterations (matrix–vector products for GMRES inner steps). Default `10·n`. */
  readonly maxIterations?: number;
  /** Initial guess (not modified). Default zeros. */
  readonly x0?: Float64Array;
  /** Preconditioner, e.g. {@link jacobiPreconditioner} or {@link ilu0}. */
  readonly preconditioner?: Preconditioner;
  /** Throw an Error instead of returning `converged: false`. Default false. */
  readonly throw?: boolean;
  /** Called after each iteration with the iteration count and the (recurrence) residual norm. */
  readonly callback?: (iteration: number, residual: number) => void;
}

/**
 * Outcome of an iterative solve.
 *
 * @example
 * ```ts
 * const r: IterativeResult = cg(A, b);
 * if (!r.converged) console.warn(r.message);
 * ```
 */
export interface IterativeResult {
  /** Approximate solution. */
  readonly x: Float64Array;
  /** Iterations performed (inner iterations for GMRES). */
  readonly iterations: number;
  /** True residual norm `‖b − A·x‖₂` of the returned `x`. */
  readonly residual: number;
  /** Whether the tolerance was met. */
  readonly converged: boolean;
  /** `"converged"`, `"max-iterations"` or `"breakdown"`. */
  readonly status: "converged" | "max-iterations" | "breakdown";
  /** Human-readable outcome with a hint on failure. */
  readonly message: string;
}

/** Internal: normalised solver inputs. */
export interface Prepared {
  readonly n: number;
  readonly apply: (x: Float64Array, y: Float64Array) => void;
  /** The right-hand side divided by `scale`. */
  readonly b: Float64Array;
  /** The iterate, divided by `scale` (`finish` multiplies it back). */
  readonly x: Float64Array;
  /** The stopping threshold for the scaled system. */
  readonly threshold: number;
  readonly bnorm: number;
  /**
   * Power of two the system was divided by (1 unless ‖b‖∞ is outside [2⁻⁴⁰⁰, 2⁴⁰⁰]): the recurrences square
   * residual entries, so b ≈ 1e160 overflowed (threshold ∞) and b ≈ 1e-170 underflowed (‖b‖ = 0), and every
   * solver returned x = 0 as "converged". Scaling by a power of two is exact.
   */
  readonly scale: number;
  /** The caller's right-hand side. */
  readonly bOriginal: Float64Array;
  readonly maxIterations: number;
  readonly m?: Preconditioner;
  /** The matrix when `a` is CSR (lets solvers fuse the product with a dot product). */
  readonly csr?: CsrMatrix;
}

/** Internal: validate the operator, right-hand side and options of a Krylov solver. */
export function prepare(
  fn: string,
  a: CsrMatrix | LinearOperator,
  b: Float64Array,
  o: IterativeOptions,
): Prepared {
  let n: number;
  let apply: (x: Float64Array, y: Float64Array) => void;
  let csr: CsrMatrix | undefined;
  if (a && (a as CsrMatrix).format === "csr") {
    csr = a as CsrMatrix;
    const m = csr;
    if (m.rows !== m.cols) throw new Error(`${fn}: a must be square, received ${m.rows}x${m.cols}`);
    if (!(m.rows >= 1)) throw new Error(`${fn}: a must be at least 1x1, received ${m.rows}x${m.cols}`);
    // A NaN in A would otherwise surface as a misleading breakdown ("A is not SPD") or a NaN residual.
    checkFinite(fn, "a.values", m.values);
    n = m.rows;
    apply = (x, y) => {
      csrMatvec(m, x, y);
    };
  } else if (a && typeof (a as LinearOperator).apply === "function") {
    const op = a as LinearOperator;
    n = op.size;
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${fn}: a.size must be an integer >= 1, received ${describe(n)}`);
    apply = (x, y) => op.apply(x, y);
  } else {
    throw new Error(
      `${fn}: a must be a CsrMatrix or a LinearOperator { size, apply }, received ${describe(a)}`,
    );
  }
  checkVector(fn, "b", b, n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(b[i])) throw new Error(`${fn}: b must be finite, received ${b[i]} at b[${i}]`);
  }
  // SciPy's pre-1.12 name: silently ignoring it would solve to the default 1e-8 instead of the requested tolerance.
  if ((o as { tol?: unknown }).tol !== undefined)
    throw new Error(
      `${fn}: unknown option 'tol'; the relative tolerance is 'rtol' (and 'atol' the absolute one), as in SciPy >= 1.12`,
    );
  const rtol = checkTolerance(fn, "rtol", o.rtol ?? 1e-8, true);
  const atol = checkTolerance(fn, "atol", o.atol ?? 0, true);
  if (rtol === 0 && atol === 0)
    throw new Error(`${fn}: rtol and atol cannot both be 0 (the solver could never stop)`);
  const maxIterations = o.maxIterations ?? 10 * n;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`${fn}: maxIterations must be an integer >= 1, received ${describe(o.maxIterations)}`);
  }
  const x = new Float64Array(n);
  if (o.x0 !== undefined) {
    checkVector(fn, "x0", o.x0, n);
    checkFinite(fn, "x0", o.x0);
    x.set(o.x0);
  }
  const bmax = normInf(b);
  const scale = bmax > 2 ** 400 || (bmax > 0 && bmax < 2 ** -400) ? 2 ** Math.round(Math.log2(bmax)) : 1;
  const bs = scale === 1 ? b : Float64Array.from(b, (v) => v / scale);
  if (scale !== 1) for (let i = 0; i < n; i++) x[i] /= scale;
  const bnorm = norm2(bs);
  return {
    n,
    apply,
    b: bs,
    x,
    threshold: Math.max(rtol * bnorm, atol / scale),
    bnorm,
    maxIterations,
    m: o.preconditioner,
    csr,
    scale,
    bOriginal: b,
  };
}

/** Internal: build the result record, computing the true residual and honouring `throw`. */
export function finish(
  fn: string,
  p: Prepared,
  o: IterativeOptions,
  iterations: number,
  converged: boolean,
  breakdown: string | undefined,
): IterativeResult {
  if (p.scale !== 1) for (let i = 0; i < p.n; i++) p.x[i] *= p.scale;
  const r = new Float64Array(p.n);
  p.apply(p.x, r);
  for (let i = 0; i < p.n; i++) r[i] = p.bOriginal[i] - r[i];
  const residual = norm2(r);
  const target = p.threshold * p.scale;
  let status: IterativeResult["status"];
  let message: string;
  if (converged) {
    status = "converged";
    message = `${fn}: converged in ${iterations} iterations, ‖b − A·x‖₂ = ${residual.toExponential(3)} (target ${target.toExponential(3)})`;
  } else if (breakdown !== undefined) {
    status = "breakdown";
    message = `${fn}: breakdown after ${iterations} iterations: ${breakdown}`;
  } else {
    status = "max-iterations";
    message = `${fn}: not converged after ${iterations} iterations (maxIterations), ‖b − A·x‖₂ = ${residual.toExponential(3)} > target ${target.toExponential(3)}; try a preconditioner (ilu0), a larger maxIterations${fn === "gmres" ? " or a larger restart" : ""}`;
  }
  if (!converged && o.throw) throw new Error(message);
  return { x: p.x, iterations, residual, converged, status, message };
}
