import { irfft, rfft } from "@continuum/core-tensor/fft";

/** Options of {@link allenCahnReference}. */
export interface AllenCahnReferenceOptions {
  /** Diffusion coefficient ε of u_t = ε u_xx + a(u − u³) (default 1e-4, the jaxpi setting). */
  eps?: number;
  /** Reaction coefficient a (default 5). */
  a?: number;
  /** Initial condition on [−1, 1) (default x² cos(πx)). */
  u0?: (x: number) => number;
  /** Fourier modes = periodic grid points x_j = −1 + 2j/modes (even, ≥ 8; default 512). */
  modes?: number;
  /** ETDRK4 time step (default 1e-3); must divide the output spacing 1/(nt − 1)·tEnd. */
  dt?: number;
  /** Final time (default 1). */
  tEnd?: number;
  /** Number of output times linspace(0, tEnd, nt) (≥ 2, default 101). */
  nt?: number;
  /** Keep every `stride`-th grid point in the output (must divide `modes`; default 1). */
  stride?: number;
}

/** A reference field u(x, t) on a tensor grid. */
export interface AllenCahnReference {
  x: number[];
  t: number[];
  /** u at (x[i], t[k]) stored at index `k * x.length + i` (time-major, as the generator script stores it). */
  u: Float64Array;
}

type C = [number, number];
const cexp = ([re, im]: C): C => [Math.exp(re) * Math.cos(im), Math.exp(re) * Math.sin(im)];
const cmul = ([a, b]: C, [c, d]: C): C => [a * c - b * d, a * d + b * c];
const cdiv = ([a, b]: C, [c, d]: C): C => {
  const n = c * c + d * d;
  return [(a * c + b * d) / n, (b * c - a * d) / n];
};
const cadd = (...zs: C[]): C => zs.reduce<C>((s, z) => [s[0] + z[0], s[1] + z[1]], [0, 0]);
const cscale = (s: number, [a, b]: C): C => [s * a, s * b];

/**
 * Float64 reference solution of the Allen–Cahn equation u_t = ε u_xx + a(u − u³) on x ∈ [−1, 1] (periodic),
 * t ∈ [0, tEnd], by the Fourier pseudo-spectral method in space and exponential time differencing RK4 in time
 * (ETDRK4, Cox & Matthews 2002, with the contour-integral evaluation of the φ-functions of Kassam & Trefethen 2005,
 * "Fourth-order time-stepping for stiff PDEs", SIAM J. Sci. Comput. 26(4)). The linear part −ε k² is integrated
 * exactly; the FFTs are `@continuum/core-tensor/fft`'s `rfft`/`irfft`, so it runs unchanged in a Web Worker.
 * Cost: 4 real FFT pairs of size `modes` per step. Accuracy (measured, see the test): with 256 modes it agrees with
 * an independent SciPy DOP853 solve of the same semi-discretisation to 2e-11 at dt = 1e-3; the spatial error of
 * 512 modes against 1024 is 1.3e-4 (max norm, at the sharp fronts).
 * @example
 * ```ts
 * const ref = allenCahnReference({ modes: 512, dt: 1e-3, nt: 51, stride: 4 });
 * ref.x.length; // 128
 * ref.u[50 * 128 + 64]; // u(0, 1) ≈ 0.0296
 * ```
 */
export function allenCahnReference(options: AllenCahnReferenceOptions = {}): AllenCahnReference {
  const eps = options.eps ?? 1e-4;
  const a = options.a ?? 5;
  const u0 = options.u0 ?? ((x: number) => x * x * Math.cos(Math.PI * x));
  const N = options.modes ?? 512;
  const dt = options.dt ?? 1e-3;
  const tEnd = options.tEnd ?? 1;
  const nt = options.nt ?? 101;
  const stride = options.stride ?? 1;
  if (!(eps >= 0) || !Number.isFinite(eps))
    throw new Error(`allenCahnReference: eps must be a finite number >= 0, received ${eps}`);
  if (!Number.isFinite(a)) throw new Error(`allenCahnReference: a must be a finite number, received ${a}`);
  if (typeof u0 !== "function")
    throw new Error(`allenCahnReference: u0 must be a function, received ${typeof u0}`);
  if (!Number.isInteger(N) || N < 8 || N % 2 !== 0)
    throw new Error(`allenCahnReference: modes must be an even integer >= 8, received ${N}`);
  if (!(tEnd > 0) || !Number.isFinite(tEnd))
    throw new Error(`allenCahnReference: tEnd must be a finite number > 0, received ${tEnd}`);
  if (!Number.isInteger(nt) || nt < 2)
    throw new Error(`allenCahnReference: nt must be an integer >= 2, received ${nt}`);
  if (!Number.isInteger(stride) || stride < 1 || N % stride !== 0)
    throw new Error(
      `allenCahnReference: stride must be a positive integer dividing modes = ${N}, received ${stride}`,
    );
  const every = Math.round(tEnd / (nt - 1) / dt);
  if (!(dt > 0) || every < 1 || Math.abs(every * dt - tEnd / (nt - 1)) > 1e-9 * tEnd)
    throw new Error(
      `allenCahnReference: dt must be > 0 and divide the output spacing ${tEnd / (nt - 1)}, received ${dt}`,
    );

  const h = N / 2 + 1;
  const xFull = Array.from({ length: N }, (_, j) => -1 + (2 * j) / N);
  // ETDRK4 coefficients per real-FFT mode m (wavenumber k = π m for period 2): L = −ε k².
  const E = new Float64Array(h);
  const E2 = new Float64Array(h);
  const Q = new Float64Array(h);
  const f1 = new Float64Array(h);
  const f2 = new Float64Array(h);
  const f3 = new Float64Array(h);
  const M = 32;
  for (let m = 0; m < h; m++) {
    const L = -eps * (Math.PI * m) ** 2;
    E[m] = Math.exp(dt * L);
    E2[m] = Math.exp((dt * L) / 2);
    let q: C = [0, 0];
    let g1: C = [0, 0];
    let g2: C = [0, 0];
    let g3: C = [0, 0];
    for (let j = 1; j <= M; j++) {
      const th = (Math.PI * (j - 0.5)) / M;
      const z: C = [dt * L + Math.cos(th), Math.sin(th)];
      const ez = cexp(z);
      const z2 = cmul(z, z);
      const z3 = cmul(z2, z);
      q = cadd(q, cdiv(cadd(cexp(cscale(0.5, z)), [-1, 0]), z));
      // (−4 − z + e^z (4 − 3z + z²)) / z³
      g1 = cadd(g1, cdiv(cadd([-4, 0], cscale(-1, z), cmul(ez, cadd([4, 0], cscale(-3, z), z2))), z3));
      // (2 + z + e^z (z − 2)) / z³
      g2 = cadd(g2, cdiv(cadd([2, 0], z, cmul(ez, cadd([-2, 0], z))), z3));
      // (−4 − 3z − z² + e^z (4 − z)) / z³
      g3 = cadd(
        g3,
        cdiv(cadd([-4, 0], cscale(-3, z), cscale(-1, z2), cmul(ez, cadd([4, 0], cscale(-1, z)))), z3),
      );
    }
    Q[m] = (dt * q[0]) / M;
    f1[m] = (dt * g1[0]) / M;
    f2[m] = (dt * g2[0]) / M;
    f3[m] = (dt * g3[0]) / M;
  }
  const nonlinear = (v: Float64Array): Float64Array => {
    const u = irfft(v, N);
    for (let j = 0; j < N; j++) u[j] = a * (u[j]! - u[j]! ** 3);
    return rfft(u);
  };
  // Spectra are interleaved complex (re, im) of length 2h; the coefficients are real, so they scale both parts.
  const combine = (
    out: Float64Array,
    c1: Float64Array,
    x1: Float64Array,
    c2: Float64Array,
    x2: Float64Array,
  ) => {
    for (let i = 0; i < 2 * h; i++) out[i] = c1[i >> 1]! * x1[i]! + c2[i >> 1]! * x2[i]!;
  };
  let v = rfft(Float64Array.from(xFull, u0));
  const nx = N / stride;
  const u = new Float64Array(nt * nx);
  const store = (k: number, field: Float64Array) => {
    for (let i = 0; i < nx; i++) u[k * nx + i] = field[i * stride]!;
  };
  store(0, irfft(v, N));
  const A = new Float64Array(2 * h);
  const B = new Float64Array(2 * h);
  const Cc = new Float64Array(2 * h);
  const tmp = new Float64Array(2 * h);
  for (let k = 1; k < nt; k++) {
    for (let s = 0; s < every; s++) {
      const Nv = nonlinear(v);
      combine(A, E2, v, Q, Nv);
      const Na = nonlinear(A);
      combine(B, E2, v, Q, Na);
      const Nb = nonlinear(B);
      for (let i = 0; i < 2 * h; i++) tmp[i] = 2 * Nb[i]! - Nv[i]!;
      combine(Cc, E2, A, Q, tmp);
      const Nc = nonlinear(Cc);
      const next = new Float64Array(2 * h);
      for (let i = 0; i < 2 * h; i++) {
        const m = i >> 1;
        next[i] = E[m]! * v[i]! + f1[m]! * Nv[i]! + 2 * f2[m]! * (Na[i]! + Nb[i]!) + f3[m]! * Nc[i]!;
      }
      v = next;
    }
    const field = irfft(v, N);
    if (!field.every(Number.isFinite))
      throw new Error(
        `allenCahnReference: the solution blew up before t = ${(k * tEnd) / (nt - 1)}; reduce dt`,
      );
    store(k, field);
  }
  return {
    x: Array.from({ length: nx }, (_, i) => xFull[i * stride]!),
    t: Array.from({ length: nt }, (_, k) => (k * tEnd) / (nt - 1)),
    u,
  };
}
