import { prng } from "@continuum/core-tensor";
import { SOBOL_MAX_DIM, sobolSequence } from "./sobol.js";

/** How points are drawn: pseudo-random, Sobol low-discrepancy or Latin hypercube. */
export type SamplingMethod = "uniform" | "sobol" | "lhs";

/** Options of every `sample*` method. */
export interface SampleOptions {
  /** Default `"uniform"`. */
  method?: SamplingMethod;
  /** Seed of the pseudo-random stream (uniform, lhs) or number of Sobol points skipped (default 0). */
  seed?: number;
}

const METHODS: readonly SamplingMethod[] = ["uniform", "sobol", "lhs"];

/** Validate sampling options and return the method. */
export function checkSampleOptions(
  where: string,
  n: unknown,
  options: SampleOptions | undefined,
): SamplingMethod {
  if (!Number.isInteger(n) || (n as number) < 0)
    throw new Error(`${where}: n must be a non-negative integer, received ${String(n)}`);
  const method = options?.method ?? "uniform";
  if (!METHODS.includes(method))
    throw new Error(
      `${where}: options.method must be one of ${METHODS.join(", ")}, received '${String(method)}'`,
    );
  if (options?.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0))
    throw new Error(
      `${where}: options.seed must be a non-negative integer, received ${String(options.seed)}`,
    );
  return method;
}

/**
 * Latin hypercube sample of `n` points in `[0, 1)^dim` (McKay, Beckman & Conover 1979): each axis is cut into `n`
 * equal strata and every stratum holds exactly one point (random position inside its stratum).
 * @example
 * ```ts
 * latinHypercube(10, 2, 0); // 10 points, one in each tenth of each axis
 * ```
 */
export function latinHypercube(n: number, dim: number, seed = 0): Float64Array {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`latinHypercube: n must be a non-negative integer, received ${String(n)}`);
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`latinHypercube: dim must be a positive integer, received ${String(dim)}`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`latinHypercube: seed must be a non-negative integer, received ${String(seed)}`);
  const rng = prng(seed);
  const out = new Float64Array(n * dim);
  for (let d = 0; d < dim; d++) {
    const perm = rng.permutation(n);
    for (let i = 0; i < n; i++) out[i * dim + d] = (perm[i]! + rng.nextDouble()) / n;
  }
  return out;
}

/**
 * `n` points in the unit cube `[0, 1)^dim` drawn with `method`. For Sobol, `seed` is the number of leading points
 * skipped (so successive calls with growing seeds continue the sequence); beyond {@link SOBOL_MAX_DIM}
 * dimensions it throws.
 * @example
 * ```ts
 * unitCube(128, 3, { method: "sobol" }); // Float64Array(384)
 * ```
 */
export function unitCube(n: number, dim: number, options: SampleOptions = {}): Float64Array {
  const method = checkSampleOptions("unitCube", n, options);
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`unitCube: dim must be a positive integer, received ${String(dim)}`);
  const seed = options.seed ?? 0;
  if (method === "sobol") {
    if (dim > SOBOL_MAX_DIM)
      throw new Error(
        `unitCube: sobol supports dim <= ${SOBOL_MAX_DIM}, received ${dim}; use 'lhs' or 'uniform'`,
      );
    return sobolSequence(n, dim, seed);
  }
  if (method === "lhs") return latinHypercube(n, dim, seed);
  return prng(seed).uniformArray(n * dim);
}
