/**
 * Truncated-DFT bases as dense matrices (float64 trigonometry, stored float32), cached per (size, modes).
 * Multiplying by these is the "truncated DFT as matmul" formulation of a spectral convolution: for the
 * 12–32 modes an FNO keeps it costs S·2m multiply-adds per row, which on TensorFlow.js (wasm/XNNPACK) beats a
 * full FFT done in JavaScript (see `spectral-method.ts` for the measurement).
 */
import { tf } from "@continuum/core-tensor";
import { matMulConstant } from "./matmul.js";

const cache = new Map<string, tf.Tensor2D>();

function cached(key: string, build: () => Float32Array, shape: [number, number]): tf.Tensor2D {
  let t = cache.get(key);
  if (!t || t.isDisposed) {
    t = tf.keep(tf.tensor2d(build(), shape));
    cache.set(key, t);
  }
  return t;
}

function angle(k: number, s: number, n: number): number {
  // (k·s mod n) keeps the argument small so cos/sin stay accurate for large n.
  return (2 * Math.PI * ((k * s) % n)) / n;
}

/** Forward real DFT keeping modes 0..m-1: `[n, 2m]`, columns `[Re X_0..Re X_{m-1}, Im X_0..Im X_{m-1}]`. */
export function rdftMatrix(n: number, m: number): tf.Tensor2D {
  return cached(`r${n}:${m}`, () => {
    const a = new Float32Array(n * 2 * m);
    for (let s = 0; s < n; s++)
      for (let k = 0; k < m; k++) {
        const th = angle(k, s, n);
        a[s * 2 * m + k] = Math.cos(th);
        a[s * 2 * m + m + k] = -Math.sin(th);
      }
    return a;
  }, [n, 2 * m]);
}

/**
 * Inverse real DFT from modes 0..m-1 (all higher modes zero, m ≤ n/2): `[2m, n]`; equals `irfft` with
 * numpy's "backward" normalisation (1/n), the imaginary part of the mean mode ignored as irfft does.
 */
export function irdftMatrix(n: number, m: number): tf.Tensor2D {
  return cached(`ir${n}:${m}`, () => {
    const a = new Float32Array(2 * m * n);
    for (let k = 0; k < m; k++) {
      const c = (k === 0 ? 1 : 2) / n;
      for (let s = 0; s < n; s++) {
        const th = angle(k, s, n);
        a[k * n + s] = c * Math.cos(th);
        a[(m + k) * n + s] = k === 0 ? 0 : -c * Math.sin(th);
      }
    }
    return a;
  }, [2 * m, n]);
}

/** The kept frequencies of a complex axis: 0..m-1 and n-m..n-1 (the FNO convention), as integers. */
export function keptFrequencies(n: number, m: number): number[] {
  const f: number[] = [];
  for (let k = 0; k < m; k++) f.push(k);
  for (let k = n - m; k < n; k++) f.push(k);
  return f;
}

/**
 * Forward complex DFT on an axis of length n restricted to the kept frequencies (K = 2m): `[2n, 2K]` acting on
 * rows `[Re z_0..Re z_{n-1}, Im z_0..Im z_{n-1}]` and giving `[Re Y_0..Re Y_{K-1}, Im Y_0..Im Y_{K-1}]`.
 */
export function cdftMatrix(n: number, m: number): tf.Tensor2D {
  const freqs = keptFrequencies(n, m);
  const K = freqs.length;
  return cached(`c${n}:${m}`, () => {
    const a = new Float32Array(2 * n * 2 * K);
    const w = 2 * K;
    for (let s = 0; s < n; s++)
      for (let j = 0; j < K; j++) {
        const th = angle(freqs[j]!, s, n);
        const c = Math.cos(th);
        const sn = Math.sin(th);
        a[s * w + j] = c; // Re z -> Re Y
        a[s * w + K + j] = -sn; // Re z -> Im Y
        a[(n + s) * w + j] = sn; // Im z -> Re Y
        a[(n + s) * w + K + j] = c; // Im z -> Im Y
      }
    return a;
  }, [2 * n, 2 * K]);
}

/** Inverse complex DFT (1/n) from the kept frequencies back to n points: `[2K, 2n]` (layouts as above). */
export function icdftMatrix(n: number, m: number): tf.Tensor2D {
  const freqs = keptFrequencies(n, m);
  const K = freqs.length;
  return cached(`ic${n}:${m}`, () => {
    const a = new Float32Array(2 * K * 2 * n);
    const w = 2 * n;
    for (let j = 0; j < K; j++)
      for (let s = 0; s < n; s++) {
        const th = angle(freqs[j]!, s, n);
        const c = Math.cos(th) / n;
        const sn = Math.sin(th) / n;
        a[j * w + s] = c; // Re Y -> Re z
        a[j * w + n + s] = sn; // Re Y -> Im z
        a[(K + j) * w + s] = -sn; // Im Y -> Re z
        a[(K + j) * w + n + s] = c; // Im Y -> Im z
      }
    return a;
  }, [2 * K, 2 * n]);
}

/** The transpose of a cached basis, itself cached (used by the gradients of the constant products). */
export function transposed(key: string, m: tf.Tensor2D): tf.Tensor2D {
  const k = `T:${key}`;
  let t = cache.get(k);
  if (!t || t.isDisposed) {
    t = tf.keep(tf.transpose(m) as tf.Tensor2D);
    cache.set(k, t);
  }
  return t;
}

/**
 * `x @ basis` with the cheap custom gradient of {@link matMulConstant}; `which` names the basis.
 */
export function applyBasis(x: tf.Tensor, which: "r" | "ir" | "c" | "ic", n: number, m: number): tf.Tensor {
  const build = { r: rdftMatrix, ir: irdftMatrix, c: cdftMatrix, ic: icdftMatrix }[which];
  const b = build(n, m);
  return matMulConstant(x, b, transposed(`${which}${n}:${m}`, b));
}

/**
 * Dispose every cached DFT basis (they are kept across calls so a model does not rebuild them each step).
 * @example
 * ```ts
 * clearSpectralCache(); // frees the bases; the next forward pass rebuilds what it needs
 * ```
 */
export function clearSpectralCache(): void {
  for (const t of cache.values()) t.dispose();
  cache.clear();
}

/** Number of cached bases (tests use it to account for kept tensors). */
export function spectralCacheSize(): number {
  return cache.size;
}
