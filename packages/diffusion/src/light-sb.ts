import type { Rng } from "@continuum/core-tensor";
import { type Points, toRows } from "./metrics/points.js";

/**
 * Parameters of a LightSB potential `v(x1) = sum_k alpha_k N(x1 | r_k, eps S_k)` with `S_k = L_k L_k^T`
 * (`L_k` lower triangular with a positive diagonal). Flat row-major float64 arrays.
 */
export interface LightSbParams {
  /** `log alpha_k`, length K. */
  logAlpha: Float64Array;
  /** Means `r_k`, `K x d`. */
  r: Float64Array;
  /** Cholesky factors `L_k`, `K x d x d` (upper triangle zero). */
  L: Float64Array;
}

/** Options of {@link lightSB}. */
export interface LightSbOptions {
  /** Variance per unit time of the Brownian reference (the entropic regularisation), > 0. */
  epsilon: number;
  /** Number K of mixture components of the potential (default 8). */
  components?: number;
  /** Adam steps (default 2000), learning rate (default 0.01, cosine-decayed to 10%) and batch size (default 512). */
  steps?: number;
  lr?: number;
  batchSize?: number;
  rng: Rng;
  /** Called every `logEvery` steps (default 100) with the current loss. */
  onLog?: (step: number, loss: number) => void;
  logEvery?: number;
}

/** A fitted LightSB model: closed-form conditional plan, bridge marginals and SDE drift. */
export interface LightSchrodingerBridge {
  dim: number;
  epsilon: number;
  params: LightSbParams;
  /** Loss every `logEvery` steps (the KL to the true bridge up to a constant). */
  history: number[];
  /** Draw `x1 ~ pi(x1 | x0)` for each row of `x0` (row-major `n x d`). */
  sampleTarget(x0: Points, rng: Rng): Float64Array;
  /** Draw `x_t` of the bridge from `x0`: `(1 - t) x0 + t x1 + sqrt(eps t (1 - t)) z` with `x1 ~ pi(. | x0)`. */
  sampleBridge(x0: Points, t: number, rng: Rng): Float64Array;
  /** SDE drift `g(t, x)` for every row of `x` (so `dX = g dt + sqrt(eps) dW` carries `p0` to `p1`). */
  drift(t: number, x: Points): Float64Array;
  /** Euler–Maruyama integration of the SDE from `x0` at t = 0 to t = 1. */
  sampleSde(x0: Points, options: { steps: number; rng: Rng }): Float64Array;
  /** The LightSB loss on two batches (unpaired samples of p0 and p1). */
  loss(x0: Points, x1: Points): number;
}

function lse(v: Float64Array, k: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) if (v[i]! > m) m = v[i]!;
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.exp(v[i]! - m);
  return m + Math.log(s);
}

/** S_k = L_k L_k^T (row-major d x d). */
function sMatrix(L: Float64Array, k: number, d: number, out: Float64Array): void {
  const o = k * d * d;
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = 0; m <= j; m++) s += L[o + i * d + m]! * L[o + j * d + m]!;
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
}

/** In-place Cholesky of a row-major SPD matrix (lower triangle); returns log det. */
function cholesky(a: Float64Array, d: number): number {
  let logDet = 0;
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let m = 0; m < j; m++) s -= a[j * d + m]! ** 2;
    const piv = Math.sqrt(Math.max(s, 1e-300));
    a[j * d + j] = piv;
    logDet += 2 * Math.log(piv);
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let m = 0; m < j; m++) t -= a[i * d + m]! * a[j * d + m]!;
      a[i * d + j] = t / piv;
    }
    for (let i = 0; i < j; i++) a[i * d + j] = 0;
  }
  return logDet;
}

/** Solve L z = b (forward) then optionally L^T y = z (backward), in place in `b`; `L` at offset `o`. */
function forward(L: Float64Array, o: number, d: number, b: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let m = 0; m < i; m++) s -= L[o + i * d + m]! * b[m]!;
    b[i] = s / L[o + i * d + i]!;
  }
}
function backward(L: Float64Array, o: number, d: number, b: Float64Array): void {
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let m = i + 1; m < d; m++) s -= L[o + m * d + i]! * b[m]!;
    b[i] = s / L[o + i * d + i]!;
  }
}

/**
 * LightSB loss and its exact gradient with respect to `(logAlpha, r, L)` on two batches (`x0`: n0 x d, `x1`:
 * n1 x d): `mean_i log c(x0_i) - mean_j log v(x1_j)` with
 * `log c(x) = logsumexp_k (log alpha_k + (x^T S_k x + 2 r_k^T x) / (2 eps))` and
 * `log v(y) = logsumexp_k (log alpha_k - log det S_k / 2 - (y - r_k)^T S_k^{-1} (y - r_k) / (2 eps))` (up to a
 * constant). Used by {@link lightSB}; exposed for gradient checks.
 * @example
 * ```ts
 * const { loss, gR } = lightSbLossAndGrad(sb.params, x0Batch, x1Batch, 2, 1); // row-major batches, d = 2, eps = 1
 * ```
 */
export function lightSbLossAndGrad(
  p: LightSbParams,
  x0: Float64Array,
  x1: Float64Array,
  d: number,
  eps: number,
): { loss: number; gLogAlpha: Float64Array; gR: Float64Array; gL: Float64Array } {
  const K = p.logAlpha.length;
  const n0 = x0.length / d;
  const n1 = x1.length / d;
  const gLogAlpha = new Float64Array(K);
  const gR = new Float64Array(K * d);
  const gS = new Float64Array(K * d * d);
  const q = new Float64Array(K);
  const S = new Float64Array(K * d * d);
  const tmp = new Float64Array(d * d);
  for (let k = 0; k < K; k++) {
    sMatrix(p.L, k, d, tmp);
    S.set(tmp, k * d * d);
  }
  let loss = 0;
  // Source term: + mean log c(x0).
  for (let i = 0; i < n0; i++) {
    const x = x0.subarray(i * d, (i + 1) * d);
    for (let k = 0; k < K; k++) {
      let quad = 0;
      let lin = 0;
      const o = k * d * d;
      for (let a = 0; a < d; a++) {
        let sa = 0;
        for (let b = 0; b < d; b++) sa += S[o + a * d + b]! * x[b]!;
        quad += x[a]! * sa;
        lin += p.r[k * d + a]! * x[a]!;
      }
      q[k] = p.logAlpha[k]! + (quad + 2 * lin) / (2 * eps);
    }
    const l = lse(q, K);
    loss += l / n0;
    for (let k = 0; k < K; k++) {
      const g = Math.exp(q[k]! - l) / n0;
      gLogAlpha[k] += g;
      for (let a = 0; a < d; a++) {
        gR[k * d + a] += (g * x[a]!) / eps;
        for (let b = 0; b < d; b++) gS[k * d * d + a * d + b] += (g * x[a]! * x[b]!) / (2 * eps);
      }
    }
  }
  // Target term: - mean log v(x1).
  const logDet = new Float64Array(K);
  for (let k = 0; k < K; k++)
    for (let a = 0; a < d; a++) logDet[k] += 2 * Math.log(p.L[k * d * d + a * d + a]!);
  const W = new Float64Array(K * d);
  const z = new Float64Array(d);
  const gamma1 = new Float64Array(K);
  for (let j = 0; j < n1; j++) {
    const y = x1.subarray(j * d, (j + 1) * d);
    for (let k = 0; k < K; k++) {
      for (let a = 0; a < d; a++) z[a] = y[a]! - p.r[k * d + a]!;
      forward(p.L, k * d * d, d, z);
      let quad = 0;
      for (let a = 0; a < d; a++) quad += z[a]! ** 2;
      backward(p.L, k * d * d, d, z); // z = S^{-1} (y - r_k)
      W.set(z, k * d);
      q[k] = p.logAlpha[k]! - 0.5 * logDet[k]! - quad / (2 * eps);
    }
    const l = lse(q, K);
    loss -= l / n1;
    for (let k = 0; k < K; k++) {
      const g = Math.exp(q[k]! - l) / n1;
      gamma1[k] += g;
      gLogAlpha[k] -= g;
      for (let a = 0; a < d; a++) {
        gR[k * d + a] -= (g * W[k * d + a]!) / eps;
        // d/dS of -(y-r)^T S^{-1} (y-r) / (2 eps) is + w w^T / (2 eps); the -1/2 S^{-1} of log det is added below.
        for (let b = 0; b < d; b++)
          gS[k * d * d + a * d + b] -= (g * W[k * d + a]! * W[k * d + b]!) / (2 * eps);
      }
    }
  }
  // The -1/2 log det S_k term: d/dS = -1/2 S^{-1}, weighted by the total target responsibility gamma1_k.
  const sInv = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    // - (-1/2 S^{-1}) gamma1_k = + gamma1_k / 2 S^{-1}; S^{-1} columns by solves.
    for (let c = 0; c < d; c++) {
      sInv.fill(0);
      sInv[c] = 1;
      forward(p.L, k * d * d, d, sInv);
      backward(p.L, k * d * d, d, sInv);
      for (let a = 0; a < d; a++) gS[k * d * d + a * d + c] += 0.5 * gamma1[k]! * sInv[a]!;
    }
  }
  // Chain rule S = L L^T: dL = (G + G^T) L on the lower triangle; the diagonal is parametrised by its log.
  const gL = new Float64Array(K * d * d);
  for (let k = 0; k < K; k++) {
    const o = k * d * d;
    for (let a = 0; a < d; a++)
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let m = b; m < d; m++) s += (gS[o + a * d + m]! + gS[o + m * d + a]!) * p.L[o + m * d + b]!;
        gL[o + a * d + b] = s;
      }
  }
  return { loss, gLogAlpha, gR, gL };
}

/**
 * LightSB (Korotin, Gushchin & Burnaev, ICLR 2024, "Light Schrödinger Bridge"): fit the Schrödinger bridge between
 * two distributions from unpaired samples, with the Brownian reference `sqrt(eps) W`. The adjusted Schrödinger
 * potential is a Gaussian mixture `v(x1) = sum_k alpha_k N(x1 | r_k, eps S_k)`; then the conditional plan is the
 * closed-form mixture `pi(x1 | x0) = sum_k w_k(x0) N(x1 | r_k + S_k x0, eps S_k)` with
 * `w_k ∝ alpha_k exp((x0^T S_k x0 + 2 r_k^T x0) / (2 eps))`, and the loss `E_p0 log c(x0) - E_p1 log v(x1)` equals
 * `KL(pi* | pi_theta)` up to a constant. It is minimised by Adam with its exact gradient (float64, full `S_k`
 * through Cholesky factors; cost O(K d^2) per sample plus O(K d^3), meant for low and moderate dimension). The SDE
 * drift is `g(t, x) = sum_k w_k(t, x) (t S_k + (1 - t) I)^{-1} (r_k + (S_k - I) x)` with
 * `log w_k = log alpha_k - log det R_k / 2 + (x^T R_k^{-1} (S_k - I) x + 2 x^T R_k^{-1} r_k - t r_k^T R_k^{-1} r_k)
 * / (2 eps)`, `R_k = t S_k + (1 - t) I` (the paper's Prop. 3.3, rearranged to stay finite at t = 1).
 * @example
 * ```ts
 * const sb = lightSB(x0Rows, x1Rows, { epsilon: 1, components: 4, rng: prng(0) });
 * const x1 = sb.sampleTarget(newX0, prng(1)); // coupled targets; Cov(x0, x1) ≈ gaussianEntropicCoupling(...)
 * const xT = sb.sampleSde(newX0, { steps: 100, rng: prng(2) });
 * ```
 */
export function lightSB(x0: Points, x1: Points, options: LightSbOptions): LightSchrodingerBridge {
  const A = toRows(x0, "lightSB: x0");
  const B = toRows(x1, "lightSB: x1");
  if (A.d !== B.d) throw new Error(`lightSB: x0 has dimension ${A.d} but x1 has ${B.d}`);
  const d = A.d;
  const eps = options.epsilon;
  if (!(eps > 0 && Number.isFinite(eps)))
    throw new Error(`lightSB: options.epsilon must be a finite number > 0, received ${eps}`);
  const K = options.components ?? 8;
  if (!(Number.isInteger(K) && K >= 1))
    throw new Error(`lightSB: options.components must be an integer >= 1, received ${K}`);
  const steps = options.steps ?? 2000;
  if (!(Number.isInteger(steps) && steps >= 0))
    throw new Error(`lightSB: options.steps must be an integer >= 0, received ${steps}`);
  const batch = options.batchSize ?? 512;
  if (!(Number.isInteger(batch) && batch >= 1))
    throw new Error(`lightSB: options.batchSize must be an integer >= 1, received ${batch}`);
  const lr = options.lr ?? 0.01;
  if (!(lr > 0)) throw new Error(`lightSB: options.lr must be > 0, received ${lr}`);
  const rng = options.rng;
  if (!rng || typeof rng.nextDouble !== "function")
    throw new Error("lightSB: options.rng (a prng stream) is required");

  // Initialisation as in the paper: r_k at random target samples, S_k = I, equal weights.
  const p: LightSbParams = {
    logAlpha: new Float64Array(K),
    r: new Float64Array(K * d),
    L: new Float64Array(K * d * d),
  };
  for (let k = 0; k < K; k++) {
    const j = rng.int(0, B.n);
    for (let a = 0; a < d; a++) {
      p.r[k * d + a] = B.data[j * d + a]!;
      p.L[k * d * d + a * d + a] = 1;
    }
  }
  // Adam (Kingma & Ba 2015) over theta = (logAlpha, r, lower(L) with log-diagonal), float64.
  const lowerIdx: number[] = [];
  for (let k = 0; k < K; k++)
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) lowerIdx.push(k * d * d + a * d + b);
  const nTheta = K + K * d + lowerIdx.length;
  const m1 = new Float64Array(nTheta);
  const m2 = new Float64Array(nTheta);
  const history: number[] = [];
  const every = options.logEvery ?? 100;
  const b0 = new Float64Array(Math.min(batch, A.n) * d);
  const b1 = new Float64Array(Math.min(batch, B.n) * d);
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < b0.length / d; i++) {
      const j = rng.int(0, A.n);
      for (let a = 0; a < d; a++) b0[i * d + a] = A.data[j * d + a]!;
    }
    for (let i = 0; i < b1.length / d; i++) {
      const j = rng.int(0, B.n);
      for (let a = 0; a < d; a++) b1[i * d + a] = B.data[j * d + a]!;
    }
    const { loss, gLogAlpha, gR, gL } = lightSbLossAndGrad(p, b0, b1, d, eps);
    if (!Number.isFinite(loss))
      throw new Error(
        `lightSB: the loss became ${loss} at step ${step}; lower options.lr or standardise the data (eps = ${eps})`,
      );
    if (step % every === 0 || step === steps - 1) {
      history.push(loss);
      options.onLog?.(step, loss);
    }
    const lrT = lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * step) / Math.max(1, steps))));
    const c1 = 1 - 0.9 ** (step + 1);
    const c2 = 1 - 0.999 ** (step + 1);
    const upd = (i: number, g: number): number => {
      m1[i] = 0.9 * m1[i]! + 0.1 * g;
      m2[i] = 0.999 * m2[i]! + 0.001 * g * g;
      return (lrT * (m1[i]! / c1)) / (Math.sqrt(m2[i]! / c2) + 1e-8);
    };
    let t = 0;
    for (let k = 0; k < K; k++) p.logAlpha[k] -= upd(t++, gLogAlpha[k]!);
    for (let i = 0; i < K * d; i++) p.r[i] -= upd(t++, gR[i]!);
    for (const idx of lowerIdx) {
      const a = Math.floor((idx % (d * d)) / d);
      const b = idx % d;
      if (a === b) {
        const v = p.L[idx]!;
        p.L[idx] = Math.exp(Math.log(v) - upd(t++, gL[idx]! * v));
      } else p.L[idx] -= upd(t++, gL[idx]!);
    }
  }
  return makeBridge(p, d, eps, history);
}

function makeBridge(p: LightSbParams, d: number, eps: number, history: number[]): LightSchrodingerBridge {
  const K = p.logAlpha.length;
  const S = new Float64Array(K * d * d);
  const tmp = new Float64Array(d * d);
  for (let k = 0; k < K; k++) {
    sMatrix(p.L, k, d, tmp);
    S.set(tmp, k * d * d);
  }
  const rows = (x: Points, name: string) => {
    const r = toRows(x, name);
    if (r.d !== d) throw new Error(`${name} must have ${d} columns, received ${r.d}`);
    return r;
  };
  const checkT = (t: number, name: string) => {
    if (!(t >= 0 && t <= 1)) throw new Error(`${name}: t must be in [0, 1], received ${t}`);
  };
  const sampleTargetRows = (data: Float64Array, n: number, rng: Rng): Float64Array => {
    const out = new Float64Array(n * d);
    const q = new Float64Array(K);
    const xi = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const x = data.subarray(i * d, (i + 1) * d);
      for (let k = 0; k < K; k++) {
        let quad = 0;
        let lin = 0;
        for (let a = 0; a < d; a++) {
          let sa = 0;
          for (let b = 0; b < d; b++) sa += S[k * d * d + a * d + b]! * x[b]!;
          quad += x[a]! * sa;
          lin += p.r[k * d + a]! * x[a]!;
        }
        q[k] = p.logAlpha[k]! + (quad + 2 * lin) / (2 * eps);
      }
      const l = lse(q, K);
      let u = rng.nextDouble();
      let k = 0;
      while (k < K - 1 && u > Math.exp(q[k]! - l)) u -= Math.exp(q[k++]! - l);
      for (let a = 0; a < d; a++) xi[a] = rng.nextNormal();
      for (let a = 0; a < d; a++) {
        let v = p.r[k * d + a]!;
        for (let b = 0; b < d; b++) v += S[k * d * d + a * d + b]! * x[b]!;
        for (let b = 0; b <= a; b++) v += Math.sqrt(eps) * p.L[k * d * d + a * d + b]! * xi[b]!;
        out[i * d + a] = v;
      }
    }
    return out;
  };
  const driftRows = (t: number, data: Float64Array, n: number): Float64Array => {
    // Cholesky factors of R_k = t S_k + (1 - t) I, shared by all rows.
    const R = new Float64Array(K * d * d);
    const halfLogDet = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < d * d; i++) tmp[i] = t * S[k * d * d + i]!;
      for (let a = 0; a < d; a++) tmp[a * d + a] += 1 - t;
      halfLogDet[k] = 0.5 * cholesky(tmp, d);
      R.set(tmp, k * d * d);
    }
    const out = new Float64Array(n * d);
    const lw = new Float64Array(K);
    const ys = new Float64Array(K * d);
    const y = new Float64Array(d);
    const u = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const x = data.subarray(i * d, (i + 1) * d);
      for (let k = 0; k < K; k++) {
        const o = k * d * d;
        for (let a = 0; a < d; a++) {
          let v = p.r[k * d + a]! - x[a]!;
          for (let b = 0; b < d; b++) v += S[o + a * d + b]! * x[b]!;
          y[a] = v;
          u[a] = p.r[k * d + a]!;
        }
        forward(R, o, d, y);
        backward(R, o, d, y); // y = R^{-1} (r + (S - I) x): the component's drift
        forward(R, o, d, u);
        backward(R, o, d, u); // u = R^{-1} r
        let br = 0;
        for (let a = 0; a < d; a++) br += x[a]! * y[a]! + x[a]! * u[a]! - t * p.r[k * d + a]! * u[a]!;
        lw[k] = p.logAlpha[k]! - halfLogDet[k]! + br / (2 * eps);
        ys.set(y, k * d);
      }
      const l = lse(lw, K);
      for (let k = 0; k < K; k++) {
        const w = Math.exp(lw[k]! - l);
        for (let a = 0; a < d; a++) out[i * d + a] += w * ys[k * d + a]!;
      }
    }
    return out;
  };
  return {
    dim: d,
    epsilon: eps,
    params: p,
    history,
    sampleTarget(x0, rng) {
      const { data, n } = rows(x0, "LightSchrodingerBridge.sampleTarget: x0");
      return sampleTargetRows(data, n, rng);
    },
    sampleBridge(x0, t, rng) {
      checkT(t, "LightSchrodingerBridge.sampleBridge");
      const { data, n } = rows(x0, "LightSchrodingerBridge.sampleBridge: x0");
      const y = sampleTargetRows(data, n, rng);
      const s = Math.sqrt(eps * t * (1 - t));
      for (let i = 0; i < n * d; i++) y[i] = (1 - t) * data[i]! + t * y[i]! + s * rng.nextNormal();
      return y;
    },
    drift(t, x) {
      checkT(t, "LightSchrodingerBridge.drift");
      const { data, n } = rows(x, "LightSchrodingerBridge.drift: x");
      return driftRows(t, data, n);
    },
    sampleSde(x0, { steps, rng }) {
      if (!(Number.isInteger(steps) && steps >= 1))
        throw new Error(`LightSchrodingerBridge.sampleSde: steps must be an integer >= 1, received ${steps}`);
      const { data, n } = rows(x0, "LightSchrodingerBridge.sampleSde: x0");
      const x = Float64Array.from(data);
      const h = 1 / steps;
      for (let s = 0; s < steps; s++) {
        const g = driftRows(s * h, x, n);
        for (let i = 0; i < n * d; i++) x[i] += h * g[i]! + Math.sqrt(eps * h) * rng.nextNormal();
      }
      return x;
    },
    loss(a, b) {
      const ra = rows(a, "LightSchrodingerBridge.loss: x0");
      const rb = rows(b, "LightSchrodingerBridge.loss: x1");
      return lightSbLossAndGrad(p, ra.data, rb.data, d, eps).loss;
    },
  };
}
