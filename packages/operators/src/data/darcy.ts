import { bandedCholesky, bandedCholeskySolve } from "../internal/banded-cholesky.js";
import { allFiniteValues, finiteNumber, positiveInt, positiveNumber } from "../internal/validate.js";
import { grf2d } from "./grf.js";

/** Result of {@link solveDarcy}. */
export interface DarcySolveResult {
  /** Solution on the full s×s grid (zero on the boundary), row-major. */
  u: Float64Array;
  status: "ok" | "failed";
  message: string;
}

/**
 * Solve −∇·(a∇u) = f on (0, 1)² with u = 0 on the boundary, on the s×s grid x_i = i/(s−1) (boundary nodes
 * included), by the 5-point finite-difference scheme with face coefficients a_{i±½,j} = (a_{i,j} + a_{i±1,j})/2
 * (second order for smooth a). The (s−2)² interior system is SPD with half-bandwidth s−2 and is solved by a
 * banded Cholesky factorisation in float64.
 *
 * @param a - coefficient at the nodes, row-major `[s, s]` (must be positive).
 * @param f - source at the nodes `[s, s]`, or a constant.
 * @example
 * ```ts
 * const s = 33;
 * const { u } = solveDarcy(new Float64Array(s * s).fill(1), 1, s); // Poisson −Δu = 1
 * ```
 */
export function solveDarcy(a: Float64Array, f: Float64Array | number, s: number): DarcySolveResult {
  positiveInt(s, "solveDarcy: s");
  if (s < 3) throw new Error(`solveDarcy: s must be at least 3, received ${s}`);
  if (a.length !== s * s)
    throw new Error(`solveDarcy: a must hold s² = ${s * s} values, received ${a.length}`);
  if (typeof f === "number") finiteNumber(f, "solveDarcy: f");
  else if (f?.length !== s * s)
    throw new Error(`solveDarcy: f must be a number or hold s² = ${s * s} values, received ${f?.length}`);
  else allFiniteValues(f, "solveDarcy: f");
  for (let i = 0; i < a.length; i++)
    if (!(a[i]! > 0 && a[i]! < Number.POSITIVE_INFINITY))
      throw new Error(`solveDarcy: a must be positive and finite, received ${a[i]} at index ${i}`);
  const m = s - 2;
  const n = m * m;
  const w = m;
  const W = w + 1;
  const h2 = 1 / (s - 1) ** 2;
  const band = new Float64Array(n * W);
  const rhs = new Float64Array(n);
  const A = (i: number, j: number) => a[i * s + j]!;
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= m; j++) {
      const r = (i - 1) * m + (j - 1);
      const an = (A(i, j) + A(i - 1, j)) / 2;
      const as = (A(i, j) + A(i + 1, j)) / 2;
      const aw = (A(i, j) + A(i, j - 1)) / 2;
      const ae = (A(i, j) + A(i, j + 1)) / 2;
      band[r * W] = (an + as + aw + ae) / h2;
      if (j > 1) band[r * W + 1] = -aw / h2; // (i, j−1) is row r−1
      if (i > 1) band[r * W + m] = -an / h2; // (i−1, j) is row r−m
      rhs[r] = typeof f === "number" ? f : f[i * s + j]!;
    }
  const L = bandedCholesky(band, n, w);
  const u = new Float64Array(s * s);
  if (!L)
    return {
      u,
      status: "failed",
      message: "solveDarcy: the system is not positive definite; check that a > 0",
    };
  const x = bandedCholeskySolve(L, n, w, rhs);
  for (let i = 1; i <= m; i++) for (let j = 1; j <= m; j++) u[i * s + j] = x[(i - 1) * m + (j - 1)]!;
  return { u, status: "ok", message: "" };
}

/** Options of {@link darcyDataset}. */
export interface DarcyOptions {
  n: number;
  /** Grid points per axis including the boundary (FNO: 85 or 141 or 421). */
  resolution: number;
  seed?: number;
  /** Coefficient where the GRF is ≥ 0 (default 12) and < 0 (default 3). */
  high?: number;
  low?: number;
  /** GRF (−Δ + τ²)^(−α) with Neumann cosine modes (defaults τ = 3, α = 2, as in FNO). */
  tau?: number;
  alpha?: number;
  /** Constant source (default 1). */
  source?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The FNO Darcy-flow dataset (Li et al. 2021, §5.2): a = ψ(GRF) with ψ = 12 on the non-negative part and 3 on
 * the negative part, u solving −∇·(a∇u) = 1 with zero Dirichlet data, both on the s×s grid.
 *
 * @returns `{ a, u }`, each row-major `[n, s, s]`.
 * @example
 * ```ts
 * const { a, u } = darcyDataset({ n: 2, resolution: 29, seed: 0 }); // a ∈ {3, 12}
 * ```
 */
export function darcyDataset(options: DarcyOptions): { a: Float64Array; u: Float64Array } {
  const n = positiveInt(options?.n, "darcyDataset: options.n");
  const s = positiveInt(options.resolution, "darcyDataset: options.resolution");
  if (s < 3) throw new Error(`darcyDataset: options.resolution must be at least 3, received ${s}`);
  const hi = positiveNumber(options.high ?? 12, "darcyDataset: options.high");
  const lo = positiveNumber(options.low ?? 3, "darcyDataset: options.low");
  const source = finiteNumber(options.source ?? 1, "darcyDataset: options.source");
  const g = grf2d({
    n,
    resolution: s,
    spectrum: {
      kind: "fno",
      alpha: positiveNumber(options.alpha ?? 2, "darcyDataset: options.alpha"),
      tau: positiveNumber(options.tau ?? 3, "darcyDataset: options.tau"),
    },
    boundary: "neumann",
    seed: options.seed ?? 0,
  });
  const a = g.map((v) => (v >= 0 ? hi : lo));
  const u = new Float64Array(n * s * s);
  for (let i = 0; i < n; i++) {
    const res = solveDarcy(a.subarray(i * s * s, (i + 1) * s * s), source, s);
    if (res.status !== "ok") throw new Error(`darcyDataset: sample ${i}: ${res.message}`);
    u.set(res.u, i * s * s);
    options.onProgress?.(i + 1, n);
  }
  return { a, u };
}
