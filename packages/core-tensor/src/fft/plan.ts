import FFT from "fft.js";

/**
 * A cached length-`n` complex DFT (internal). `forward` computes `X[k] = Σⱼ x[j]·e^(−2πi·jk/n)` (unnormalised)
 * on interleaved `(re, im)` Float64Arrays; input and output must be different arrays.
 */
export interface ComplexPlan {
  readonly n: number;
  forward(input: Float64Array, output: Float64Array): void;
  /** Inverse DFT including the 1/n factor. */
  inverse(input: Float64Array, output: Float64Array): void;
}

/** A cached length-`n` real-input DFT producing the `⌊n/2⌋+1` non-negative frequency bins (internal). */
export interface RealPlan {
  readonly n: number;
  /**
   * `input`: n reals; writes the interleaved complex half spectrum, `2(⌊n/2⌋+1)` values, to `output` from index
   * `offset` (default 0; a Float32Array output receives the float64 results rounded once). Must not alias.
   * Returns the real part of bin 0 (the sum of the input), which is non-finite iff some input is.
   */
  forward(input: Float64Array, output: Float64Array | Float32Array, offset?: number): number;
  /** Inverse (with 1/n): `input` half spectrum `2(⌊n/2⌋+1)` long (not modified), `output` n reals. */
  inverse(input: Float64Array, output: Float64Array): void;
}

/** True for 1, 2, 4, 8, … */
export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0;
}

function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

class Radix2Plan implements ComplexPlan {
  private readonly f: FFT;
  constructor(readonly n: number) {
    this.f = new FFT(n);
  }
  forward(input: Float64Array, output: Float64Array): void {
    this.f.transform(output, input);
  }
  inverse(input: Float64Array, output: Float64Array): void {
    this.f.inverseTransform(output, input);
  }
}

class TrivialPlan implements ComplexPlan {
  readonly n = 1;
  forward(input: Float64Array, output: Float64Array): void {
    output[0] = input[0];
    output[1] = input[1];
  }
  inverse(input: Float64Array, output: Float64Array): void {
    this.forward(input, output);
  }
}

/**
 * Bluestein's chirp-z algorithm (Bluestein 1970; Rabiner, Schafer & Rader 1969): a length-`n` DFT as a circular
 * convolution of length `M = 2^⌈log₂(2n−1)⌉` done with power-of-two FFTs, `O(n log n)` for any `n`.
 * The chirp angle uses `j² mod 2n` in exact integer arithmetic so accuracy does not degrade with `n`.
 */
class BluesteinPlan implements ComplexPlan {
  private readonly m: number;
  private readonly inner: FFT;
  private readonly chirp: Float64Array;
  private readonly filter: Float64Array;
  private readonly a: Float64Array;
  private readonly fa: Float64Array;
  private readonly scratch: Float64Array;
  constructor(readonly n: number) {
    const m = nextPowerOfTwo(2 * n - 1);
    this.m = m;
    this.inner = new FFT(m);
    const chirp = new Float64Array(2 * n);
    const twoN = 2 * n;
    for (let j = 0; j < n; j++) {
      const j2 = (j * j) % twoN;
      const angle = (Math.PI * j2) / n;
      chirp[2 * j] = Math.cos(angle);
      chirp[2 * j + 1] = -Math.sin(angle);
    }
    this.chirp = chirp;
    const b = new Float64Array(2 * m);
    for (let j = 0; j < n; j++) {
      b[2 * j] = chirp[2 * j];
      b[2 * j + 1] = -chirp[2 * j + 1];
      if (j > 0) {
        b[2 * (m - j)] = chirp[2 * j];
        b[2 * (m - j) + 1] = -chirp[2 * j + 1];
      }
    }
    this.filter = new Float64Array(2 * m);
    this.inner.transform(this.filter, b);
    this.a = new Float64Array(2 * m);
    this.fa = new Float64Array(2 * m);
    this.scratch = new Float64Array(2 * n);
  }
  forward(input: Float64Array, output: Float64Array): void {
    const { n, m, chirp, a, fa, filter } = this;
    a.fill(0);
    for (let j = 0; j < n; j++) {
      const xr = input[2 * j];
      const xi = input[2 * j + 1];
      const cr = chirp[2 * j];
      const ci = chirp[2 * j + 1];
      a[2 * j] = xr * cr - xi * ci;
      a[2 * j + 1] = xr * ci + xi * cr;
    }
    this.inner.transform(fa, a);
    for (let k = 0; k < m; k++) {
      const ar = fa[2 * k];
      const ai = fa[2 * k + 1];
      const br = filter[2 * k];
      const bi = filter[2 * k + 1];
      fa[2 * k] = ar * br - ai * bi;
      fa[2 * k + 1] = ar * bi + ai * br;
    }
    this.inner.inverseTransform(a, fa);
    for (let k = 0; k < n; k++) {
      const yr = a[2 * k];
      const yi = a[2 * k + 1];
      const cr = chirp[2 * k];
      const ci = chirp[2 * k + 1];
      output[2 * k] = yr * cr - yi * ci;
      output[2 * k + 1] = yr * ci + yi * cr;
    }
  }
  inverse(input: Float64Array, output: Float64Array): void {
    // ifft(x) = conj(fft(conj(x))) / n
    const s = this.scratch;
    const n = this.n;
    for (let j = 0; j < 2 * n; j += 2) {
      s[j] = input[j];
      s[j + 1] = -input[j + 1];
    }
    this.forward(s, output);
    const inv = 1 / n;
    for (let j = 0; j < 2 * n; j += 2) {
      output[j] *= inv;
      output[j + 1] *= -inv;
    }
  }
}

/**
 * Real DFT of even length `n = 2m` through one complex DFT of length `m` (the "packing" trick, e.g.
 * Press et al., *Numerical Recipes*, §12.3): `z_j = x_{2j} + i·x_{2j+1}`, `Z = DFT_m(z)`, then
 * `X_k = E_k + e^(−2πik/n)·O_k` with `E_k = (Z_k + conj Z_{m−k})/2`, `O_k = (Z_k − conj Z_{m−k})/(2i)`.
 * Half the work of a complex transform of length `n`; the input is read in place as interleaved complex.
 */
class PackedRealPlan implements RealPlan {
  private readonly m: number;
  private readonly c: ComplexPlan;
  private readonly tw: Float64Array;
  private readonly z: Float64Array;
  private readonly zz: Float64Array;
  constructor(readonly n: number) {
    const m = n / 2;
    this.m = m;
    this.c = complexPlan(m);
    this.tw = new Float64Array(2 * (m + 1));
    for (let k = 0; k <= m; k++) {
      const angle = (-2 * Math.PI * k) / n;
      this.tw[2 * k] = Math.cos(angle);
      this.tw[2 * k + 1] = Math.sin(angle);
    }
    this.z = new Float64Array(2 * m);
    this.zz = new Float64Array(2 * m);
  }
  forward(input: Float64Array, output: Float64Array | Float32Array, offset = 0): number {
    const { m, tw, z } = this;
    this.c.forward(input, z);
    // k = 0 and k = m (DC and Nyquist) pair Z_0 with itself; written apart so the loop has no branches.
    const z0r = z[0];
    const z0i = z[1];
    const dc = z0r + z0i;
    output[offset] = dc;
    output[offset + 1] = 0;
    for (let k = 1; k < m; k++) {
      const b = m - k;
      const zr = z[2 * k];
      const zi = z[2 * k + 1];
      const cr = z[2 * b];
      const ci = -z[2 * b + 1];
      const er = 0.5 * (zr + cr);
      const ei = 0.5 * (zi + ci);
      // O = (Z − conj Z')/(2i) = (dI − i·dR)/2 with d = Z − conj Z'
      const or = 0.5 * (zi - ci);
      const oi = -0.5 * (zr - cr);
      const wr = tw[2 * k];
      const wi = tw[2 * k + 1];
      output[offset + 2 * k] = er + wr * or - wi * oi;
      output[offset + 2 * k + 1] = ei + wr * oi + wi * or;
    }
    output[offset + 2 * m] = z0r - z0i;
    output[offset + 2 * m + 1] = 0;
    return dc;
  }
  inverse(input: Float64Array, output: Float64Array): void {
    const { m, tw, zz } = this;
    for (let k = 0; k < m; k++) {
      const xr = input[2 * k];
      const xi = input[2 * k + 1];
      const cr = input[2 * (m - k)];
      const ci = -input[2 * (m - k) + 1];
      const er = 0.5 * (xr + cr);
      const ei = 0.5 * (xi + ci);
      // O = (X − conj X')·conj(w)/2
      const dr = 0.5 * (xr - cr);
      const di = 0.5 * (xi - ci);
      const wr = tw[2 * k];
      const wi = -tw[2 * k + 1];
      const or = dr * wr - di * wi;
      const oi = dr * wi + di * wr;
      // Z = E + i·O
      zz[2 * k] = er - oi;
      zz[2 * k + 1] = ei + or;
    }
    this.c.inverse(zz, output);
  }
}

/** Odd lengths: embed in a complex transform of length `n`. */
class GenericRealPlan implements RealPlan {
  private readonly c: ComplexPlan;
  private readonly z: Float64Array;
  private readonly out: Float64Array;
  constructor(readonly n: number) {
    this.c = complexPlan(n);
    this.z = new Float64Array(2 * n);
    this.out = new Float64Array(2 * n);
  }
  forward(input: Float64Array, output: Float64Array | Float32Array, offset = 0): number {
    const z = this.z;
    for (let j = 0; j < this.n; j++) {
      z[2 * j] = input[j];
      z[2 * j + 1] = 0;
    }
    this.c.forward(z, this.out);
    const h = Math.floor(this.n / 2) + 1;
    for (let j = 0; j < 2 * h; j++) output[offset + j] = this.out[j];
    // Bin 0 is the sum of real samples: exactly real, as NumPy returns it (Bluestein leaves ~1e-16·|x| there).
    output[offset + 1] = 0;
    return this.out[0];
  }
  inverse(input: Float64Array, output: Float64Array): void {
    const { n, z } = this;
    const h = Math.floor(n / 2) + 1;
    for (let k = 0; k < h; k++) {
      z[2 * k] = input[2 * k];
      z[2 * k + 1] = input[2 * k + 1];
    }
    for (let k = h; k < n; k++) {
      z[2 * k] = input[2 * (n - k)];
      z[2 * k + 1] = -input[2 * (n - k) + 1];
    }
    this.c.inverse(z, this.out);
    for (let j = 0; j < n; j++) output[j] = this.out[2 * j];
  }
}

const complexPlans = new Map<number, ComplexPlan>();
const realPlans = new Map<number, RealPlan>();

/** Cached complex plan of length `n` (radix-4/2 `fft.js` for powers of two, Bluestein otherwise). */
export function complexPlan(n: number): ComplexPlan {
  let p = complexPlans.get(n);
  if (!p) {
    p = n === 1 ? new TrivialPlan() : isPowerOfTwo(n) ? new Radix2Plan(n) : new BluesteinPlan(n);
    complexPlans.set(n, p);
  }
  return p;
}

/** Cached real-input plan of length `n`. */
export function realPlan(n: number): RealPlan {
  let p = realPlans.get(n);
  if (!p) {
    p = n % 2 === 0 ? new PackedRealPlan(n) : new GenericRealPlan(n);
    realPlans.set(n, p);
  }
  return p;
}
