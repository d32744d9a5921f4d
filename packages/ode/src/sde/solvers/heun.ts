import { type SdeProblem, type SdeSolver, addNoise, diffusionSize } from "../types.js";

/**
 * Stochastic Heun (trapezoidal predictor–corrector): Stratonovich, strong order 1 for commutative noise,
 * weak order 1 (Rümelin 1982; diffrax `Heun` on an SDE). Any noise shape.
 *
 * @example
 * ```ts
 * import { stochasticHeun } from "@continuum/ode";
 * stochasticHeun().calculus; // "stratonovich"
 * ```
 */
export function stochasticHeun(): SdeSolver {
  return Object.freeze({
    name: "Heun",
    strongOrder: 1,
    weakOrder: 1,
    calculus: "stratonovich" as const,
    noise: ["diagonal", "scalar", "general"] as const,
    additiveOnly: false,
    needsTimeIntegral: false,
    create(p: SdeProblem) {
      const { n } = p;
      const f0 = new Float64Array(n);
      const f1 = new Float64Array(n);
      const g0 = new Float64Array(diffusionSize(p.noise, n, p.m));
      const g1 = new Float64Array(g0.length);
      const yp = new Float64Array(n);
      return (
        t: number,
        y: Float64Array,
        h: number,
        dW: Float64Array,
        _dZ: Float64Array | null,
        out: Float64Array,
      ) => {
        p.drift(t, y, f0);
        p.diffusion(t, y, g0);
        for (let i = 0; i < n; i++) yp[i] = y[i]! + h * f0[i]!;
        addNoise(p, g0, dW, 1, yp);
        p.drift(t + h, yp, f1);
        p.diffusion(t + h, yp, g1);
        for (let i = 0; i < n; i++) out[i] = y[i]! + 0.5 * h * (f0[i]! + f1[i]!);
        addNoise(p, g0, dW, 0.5, out);
        addNoise(p, g1, dW, 0.5, out);
      };
    },
  });
}
