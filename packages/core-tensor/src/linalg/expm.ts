import { matmul } from "./blas.js";
import { lu, luSolve } from "./lu.js";
import { checkDim, checkFinite, checkMatrix } from "./validate.js";

/** Numerator coefficients of the [13/13] Padé approximant of eˣ (Higham 2005, Table 10.4). */
const PADE13 = [
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
  670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
];

/** Largest ‖A‖₁ for which the [13/13] Padé approximant meets double precision (Higham 2005, Table 2.3). */
const THETA13 = 5.371920351148152;

/** ‖A‖₁, the largest absolute column sum (internal). */
function norm1(a: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    best = Math.max(best, s);
  }
  return best;
}

/** `Σ cₖ·Mₖ (+ c·I)` of row-major `n×n` matrices (internal). */
function combine(n: number, terms: [number, Float64Array][], identity: number): Float64Array {
  const out = new Float64Array(n * n);
  for (const [c, m] of terms) for (let i = 0; i < n * n; i++) out[i] += c * m[i]!;
  for (let i = 0; i < n; i++) out[i * n + i] += identity;
  return out;
}

/**
 * Matrix exponential `e^A = Σ Aᵏ/k!` of a real row-major `n×n` matrix, by scaling and squaring with the
 * [13/13] Padé approximant (Higham, "The scaling and squaring method for the matrix exponential revisited",
 * SIAM J. Matrix Anal. Appl. 26, 2005 — the algorithm behind `scipy.linalg.expm`, without the lower-degree
 * shortcuts): `A` is divided by `2ˢ` so that `‖A/2ˢ‖₁ ≤ θ₁₃ = 5.37`, the approximant `(V − U)⁻¹(V + U)` is
 * formed with one LU solve, and the result is squared `s` times. Throws if `a` holds NaN/Infinity.
 * @example
 * ```ts
 * // generator of rotations: e^{[[0, −t], [t, 0]]} = [[cos t, −sin t], [sin t, cos t]]
 * expm(new Float64Array([0, -1, 1, 0]), 2); // ≈ [0.5403, -0.8415, 0.8415, 0.5403]
 * ```
 */
export function expm(a: Float64Array, n: number): Float64Array {
  checkDim("expm", "n", n);
  checkMatrix("expm", "a", a, n, n);
  checkFinite("expm", "a", a, n);
  const nrm = norm1(a, n);
  const s = nrm > THETA13 ? Math.max(0, Math.ceil(Math.log2(nrm / THETA13))) : 0;
  const scale = 2 ** -s; // exact: a power of two
  const A = scale === 1 ? a : Float64Array.from(a, (v) => v * scale);
  const b = PADE13;
  const A2 = matmul(A, A, n, n, n);
  const A4 = matmul(A2, A2, n, n, n);
  const A6 = matmul(A4, A2, n, n, n);
  const inner = matmul(
    A6,
    combine(
      n,
      [
        [b[13]!, A6],
        [b[11]!, A4],
        [b[9]!, A2],
      ],
      0,
    ),
    n,
    n,
    n,
  );
  const U = matmul(
    A,
    combine(
      n,
      [
        [1, inner],
        [b[7]!, A6],
        [b[5]!, A4],
        [b[3]!, A2],
      ],
      b[1]!,
    ),
    n,
    n,
    n,
  );
  const V = combine(
    n,
    [
      [
        1,
        matmul(
          A6,
          combine(
            n,
            [
              [b[12]!, A6],
              [b[10]!, A4],
              [b[8]!, A2],
            ],
            0,
          ),
          n,
          n,
          n,
        ),
      ],
      [b[6]!, A6],
      [b[4]!, A4],
      [b[2]!, A2],
    ],
    b[0]!,
  );
  const f = lu(
    combine(
      n,
      [
        [1, V],
        [-1, U],
      ],
      0,
    ),
    n,
  );
  if (f.status !== "ok") throw new Error(`expm: the Padé denominator V − U is singular (${f.message})`);
  let x = luSolve(
    f,
    combine(
      n,
      [
        [1, V],
        [1, U],
      ],
      0,
    ),
  );
  for (let k = 0; k < s; k++) x = matmul(x, x, n, n, n);
  return x;
}
