/**
 * Banded LU with partial pivoting (LAPACK `gbtrf`-style storage: row `i` holds columns `i-kl … i+kl+ku`, the
 * extra `kl` super-diagonals receive pivoting fill-in). Local stand-in: `@continuum/core-tensor/linalg` has
 * `bandedLu`/`bandedLuSolve`, but core-tensor's package.json does not export the `./linalg` subpath yet, so
 * importing it fails typecheck and at run time. When it does, this class becomes a thin adapter over them.
 */
export class BandedMatrix {
  readonly n: number;
  readonly kl: number;
  readonly ku: number;
  private readonly w: number;
  private readonly a: Float64Array;
  private readonly piv: Int32Array;
  private factored = false;

  constructor(n: number, kl: number, ku: number) {
    this.n = n;
    this.kl = kl;
    this.ku = ku;
    this.w = 2 * kl + ku + 1;
    this.a = new Float64Array(n * this.w);
    this.piv = new Int32Array(n);
  }

  /** Add `v` to entry (i, j); `j - i` must lie within `[-kl, ku]`. */
  add(i: number, j: number, v: number): void {
    const off = j - i;
    if (off < -this.kl || off > this.ku) {
      throw new Error(`BandedMatrix.add: entry (${i}, ${j}) is outside the band [-${this.kl}, ${this.ku}]`);
    }
    this.a[i * this.w + off + this.kl] += v;
  }

  /** Factor in place; returns false when a zero pivot is met (singular matrix). */
  factor(): boolean {
    const { n, kl, ku, w, a, piv } = this;
    const at = (i: number, j: number) => i * w + (j - i + kl);
    for (let k = 0; k < n; k++) {
      const last = Math.min(n - 1, k + kl);
      let p = k;
      let best = Math.abs(a[at(k, k)]!);
      for (let i = k + 1; i <= last; i++) {
        const v = Math.abs(a[at(i, k)]!);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      piv[k] = p;
      if (best === 0) return false;
      const jEnd = Math.min(n - 1, k + kl + ku);
      if (p !== k) {
        for (let j = k; j <= jEnd; j++) {
          const t = a[at(k, j)]!;
          a[at(k, j)] = a[at(p, j)]!;
          a[at(p, j)] = t;
        }
      }
      const d = a[at(k, k)]!;
      for (let i = k + 1; i <= last; i++) {
        const l = a[at(i, k)]! / d;
        a[at(i, k)] = l;
        if (l === 0) continue;
        for (let j = k + 1; j <= jEnd; j++) a[at(i, j)] -= l * a[at(k, j)]!;
      }
    }
    this.factored = true;
    return true;
  }

  /** Solve `A x = b` after {@link factor}; returns a new array. */
  solve(b: ArrayLike<number>): Float64Array {
    if (!this.factored) throw new Error("BandedMatrix.solve: call factor() first");
    const { n, kl, ku, w, a, piv } = this;
    const at = (i: number, j: number) => i * w + (j - i + kl);
    const x = Float64Array.from(b);
    for (let k = 0; k < n; k++) {
      const p = piv[k]!;
      if (p !== k) {
        const t = x[k]!;
        x[k] = x[p]!;
        x[p] = t;
      }
      const last = Math.min(n - 1, k + kl);
      for (let i = k + 1; i <= last; i++) x[i] -= a[at(i, k)]! * x[k]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i]!;
      const jEnd = Math.min(n - 1, i + kl + ku);
      for (let j = i + 1; j <= jEnd; j++) s -= a[at(i, j)]! * x[j]!;
      x[i] = s / a[at(i, i)]!;
    }
    return x;
  }
}
