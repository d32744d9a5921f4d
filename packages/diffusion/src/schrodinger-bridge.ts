import type { Rng } from "@continuum/core-tensor";

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
