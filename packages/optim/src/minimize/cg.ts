import { dot } from "./common.js";
import { lineSearchDescent } from "./descent-loop.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/**
 * Nonlinear conjugate gradient, Polak–Ribière+ (Polak & Ribière, 1969; Gilbert & Nocedal, 1992, for the `max(β, 0)`
 * restart), strong-Wolfe search with `c2 = 0.4` and SciPy's initial step rule; stops when `‖g‖∞ ≤ tol`.
 * @example
 * ```ts
 * const r = conjugateGradient((x) => x[0]! ** 2 + 5 * x[1]! ** 2, Float64Array.of(3, 1), {});
 * r.x; // ≈ [0, 0]
 * ```
 */
export function conjugateGradient(
  fun: Objective,
  x0: Float64Array,
  options: MinimizeOptions,
): MinimizeResult {
  return lineSearchDescent(fun, x0, options, "minimize(CG)", 0.4, () => {
    let p: Float64Array | null = null;
    return {
      direction(g) {
        // steepest descent at the start and whenever the conjugate direction does not descend (restart)
        if (p === null || !(dot(g, p) < 0)) p = Float64Array.from(g, (v) => -v);
        return p;
      },
      update(_x, g, _xNew, gNew) {
        let yg = 0;
        for (let i = 0; i < gNew.length; i++) yg += (gNew[i]! - g[i]!) * gNew[i]!;
        const beta = Math.max(0, yg / dot(g, g));
        const prev = p!;
        p = Float64Array.from(prev, (v, i) => -gNew[i]! + beta * v);
      },
    };
  });
}
