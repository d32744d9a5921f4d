import { type SdeProblem, type SdeSolver, diffusionSize } from "../types.js";

/**
 * Derivative-free Milstein scheme (Kloeden & Platen 1992, eq. 11.1.7; Platen's Runge–Kutta Milstein):
 * ȳ = y + f h + g√h,  y ← y + f h + g ΔW + (g(t, ȳ) − g(t, y))(ΔW² − h)/(2√h). Itô, strong order 1,
 * weak order 1, for diagonal noise where gᵢ depends on yᵢ only, or scalar noise (one Brownian motion, any n:
 * (g(t, ȳ) − g(t, y))/√h ≈ (∂g/∂y)·g is then the whole Milstein correction, as scalar noise is commutative).
 *
 * @example
 * ```ts
 * import { milstein } from "@continuum/ode";
 * milstein().strongOrder; // 1
 * ```
 */
export function milstein(): SdeSolver {
  return Object.freeze({
    name: "Milstein",
    strongOrder: 1,
    weakOrder: 1,
    calculus: "ito" as const,
    noise: ["diagonal", "scalar"] as const,
    additiveOnly: false,
    needsTimeIntegral: false,
    create(p: SdeProblem) {
      const { n } = p;
      const fv = new Float64Array(n);
      const g = new Float64Array(diffusionSize(p.noise, n, p.m));
      const gBar = new Float64Array(g.length);
      const yBar = new Float64Array(n);
      return (
        t: number,
        y: Float64Array,
        h: number,
        dW: Float64Array,
        _dZ: Float64Array | null,
        out: Float64Array,
      ) => {
        p.drift(t, y, fv);
        p.diffusion(t, y, g);
        const sh = Math.sqrt(Math.abs(h));
        for (let i = 0; i < n; i++) yBar[i] = y[i]! + fv[i]! * h + g[i]! * sh;
        p.diffusion(t, yBar, gBar);
        for (let i = 0; i < n; i++) {
          const w = p.noise === "scalar" ? dW[0]! : dW[i]!;
          out[i] = y[i]! + fv[i]! * h + g[i]! * w + ((gBar[i]! - g[i]!) * (w * w - h)) / (2 * sh);
        }
      };
    },
  });
}
