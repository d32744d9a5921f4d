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

/** Throw unless `c` is a finite number or a parameter name. */
function checkCoefficient(c: unknown, name: string, where: string): void {
  if (!((typeof c === "number" && Number.isFinite(c)) || (typeof c === "string" && c.length > 0)))
    throw new Error(
      `${where}: ${name} must be a finite number or the name of a parameter, received ${typeof c === "string" ? "''" : String(c)}`,
    );
}

/** Throw unless `f` is absent, a finite number or a function of the coordinates. */
function checkSource(f: unknown, name: string, where: string): void {
  if (f === undefined || typeof f === "function" || (typeof f === "number" && Number.isFinite(f))) return;
  throw new Error(
    `${where}: ${name} must be a finite number or a function of the coordinates, received ${String(f)}`,
  );
}

/**
 * The time variable: the last variable of a space-time geometry, else a variable named `t` (a box with variables
 * `["x", "t"]` used as a space-time domain).
 */
function timeVar(ctx: ResidualContext): string | undefined {
  return ctx.time ?? ("t" in ctx.coords ? "t" : undefined);
}

function timeOf(ctx: ResidualContext, where: string): string {
  const t = timeVar(ctx);
  if (t === undefined)
    throw new Error(
      `${where}: needs a time variable; the problem's variables are ${Object.keys(ctx.coords).join(", ")} (use product(space, timeDomain(t0, t1)))`,
    );
  return t;
}

function spaceVars(ctx: ResidualContext): string[] {
  const t = timeVar(ctx);
  return Object.keys(ctx.coords).filter((v) => v !== t);
}

function laplace(ctx: ResidualContext, where: string): tf.Tensor {
  const space = spaceVars(ctx);
  if (space.length === 0)
    throw new Error(
      `${where}: the Laplacian needs a space variable; the problem's only variable is the time '${timeVar(ctx)}'`,
    );
  return space.map((v) => ctx.d(ctx.u, v, v)).reduce((a, b) => tf.add(a, b));
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
  checkSource(options?.f, "f", "poisson");
  return (ctx) => tf.add(laplace(ctx, "poisson"), source(ctx, options.f));
}

/**
 * Helmholtz: `Δu + k²u = q` (residual `Δu + k²u − q`).
 * @example
 * ```ts
 * helmholtz({ k: 1, q: ({ x, y }) => … });
 * ```
 */
export function helmholtz(options: { k: Coefficient; q?: Source }): ResidualFn {
  checkCoefficient(options?.k, "k", "helmholtz");
  checkSource(options.q, "q", "helmholtz");
  return (ctx) => {
    const k = coef(ctx, options.k, "helmholtz");
    return tf.sub(tf.add(laplace(ctx, "helmholtz"), tf.mul(tf.square(k), ctx.u)), source(ctx, options.q));
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
  checkCoefficient(options?.alpha, "alpha", "heat");
  checkSource(options.f, "f", "heat");
  return (ctx) =>
    tf.sub(
      tf.sub(
        ctx.d(ctx.u, timeOf(ctx, "heat")),
        tf.mul(coef(ctx, options.alpha, "heat"), laplace(ctx, "heat")),
      ),
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
  checkCoefficient(options?.c, "c", "advection");
  return (ctx) =>
    tf.add(
      ctx.d(ctx.u, timeOf(ctx, "advection")),
      tf.mul(coef(ctx, options.c, "advection"), ctx.d(ctx.u, "x")),
    );
}

/**
 * Wave: `u_tt = c² Δu`.
 * @example
 * ```ts
 * wave({ c: 2 });
 * ```
 */
export function wave(options: { c: Coefficient }): ResidualFn {
  checkCoefficient(options?.c, "c", "wave");
  return (ctx) => {
    const t = timeOf(ctx, "wave");
    return tf.sub(ctx.d(ctx.u, t, t), tf.mul(tf.square(coef(ctx, options.c, "wave")), laplace(ctx, "wave")));
  };
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
  checkCoefficient(options?.nu, "nu", "burgers");
  return (ctx) => {
    const { u, d } = ctx;
    return tf.sub(
      tf.add(d(u, timeOf(ctx, "burgers")), tf.mul(u, d(u, "x"))),
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
  checkCoefficient(options?.eps, "eps", "allenCahn");
  if (options.a !== undefined) checkCoefficient(options.a, "a", "allenCahn");
  return (ctx) => {
    const { u, d } = ctx;
    const a = coef(ctx, options.a ?? 5, "allenCahn");
    return tf.sub(
      tf.sub(d(u, timeOf(ctx, "allenCahn")), tf.mul(coef(ctx, options.eps, "allenCahn"), d(u, "x", "x"))),
      tf.mul(a, tf.sub(u, tf.pow(u, 3))),
    );
  };
}
