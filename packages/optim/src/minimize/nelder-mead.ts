import { checkBounds, checkX0 } from "./common.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/**
 * Nelder–Mead simplex search (Nelder & Mead, 1965) with SciPy's coefficients (reflection 1, expansion 2,
 * contraction ½, shrink ½), initial simplex (+5% per coordinate, 0.00025 for zeros) and stopping rule
 * (`max|xᵢ − x₀| ≤ xatol` and `max|fᵢ − f₀| ≤ fatol`, both `tol`, default 1e-4).
 *
 * `options.options.adaptive: true` uses the dimension-dependent coefficients of Gao & Han (2012, "Implementing
 * the Nelder-Mead simplex algorithm with adaptive parameters"): expansion `1 + 2/n`, contraction `3/4 − 1/(2n)`,
 * shrink `1 − 1/n`, as SciPy's `adaptive` option. With `bounds` (x0 must lie inside), every trial point and shrunk
 * vertex is clipped to the box as in SciPy; an initial vertex above an upper bound is first reflected into the
 * box (SciPy >= 1.11), so that x0 on an upper bound does not give a degenerate simplex.
 * @example
 * ```ts
 * const r = nelderMead((x) => (x[0]! - 1) ** 2 + (x[1]! - 2) ** 2, Float64Array.of(0, 0), {});
 * r.x; // ≈ [1, 2]
 * const b = nelderMead((x) => (x[0]! - 1) ** 2 + (x[1]! - 2) ** 2, Float64Array.of(0, 0), {
 *   bounds: [[-1, 0.5], [-1, 0.5]],
 * });
 * b.x; // ≈ [0.5, 0.5]
 * ```
 */
export function nelderMead(fun: Objective, x0In: Float64Array, options: MinimizeOptions): MinimizeResult {
  const where = "minimize(Nelder-Mead)";
  const x0 = checkX0(x0In, where);
  const n = x0.length;
  // Bounds used to be ignored: the unconstrained minimum came back outside the box with status 0.
  const box = options.bounds ? checkBounds(options.bounds, x0, where) : null;
  const clip = (x: Float64Array): Float64Array => {
    if (box) for (let i = 0; i < n; i++) x[i] = Math.min(Math.max(x[i]!, box.lo[i]!), box.hi[i]!);
    return x;
  };
  const adaptive = options.options?.adaptive ?? false;
  if (typeof adaptive !== "boolean")
    throw new Error(`${where}: options.options.adaptive must be a boolean, received ${String(adaptive)}`);
  const chi = adaptive ? 1 + 2 / n : 2;
  const psi = adaptive ? 0.75 - 1 / (2 * n) : 0.5;
  const sigma = adaptive ? 1 - 1 / n : 0.5;
  const xatol = options.tol ?? 1e-4;
  const fatol = options.tol ?? 1e-4;
  const maxIter = options.maxIter ?? 200 * n;
  const maxFev = options.maxFev ?? 200 * n;
  let nfev = 0;
  // The budget is hard, as SciPy's: an evaluation beyond maxFev aborts the current step (the initial simplex used
  // to be evaluated in full and an iteration could overshoot by up to n + 1 evaluations).
  const budgetSpent = Symbol("maxFev");
  const F = (x: Float64Array) => {
    if (nfev >= maxFev) throw budgetSpent;
    nfev++;
    const v = fun(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  let sim: Float64Array[] = [Float64Array.from(x0)];
  for (let k = 0; k < n; k++) {
    const y = Float64Array.from(x0);
    y[k] = y[k] !== 0 ? 1.05 * y[k]! : 0.00025;
    if (box && y[k]! > box.hi[k]!) y[k] = 2 * box.hi[k]! - y[k]!; // reflect into the box, then clip
    sim.push(clip(y));
  }
  let fsim = sim.map(() => Number.POSITIVE_INFINITY);
  try {
    for (let k = 0; k <= n; k++) fsim[k] = F(sim[k]!);
  } catch (e) {
    if (e !== budgetSpent) throw e;
  }
  const sort = () => {
    // stable: ties (several +∞ from an aborted initial simplex) keep their vertex order
    const idx = fsim
      .map((_, i) => i)
      .sort((a, b) => (fsim[a]! < fsim[b]! ? -1 : fsim[a]! > fsim[b]! ? 1 : 0));
    sim = idx.map((i) => sim[i]!);
    fsim = idx.map((i) => fsim[i]!);
  };
  sort();
  const comb = (a: number, u: Float64Array, b: number, v: Float64Array) =>
    Float64Array.from(u, (ui, i) => a * ui + b * v[i]!);
  let iterations = 1;
  while (nfev < maxFev && iterations < maxIter) {
    let dx = 0;
    let df = 0;
    for (let j = 1; j <= n; j++) {
      df = Math.max(df, Math.abs(fsim[0]! - fsim[j]!));
      for (let i = 0; i < n; i++) dx = Math.max(dx, Math.abs(sim[j]![i]! - sim[0]![i]!));
    }
    if (dx <= xatol && df <= fatol) break;
    try {
      const xbar = new Float64Array(n);
      // sum, then divide, as numpy's add.reduce(sim[:-1], 0) / N (same rounding, so the same path as SciPy)
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) xbar[i] = xbar[i]! + sim[j]![i]!;
      for (let i = 0; i < n; i++) xbar[i] = xbar[i]! / n;
      const worst = sim[n]!;
      const xr = clip(comb(2, xbar, -1, worst));
      const fxr = F(xr);
      let shrink = false;
      if (fxr < fsim[0]!) {
        const xe = clip(comb(1 + chi, xbar, -chi, worst));
        const fxe = F(xe);
        if (fxe < fxr) {
          sim[n] = xe;
          fsim[n] = fxe;
        } else {
          sim[n] = xr;
          fsim[n] = fxr;
        }
      } else if (fxr < fsim[n - 1]!) {
        sim[n] = xr;
        fsim[n] = fxr;
      } else if (fxr < fsim[n]!) {
        const xc = clip(comb(1 + psi, xbar, -psi, worst));
        const fxc = F(xc);
        if (fxc <= fxr) {
          sim[n] = xc;
          fsim[n] = fxc;
        } else shrink = true;
      } else {
        const xcc = clip(comb(1 - psi, xbar, psi, worst));
        const fxcc = F(xcc);
        if (fxcc < fsim[n]!) {
          sim[n] = xcc;
          fsim[n] = fxcc;
        } else shrink = true;
      }
      if (shrink) {
        for (let j = 1; j <= n; j++) {
          // s₀ + σ(sⱼ − s₀), SciPy's exact arithmetic (not (1 − σ)s₀ + σsⱼ, which rounds differently)
          const s0 = sim[0]!;
          sim[j] = clip(Float64Array.from(sim[j]!, (v, i) => s0[i]! + sigma * (v - s0[i]!)));
          fsim[j] = F(sim[j]!);
        }
      }
      iterations++;
    } catch (e) {
      if (e !== budgetSpent) throw e;
    }
    sort();
    if (options.callback?.(sim[0]!, fsim[0]!) === true) break;
  }
  const ok = nfev < maxFev && iterations < maxIter;
  return {
    x: sim[0]!,
    fun: fsim[0]!,
    nit: iterations,
    nfev,
    njev: 0,
    success: ok,
    status: ok ? 0 : 1,
    message: ok
      ? "Optimization terminated successfully."
      : nfev >= maxFev
        ? "Maximum number of function evaluations has been exceeded."
        : "Maximum number of iterations has been exceeded.",
  };
}
