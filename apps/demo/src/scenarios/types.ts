/**
 * A scenario is one piece of real work (a solve, a training run) that runs unchanged in the browser's Web Worker
 * and in the Node examples. It reports progress through {@link RunContext} and returns plain, structured-clone-able
 * data that a view turns into plots.
 */
export interface RunContext {
  /** Report progress in [0, 1]; `partial` is an optional snapshot a view can draw live. */
  progress(fraction: number, message?: string, partial?: unknown): void;
  /** True when the scenario should use quick settings (the `npm run examples` smoke run and the browser tests). */
  readonly quick: boolean;
}

/** A control shown in the browser and accepted as `--key=value` by the Node examples. */
export type Control =
  | { key: string; label: string; kind: "select"; options: readonly string[] }
  | { key: string; label: string; kind: "number"; min?: number; max?: number; step?: number };

export type Params = Record<string, string | number>;

export interface Scenario<R = unknown> {
  /** Unique inside its package page, kebab-case. */
  id: string;
  title: string;
  /** One or two sentences of what it shows. */
  description: string;
  controls: readonly Control[];
  defaults: Params;
  /** Settings for quick runs (merged over `defaults`). */
  quick?: Params;
  /** Names of the package exports this scenario needs that the installed package does not provide (yet). */
  missing(): string[];
  run(params: Params, ctx: RunContext): Promise<R>;
}

/** The scenarios of one page (one package). */
export interface ScenarioModule {
  scenarios: readonly Scenario[];
}

/** Which exports of `mod` are absent; used by `Scenario.missing` so a page says "not available yet". */
export function missingExports(pkg: string, mod: object, names: readonly string[]): string[] {
  const m = mod as Record<string, unknown>;
  return names.filter((n) => m[n] === undefined).map((n) => `${pkg} → ${n}`);
}

/** Thrown by a run when a needed export is missing. */
export class NotAvailableError extends Error {
  constructor(readonly missing: string[]) {
    super(`not available yet: ${missing.join(", ")}`);
    this.name = "NotAvailableError";
  }
}

/** Read a numeric parameter, failing with the key and the received value. */
export function num(params: Params, key: string): number {
  const v = Number(params[key]);
  if (!Number.isFinite(v))
    throw new Error(`parameter '${key}' must be a number, received ${String(params[key])}`);
  return v;
}

/** Read a string parameter. */
export function str(params: Params, key: string): string {
  const v = params[key];
  if (v === undefined) throw new Error(`parameter '${key}' is required`);
  return String(v);
}

/** Milliseconds since an arbitrary origin (performance.now in browsers and Node). */
export const now = (): number => globalThis.performance.now();

/** Give the event loop a turn (lets a worker receive messages and Node timers draw progress bars). */
export const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
