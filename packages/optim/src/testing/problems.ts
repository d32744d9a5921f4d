/**
 * Standard test functions with analytic gradients (float64), shared by the tests, the benchmarks and plugin
 * authors. Definitions: Moré, Garbow & Hillstrom (1981, ACM TOMS 7) for the least-squares classics and the BBOB
 * noiseless suite (Hansen et al., 2009) for the CMA-ES functions (without the random shifts; rotations are
 * seeded orthogonal matrices).
 */

/** A test problem: value, gradient, a start point and the known minimum. */
export interface TestProblem {
  readonly name: string;
  readonly f: (x: Float64Array) => number;
  readonly grad: (x: Float64Array) => Float64Array;
  readonly x0: Float64Array;
  readonly fmin: number;
}

/** Validate a dimension: rosenbrock(1) used to be the constant 0, sphere(2.5) had 2 coordinates, n = 0 gave an
 * empty problem, and an x0 of another length silently redefined n. */
function dimension(n: number, where: string, min = 1): number {
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${where}: n must be an integer >= ${min}, received ${String(n)}`);
  return n;
}

/**
 * Rosenbrock's function `Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²` (minimum 0 at all ones).
 * @example
 * ```ts
 * rosenbrock(2).f(Float64Array.of(1, 1)); // 0
 * ```
 */
export function rosenbrock(n: number, x0?: ArrayLike<number>): TestProblem {
  dimension(n, "rosenbrock", 2);
  if (x0 !== undefined && x0.length !== n)
    throw new Error(`rosenbrock: x0 must have n = ${n} entries, received ${x0.length}`);
  const f = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
    return s;
  };
  const grad = (x: Float64Array) => {
    const g = new Float64Array(x.length);
    for (let i = 0; i < x.length - 1; i++) {
      const t = x[i + 1]! - x[i]! ** 2;
      g[i] = g[i]! - 400 * x[i]! * t - 2 * (1 - x[i]!);
      g[i + 1] = g[i + 1]! + 200 * t;
    }
    return g;
  };
  const start = x0
    ? Float64Array.from(x0)
    : Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
  return { name: `rosenbrock-${n}`, f, grad, x0: start, fmin: 0 };
}

/**
 * Beale's function (MGH #5), minimum 0 at (3, 0.5), start (1, 1).
 * @example
 * ```ts
 * beale().f(Float64Array.of(3, 0.5)); // 0
 * ```
 */
export function beale(): TestProblem {
  const c = [1.5, 2.25, 2.625];
  const f = (x: Float64Array) => c.reduce((s, ci, i) => s + (ci - x[0]! * (1 - x[1]! ** (i + 1))) ** 2, 0);
  const grad = (x: Float64Array) => {
    const g = new Float64Array(2);
    c.forEach((ci, i) => {
      const k = i + 1;
      const r = ci - x[0]! * (1 - x[1]! ** k);
      g[0] = g[0]! + 2 * r * -(1 - x[1]! ** k);
      g[1] = g[1]! + 2 * r * x[0]! * k * x[1]! ** (k - 1);
    });
    return g;
  };
  return { name: "beale", f, grad, x0: Float64Array.of(1, 1), fmin: 0 };
}

/**
 * Booth's function `(x + 2y − 7)² + (2x + y − 5)²`, minimum 0 at (1, 3), start (0, 0).
 * @example
 * ```ts
 * booth().f(Float64Array.of(1, 3)); // 0
 * ```
 */
export function booth(): TestProblem {
  const f = (x: Float64Array) => (x[0]! + 2 * x[1]! - 7) ** 2 + (2 * x[0]! + x[1]! - 5) ** 2;
  const grad = (x: Float64Array) => {
    const a = x[0]! + 2 * x[1]! - 7;
    const b = 2 * x[0]! + x[1]! - 5;
    return Float64Array.of(2 * a + 4 * b, 4 * a + 2 * b);
  };
  return { name: "booth", f, grad, x0: Float64Array.of(0, 0), fmin: 0 };
}

/**
 * Extended Powell singular function (MGH #22), `n` a multiple of 4, minimum 0 at the origin (singular
 * Hessian there), start (3, −1, 0, 1, …).
 * @example
 * ```ts
 * extendedPowell(4).f(new Float64Array(4)); // 0
 * ```
 */
export function extendedPowell(n = 4): TestProblem {
  if (!Number.isInteger(n) || n < 4 || n % 4 !== 0)
    throw new Error(`extendedPowell: n must be a multiple of 4, received ${n}`);
  const f = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length; i += 4) {
      const [a, b, c, d] = [x[i]!, x[i + 1]!, x[i + 2]!, x[i + 3]!];
      s += (a + 10 * b) ** 2 + 5 * (c - d) ** 2 + (b - 2 * c) ** 4 + 10 * (a - d) ** 4;
    }
    return s;
  };
  const grad = (x: Float64Array) => {
    const g = new Float64Array(x.length);
    for (let i = 0; i < x.length; i += 4) {
      const [a, b, c, d] = [x[i]!, x[i + 1]!, x[i + 2]!, x[i + 3]!];
      const t1 = 2 * (a + 10 * b);
      const t2 = 10 * (c - d);
      const t3 = 4 * (b - 2 * c) ** 3;
      const t4 = 40 * (a - d) ** 3;
      g[i] = t1 + t4;
      g[i + 1] = 10 * t1 + t3;
      g[i + 2] = t2 - 2 * t3;
      g[i + 3] = -t2 - t4;
    }
    return g;
  };
  const x0 = Float64Array.from({ length: n }, (_, i) => [3, -1, 0, 1][i % 4]!);
  return { name: `extended-powell-${n}`, f, grad, x0, fmin: 0 };
}

/**
 * Trigonometric function (MGH #26): `Σᵢ (n − Σⱼ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ)²`, start `1/n`, minimum 0.
 * @example
 * ```ts
 * trigonometric(10).f(new Float64Array(10)); // 0
 * ```
 */
export function trigonometric(n = 10): TestProblem {
  dimension(n, "trigonometric");
  const res = (x: Float64Array) => {
    let sc = 0;
    for (let j = 0; j < n; j++) sc += Math.cos(x[j]!);
    return Float64Array.from(
      { length: n },
      (_, i) => n - sc + (i + 1) * (1 - Math.cos(x[i]!)) - Math.sin(x[i]!),
    );
  };
  const f = (x: Float64Array) => res(x).reduce((s, r) => s + r * r, 0);
  const grad = (x: Float64Array) => {
    const r = res(x);
    let sr = 0;
    for (let i = 0; i < n; i++) sr += r[i]!;
    // ∂rᵢ/∂xⱼ = sin xⱼ + δᵢⱼ((i+1) sin xᵢ − cos xᵢ)
    return Float64Array.from(
      { length: n },
      (_, j) => 2 * (sr * Math.sin(x[j]!) + r[j]! * ((j + 1) * Math.sin(x[j]!) - Math.cos(x[j]!))),
    );
  };
  return { name: `trigonometric-${n}`, f, grad, x0: new Float64Array(n).fill(1 / n), fmin: 0 };
}

/** A seeded orthogonal matrix (QR of a Gaussian matrix by modified Gram–Schmidt), row-major. */
function orthogonal(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-300)) * Math.cos(2 * Math.PI * rnd());
  const q = Float64Array.from({ length: n * n }, gauss);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      let d = 0;
      for (let j = 0; j < n; j++) d += q[i * n + j]! * q[k * n + j]!;
      for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! - d * q[k * n + j]!;
    }
    let nr = 0;
    for (let j = 0; j < n; j++) nr += q[i * n + j]! ** 2;
    nr = Math.sqrt(nr);
    for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! / nr;
  }
  return q;
}

function rotate(q: Float64Array | null, x: Float64Array): Float64Array {
  if (!q) return x;
  const n = x.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += q[i * n + j]! * x[j]!;
    z[i] = s;
  }
  return z;
}

function rotateT(q: Float64Array | null, g: Float64Array): Float64Array {
  if (!q) return g;
  const n = g.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j] = out[j]! + q[i * n + j]! * g[i]!;
  return out;
}

/**
 * BBOB f10-style ellipsoid `Σ 10^(6(i)/(n−1)) zᵢ²` with `z = Qx` (Q a seeded rotation; `seed = 0`: no rotation),
 * minimum 0 at the origin, start all 3s.
 * @example
 * ```ts
 * ellipsoid(10, 1).f(new Float64Array(10)); // 0
 * ```
 */
export function ellipsoid(n: number, seed = 1): TestProblem {
  dimension(n, "ellipsoid");
  const q = seed ? orthogonal(n, seed) : null;
  const w = Float64Array.from({ length: n }, (_, i) => 10 ** ((6 * i) / Math.max(n - 1, 1)));
  const f = (x: Float64Array) => {
    const z = rotate(q, x);
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * z[i]! ** 2;
    return s;
  };
  const grad = (x: Float64Array) => {
    const z = rotate(q, x);
    return rotateT(
      q,
      Float64Array.from(z, (zi, i) => 2 * w[i]! * zi),
    );
  };
  return {
    name: `${seed ? "rotated-" : ""}ellipsoid-${n}`,
    f,
    grad,
    x0: new Float64Array(n).fill(3),
    fmin: 0,
  };
}

/**
 * Rastrigin `10n + Σ (xᵢ² − 10 cos 2πxᵢ)` (BBOB f3 without the asymmetry transforms), minimum 0 at the
 * origin, start all 3s (search box [−5, 5]ⁿ).
 * @example
 * ```ts
 * rastrigin(10).f(new Float64Array(10)); // 0
 * ```
 */
export function rastrigin(n: number): TestProblem {
  dimension(n, "rastrigin");
  const f = (x: Float64Array) => {
    let s = 10 * n;
    for (let i = 0; i < n; i++) s += x[i]! ** 2 - 10 * Math.cos(2 * Math.PI * x[i]!);
    return s;
  };
  const grad = (x: Float64Array) =>
    Float64Array.from(x, (v) => 2 * v + 20 * Math.PI * Math.sin(2 * Math.PI * v));
  return { name: `rastrigin-${n}`, f, grad, x0: new Float64Array(n).fill(3), fmin: 0 };
}

/**
 * The sphere `Σ xᵢ²`, start all 1s.
 * @example
 * ```ts
 * sphere(3).f(Float64Array.of(1, 1, 1)); // 3
 * ```
 */
export function sphere(n: number): TestProblem {
  dimension(n, "sphere");
  return {
    name: `sphere-${n}`,
    f: (x) => x.reduce((s, v) => s + v * v, 0),
    grad: (x) => Float64Array.from(x, (v) => 2 * v),
    x0: new Float64Array(n).fill(1),
    fmin: 0,
  };
}
