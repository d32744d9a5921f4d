import { dot } from "./common.js";
import { lineSearchDescent } from "./descent-loop.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/**
 * BFGS with a dense inverse-Hessian approximation (Nocedal & Wright, 2006, Alg. 6.1), following SciPy's
 * `_minimize_bfgs`: `H₀ = I`, initial step `min(1, 2.02·(f − f_prev)/φ'(0))`, strong-Wolfe search with
 * `c1 = 1e-4`, `c2 = 0.9`, stop when `‖g‖∞ ≤ tol` (default 1e-5).
 * @example
 * ```ts
 * const r = bfgs((x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2, Float64Array.of(0, 0), {});
 * r.x; // ≈ [1, -2]
 * ```
 */
export function bfgs(fun: Objective, x0: Float64Array, options: MinimizeOptions): MinimizeResult {
  return lineSearchDescent(fun, x0, options, "minimize(BFGS)", 0.9, (n) => {
    const H = new Float64Array(n * n);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
    return {
      direction(g) {
        const p = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += H[i * n + j]! * g[j]!;
          p[i] = -s;
        }
        return p;
      },
      update(x, g, xNew, gNew) {
        const s = Float64Array.from(xNew, (v, i) => v - x[i]!);
        const y = Float64Array.from(gNew, (v, i) => v - g[i]!);
        const sy = dot(s, y);
        const rho = sy === 0 ? 1000 : 1 / sy;
        // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
        const Hy = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += H[i * n + j]! * y[j]!;
          Hy[i] = acc;
        }
        const yHy = dot(y, Hy);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++)
            H[i * n + j] =
              H[i * n + j]! -
              rho * (s[i]! * Hy[j]! + Hy[i]! * s[j]!) +
              (rho * rho * yHy + rho) * s[i]! * s[j]!;
      },
    };
  });
}
