/**
 * Three functions of the BBOB 2009 noiseless testbed (Hansen, Finck, Ros & Auger, "Real-Parameter Black-Box
 * Optimization Benchmarking 2009: Noiseless Functions Definitions", INRIA RR-6829): f9 (Rosenbrock, rotated),
 * f10 (ellipsoidal, rotated, T_osz) and f15 (Rastrigin, rotated, T_osz, T_asy^0.2, Λ^10), with the random
 * optimum x_opt, the random optimal value f_opt and seeded random rotations. Instances are generated as in the
 * BBOB definitions: the Park–Miller/Bays–Durham uniform generator of the BBOB reference code, Box–Muller
 * normals, Gram–Schmidt rotations of Gaussian matrices, seed `fid + 10000·instance`.
 * Cross-checked against `test/fixtures/gen_bbob.py` (an independent numpy implementation).
 */

/** A BBOB test function instance: `f` includes `fopt`, so `f(xopt) = fopt` and the target is `fopt + Δf`. */
export interface BbobProblem {
  readonly name: string;
  /** BBOB function id (9, 10 or 15). */
  readonly fid: number;
  readonly instance: number;
  readonly dim: number;
  readonly f: (x: Float64Array) => number;
  /** Location of the optimum. */
  readonly xopt: Float64Array;
  /** Optimal value (in [−1000, 1000], two decimals). */
  readonly fopt: number;
  /** Search domain of the testbed: [−5, 5]ⁿ. */
  readonly lower: number;
  readonly upper: number;
}

/**
 * `count` uniform numbers in (0, 1) of the BBOB reference generator (Park–Miller minimal standard with a
 * 32-entry Bays–Durham shuffle table, 40 warm-up draws) for a given seed.
 * @example
 * ```ts
 * bbobUniform(3, 1).length; // 3
 * ```
 */
export function bbobUniform(count: number, seed: number): Float64Array {
  let s = Math.abs(Math.trunc(seed));
  if (s < 1) s = 1;
  const next = () => {
    const k = Math.floor(s / 127773);
    s = 16807 * (s - k * 127773) - 2836 * k;
    if (s < 0) s += 2147483647;
    return s;
  };
  const table = new Int32Array(32);
  for (let i = 39; i >= 0; i--) {
    const v = next();
    if (i < 32) table[i] = v;
  }
  let last = table[0]!;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = next();
    const slot = Math.floor(last / 67108865);
    last = table[slot]!;
    table[slot] = v;
    out[i] = last / 2.147483647e9 || 1e-99;
  }
  return out;
}

/**
 * `count` standard normals of the BBOB reference generator (Box–Muller on `bbobUniform(2·count, seed)`).
 * @example
 * ```ts
 * bbobGauss(4, 7).length; // 4
 * ```
 */
export function bbobGauss(count: number, seed: number): Float64Array {
  const u = bbobUniform(2 * count, seed);
  return Float64Array.from(
    { length: count },
    (_, i) => Math.sqrt(-2 * Math.log(u[i]!)) * Math.cos(2 * Math.PI * u[count + i]!) || 1e-99,
  );
}

/**
 * A random n×n rotation (row-major): Gram–Schmidt on the columns of a Gaussian matrix whose column-major
 * entries are `bbobGauss(n², seed)`.
 * @example
 * ```ts
 * const R = bbobRotation(3, 1); // R·Rᵀ = I
 * ```
 */
export function bbobRotation(n: number, seed: number): Float64Array {
  const g = bbobGauss(n * n, seed);
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = g[j * n + i]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let p = 0;
      for (let k = 0; k < n; k++) p += b[k * n + i]! * b[k * n + j]!;
      for (let k = 0; k < n; k++) b[k * n + i] = b[k * n + i]! - p * b[k * n + j]!;
    }
    let p = 0;
    for (let k = 0; k < n; k++) p += b[k * n + i]! ** 2;
    const nr = Math.sqrt(p);
    for (let k = 0; k < n; k++) b[k * n + i] = b[k * n + i]! / nr;
  }
  return b;
}

/**
 * The random optimum of BBOB: each coordinate uniform in [−4, 4] on a 1e-4 grid (−1e-5 instead of 0).
 * @example
 * ```ts
 * bbobXopt(10, 10 + 10000).length; // 10
 * ```
 */
export function bbobXopt(n: number, seed: number): Float64Array {
  const u = bbobUniform(n, seed);
  return Float64Array.from(u, (v) => (8 * Math.floor(1e4 * v)) / 1e4 - 4 || -1e-5);
}

/**
 * The random optimal value of BBOB function `fid`, instance `instance`: a Cauchy variate (ratio of two
 * normals) ×100, rounded to two decimals and clipped to [−1000, 1000].
 * @example
 * ```ts
 * bbobFopt(10, 1); // a fixed number in [-1000, 1000]
 * ```
 */
export function bbobFopt(fid: number, instance: number): number {
  const r = (fid === 4 ? 3 : fid === 18 ? 17 : fid) + 10000 * instance;
  const a = bbobGauss(1, r)[0]!;
  const b = bbobGauss(1, r + 1)[0]!;
  return Math.min(1000, Math.max(-1000, Math.floor((100 * 100 * a) / b + 0.5) / 100));
}

/**
 * T_osz, the oscillation transformation of BBOB (element-wise, in place on a copy).
 * @example
 * ```ts
 * tOsz(Float64Array.of(0, 1)); // [0, 1]
 * ```
 */
export function tOsz(x: Float64Array): Float64Array {
  return Float64Array.from(x, (v) => {
    if (v === 0) return 0;
    const h = Math.log(Math.abs(v));
    const c1 = v > 0 ? 10 : 5.5;
    const c2 = v > 0 ? 7.9 : 3.1;
    return Math.sign(v) * Math.exp(h + 0.049 * (Math.sin(c1 * h) + Math.sin(c2 * h)));
  });
}

/**
 * T_asy^β, the asymmetric transformation of BBOB: `xᵢ^(1 + β·(i−1)/(n−1)·√xᵢ)` for `xᵢ > 0`.
 * @example
 * ```ts
 * tAsy(Float64Array.of(-1, 4), 0.2); // [-1, 4^(1 + 0.2·2)]
 * ```
 */
export function tAsy(x: Float64Array, beta: number): Float64Array {
  const n = x.length;
  return Float64Array.from(x, (v, i) =>
    v > 0 ? v ** (1 + (beta * i * Math.sqrt(v)) / Math.max(n - 1, 1)) : v,
  );
}

function matVec(m: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m[i * n + j]! * x[j]!;
    out[i] = s;
  }
  return out;
}

function checkArgs(where: string, n: number, instance: number): void {
  if (!Number.isInteger(n) || n < 2) throw new Error(`${where}: n must be an integer >= 2, received ${n}`);
  if (!Number.isInteger(instance) || instance < 0)
    throw new Error(`${where}: instance must be a non-negative integer, received ${instance}`);
}

function wrap(where: string, n: number, f: (x: Float64Array) => number): (x: Float64Array) => number {
  return (x) => {
    if (x.length !== n) throw new Error(`${where}: x must have length ${n}, received ${x.length}`);
    return f(x);
  };
}

/**
 * BBOB f9, Rosenbrock rotated: `z = max(1, √n/8)·R·x + ½`, `f = Σ 100(zᵢ² − zᵢ₊₁)² + (zᵢ − 1)² + f_opt`; the
 * optimum `x_opt = Rᵀ(½·1)/max(1, √n/8)` (where z = 1).
 * @example
 * ```ts
 * const p = bbobRosenbrockRotated(10);
 * p.f(p.xopt) - p.fopt; // ≈ 0
 * ```
 */
export function bbobRosenbrockRotated(n: number, instance = 1): BbobProblem {
  const where = "bbobRosenbrockRotated";
  checkArgs(where, n, instance);
  const fid = 9;
  const seed = fid + 10000 * instance;
  const fopt = bbobFopt(fid, instance);
  const scale = Math.max(1, Math.sqrt(n) / 8);
  const r = bbobRotation(n, seed);
  const xopt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (r[j * n + i]! * 0.5) / scale;
    xopt[i] = s;
  }
  const f = (x: Float64Array) => {
    const rx = matVec(r, x);
    const z = Float64Array.from(rx, (v) => scale * v + 0.5);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n - 1; i++) {
      a += (z[i]! * z[i]! - z[i + 1]!) ** 2;
      b += (z[i]! - 1) ** 2;
    }
    return 100 * a + b + fopt;
  };
  return {
    name: `bbob-f9-${n}`,
    fid,
    instance,
    dim: n,
    f: wrap(where, n, f),
    xopt,
    fopt,
    lower: -5,
    upper: 5,
  };
}

/**
 * BBOB f10, ellipsoidal rotated: `z = T_osz(R(x − x_opt))`, `f = Σ 10^(6(i−1)/(n−1)) zᵢ² + f_opt`
 * (condition 1e6).
 * @example
 * ```ts
 * const p = bbobEllipsoidRotated(10);
 * p.f(p.xopt) === p.fopt; // true
 * ```
 */
export function bbobEllipsoidRotated(n: number, instance = 1): BbobProblem {
  const where = "bbobEllipsoidRotated";
  checkArgs(where, n, instance);
  const fid = 10;
  const seed = fid + 10000 * instance;
  const fopt = bbobFopt(fid, instance);
  const xopt = bbobXopt(n, seed);
  const r = bbobRotation(n, seed + 1000000);
  const w = Float64Array.from({ length: n }, (_, i) => 10 ** ((6 * i) / (n - 1)));
  const f = (x: Float64Array) => {
    const z = tOsz(
      matVec(
        r,
        Float64Array.from(x, (v, i) => v - xopt[i]!),
      ),
    );
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * z[i]! * z[i]!;
    return s + fopt;
  };
  return {
    name: `bbob-f10-${n}`,
    fid,
    instance,
    dim: n,
    f: wrap(where, n, f),
    xopt,
    fopt,
    lower: -5,
    upper: 5,
  };
}

/**
 * BBOB f15, Rastrigin rotated: `z = R·Λ¹⁰·Q·T_asy^0.2(T_osz(R(x − x_opt)))`,
 * `f = 10(n − Σ cos 2πzᵢ) + ‖z‖² + f_opt`, with `Λ¹⁰ = diag(10^(½(i−1)/(n−1)))` and R, Q independent rotations.
 * @example
 * ```ts
 * const p = bbobRastriginRotated(10);
 * p.f(p.xopt) === p.fopt; // true
 * ```
 */
export function bbobRastriginRotated(n: number, instance = 1): BbobProblem {
  const where = "bbobRastriginRotated";
  checkArgs(where, n, instance);
  const fid = 15;
  const seed = fid + 10000 * instance;
  const fopt = bbobFopt(fid, instance);
  const xopt = bbobXopt(n, seed);
  const r = bbobRotation(n, seed + 1000000);
  const q = bbobRotation(n, seed);
  // M = R·Λ¹⁰·Q
  const m = new Float64Array(n * n);
  const lam = Float64Array.from({ length: n }, (_, k) => 10 ** (k / (2 * (n - 1))));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += r[i * n + k]! * lam[k]! * q[k * n + j]!;
      m[i * n + j] = s;
    }
  const f = (x: Float64Array) => {
    const y = tAsy(
      tOsz(
        matVec(
          r,
          Float64Array.from(x, (v, i) => v - xopt[i]!),
        ),
      ),
      0.2,
    );
    const z = matVec(m, y);
    let c = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      c += Math.cos(2 * Math.PI * z[i]!);
      s += z[i]! * z[i]!;
    }
    return 10 * (n - c) + s + fopt;
  };
  return {
    name: `bbob-f15-${n}`,
    fid,
    instance,
    dim: n,
    f: wrap(where, n, f),
    xopt,
    fopt,
    lower: -5,
    upper: 5,
  };
}
