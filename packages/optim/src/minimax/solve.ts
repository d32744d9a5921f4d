import { numberOption } from "../gradient-free/common.js";
import { checkOptionNames } from "../internal/tree.js";
import { checkX0 } from "../minimize/common.js";
import { minimaxMethods } from "../registries.js";
import type { SaddleProblem } from "./types.js";

/** Options of {@link solveMinimax}. */
export interface MinimaxOptions {
  x0: ArrayLike<number>;
  y0: ArrayLike<number>;
  /** 'gda' | 'gda-alternating' | 'extragradient' | 'ogda' | 'halpern' (registry `minimaxMethods`; default 'extragradient'). */
  method?: string;
  stepSize: number;
  maxIter?: number;
  /** Stop when the gradient-field norm ‖(∇ₓf, ∇ᵧf)‖ falls below this (default 1e-8). */
  tol?: number;
  /** Report divergence when ‖z‖ exceeds this multiple (> 1) of max(1, ‖z₀‖) (default 1e6). */
  divergenceFactor?: number;
}

/** Result of {@link solveMinimax}. */
export interface MinimaxResult {
  x: Float64Array;
  y: Float64Array;
  status: "converged" | "max-iter" | "diverged";
  message: string;
  nit: number;
  /** Calls of `problem.grad`, including those for the residual (a call at the point just evaluated is reused). */
  gradCalls: number;
  /** ‖(∇ₓf, ∇ᵧf)‖ at each iterate (index 0 = start). */
  residuals: number[];
}

function norm(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  for (const v of b) s += v * v;
  return Math.sqrt(s);
}

/**
 * Solve `min_x max_y f(x, y)` with a first-order method from the `minimaxMethods` registry. Divergence
 * (non-finite or exploding iterates) is detected and reported as a status with a hint, not thrown.
 * @example
 * ```ts
 * // bilinear f = x·y: GDA spirals out, extragradient converges to (0, 0)
 * const bilinear = { grad: (x: Float64Array, y: Float64Array) => ({ gx: y.slice(), gy: x.slice() }) };
 * solveMinimax(bilinear, { x0: [1], y0: [1], method: "gda", stepSize: 0.2 }).status;           // 'diverged'
 * solveMinimax(bilinear, { x0: [1], y0: [1], method: "extragradient", stepSize: 0.2 }).status; // 'converged'
 * ```
 */
export function solveMinimax(problem: SaddleProblem, options: MinimaxOptions): MinimaxResult {
  const where = "solveMinimax";
  if (problem == null || typeof problem.grad !== "function")
    throw new Error(`${where}: problem.grad must be a function, received ${typeof problem?.grad}`);
  checkOptionNames(options, ["x0", "y0", "method", "stepSize", "maxIter", "tol", "divergenceFactor"], where);
  const x0 = checkX0(options.x0, `${where}: options`);
  const y0 = checkX0(options.y0, `${where}: options`);
  const eta = options.stepSize;
  if (!(eta > 0) || !Number.isFinite(eta))
    throw new Error(`${where}: options.stepSize must be a finite number > 0, received ${eta}`);
  const method = options.method ?? "extragradient";
  const step = minimaxMethods.get(method);
  // A NaN maxIter used to skip the loop (status 'max-iter', nit NaN), a NaN tol to disable convergence, and a
  // divergence factor <= 1 (or NaN, never exceeded) to report converging runs as diverged (or nothing at all).
  const maxIter = numberOption(options.maxIter, 10_000, "maxIter", where, { integer: true, ge: 0 });
  const tol = numberOption(options.tol, 1e-8, "tol", where, { ge: 0 });
  const factor = numberOption(options.divergenceFactor, 1e6, "divergenceFactor", where, { gt: 1 });
  const limit = factor * Math.max(1, norm(x0, y0));
  let z = { x: x0, y: y0, k: 0 } as Parameters<typeof step>[1];
  let gradCalls = 0;
  // The residual at z_{k+1} and the first gradient of the next step are the same call: cache the last point
  // (compared by value, so steps may pass copies) instead of paying twice (GDA/OGDA did 2 calls per iteration).
  let last: { x: Float64Array; y: Float64Array; gx: Float64Array; gy: Float64Array } | null = null;
  const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => v === b[i]);
  const counted: SaddleProblem = {
    ...problem,
    grad(x, y) {
      if (last && same(last.x, x) && same(last.y, y)) return { gx: last.gx.slice(), gy: last.gy.slice() };
      gradCalls++;
      const g = problem.grad(x, y);
      if (g == null || g.gx?.length !== x.length || g.gy?.length !== y.length)
        throw new Error(
          `${where}: problem.grad must return gx with ${x.length} and gy with ${y.length} entries (the lengths of x0 and y0), received ${g?.gx?.length} and ${g?.gy?.length}`,
        );
      last = {
        x: Float64Array.from(x),
        y: Float64Array.from(y),
        gx: Float64Array.from(g.gx),
        gy: Float64Array.from(g.gy),
      };
      return { gx: last.gx.slice(), gy: last.gy.slice() };
    },
  };
  const residual = () => {
    const g = counted.grad(z.x, z.y);
    return norm(g.gx, g.gy);
  };
  const residuals = [residual()];
  for (let k = 0; k < maxIter; k++) {
    const r = step(counted, z, eta);
    z = r.next;
    const nz = norm(z.x, z.y);
    const res = residual();
    residuals.push(res);
    if (!Number.isFinite(nz) || nz > limit) {
      // a non-finite iterate after finite ones comes from problem.grad returning NaN/±Infinity, not from cycling
      const cause = Number.isFinite(nz)
        ? `‖(x, y)‖ = ${nz.toExponential(2)} exceeds ${limit.toExponential(2)}. Hint: simultaneous GDA cycles outward on bilinear/rotational games; use 'extragradient', 'ogda' or 'halpern', or a smaller step size`
        : `the iterate became ${nz} (problem.grad returned a non-finite value or the iterates overflowed). Hint: check problem.grad near the last finite iterate, or use a smaller step size`;
      return {
        x: z.x,
        y: z.y,
        status: "diverged",
        message: `${method} diverged at iteration ${k + 1}: ${cause}`,
        nit: k + 1,
        gradCalls,
        residuals,
      };
    }
    if (res <= tol)
      return {
        x: z.x,
        y: z.y,
        status: "converged",
        message: `gradient norm ${res.toExponential(2)} <= ${tol}`,
        nit: k + 1,
        gradCalls,
        residuals,
      };
  }
  return {
    x: z.x,
    y: z.y,
    status: "max-iter",
    message: `reached maxIter = ${maxIter} (gradient norm ${residuals.at(-1)!.toExponential(2)})`,
    nit: maxIter,
    gradCalls,
    residuals,
  };
}
