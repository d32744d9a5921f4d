import { prng } from "@continuum/core-tensor";
import { clipToBox, commonOptions, numberOption, sanitize } from "./common.js";
import { populationShell } from "./population-shell.js";
import type { AskTell, AskTellOptions } from "./types.js";

/** Options of {@link spsa} (Spall's gain sequences `a_k = a/(A+k+1)^α`, `c_k = c/(k+1)^γ`). */
export interface SpsaOptions extends AskTellOptions {
  /** Default: calibrated at the first step so that the first move is about `sigma0` per coordinate. */
  a?: number;
  /** Perturbation size (default `sigma0·0.2`). */
  c?: number;
  /** Stability constant (default 10). */
  A?: number;
  /** Default 0.602 (Spall, 1998). */
  alpha?: number;
  /** Default 0.101 (Spall, 1998). */
  gamma?: number;
  /** Stop after this many iterations (default ∞). */
  maxIter?: number;
}

/**
 * Simultaneous perturbation stochastic approximation (Spall, 1992; gains from Spall, 1998, "Implementation of
 * the simultaneous perturbation algorithm for stochastic optimization"): each iteration asks for the two points
 * `x ± c_k Δ` (Δ Rademacher) and steps `x ← x − a_k (f₊ − f₋)/(2c_k) Δ⁻¹`.
 * @example
 * ```ts
 * const opt = spsa({ x0: [2, -1], seed: 0 });
 * for (let k = 0; k < 500; k++) { const xs = opt.ask(); opt.tell(xs, xs.map((x) => x[0]! ** 2 + x[1]! ** 2)); }
 * ```
 */
export function spsa(options: SpsaOptions): AskTell & { readonly x: Float64Array } {
  const where = "spsa";
  const c0 = commonOptions(options, where, ["a", "c", "A", "alpha", "gamma", "maxIter"]);
  const rng = prng(c0.seed);
  const A = numberOption(options.A, 10, "A", where, { ge: 0 });
  const alpha = numberOption(options.alpha, 0.602, "alpha", where, { gt: 0 });
  const gamma = numberOption(options.gamma, 0.101, "gamma", where, { ge: 0 });
  const c = numberOption(options.c, 0.2 * c0.sigma0, "c", where, { gt: 0 });
  let a = options.a === undefined ? undefined : numberOption(options.a, 0, "a", where, { gt: 0 });
  const maxIter = numberOption(options.maxIter, Number.POSITIVE_INFINITY, "maxIter", where, {
    integer: true,
    ge: 0,
    finite: false,
  });
  let x = Float64Array.from(c0.x0);
  let k = 0;
  let delta = new Float64Array(0);
  return populationShell(
    where,
    c0,
    {
      ask() {
        delta = Float64Array.from({ length: c0.n }, () => (rng.nextUint32() & 1 ? 1 : -1));
        const ck = c / (k + 1) ** gamma;
        const d = delta;
        return [
          clipToBox(
            Float64Array.from(x, (v, i) => v + ck * d[i]!),
            c0.lo,
            c0.hi,
          ),
          clipToBox(
            Float64Array.from(x, (v, i) => v - ck * d[i]!),
            c0.lo,
            c0.hi,
          ),
        ];
      },
      tell(_xs, fs) {
        const ck = c / (k + 1) ** gamma;
        const fp = sanitize(fs[0]!);
        const fm = sanitize(fs[1]!);
        const diff = (fp - fm) / (2 * ck);
        // Calibrate `a` on the first difference above rounding level: a zero one (x·Δ = 0 for a symmetric f, e.g.
        // half the draws from x0 = (1, −1) on a sphere) used to give a ≈ 1e12·sigma0 and a blow-up next step.
        const informative = Math.abs(fp - fm) > 1e-13 * Math.max(Math.abs(fp), Math.abs(fm));
        if (Number.isFinite(diff) && (a !== undefined || informative)) {
          if (a === undefined) a = (c0.sigma0 * (A + 1) ** alpha) / Math.abs(diff);
          const ak = a / (A + k + 1) ** alpha;
          x = clipToBox(
            Float64Array.from(x, (v, i) => v - (ak * diff) / delta[i]!),
            c0.lo,
            c0.hi,
          );
        }
        k++;
      },
      stop() {
        return k >= maxIter ? `maxIter: ${k} iterations` : null;
      },
    },
    {
      get x() {
        return x;
      },
    },
  );
}
