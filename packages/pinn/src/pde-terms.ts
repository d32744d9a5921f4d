import { tf } from "@continuum/core-tensor";
import type { ResidualContext, ResidualFn } from "./pde.js";

/** A coefficient: a number, or the name of a PDE parameter (`"nu"`, possibly trainable). */
export type Coefficient = number | string;

function coef(ctx: ResidualContext, c: Coefficient, where: string): tf.Tensor | number {
  if (typeof c === "number") return c;
  const p = ctx.params[c];
  if (!p)
    throw new Error(
      `${where}: coefficient '${c}' is not a parameter of the problem (${Object.keys(ctx.params).join(", ") || "none"})`,
    );
  return p;
}

function spaceVars(ctx: ResidualContext): string[] {
  return Object.keys(ctx.coords).filter((v) => v !== "t");
}

function laplace(ctx: ResidualContext): tf.Tensor {
  return spaceVars(ctx)
    .map((v) => ctx.d(ctx.u, v, v))
    .reduce((a, b) => tf.add(a, b));
}

/** A source term: a constant or a tensor function of the coordinates (`coords.x`, …) returning `[N]`. */
export type Source = number | ((coords: Record<string, tf.Tensor>) => tf.Tensor);

function source(ctx: ResidualContext, f: Source | undefined): tf.Tensor | number {
  if (f === undefined) return 0;
  return typeof f === "number" ? f : f(ctx.coords);
}

/**
 * Poisson: `−Δu = f` (residual `Δu + f`) over the spatial variables.
 * @example
 * ```ts
 * pde({ geometry: disk([0, 0], 1), residual: poisson({ f: 1 }), conditions: [dirichlet({ value: 0 })] });
 * ```
 */
export function poisson(options: { f?: Source } = {}): ResidualFn {
  return (ctx) => tf.add(laplace(ctx), source(ctx, options.f));
}

/**
 * Helmholtz: `Δu + k²u = q` (residual `Δu + k²u − q`).
 * @example
 * ```ts
 * helmholtz({ k: 1, q: ({ x, y }) => … });
 * ```
 */
export function helmholtz(options: { k: Coefficient; q?: Source }): ResidualFn {
  return (ctx) => {
    const k = coef(ctx, options.k, "helmholtz");
    return tf.sub(tf.add(laplace(ctx), tf.mul(tf.square(k), ctx.u)), source(ctx, options.q));
  };
}

/**
 * Heat / diffusion: `u_t = α Δu + f`.
 * @example
 * ```ts
 * heat({ alpha: 0.1 });
 * ```
 */
export function heat(options: { alpha: Coefficient; f?: Source }): ResidualFn {
  return (ctx) =>
    tf.sub(
      tf.sub(ctx.d(ctx.u, "t"), tf.mul(coef(ctx, options.alpha, "heat"), laplace(ctx))),
      source(ctx, options.f),
    );
}

/**
 * Linear advection in 1-D: `u_t + c u_x = 0`.
 * @example
 * ```ts
 * advection({ c: 1 });
 * ```
 */
export function advection(options: { c: Coefficient }): ResidualFn {
  return (ctx) => tf.add(ctx.d(ctx.u, "t"), tf.mul(coef(ctx, options.c, "advection"), ctx.d(ctx.u, "x")));
}

/**
 * Wave: `u_tt = c² Δu`.
 * @example
 * ```ts
 * wave({ c: 2 });
 * ```
 */
export function wave(options: { c: Coefficient }): ResidualFn {
  return (ctx) =>
    tf.sub(ctx.d(ctx.u, "t", "t"), tf.mul(tf.square(coef(ctx, options.c, "wave")), laplace(ctx)));
}

/**
 * Viscous Burgers in 1-D: `u_t + u u_x = ν u_xx` (Raissi et al. 2019 use ν = 0.01/π). `nu` may name a trainable
 * parameter for the inverse problem.
 * @example
 * ```ts
 * burgers({ nu: 0.01 / Math.PI });
 * burgers({ nu: "nu" }); // with parameters: { nu: trainable(0.05, { positive: true }) }
 * ```
 */
export function burgers(options: { nu: Coefficient }): ResidualFn {
  return (ctx) => {
    const { u, d } = ctx;
    return tf.sub(
      tf.add(d(u, "t"), tf.mul(u, d(u, "x"))),
      tf.mul(coef(ctx, options.nu, "burgers"), d(u, "x", "x")),
    );
  };
}

/**
 * Allen–Cahn in 1-D: `u_t = ε u_xx + a (u − u³)` (the jaxpi/Raissi setting has ε = 1e-4, a = 5).
 * @example
 * ```ts
 * allenCahn({ eps: 1e-4, a: 5 });
 * ```
 */
export function allenCahn(options: { eps: Coefficient; a?: Coefficient }): ResidualFn {
  return (ctx) => {
    const { u, d } = ctx;
    const a = coef(ctx, options.a ?? 5, "allenCahn");
    return tf.sub(
      tf.sub(d(u, "t"), tf.mul(coef(ctx, options.eps, "allenCahn"), d(u, "x", "x"))),
      tf.mul(a, tf.sub(u, tf.pow(u, 3))),
    );
  };
}
