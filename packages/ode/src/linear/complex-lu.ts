/**
 * Complex dense LU with partial pivoting on split real/imaginary flat row-major arrays, for the complex
 * block of Radau IIA's transformed Newton system ((α + iβ)/h · I − J) w = r.
 *
 * @example
 * ```ts
 * import { complexLuFactor, complexLuSolve } from "@continuum/ode";
 * const f = complexLuFactor(new Float64Array([1]), new Float64Array([1]), 1); // 1 + i
 * complexLuSolve(f, new Float64Array([2]), new Float64Array([0])); // x = 1 - i
 * ```
 */
export interface ComplexLuFactors {
  readonly n: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly piv: Int32Array;
  readonly singular: boolean;
}

/** Factor (re + i·im) in place. @example `complexLuFactor(new Float64Array([1]), new Float64Array([0]), 1)` */
export function complexLuFactor(re: Float64Array, im: Float64Array, n: number): ComplexLuFactors {
  const piv = new Int32Array(n);
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.hypot(re[k * n + k]!, im[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.hypot(re[i * n + k]!, im[i * n + k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        let tmp = re[k * n + j]!;
        re[k * n + j] = re[p * n + j]!;
        re[p * n + j] = tmp;
        tmp = im[k * n + j]!;
        im[k * n + j] = im[p * n + j]!;
        im[p * n + j] = tmp;
      }
    }
    const pr = re[k * n + k]!;
    const pi = im[k * n + k]!;
    const den = pr * pr + pi * pi;
    if (den === 0) {
      singular = true;
      continue;
    }
    const ir = pr / den;
    const ii = -pi / den;
    for (let i = k + 1; i < n; i++) {
      const ar = re[i * n + k]!;
      const ai = im[i * n + k]!;
      const lr = ar * ir - ai * ii;
      const li = ar * ii + ai * ir;
      re[i * n + k] = lr;
      im[i * n + k] = li;
      if (lr === 0 && li === 0) continue;
      for (let j = k + 1; j < n; j++) {
        const ur = re[k * n + j]!;
        const ui = im[k * n + j]!;
        re[i * n + j]! -= lr * ur - li * ui;
        im[i * n + j]! -= lr * ui + li * ur;
      }
    }
  }
  return { n, re, im, piv, singular };
}

/** Solve in place in (br, bi). @example `complexLuSolve(f, br, bi)` */
export function complexLuSolve(f: ComplexLuFactors, br: Float64Array, bi: Float64Array): void {
  const { n, re, im, piv } = f;
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      let tmp = br[k]!;
      br[k] = br[p]!;
      br[p] = tmp;
      tmp = bi[k]!;
      bi[k] = bi[p]!;
      bi[p] = tmp;
    }
  }
  for (let i = 0; i < n; i++) {
    let ar = br[i]!;
    let ai = bi[i]!;
    for (let j = 0; j < i; j++) {
      const lr = re[i * n + j]!;
      const li = im[i * n + j]!;
      ar -= lr * br[j]! - li * bi[j]!;
      ai -= lr * bi[j]! + li * br[j]!;
    }
    br[i] = ar;
    bi[i] = ai;
  }
  for (let i = n - 1; i >= 0; i--) {
    let ar = br[i]!;
    let ai = bi[i]!;
    for (let j = i + 1; j < n; j++) {
      const ur = re[i * n + j]!;
      const ui = im[i * n + j]!;
      ar -= ur * br[j]! - ui * bi[j]!;
      ai -= ur * bi[j]! + ui * br[j]!;
    }
    const dr = re[i * n + i]!;
    const di = im[i * n + i]!;
    const den = dr * dr + di * di;
    br[i] = (ar * dr + ai * di) / den;
    bi[i] = (ai * dr - ar * di) / den;
  }
}
