import { checkBounds, checkX0 } from "../minimize/common.js";
import type { AskTellOptions } from "./types.js";

/** The options every ask/tell method takes ({@link AskTellOptions}). */
const COMMON_OPTION_NAMES = ["x0", "sigma0", "seed", "bounds", "popSize", "ftarget", "maxEvals"] as const;

/**
 * Validate common options: x0, bounds (with x0 inside), sigma0, popSize, ftarget, maxEvals; and, with `own` (the
 * method's own option names), reject unknown names: a misspelt option (`restart` for `restarts`, `popsize`) used to
 * be ignored without a word, as SciPy warns and pycma refuses.
 */
export function commonOptions(options: AskTellOptions, where: string, own?: readonly string[]) {
  if (options == null)
    throw new Error(`${where}: options with x0 are required (received ${String(options)})`);
  if (own) {
    const known = [...COMMON_OPTION_NAMES, ...own];
    for (const k of Object.keys(options))
      if (!known.includes(k) && (options as unknown as Record<string, unknown>)[k] !== undefined)
        throw new Error(`${where}: unknown option '${k}'; known: ${known.join(", ")}`);
  }
  const x0 = checkX0(options.x0, `${where}: options`);
  const n = x0.length;
  const b = options.bounds ? checkBounds(options.bounds, x0, where) : null;
  let sigma0 = options.sigma0;
  if (sigma0 === undefined) {
    sigma0 = 0.5;
    if (b?.lo.every(Number.isFinite) && b.hi.every(Number.isFinite)) {
      // the narrowest box side that is not a fixed coordinate (lower = upper): with one fixed coordinate the
      // default used to be 0 and the call threw "options.sigma0 must be … > 0, received 0" without sigma0 given
      let w = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++) if (b.hi[i]! > b.lo[i]!) w = Math.min(w, b.hi[i]! - b.lo[i]!);
      if (Number.isFinite(w)) sigma0 = 0.3 * w;
    }
  }
  if (!(sigma0 > 0) || !Number.isFinite(sigma0))
    throw new Error(`${where}: options.sigma0 must be a finite number > 0, received ${sigma0}`);
  if (options.popSize !== undefined && (!Number.isInteger(options.popSize) || options.popSize < 2))
    throw new Error(`${where}: options.popSize must be an integer >= 2, received ${options.popSize}`);
  // NaN used to disable both stops silently; a negative budget ended the run before any evaluation
  const ftarget = numberOption(options.ftarget, Number.NEGATIVE_INFINITY, "ftarget", where, {
    finite: false,
  });
  const maxEvals = numberOption(options.maxEvals, Number.POSITIVE_INFINITY, "maxEvals", where, {
    integer: true,
    ge: 1,
    finite: false,
  });
  return {
    x0,
    n,
    lo: b?.lo ?? null,
    hi: b?.hi ?? null,
    sigma0,
    seed: options.seed ?? 0,
    ftarget,
    maxEvals,
  };
}

/** Admissible range of a numeric option checked by {@link numberOption}. */
export interface NumberRule {
  /** Lower bound, inclusive (`ge`) or exclusive (`gt`). */
  ge?: number;
  gt?: number;
  /** Upper bound, inclusive (`le`) or exclusive (`lt`). */
  le?: number;
  lt?: number;
  /** Require an integer (`+Infinity` still allowed when `finite` is false). */
  integer?: boolean;
  /** Reject ±Infinity (default true); NaN is always rejected. */
  finite?: boolean;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? "an integer" : rule.finite === false ? "a number" : "a finite number";
  const lo = rule.ge !== undefined ? `>= ${rule.ge}` : rule.gt !== undefined ? `> ${rule.gt}` : "";
  const hi = rule.le !== undefined ? `<= ${rule.le}` : rule.lt !== undefined ? `< ${rule.lt}` : "";
  return [kind, lo, hi && lo ? `and ${hi}` : hi].filter(Boolean).join(" ");
}

/**
 * Validate an optional numeric hyper-parameter at the public boundary and return it (or `fallback` when
 * undefined): a NaN, a value of the wrong type or one outside `rule` throws, naming `options.<name>`, the
 * admissible range and the received value (a NaN `dt` or a negative penalty used to run on silently).
 * With `integer` and `finite: false`, `+Infinity` is accepted (an unlimited budget).
 */
export function numberOption(
  value: unknown,
  fallback: number,
  name: string,
  where: string,
  rule: NumberRule = {},
): number {
  if (value === undefined) return fallback;
  const v = value as number;
  const finite = rule.finite ?? true;
  const ok =
    typeof v === "number" &&
    !Number.isNaN(v) &&
    (!finite || Number.isFinite(v)) &&
    (!rule.integer || Number.isInteger(v) || v === Number.POSITIVE_INFINITY) &&
    (rule.ge === undefined || v >= rule.ge) &&
    (rule.gt === undefined || v > rule.gt) &&
    (rule.le === undefined || v <= rule.le) &&
    (rule.lt === undefined || v < rule.lt);
  if (!ok)
    throw new Error(
      `${where}: options.${name} must be ${describeRule({ ...rule, finite })}, received ${typeof value === "string" ? `'${value}'` : String(value)}`,
    );
  return v;
}

/** Clip into the box (copy). */
export function clipToBox(
  x: Float64Array,
  lo: Float64Array | null,
  hi: Float64Array | null,
): Float64Array<ArrayBuffer> {
  if (!lo || !hi) return Float64Array.from(x);
  return Float64Array.from(x, (v, i) => Math.min(Math.max(v, lo[i]!), hi[i]!));
}

/** Check that `fs` matches `xs` and is numeric. */
export function checkTell(
  xs: readonly Float64Array[],
  fs: ArrayLike<number>,
  expected: number,
  where: string,
): void {
  if (!Array.isArray(xs) || xs.length !== expected)
    throw new Error(
      `${where}.tell: expected the ${expected} points of the last ask(), received ${Array.isArray(xs) ? xs.length : typeof xs}`,
    );
  if (fs == null || fs.length !== xs.length)
    throw new Error(
      `${where}.tell: fs must hold ${xs.length} values, received ${fs == null ? String(fs) : fs.length}`,
    );
}

/** Replace NaN by +∞ so that ranking is well defined. */
export function sanitize(f: number): number {
  return Number.isNaN(f) ? Number.POSITIVE_INFINITY : f;
}

/** Track the best point. */
export class BestTracker {
  x: Float64Array;
  f = Number.POSITIVE_INFINITY;
  constructor(x0: Float64Array) {
    this.x = Float64Array.from(x0);
  }
  offer(xs: readonly Float64Array[], fs: ArrayLike<number>): void {
    for (let i = 0; i < xs.length; i++) {
      const f = sanitize(fs[i]!);
      if (f < this.f) {
        this.f = f;
        this.x = Float64Array.from(xs[i]!);
      }
    }
  }
}
