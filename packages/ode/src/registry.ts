/**
 * A keyed map of named implementations (ODE solvers, SDE solvers, step-size controllers): how plugins plug in.
 *
 * Same contract as `Registry` / `createRegistry` in `@continuum/core-tensor` (plus `list()`). The float64
 * solvers keep this local copy because the core-tensor entry point loads TensorFlow.js; this file will
 * re-export core-tensor's implementation once it is published from a TensorFlow-free subpath.
 *
 * @example
 * ```ts
 * import type { Registry } from "@continuum/ode";
 * const r: Registry<number> = createRegistry<number>("thing");
 * ```
 */
export interface Registry<T> {
  /** What the registry holds, used in error messages ("ODE solver"). */
  readonly kind: string;
  /** Add `value` under `name`; throws if the name is taken (pass `{ override: true }` to replace on purpose). */
  register(name: string, value: T, options?: { override?: boolean }): void;
  /** The value registered under `name`; throws naming the known names if there is none. */
  get(name: string): T;
  /** Whether `name` is registered. */
  has(name: string): boolean;
  /** Registered names, in registration order. */
  names(): string[];
  /** Registered values, in registration order. */
  list(): T[];
  /** Remove `name` (returns whether it was present). */
  unregister(name: string): boolean;
}

/**
 * Create a registry: a keyed map that refuses duplicate names and reports unknown names with the list of
 * known ones.
 *
 * @param kind - a human-readable name of what is registered, used in error messages.
 * @example
 * ```ts
 * import { createRegistry } from "@continuum/ode";
 * const r = createRegistry<{ order: number }>("ODE solver");
 * r.register("Euler", { order: 1 });
 * r.get("Euler").order; // 1
 * r.get("RK9"); // throws: unknown ODE solver 'RK9'; known: Euler
 * ```
 */
export function createRegistry<T>(kind: string): Registry<T> {
  if (typeof kind !== "string" || kind.length === 0) {
    throw new TypeError(`createRegistry: kind must be a non-empty string, received ${JSON.stringify(kind)}`);
  }
  const entries = new Map<string, T>();
  const known = () => (entries.size === 0 ? "(none registered)" : [...entries.keys()].join(", "));
  const checkName = (name: unknown, where: string): string => {
    if (typeof name !== "string" || name.length === 0) {
      throw new TypeError(
        `${kind} registry ${where}: name must be a non-empty string, received ${String(name)}`,
      );
    }
    return name;
  };
  return {
    kind,
    register(name, value, options) {
      checkName(name, "register");
      if (entries.has(name) && !options?.override) {
        throw new Error(
          `${kind} '${name}' is already registered (known: ${known()}); pass { override: true } to replace it`,
        );
      }
      entries.set(name, value);
    },
    get(name) {
      checkName(name, "get");
      if (!entries.has(name)) throw new Error(`unknown ${kind} '${name}'; known: ${known()}`);
      return entries.get(name) as T;
    },
    has: (name) => entries.has(name),
    names: () => [...entries.keys()],
    list: () => [...entries.values()],
    unregister: (name) => entries.delete(name),
  };
}
