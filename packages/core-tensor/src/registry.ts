/** A keyed map of named implementations (solvers, samplers, optimisers, backends…): how plugins plug in. */
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
 * known ones. Every Continuum extension point (solvers, controllers, samplers, schedules, optimisers, PDE
 * terms, geometries, backends) is such a registry.
 *
 * @param kind - a human-readable name of what is registered, used in error messages.
 * @example
 * ```ts
 * const solvers = createRegistry<{ order: number }>("ODE solver");
 * solvers.register("euler", { order: 1 });
 * solvers.get("euler").order; // 1
 * solvers.get("rk9"); // throws: unknown ODE solver 'rk9'; known: euler
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
