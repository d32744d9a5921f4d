/** Small dense row-major float64 matrix helpers (internal; d up to ~100). */
export type Mat = Float64Array;

export function matmul(a: Mat, b: Mat, n: number, k: number, m: number): Mat {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j] += aip * b[p * m + j]!;
    }
  }
  return c;
}

export function transpose(a: Mat, n: number, m: number): Mat {
  const t = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[j * n + i] = a[i * m + j]!;
  return t;
}

export function add(...terms: Mat[]): Mat {
  const out = new Float64Array(terms[0]!.length);
  for (const t of terms) for (let i = 0; i < out.length; i++) out[i] += t[i]!;
  return out;
}

export function scale(a: Mat, s: number): Mat {
  return a.map((v) => v * s);
}

export function identity(n: number): Mat {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/** Inverse by Gauss–Jordan with partial pivoting; throws naming `name` when singular. */
export function inverse(a: Mat, n: number, name: string): Mat {
  const w = Float64Array.from(a);
  const inv = identity(n);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(w[r * n + c]!) > Math.abs(w[piv * n + c]!)) piv = r;
    if (Math.abs(w[piv * n + c]!) < 1e-300)
      throw new Error(`${name} is singular (zero pivot in column ${c})`);
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        [w[c * n + j], w[piv * n + j]] = [w[piv * n + j]!, w[c * n + j]!];
        [inv[c * n + j], inv[piv * n + j]] = [inv[piv * n + j]!, inv[c * n + j]!];
      }
    }
    const d = w[c * n + c]!;
    for (let j = 0; j < n; j++) {
      w[c * n + j] /= d;
      inv[c * n + j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = w[r * n + c]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        w[r * n + j] -= f * w[c * n + j]!;
        inv[r * n + j] -= f * inv[c * n + j]!;
      }
    }
  }
  return inv;
}

export function trace(a: Mat, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i]!;
  return s;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** `(M + M')/2` of an n×n matrix: the only part of `M` a quadratic form `x'Mx` sees. */
export function symmetricPart(m: Mat, n: number): Mat {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out[i * n + j] = 0.5 * (m[i * n + j]! + m[j * n + i]!);
  return out;
}
