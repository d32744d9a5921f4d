import { orderConditionResidual } from "./order-conditions.js";

/**
 * Continuous extension (dense output) of an explicit Runge–Kutta method, as plain data:
 * `y(t₀ + θh) = y₀ + h Σᵢ Kᵢ Σⱼ P[i][j] θ^(j+1)`, where the Kᵢ are the method's stages followed by the
 * optional extra stages (`c`, `a`), which are evaluated only when dense output is requested.
 *
 * @example
 * ```ts
 * import type { DenseTableau } from "@continuum/ode";
 * const linear: DenseTableau = { order: 1, P: [[1]] }; // Euler's linear interpolant
 * ```
 */
export interface DenseTableau {
  /** Order of accuracy of the interpolant. */
  readonly order: number;
  /** Weights, one row per stage (method stages, then extra stages), one column per power θ¹…θᵈ. */
  readonly P: readonly (readonly number[])[];
  /** Nodes of the extra stages. */
  readonly c?: readonly number[];
  /** Rows of the extra stages, each over all previous stages (method stages first). */
  readonly a?: readonly (readonly number[])[];
}

/**
 * An explicit Runge–Kutta method as plain data (a Butcher tableau), run by one generic engine
 * ({@link explicitRungeKutta}) and reusable by tensor engines (neural ODEs).
 *
 * `a` holds the strictly lower rows: `a[i]` has length `i`. For FSAL methods the last stage is evaluated at
 * the new solution (`a[s-1] = b`, `c[s-1] = 1`) and doubles as the first stage of the next step.
 * `bErr` are the error weights b − b̂ (err = h Σ bErrᵢ Kᵢ); `bErr3` is DOP853's second (3rd-order) estimate.
 *
 * @example
 * ```ts
 * import type { ButcherTableau } from "@continuum/ode";
 * const euler: ButcherTableau = { name: "Euler", c: [0], a: [[]], b: [1], order: 1, fsal: false };
 * ```
 */
export interface ButcherTableau {
  readonly name: string;
  readonly c: readonly number[];
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly bErr?: readonly number[];
  readonly bErr3?: readonly number[];
  /** Classical order of the propagated solution `b`. */
  readonly order: number;
  /** Order used by the step-size controller (exponent −1/(errorOrder+1)). */
  readonly errorOrder?: number;
  /** Order of the embedded solution b − bErr that is checked on construction (defaults to errorOrder). */
  readonly embeddedOrder?: number;
  readonly fsal: boolean;
  readonly dense?: DenseTableau;
}

function fail(name: string, what: string): never {
  throw new Error(`defineTableau(${name}): ${what}`);
}

/**
 * Validate a Butcher tableau and return it frozen: checks shapes, the row-sum condition cᵢ = Σⱼ aᵢⱼ,
 * every order condition (one per rooted tree, Butcher 1963) up to `order` for `b` and up to the embedded
 * order for `b − bErr`, the FSAL structure, and that the dense output reproduces `b` at θ = 1.
 * Throws naming the first violated condition.
 *
 * @example
 * ```ts
 * import { defineTableau } from "@continuum/ode";
 * const heun = defineTableau({ name: "Heun", c: [0, 1], a: [[], [1]], b: [0.5, 0.5], order: 2, fsal: false });
 * defineTableau({ ...heun, order: 3 }); // throws: order condition of order 3 violated
 * ```
 */
export function defineTableau(t: ButcherTableau): ButcherTableau {
  const name = t.name;
  const s = t.b.length;
  if (t.c.length !== s) fail(name, `c has length ${t.c.length} but b has ${s}`);
  if (t.a.length !== s) fail(name, `a has ${t.a.length} rows but b has ${s} entries`);
  t.a.forEach((row, i) => {
    if (row.length !== i) fail(name, `a[${i}] has length ${row.length}, expected ${i} (strictly lower rows)`);
    const sum = row.reduce((x, y) => x + y, 0);
    if (Math.abs(sum - t.c[i]!) > 1e-12 * (1 + Math.abs(t.c[i]!))) {
      fail(name, `row-sum condition c[${i}] = Σ a[${i}][j] violated: ${t.c[i]} vs ${sum}`);
    }
  });
  // Coefficients are rounded to double precision: residuals ~1e-15 relative; 1e-11 leaves room for the
  // 20-digit decimal coefficients of DOP853/Tsit5 while catching any wrong digit that matters.
  const tol = 1e-11;
  for (let p = 1; p <= t.order; p++) {
    const r = orderConditionResidual(t.a, t.b, p);
    if (r > tol) fail(name, `order condition of order ${p} violated (residual ${r.toExponential(2)})`);
  }
  // (Skipped above order 7: there are 719+ trees of order 9-10 and high-order pairs are tuned to nearly
  // satisfy them, so the test would be slow and meaningless.)
  if (t.order < 8 && orderConditionResidual(t.a, t.b, t.order + 1) < tol) {
    fail(name, `b satisfies the order-${t.order + 1} conditions; declare order ${t.order + 1}`);
  }
  if (t.bErr) {
    if (t.bErr.length !== s) fail(name, `bErr has length ${t.bErr.length}, expected ${s}`);
    const embedded = t.embeddedOrder ?? t.errorOrder;
    if (embedded === undefined) fail(name, "bErr given without errorOrder");
    const bHat = t.b.map((bi, i) => bi - t.bErr![i]!);
    for (let p = 1; p <= embedded; p++) {
      const r = orderConditionResidual(t.a, bHat, p);
      if (r > tol)
        fail(name, `embedded order condition of order ${p} violated (residual ${r.toExponential(2)})`);
    }
  }
  if (t.fsal) {
    const last = t.a[s - 1]!;
    const ok = Math.abs(t.c[s - 1]! - 1) < 1e-14 && last.every((x, j) => Math.abs(x - t.b[j]!) < 1e-14);
    if (!ok || t.b[s - 1] !== 0)
      fail(name, "fsal: the last stage must be a[s-1] = b, c[s-1] = 1, b[s-1] = 0");
  }
  if (t.dense) {
    const extra = t.dense.c?.length ?? 0;
    if (t.dense.P.length !== s + extra)
      fail(name, `dense.P has ${t.dense.P.length} rows, expected ${s + extra}`);
    t.dense.P.forEach((row, i) => {
      const at1 = row.reduce((x, y) => x + y, 0);
      const bi = i < s ? t.b[i]! : 0;
      if (Math.abs(at1 - bi) > 1e-10)
        fail(name, `dense output row ${i} sums to ${at1} at θ=1, expected b = ${bi}`);
    });
  }
  return Object.freeze(t);
}
