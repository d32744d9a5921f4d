import {
  type BandedLuFactorization,
  bandedLu,
  bandedLuSolve,
  type CsrMatrix,
  type SparseLuFactorization,
  sparseLu,
  sparseLuSolve,
} from "@continuum/core-tensor/linalg";
import { complexLuFactor, complexLuSolve } from "./complex-lu.js";
import { luFactor, luSolve } from "./lu.js";

/**
 * Structure of the Jacobian used for the Newton matrices of the implicit solvers: dense (LU in `O(n³)`),
 * banded with `lower` sub- and `upper` super-diagonals (banded LU from `@continuum/core-tensor/linalg`,
 * `O(n·lower·(lower+upper))`), or a general sparsity pattern (reverse Cuthill–McKee + banded LU, `sparseLu`).
 *
 * @example
 * ```ts
 * import type { JacobianStructure } from "@continuum/ode";
 * const tridiagonal: JacobianStructure = { kind: "banded", lower: 1, upper: 1 };
 * ```
 */
export type JacobianStructure =
  | { readonly kind: "dense" }
  | { readonly kind: "banded"; readonly lower: number; readonly upper: number }
  | { readonly kind: "sparse"; readonly sparsity: Uint8Array };

/** A factorisation of `αI − βJ` that solves in place. */
export interface ShiftedFactor {
  /** A zero pivot was met: solves then return NaN/Infinity, so Newton fails and the step is retried smaller. */
  readonly singular: boolean;
  solve(b: Float64Array): void;
}

/** A factorisation of `(αᵣ + iαᵢ)I − J` that solves in place on the real and imaginary parts. */
export interface ComplexShiftedFactor {
  readonly singular: boolean;
  solve(br: Float64Array, bi: Float64Array): void;
}

/**
 * Factors the shifted Newton matrices `αI − βJ` (real) and `(αᵣ + iαᵢ)I − J` (complex, Radau IIA) for one
 * {@link JacobianStructure}. `J` is always passed dense (row-major n×n); only the structural band/pattern is read.
 *
 * @example
 * ```ts
 * import { shiftedSolver } from "@continuum/ode";
 * const s = shiftedSolver(2, { kind: "banded", lower: 1, upper: 1 });
 * const b = new Float64Array([1, 1]);
 * s.factor(3, 1, new Float64Array([1, 0, 0, 1])).solve(b); // (3I − I) x = b → [0.5, 0.5]
 * ```
 */
export interface ShiftedSystemSolver {
  readonly kind: JacobianStructure["kind"];
  factor(alpha: number, beta: number, J: Float64Array): ShiftedFactor;
  factorComplex(alphaRe: number, alphaIm: number, J: Float64Array): ComplexShiftedFactor;
}

/** Sub- and super-diagonal bandwidths of a flat n×n 0/1 pattern (the diagonal always counts). */
export function patternBandwidth(sparsity: ArrayLike<number>, n: number): [number, number] {
  let lower = 0;
  let upper = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!sparsity[i * n + j]) continue;
      if (i - j > lower) lower = i - j;
      if (j - i > upper) upper = j - i;
    }
  }
  return [lower, upper];
}

/**
 * Choose the structure of the Newton matrices from the user's options: `jacBandwidth: [lower, upper]` means
 * banded; a `jacSparsity` pattern whose band is narrow (`lower + upper + 1 ≤ n/4`) is banded too, a wider but
 * sparse pattern (at most n²/8 non-zeros, e.g. periodic boundaries) goes to the sparse LU, anything else (and
 * every system with n < 16, where dense LU is cheapest) stays dense.
 *
 * @example
 * ```ts
 * import { jacobianStructure } from "@continuum/ode";
 * jacobianStructure(200, undefined, [1, 1]); // { kind: "banded", lower: 1, upper: 1 }
 * ```
 */
export function jacobianStructure(
  n: number,
  sparsity: Uint8Array | undefined,
  bandwidth: readonly [number, number] | undefined,
): JacobianStructure {
  if (bandwidth !== undefined) return { kind: "banded", lower: bandwidth[0], upper: bandwidth[1] };
  if (sparsity === undefined || n < 16) return { kind: "dense" };
  const [lower, upper] = patternBandwidth(sparsity, n);
  if (lower + upper + 1 <= n / 4) return { kind: "banded", lower, upper };
  let nnz = 0;
  for (let k = 0; k < n * n; k++) if (sparsity[k]) nnz++;
  return nnz <= (n * n) / 8 ? { kind: "sparse", sparsity } : { kind: "dense" };
}

/** A 0/1 band pattern (flat n×n) for finite-difference column grouping when only a bandwidth is known. */
export function bandPattern(n: number, lower: number, upper: number): Uint8Array {
  const s = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - lower); j <= Math.min(n - 1, i + upper); j++) s[i * n + j] = 1;
  }
  return s;
}

const nanFill = (b: Float64Array) => b.fill(Number.NaN);
const nanFill2 = (br: Float64Array, bi: Float64Array) => {
  br.fill(Number.NaN);
  bi.fill(Number.NaN);
};

function denseSolver(n: number): ShiftedSystemSolver {
  return {
    kind: "dense",
    factor(alpha, beta, J) {
      const a = new Float64Array(n * n);
      for (let k = 0; k < n * n; k++) a[k] = -beta * J[k]!;
      for (let i = 0; i < n; i++) a[i * n + i]! += alpha;
      const lu = luFactor(a, n);
      return { singular: lu.singular, solve: (b) => void luSolve(lu, b) };
    },
    factorComplex(alphaRe, alphaIm, J) {
      const re = new Float64Array(n * n);
      const im = new Float64Array(n * n);
      for (let k = 0; k < n * n; k++) re[k] = -J[k]!;
      for (let i = 0; i < n; i++) {
        re[i * n + i]! += alphaRe;
        im[i * n + i] = alphaIm;
      }
      const lu = complexLuFactor(re, im, n);
      return { singular: false, solve: (br, bi) => complexLuSolve(lu, br, bi) };
    },
  };
}

function bandedSolver(n: number, kl: number, ku: number): ShiftedSystemSolver {
  const w = kl + ku + 1;
  // Complex systems run as real 2n×2n systems with real/imaginary parts interleaved (x₀ʳ, x₀ⁱ, x₁ʳ, …), which
  // keeps them banded: bandwidths 2·kl (+1 for the iαᵢ coupling) and 2·ku (+1).
  const kl2 = Math.max(2 * kl, 1);
  const ku2 = Math.max(2 * ku, 1);
  const w2 = kl2 + ku2 + 1;
  const x2 = new Float64Array(2 * n);
  const solveBand = (f: BandedLuFactorization, b: Float64Array) => {
    if (f.status === "ok") bandedLuSolve(f, b, b);
    else nanFill(b);
  };
  return {
    kind: "banded",
    factor(alpha, beta, J) {
      const band = new Float64Array(n * w);
      for (let i = 0; i < n; i++) {
        const j0 = Math.max(0, i - kl);
        const j1 = Math.min(n - 1, i + ku);
        for (let j = j0; j <= j1; j++) band[i * w + j - i + kl] = -beta * J[i * n + j]!;
        band[i * w + kl]! += alpha;
      }
      if (!allFinite(band)) return { singular: true, solve: nanFill };
      const f = bandedLu(band, n, kl, ku);
      return { singular: f.status !== "ok", solve: (b) => solveBand(f, b) };
    },
    factorComplex(alphaRe, alphaIm, J) {
      const N = 2 * n;
      const band = new Float64Array(N * w2);
      const at = (r: number, c: number, v: number) => {
        band[r * w2 + c - r + kl2] = v;
      };
      for (let i = 0; i < n; i++) {
        const j0 = Math.max(0, i - kl);
        const j1 = Math.min(n - 1, i + ku);
        for (let j = j0; j <= j1; j++) {
          const v = -J[i * n + j]! + (i === j ? alphaRe : 0);
          at(2 * i, 2 * j, v);
          at(2 * i + 1, 2 * j + 1, v);
        }
        at(2 * i, 2 * i + 1, -alphaIm);
        at(2 * i + 1, 2 * i, alphaIm);
      }
      if (!allFinite(band)) return { singular: true, solve: nanFill2 };
      const f = bandedLu(band, N, kl2, ku2);
      return {
        singular: f.status !== "ok",
        solve(br, bi) {
          for (let i = 0; i < n; i++) {
            x2[2 * i] = br[i]!;
            x2[2 * i + 1] = bi[i]!;
          }
          solveBand(f, x2);
          for (let i = 0; i < n; i++) {
            br[i] = x2[2 * i]!;
            bi[i] = x2[2 * i + 1]!;
          }
        },
      };
    },
  };
}

function allFinite(a: Float64Array): boolean {
  for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k]!)) return false;
  return true;
}

function sparseSolverFor(n: number, sparsity: Uint8Array): ShiftedSystemSolver {
  // CSR structure of the pattern plus the diagonal, fixed for the whole integration.
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (sparsity[i * n + j] || i === j) cols.push(j);
    rowPtr[i + 1] = cols.length;
  }
  const colIdx = Int32Array.from(cols);
  // Interleaved complex pattern (see bandedSolver): block (i, j) of the 2×2 real form.
  const rowPtr2 = new Int32Array(2 * n + 1);
  const cols2: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const part of [0, 1]) {
      for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
        const j = colIdx[k]!;
        if (j === i) {
          cols2.push(2 * i, 2 * i + 1);
        } else cols2.push(2 * j + part);
      }
      rowPtr2[2 * i + part + 1] = cols2.length;
    }
  }
  const colIdx2 = Int32Array.from(cols2);
  const x2 = new Float64Array(2 * n);
  const solveWith = (f: SparseLuFactorization, b: Float64Array) => {
    if (f.status === "ok") b.set(sparseLuSolve(f, b));
    else nanFill(b);
  };
  return {
    kind: "sparse",
    factor(alpha, beta, J) {
      const values = new Float64Array(colIdx.length);
      for (let i = 0; i < n; i++) {
        for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
          const j = colIdx[k]!;
          values[k] = -beta * J[i * n + j]! + (i === j ? alpha : 0);
        }
      }
      if (!allFinite(values)) return { singular: true, solve: nanFill };
      const a: CsrMatrix = { format: "csr", rows: n, cols: n, rowPtr, colIndices: colIdx, values };
      const f = sparseLu(a);
      return { singular: f.status !== "ok", solve: (b) => solveWith(f, b) };
    },
    factorComplex(alphaRe, alphaIm, J) {
      const values = new Float64Array(colIdx2.length);
      for (let r = 0; r < 2 * n; r++) {
        const i = r >> 1;
        const part = r & 1;
        for (let k = rowPtr2[r]!; k < rowPtr2[r + 1]!; k++) {
          const c = colIdx2[k]!;
          const j = c >> 1;
          if (j === i && (c & 1) !== part) values[k] = part === 0 ? -alphaIm : alphaIm;
          else values[k] = -J[i * n + j]! + (i === j ? alphaRe : 0);
        }
      }
      if (!allFinite(values)) return { singular: true, solve: nanFill2 };
      const a: CsrMatrix = {
        format: "csr",
        rows: 2 * n,
        cols: 2 * n,
        rowPtr: rowPtr2,
        colIndices: colIdx2,
        values,
      };
      const f = sparseLu(a);
      return {
        singular: f.status !== "ok",
        solve(br, bi) {
          for (let i = 0; i < n; i++) {
            x2[2 * i] = br[i]!;
            x2[2 * i + 1] = bi[i]!;
          }
          solveWith(f, x2);
          for (let i = 0; i < n; i++) {
            br[i] = x2[2 * i]!;
            bi[i] = x2[2 * i + 1]!;
          }
        },
      };
    },
  };
}

/**
 * The {@link ShiftedSystemSolver} for a {@link JacobianStructure}.
 *
 * @example
 * ```ts
 * import { shiftedSolver } from "@continuum/ode";
 * const lu = shiftedSolver(1, { kind: "dense" }).factor(1, 0.5, new Float64Array([-2]));
 * const b = new Float64Array([4]);
 * lu.solve(b); // (1 + 1) x = 4 → [2]
 * ```
 */
export function shiftedSolver(n: number, structure: JacobianStructure): ShiftedSystemSolver {
  if (structure.kind === "banded") {
    const { lower, upper } = structure;
    if (!Number.isInteger(lower) || !Number.isInteger(upper) || lower < 0 || upper < 0) {
      throw new Error(
        `jacBandwidth must be [lower, upper] with non-negative integers, received [${lower}, ${upper}]`,
      );
    }
    return bandedSolver(n, Math.min(lower, n - 1), Math.min(upper, n - 1));
  }
  if (structure.kind === "sparse") return sparseSolverFor(n, structure.sparsity);
  return denseSolver(n);
}
