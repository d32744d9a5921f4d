import { type Rng, tf } from "@continuum/core-tensor";

/**
 * Side of the rendered glyph images (MNIST-sized).
 * @example
 * ```ts
 * glyphData(4, prng(0)).shape; // [4, GLYPH_SIZE, GLYPH_SIZE, 1] = [4, 28, 28, 1]
 * ```
 */
export const GLYPH_SIZE = 28;

type Pt = [number, number];

function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, seg = 10): Pt[] {
  const pts: Pt[] = [];
  for (let i = 0; i <= seg; i++) {
    const a = a0 + ((a1 - a0) * i) / seg;
    pts.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return pts;
}

const PI = Math.PI;
// Ten digit-like stroke templates in the unit box (x to the right, y downwards), each a list of polylines.
const TEMPLATES: Pt[][][] = [
  [arc(0.5, 0.5, 0.2, 0.32, 0, 2 * PI, 20)],
  [
    [
      [0.38, 0.3],
      [0.52, 0.17],
      [0.52, 0.83],
    ],
  ],
  [[...arc(0.5, 0.35, 0.2, 0.18, PI * 1.1, PI * 2.15, 10), [0.3, 0.82], [0.72, 0.82]]],
  [
    arc(0.48, 0.34, 0.19, 0.17, PI * 1.15, PI * 2.5, 10),
    arc(0.48, 0.66, 0.21, 0.18, PI * 1.5, PI * 2.85, 10),
  ],
  [
    [
      [0.6, 0.17],
      [0.28, 0.62],
      [0.76, 0.62],
    ],
    [
      [0.62, 0.4],
      [0.62, 0.84],
    ],
  ],
  [[[0.7, 0.18], [0.34, 0.18], [0.31, 0.47], ...arc(0.49, 0.64, 0.2, 0.19, PI * 1.25, PI * 2.85, 10)]],
  [[...arc(0.55, 0.45, 0.22, 0.3, PI * 1.6, PI, 6), ...arc(0.5, 0.65, 0.19, 0.18, PI, 3 * PI, 16)]],
  [
    [
      [0.28, 0.18],
      [0.72, 0.18],
      [0.44, 0.84],
    ],
  ],
  [arc(0.5, 0.33, 0.16, 0.15, 0, 2 * PI, 14), arc(0.5, 0.66, 0.2, 0.18, 0, 2 * PI, 16)],
  [[...arc(0.5, 0.36, 0.18, 0.17, 0, 2 * PI, 16), [0.66, 0.5], [0.6, 0.84]]],
];

/** Options of {@link glyphImages}. */
export interface GlyphOptions {
  /** Restrict to these classes (0..9; default all ten). */
  classes?: number[];
  /** Strength of the random affine jitter (0 = none, 1 = default: ±12° rotation, ±10% scale, ±1.5 px shift). */
  jitter?: number;
}

/**
 * Seeded procedural 28x28 "digit-like" images: ten stroke templates (polylines and arcs shaped like the digits
 * 0-9) are perturbed (per-vertex wobble), mapped by a random affine map (rotation, anisotropic scale, shear,
 * translation) and rendered as anti-aliased strokes of random width, by the pixel's distance to the nearest
 * segment. Intensities lie in [0, 1] with a dark background, like MNIST, so image models can be trained and
 * tested with no external data. Returns row-major float32 pixels (`n * 784`) and the class labels.
 * @example
 * ```ts
 * const { images, labels } = glyphImages(16, prng(0));
 * images.length; // 16 * 784
 * ```
 */
export function glyphImages(
  n: number,
  rng: Rng,
  options: GlyphOptions = {},
): { images: Float32Array; labels: Int32Array } {
  if (!(Number.isInteger(n) && n >= 1))
    throw new Error(`glyphImages: n must be a positive integer, received ${n}`);
  const classes = options.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  if (classes.length === 0 || classes.some((c) => !(Number.isInteger(c) && c >= 0 && c <= 9)))
    throw new Error(`glyphImages: options.classes must be integers in 0..9, received [${String(classes)}]`);
  const jit = options.jitter ?? 1;
  if (!(jit >= 0 && Number.isFinite(jit)))
    throw new Error(`glyphImages: options.jitter must be a finite number >= 0, received ${jit}`);
  const S = GLYPH_SIZE;
  const images = new Float32Array(n * S * S);
  const labels = new Int32Array(n);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.nextDouble();
  for (let s = 0; s < n; s++) {
    const c = classes[rng.int(0, classes.length)]!;
    labels[s] = c;
    const rot = jit * u(-0.21, 0.21);
    const sx = 1 + jit * u(-0.1, 0.1);
    const sy = 1 + jit * u(-0.1, 0.1);
    const sh = jit * u(-0.15, 0.15);
    const tx = jit * u(-1.5, 1.5);
    const ty = jit * u(-1.5, 1.5);
    const half = u(0.9, 1.5); // stroke half-width in pixels
    const cr = Math.cos(rot);
    const sr = Math.sin(rot);
    // Map unit-box point (centred at 0.5) -> pixel coordinates: shear, scale, rotate, then to a 20 px box.
    const map = (p: Pt): Pt => {
      const x0 = (p[0] - 0.5 + jit * 0.015 * rng.nextNormal()) * sx;
      const y0 = (p[1] - 0.5 + jit * 0.015 * rng.nextNormal()) * sy;
      const xs = x0 + sh * y0;
      const x = cr * xs - sr * y0;
      const y = sr * xs + cr * y0;
      return [S / 2 + 20 * x + tx, S / 2 + 20 * y + ty];
    };
    const segs: number[] = [];
    for (const line of TEMPLATES[c]!) {
      const q = line.map(map);
      for (let i = 0; i + 1 < q.length; i++) segs.push(q[i]![0], q[i]![1], q[i + 1]![0], q[i + 1]![1]);
    }
    const off = s * S * S;
    for (let py = 0; py < S; py++)
      for (let px = 0; px < S; px++) {
        const x = px + 0.5;
        const y = py + 0.5;
        let best = Number.POSITIVE_INFINITY;
        for (let k = 0; k < segs.length; k += 4) {
          const ax = segs[k]!;
          const ay = segs[k + 1]!;
          const dx = segs[k + 2]! - ax;
          const dy = segs[k + 3]! - ay;
          const l2 = dx * dx + dy * dy;
          const t = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
          const ex = x - ax - t * dx;
          const ey = y - ay - t * dy;
          const d2 = ex * ex + ey * ey;
          if (d2 < best) best = d2;
        }
        // Anti-aliased stroke: 1 inside the half-width, linear ramp over one pixel.
        images[off + py * S + px] = Math.min(1, Math.max(0, half + 0.5 - Math.sqrt(best)));
      }
  }
  return { images, labels };
}

/**
 * A batch of {@link glyphImages} as a `[n, 28, 28, 1]` float32 tensor scaled to [-1, 1] (the usual input range of
 * image diffusion models). The caller owns (and disposes) the tensor.
 * @example
 * ```ts
 * const x = glyphData(8, prng(0)); // [8, 28, 28, 1], values in [-1, 1]
 * ```
 */
export function glyphData(n: number, rng: Rng, options: GlyphOptions = {}): tf.Tensor4D {
  const { images } = glyphImages(n, rng, options);
  for (let i = 0; i < images.length; i++) images[i] = 2 * images[i]! - 1;
  return tf.tensor4d(images, [n, GLYPH_SIZE, GLYPH_SIZE, 1]);
}
