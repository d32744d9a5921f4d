import type { Rng } from "@continuum/core-tensor";
import { sqrtPsd, symEig } from "./internal/sym-eig.js";

/** Closed-form statics of the Schrödinger bridge between two centred 1-D Gaussians. */
export interface GaussianBridge {
  /** Coupling covariance `Cov(X0, X1)` of the static bridge (entropic OT plan). */
  couplingCovariance: number;
  /** Variance of the bridge marginal at time t in [0, 1]. */
  marginalVariance(t: number): number;
  /** Draw `n` coupled pairs `(x0, x1)` from the static bridge. */
  samplePairs(n: number, rng: Rng): { x0: Float64Array; x1: Float64Array };
}

/**
 * Schrödinger bridge between `N(0, a2)` and `N(0, b2)` for a Brownian reference of variance `eps` per unit
 * time (Janati et al. 2020; Bunne et al. 2023; Mallasto et al. 2022): the static coupling is the entropic-OT
 * plan for cost `(x - y)^2 / 2` and regularisation `eps`, with
 * `Cov(X0, X1) = (sqrt(4 a2 b2 + eps^2) - eps) / 2`; at time t the bridge is
 * `(1-t) X0 + t X1 + sqrt(eps t (1-t)) Z`, so `Var X_t = (1-t)^2 a2 + t^2 b2 + 2 t (1-t) C + eps t (1-t)`.
 * @example
 * ```ts
 * gaussianSchrodingerBridge(1, 4, 1).couplingCovariance; // (sqrt(17) - 1)/2 = 1.5616
 * ```
 */
export function gaussianSchrodingerBridge(a2: number, b2: number, eps: number): GaussianBridge {
  for (const [name, v] of [
    ["a2", a2],
    ["b2", b2],
    ["eps", eps],
  ] as const)
    if (!(v > 0 && Number.isFinite(v)))
      throw new Error(`gaussianSchrodingerBridge: ${name} must be a finite number > 0, received ${v}`);
  const C = (Math.sqrt(4 * a2 * b2 + eps * eps) - eps) / 2;
  return {
    couplingCovariance: C,
    marginalVariance: (t) => (1 - t) ** 2 * a2 + t * t * b2 + 2 * t * (1 - t) * C + eps * t * (1 - t),
    samplePairs(n, rng) {
      const x0 = new Float64Array(n);
      const x1 = new Float64Array(n);
      const slope = C / a2;
      const resid = Math.sqrt(Math.max(0, b2 - (C * C) / a2));
      for (let i = 0; i < n; i++) {
        x0[i] = Math.sqrt(a2) * rng.nextNormal();
        x1[i] = slope * x0[i]! + resid * rng.nextNormal();
      }
      return { x0, x1 };
    },
  };
}

/**
 * Cross-covariance `Cov(X0, X1)` (row-major `d x d`) of the entropic OT plan between `N(m_a, A)` and `N(m_b, B)`
 * for the cost `|x - y|^2 / 2` and regularisation `eps KL(P | mu x nu)`, i.e. the static Schrödinger bridge with a
 * Brownian reference of variance `eps` per unit time. Closed form of Janati, Muzellec, Peyré & Cuturi (2020,
 * Thm. 1; also Mallasto et al. 2022): `C = 1/2 A^{1/2} D A^{-1/2} - eps/2 I` with
 * `D = (4 A^{1/2} B A^{1/2} + eps^2 I)^{1/2}`. The means do not enter. In 1-D it reduces to
 * {@link gaussianSchrodingerBridge}'s `(sqrt(4 a b + eps^2) - eps) / 2`.
 * @example
 * ```ts
 * gaussianEntropicCoupling([1], [4], 1); // Float64Array [1.5616] = (sqrt(17) - 1) / 2
 * ```
 */
export function gaussianEntropicCoupling(
  covA: ArrayLike<number>,
  covB: ArrayLike<number>,
  eps: number,
): Float64Array {
  const d = Math.round(Math.sqrt(covA.length));
  if (d * d !== covA.length || d < 1)
    throw new Error(
      `gaussianEntropicCoupling: covA must be a row-major d x d matrix, received ${covA.length} entries`,
    );
  if (covB.length !== d * d)
    throw new Error(
      `gaussianEntropicCoupling: covB must have ${d * d} entries like covA, received ${covB.length}`,
    );
  if (!(eps > 0 && Number.isFinite(eps)))
    throw new Error(`gaussianEntropicCoupling: eps must be a finite number > 0, received ${eps}`);
  for (const [name, m] of [
    ["covA", covA],
    ["covB", covB],
  ] as const)
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        const [a, b] = [m[i * d + j]!, m[j * d + i]!];
        if (!Number.isFinite(a) || Math.abs(a - b) > 1e-12 * (1 + Math.abs(a)))
          throw new Error(
            `gaussianEntropicCoupling: ${name} must be a finite symmetric matrix (entry ${i},${j} = ${a}, entry ${j},${i} = ${b})`,
          );
      }
  const wB = symEig(covB, d).w;
  // A covariance with a negative eigenvalue gave a cross-covariance anyway (covB = [-1]: -0.5).
  if (!(wB[0]! >= -1e-12 * Math.max(1, Math.abs(wB[d - 1]!))))
    throw new Error(
      `gaussianEntropicCoupling: covB must be positive semi-definite, its smallest eigenvalue is ${wB[0]}`,
    );
  const { w, u } = symEig(covA, d);
  if (!(w[0]! > 0))
    throw new Error(
      `gaussianEntropicCoupling: covA must be positive definite, its smallest eigenvalue is ${w[0]}`,
    );
  const fn = (p: (v: number) => number) => {
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += u[i * d + k]! * p(w[k]!) * u[j * d + k]!;
        out[i * d + j] = s;
      }
    return out;
  };
  const sa = fn(Math.sqrt);
  const saInv = fn((v) => 1 / Math.sqrt(v));
  const mm = (x: Float64Array, y: ArrayLike<number>) => {
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) {
        const a = x[i * d + k]!;
        for (let j = 0; j < d; j++) out[i * d + j] += a * y[k * d + j]!;
      }
    return out;
  };
  const m = mm(mm(sa, covB), sa);
  for (let i = 0; i < d * d; i++) m[i] = 4 * m[i]!;
  for (let i = 0; i < d; i++) m[i * d + i] += eps * eps;
  // Symmetrise against round-off before the PSD square root.
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) m[i * d + j] = m[j * d + i] = 0.5 * (m[i * d + j]! + m[j * d + i]!);
  const c = mm(mm(sa, sqrtPsd(m, d)), saInv);
  for (let i = 0; i < d * d; i++) c[i] = 0.5 * c[i]!;
  for (let i = 0; i < d; i++) c[i * d + i] -= 0.5 * eps;
  return c;
}
