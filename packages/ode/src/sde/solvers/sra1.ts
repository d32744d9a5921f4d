import { type SdeProblem, type SdeSolver, addNoise, diffusionSize } from "../types.js";

/**
 * SRA1 (Rößler 2010, "Runge–Kutta methods for the strong approximation of solutions of stochastic
 * differential equations", SIAM J. Numer. Anal. 48): 2-stage stochastic Runge–Kutta for additive noise,
 * strong order 1.5, weak order 2. Uses ΔW and ΔZ = ∫(W(s) − W(t)) ds from the Brownian tree:
 * H₂ = y + ¾h f(t, y) + (3/2) g(t+h) ΔZ/h,
 * y ← y + h(⅓ f(t, y) + ⅔ f(t+¾h, H₂)) + g(t+h)(ΔW − ΔZ/h) + g(t) ΔZ/h.
 * g must not depend on y (additive noise).
 *
 * @example
 * ```ts
 * import { sra1 } from "@continuum/ode";
 * sra1().strongOrder; // 1.5
 * ```
 */
export function sra1(): SdeSolver {
  return Object.freeze({
    name: "SRA1",
    strongOrder: 1.5,
    weakOrder: 2,
    calculus: "ito" as const,
    noise: ["diagonal", "scalar", "general"] as const,
    additiveOnly: true,
    needsTimeIntegral: true,
    create(p: SdeProblem) {
      const { n } = p;
      const f1 = new Float64Array(n);
      const f2 = new Float64Array(n);
      const g0 = new Float64Array(diffusionSize(p.noise, n, p.m));
      const g1 = new Float64Array(g0.length);
      const H2 = new Float64Array(n);
      const dZh = new Float64Array(p.m);
      const mix = new Float64Array(p.m);
      return (
        t: number,
        y: Float64Array,
        h: number,
        dW: Float64Array,
        dZ: Float64Array | null,
        out: Float64Array,
      ) => {
        if (!dZ) throw new Error("SRA1: needs the Brownian time integral dZ");
        for (let k = 0; k < p.m; k++) {
          dZh[k] = dZ[k]! / h;
          mix[k] = dW[k]! - dZh[k]!;
        }
        p.drift(t, y, f1);
        p.diffusion(t, y, g0);
        p.diffusion(t + h, y, g1);
        for (let i = 0; i < n; i++) H2[i] = y[i]! + 0.75 * h * f1[i]!;
        addNoise(p, g1, dZh, 1.5, H2);
        p.drift(t + 0.75 * h, H2, f2);
        for (let i = 0; i < n; i++) out[i] = y[i]! + h * (f1[i]! / 3 + (2 * f2[i]!) / 3);
        addNoise(p, g1, mix, 1, out);
        addNoise(p, g0, dZh, 1, out);
      };
    },
  });
}
