/** Test-only helpers shared by the linalg and fft tests (not exported from any entry point). */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CsrMatrix } from "./sparse.js";
import { csrFromTriplets } from "./sparse.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test", "fixtures");

/** Read `test/fixtures/<name>.json` (written by `test/fixtures/gen_linalg.py`). */
export function loadFixture(name: string): any {
  return JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8"));
}

/** `‖a − b‖₂ / ‖b‖₂` (or the absolute error when `b = 0`). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relErr: lengths differ (${a.length} vs ${b.length})`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/** `max |a − b|`. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Hilbert matrix `H[i, j] = 1 / (i + j + 1)`, row-major. */
export function hilbert(n: number): Float64Array {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] = 1 / (i + j + 1);
  return h;
}

/** 5-point Dirichlet Laplacian on an N×N interior grid scaled by (N+1)², as in gen_linalg.py's `poisson2d`. */
export function poisson2d(N: number): CsrMatrix {
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  const s = (N + 1) ** 2;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const p = i * N + j;
      ri.push(p);
      ci.push(p);
      v.push(4 * s);
      for (const [di, dj] of [
        [-1, 0],
        [1, 0],
        [0, -1],
        [0, 1],
      ]) {
        const ii = i + di;
        const jj = j + dj;
        if (ii >= 0 && ii < N && jj >= 0 && jj < N) {
          ri.push(p);
          ci.push(ii * N + jj);
          v.push(-s);
        }
      }
    }
  }
  return csrFromTriplets(N * N, N * N, ri, ci, v);
}

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32), for tests that need no fixture. */
export function randomArray(length: number, seed: number): Float64Array {
  let a = seed >>> 0;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
