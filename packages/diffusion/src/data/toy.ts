import { type Rng, tf } from "@continuum/core-tensor";

/**
 * The generated 2-D toy sets.
 * @example
 * ```ts
 * TOY_DATASETS.includes("two-moons"); // true
 * ```
 */
export const TOY_DATASETS = ["two-moons", "eight-gaussians", "checkerboard", "swiss-roll"] as const;
export type ToyDataset = (typeof TOY_DATASETS)[number];

/**
 * Float64 samples of a 2-D toy set, row-major `n x 2`, roughly standardised (as in FFJORD / torchcfm):
 * `two-moons` (sklearn-style, noise 0.05, centred, x2), `eight-gaussians` (radius 2, std 0.2, scaled by
 * 1/sqrt(2)), `checkerboard` (FFJORD's board on [-2, 2]^2), `swiss-roll` (noise 0.5, divided by 5).
 * @example
 * ```ts
 * toyDataArray("checkerboard", 1000, prng(0)).length; // 2000
 * ```
 */
export function toyDataArray(name: ToyDataset, n: number, rng: Rng): Float64Array {
  if (!(Number.isInteger(n) && n >= 1))
    throw new Error(`toyData: n must be a positive integer, received ${n}`);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let x: number;
    let y: number;
    switch (name) {
      case "two-moons": {
        const u = Math.PI * rng.nextDouble();
        if (i % 2 === 0) {
          x = Math.cos(u);
          y = Math.sin(u);
        } else {
          x = 1 - Math.cos(u);
          y = 0.5 - Math.sin(u);
        }
        x = 2 * (x - 0.5 + 0.05 * rng.nextNormal());
        y = 2 * (y - 0.25 + 0.05 * rng.nextNormal());
        break;
      }
      case "eight-gaussians": {
        const k = rng.int(0, 8);
        const a = (k * Math.PI) / 4;
        x = (2 * Math.cos(a) + 0.2 * rng.nextNormal()) / Math.SQRT2;
        y = (2 * Math.sin(a) + 0.2 * rng.nextNormal()) / Math.SQRT2;
        break;
      }
      case "checkerboard": {
        x = rng.nextDouble() * 4 - 2;
        y = rng.nextDouble() - rng.int(0, 2) * 2 + (((Math.floor(x) % 2) + 2) % 2);
        break;
      }
      case "swiss-roll": {
        const t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
        x = (t * Math.cos(t) + 0.5 * rng.nextNormal()) / 5;
        y = (t * Math.sin(t) + 0.5 * rng.nextNormal()) / 5;
        break;
      }
      default:
        throw new Error(`toyData: unknown dataset '${String(name)}'; known: ${TOY_DATASETS.join(", ")}`);
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/**
 * Float32 tensor `[n, 2]` of a toy set (see {@link toyDataArray}).
 * @example
 * ```ts
 * toyData("two-moons", 256, prng(1)).shape; // [256, 2]
 * ```
 */
export function toyData(name: ToyDataset, n: number, rng: Rng): tf.Tensor {
  return tf.tensor2d(Float32Array.from(toyDataArray(name, n, rng)), [n, 2]);
}
