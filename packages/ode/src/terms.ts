import type { BrownianMotion } from "./sde/brownian-tree.js";
import type { SdeFunction, SdeNoise } from "./sde/types.js";
import type { OdeFunction } from "./types.js";

/**
 * The vector field of an ODE, dy = f(t, y) dt (diffrax `ODETerm`).
 *
 * @example
 * ```ts
 * import { odeTerm } from "@continuum/ode";
 * const term = odeTerm((_t, y, dy) => { dy[0] = -y[0]!; });
 * ```
 */
export interface OdeTerm {
  readonly kind: "ode";
  readonly f: OdeFunction;
}

/**
 * A vector field driven by a control, dy = g(t, y) dW (diffrax `ControlTerm`); here the control is a
 * Brownian motion.
 *
 * @example
 * ```ts
 * import { controlTerm, virtualBrownianTree } from "@continuum/ode";
 * const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 0 });
 * const term = controlTerm((_t, y) => [0.2 * y[0]!], bm, "diagonal");
 * ```
 */
export interface ControlTerm {
  readonly kind: "control";
  readonly g: SdeFunction;
  readonly control: BrownianMotion;
  readonly noise: SdeNoise;
}

/**
 * A sum of terms (diffrax `MultiTerm`): an SDE is `multiTerm(odeTerm(drift), controlTerm(diffusion, bm))`.
 *
 * @example
 * ```ts
 * import { multiTerm, odeTerm, controlTerm, virtualBrownianTree } from "@continuum/ode";
 * const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: 0 });
 * const sde = multiTerm(odeTerm((_t, y) => [y[0]!]), controlTerm((_t, y) => [y[0]!], bm));
 * ```
 */
export interface MultiTerm {
  readonly kind: "multi";
  readonly terms: readonly [OdeTerm, ControlTerm];
}

/**
 * Any term accepted by `solve`.
 *
 * @example
 * ```ts
 * import { odeTerm, type Term } from "@continuum/ode";
 * const t: Term = odeTerm((_t, y) => [-y[0]!]);
 * ```
 */
export type Term = OdeTerm | ControlTerm | MultiTerm;

/** Build an {@link OdeTerm}. @example `odeTerm((_t, y) => [-y[0]!])` */
export function odeTerm(f: OdeFunction): OdeTerm {
  if (typeof f !== "function") throw new Error(`odeTerm: f must be a function, received ${typeof f}`);
  return Object.freeze({ kind: "ode" as const, f });
}

/** Build a {@link ControlTerm}. @example `controlTerm((_t, y) => [y[0]!], bm)` */
export function controlTerm(
  g: SdeFunction,
  control: BrownianMotion,
  noise: SdeNoise = "diagonal",
): ControlTerm {
  if (typeof g !== "function") throw new Error(`controlTerm: g must be a function, received ${typeof g}`);
  if (!control || typeof control.increment !== "function") {
    throw new Error("controlTerm: control must be a BrownianMotion (e.g. virtualBrownianTree({...}))");
  }
  return Object.freeze({ kind: "control" as const, g, control, noise });
}

/** Build a {@link MultiTerm} of a drift and a diffusion. @example `multiTerm(odeTerm(f), controlTerm(g, bm))` */
export function multiTerm(drift: OdeTerm, diffusion: ControlTerm): MultiTerm {
  if (drift?.kind !== "ode" || diffusion?.kind !== "control") {
    throw new Error(
      `multiTerm: expected (odeTerm, controlTerm), received (${drift?.kind ?? typeof drift}, ${diffusion?.kind ?? typeof diffusion})`,
    );
  }
  return Object.freeze({ kind: "multi" as const, terms: [drift, diffusion] as const });
}
