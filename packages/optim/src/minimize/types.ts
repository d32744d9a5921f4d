/** An objective on float64 vectors. */
export type Objective = (x: Float64Array) => number;

/** Box bounds: one `[lower, upper]` per coordinate (use ±Infinity for none). */
export type Bounds = readonly (readonly [number, number])[];

/** Options of {@link minimize} (SciPy names where they exist). */
export interface MinimizeOptions {
  /** Method name from the `minimizers` registry (default 'L-BFGS', or 'L-BFGS-B' when bounds are given). */
  method?: string;
  /** Gradient; default forward differences ('2-point', counted in `nfev`) or 'central'. */
  jac?: ((x: Float64Array) => Float64Array) | "2-point" | "central";
  bounds?: Bounds;
  /** Gradient tolerance (inf-norm of the projected gradient) for gradient methods, and for L-BFGS also the
   * relative decrease tolerance `ftol` unless given (as SciPy's `minimize(tol=…)`); simplex tolerance for
   * Nelder–Mead (`xatol = fatol = tol`); `xtol = ftol = tol` for Powell; target function value for population methods. */
  tol?: number;
  /** Relative function-decrease tolerance of L-BFGS (SciPy `ftol`, default `tol` if given, else 2.22e-9). */
  ftol?: number;
  maxIter?: number;
  maxFev?: number;
  /** Called after each iteration with the current iterate; return true to stop. */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
  callback?: (x: Float64Array, f: number) => boolean | void;
  /** L-BFGS history size (default 10). */
  m?: number;
  /** Seed of stochastic methods (default 0). */
  seed?: number;
  /** Initial step size of population methods (CMA-ES σ₀, default 0.3·range or 0.5). */
  sigma0?: number;
  /** Method-specific options, passed through. */
  options?: Record<string, unknown>;
  /**
   * Population methods only (CMA-ES, DE, …), Node only: evaluate each population on this many
   * `node:worker_threads` workers. `fun` must then be an {@link ObjectiveModule} (functions cannot be sent to
   * threads) and `minimize` returns a Promise; the result equals the sequential run with the same seed.
   */
  workers?: number;
}

/**
 * An objective that worker threads can load: the path or `file:` URL of an ES/CommonJS module, or
 * `{ module, exportName }` (default export `default`); the export is `(x: Float64Array) => number | Promise<number>`.
 */
export type ObjectiveModule = string | { readonly module: string; readonly exportName?: string };

/** SciPy-shaped result of {@link minimize}. */
export interface MinimizeResult {
  x: Float64Array;
  fun: number;
  /** Gradient at `x` (gradient methods only). */
  jac?: Float64Array;
  nit: number;
  nfev: number;
  njev: number;
  success: boolean;
  /** 0 success, 1 iteration/evaluation limit, 2 line-search or numerical failure, 3 non-finite value,
   * 4 result outside the bounds (Powell started outside them, as SciPy). */
  status: number;
  message: string;
}

/** A minimiser registered under a method name. */
export type Minimizer = (fun: Objective, x0: Float64Array, options: MinimizeOptions) => MinimizeResult;
