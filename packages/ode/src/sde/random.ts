/** murmur3 fmix32 finaliser: a bijective 32-bit mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Counter-based uniform in (0, 1): a hash of (seed, a, b, c), so any random number of a virtual Brownian
 * tree can be regenerated from its coordinates without storing it (the idea of Salmon et al. 2011,
 * "Parallel random numbers: as easy as 1, 2, 3", with a murmur3-style mix).
 *
 * @example
 * ```ts
 * import { hashUniform } from "@continuum/ode";
 * hashUniform(42, 1, 2, 3) === hashUniform(42, 1, 2, 3); // true, in (0, 1)
 * ```
 */
export function hashUniform(seed: number, a: number, b: number, c: number): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul(a >>> 0, 0xcc9e2d51));
  h = fmix32(h ^ Math.imul(b >>> 0, 0x1b873593));
  h = fmix32(h ^ Math.imul(c >>> 0, 0xe6546b64));
  const h2 = fmix32(h ^ 0x27d4eb2f);
  // 53 random bits, shifted off zero.
  return ((h >>> 5) * 67108864 + (h2 >>> 6) + 0.5) / 9007199254740992;
}

/**
 * Two independent standard normals from counter-based uniforms (Box–Muller).
 *
 * @example
 * ```ts
 * import { hashNormals } from "@continuum/ode";
 * const [z1, z2] = hashNormals(7, 0, 0, 0);
 * ```
 */
export function hashNormals(seed: number, a: number, b: number, c: number): [number, number] {
  const u1 = hashUniform(seed, a, b, 2 * c);
  const u2 = hashUniform(seed, a, b, 2 * c + 1);
  const r = Math.sqrt(-2 * Math.log(u1));
  return [r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)];
}
