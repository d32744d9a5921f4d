import { type SdeProblem, type SdeSolver, addNoise, diffusionSize } from "../types.js";

/**
 * Euler–Maruyama: y ← y + f(t, y) h + g(t, y) ΔW. Itô; strong order 0.5 (1.0 for additive noise), weak
 * order 1 (Maruyama 1955; Kloeden & Platen 1992, §10.2). Any noise shape.
 *
 * @example
 * ```ts
 * import { eulerMaruyama } from "@continuum/ode";
 * eulerMaruyama().strongOrder; // 0.5
 * ```
 */
export function eulerMaruyama(): SdeSolver {
  return Object.freeze({
    name: "EulerMaruyama",
    strongOrder: 0.5,
    weakOrder: 1,
    calculus: "ito" as const,
    noise: ["diagonal", "scalar", "general"] as const,
    additiveOnly: false,
    needsTimeIntegral: false,
    create(p: SdeProblem) {
      const fv = new Float64Array(p.n);
      const g = new Float64Array(diffusionSize(p.noise, p.n, p.m));
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
        for (let i = 0; i < p.n; i++) out[i] = y[i]! + h * fv[i]!;
        addNoise(p, g, dW, 1, out);
      };
    },
  });
}
