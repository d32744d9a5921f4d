import { irfftRows, rfftRows } from "../internal/fft.js";
import { irspec, rspec } from "../internal/real-spectrum.js";
import {
  allFiniteValues,
  finiteNumber,
  finiteSignal,
  isPowerOfTwo,
  positiveInt,
  positiveNumber,
} from "../internal/validate.js";

/** Options of {@link solveBurgers}. */
export interface BurgersOptions {
  /** Viscosity ν (default 0.1, the FNO setting). */
  nu?: number;
  /** Final time (default 1). */
  T?: number;
  /** Time step (default 1e-3; ETDRK4 treats the viscous term exactly). */
  dt?: number;
  /** Contour points for the Kassam–Trefethen coefficients (default 32). */
  contourPoints?: number;
  /** Zero the top third of the spectrum of the nonlinear term (2/3 rule, default true). */
  dealias?: boolean;
}

/** Result of {@link solveBurgers}: the solution at T and a status (never throws on blow-up). */
export interface BurgersResult {
  u: Float64Array;
  status: "ok" | "diverged";
  message: string;
  steps: number;
}

/**
 * ETDRK4 coefficients of Cox & Matthews (2002) for a diagonal linear part `L`, evaluated by the contour-integral
 * means of Kassam & Trefethen ("Fourth-order time-stepping for stiff PDEs", SIAM J. Sci. Comput. 26, 2005):
 * f(hL) = mean over r_j = e^{iπ(j−½)/M} of f(hL + r_j), avoiding the cancellation in (e^z − 1 − z…)/z³.
 * `L` must be finite, `h` a positive step and `M` a positive integer (each failure names the argument).
 *
 * @example
 * ```ts
 * const { Q } = etdrk4Coefficients(Float64Array.of(-1), 0.1); // Q[0] = 0.1·(e^{−0.05} − 1)/(−0.1) ≈ 0.0487706
 * ```
 */
export function etdrk4Coefficients(
  L: Float64Array,
  h: number,
  M = 32,
): {
  E: Float64Array;
  E2: Float64Array;
  Q: Float64Array;
  f1: Float64Array;
  f2: Float64Array;
  f3: Float64Array;
} {
  if (!(L instanceof Float64Array))
    throw new Error(
      `etdrk4Coefficients: L must be a Float64Array, received ${Object.prototype.toString.call(L).slice(8, -1)}`,
    );
  allFiniteValues(L, "etdrk4Coefficients: L");
  positiveNumber(h, "etdrk4Coefficients: h");
  positiveInt(M, "etdrk4Coefficients: M"); // M = 0 formerly divided by zero: all-NaN coefficients
  const n = L.length;
  const E = new Float64Array(n);
  const E2 = new Float64Array(n);
  const Q = new Float64Array(n);
  const f1 = new Float64Array(n);
  const f2 = new Float64Array(n);
  const f3 = new Float64Array(n);
  // Complex helpers on (re, im) pairs.
  for (let k = 0; k < n; k++) {
    const hl = h * L[k]!;
    E[k] = Math.exp(hl);
    E2[k] = Math.exp(hl / 2);
    let q = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let j = 1; j <= M; j++) {
      const th = (Math.PI * (j - 0.5)) / M;
      const zr = hl + Math.cos(th);
      const zi = Math.sin(th);
      // e^z, e^{z/2}
      const ez = Math.exp(zr);
      const er = ez * Math.cos(zi);
      const ei = ez * Math.sin(zi);
      const ez2 = Math.exp(zr / 2);
      const e2r = ez2 * Math.cos(zi / 2);
      const e2i = ez2 * Math.sin(zi / 2);
      const inv = (ar: number, ai: number): [number, number] => {
        const d = ar * ar + ai * ai;
        return [ar / d, -ai / d];
      };
      const mul = (ar: number, ai: number, br: number, bi: number): [number, number] => [
        ar * br - ai * bi,
        ar * bi + ai * br,
      ];
      const [izr, izi] = inv(zr, zi);
      const [z2r, z2i] = mul(zr, zi, zr, zi);
      const [z3r, z3i] = mul(z2r, z2i, zr, zi);
      const [iz3r, iz3i] = inv(z3r, z3i);
      // Q: (e^{z/2} − 1)/z
      q += mul(e2r - 1, e2i, izr, izi)[0];
      // f1: (−4 − z + e^z(4 − 3z + z²))/z³
      {
        const [tr, ti] = mul(er, ei, 4 - 3 * zr + z2r, -3 * zi + z2i);
        a1 += mul(-4 - zr + tr, -zi + ti, iz3r, iz3i)[0];
      }
      // f2: (2 + z + e^z(z − 2))/z³
      {
        const [tr, ti] = mul(er, ei, zr - 2, zi);
        a2 += mul(2 + zr + tr, zi + ti, iz3r, iz3i)[0];
      }
      // f3: (−4 − 3z − z² + e^z(4 − z))/z³
      {
        const [tr, ti] = mul(er, ei, 4 - zr, -zi);
        a3 += mul(-4 - 3 * zr - z2r + tr, -3 * zi - z2i + ti, iz3r, iz3i)[0];
      }
    }
    Q[k] = (h * q) / M;
    f1[k] = (h * a1) / M;
    f2[k] = (h * a2) / M;
    f3[k] = (h * a3) / M;
  }
  return { E, E2, Q, f1, f2, f3 };
}

/**
 * Solve the viscous Burgers equation u_t + (u²/2)_x = ν u_xx on the periodic unit interval from `u0`
 * (sampled at x_j = j/S, S a power of two) to time T with a Fourier pseudo-spectral discretisation and ETDRK4
 * (Cox–Matthews; Kassam–Trefethen contour coefficients). This is the FNO Burgers benchmark setting
 * (ν = 0.1, T = 1). Blow-up returns status `"diverged"` with a hint instead of throwing.
 *
 * @example
 * ```ts
 * const u0 = Float64Array.from({ length: 256 }, (_, j) => Math.sin((2 * Math.PI * j) / 256));
 * const { u, status } = solveBurgers(u0, { nu: 0.1, T: 1 }); // status "ok"
 * ```
 */
export function solveBurgers(u0: Float64Array, options: BurgersOptions = {}): BurgersResult {
  finiteSignal(u0, "solveBurgers: u0");
  const S = u0.length;
  if (!isPowerOfTwo(S) || S < 8)
    throw new Error(
      `solveBurgers: u0 must have a power-of-two length ≥ 8 (the FFT path), received ${S}; resample the initial condition`,
    );
  const nu = positiveNumber(options.nu ?? 0.1, "solveBurgers: options.nu");
  const T = positiveNumber(options.T ?? 1, "solveBurgers: options.T");
  const dt0 = positiveNumber(options.dt ?? 1e-3, "solveBurgers: options.dt");
  const steps = Math.max(1, Math.ceil(T / dt0 - 1e-9));
  const h = T / steps;
  const H = S / 2 + 1;
  const L = new Float64Array(H);
  const g = new Float64Array(H); // N(v) = −(i κ / 2) FFT(u²) → multiply by −iκ/2
  const dealias = options.dealias ?? true;
  if (typeof dealias !== "boolean")
    throw new Error(
      `solveBurgers: options.dealias must be true or false, received ${JSON.stringify(dealias)}`,
    );
  const cut = dealias ? Math.floor(S / 3) : H;
  for (let k = 0; k < H; k++) {
    const kappa = 2 * Math.PI * k;
    L[k] = -nu * kappa * kappa;
    g[k] = k === S / 2 || k > cut ? 0 : -0.5 * kappa;
  }
  const { E, E2, Q, f1, f2, f3 } = etdrk4Coefficients(
    L,
    h,
    positiveInt(options.contourPoints ?? 32, "solveBurgers: options.contourPoints"),
  );
  // Work buffers; the transforms are core-tensor's real FFTs on interleaved half spectra (H bins).
  const u = new Float64Array(S);
  const z = new Float64Array(2 * H);
  const toPhysical = (vr: Float64Array, vi: Float64Array, out: Float64Array) => {
    for (let k = 0; k < H; k++) {
      z[2 * k] = vr[k]!;
      z[2 * k + 1] = vi[k]!;
    }
    out.set(irfftRows(z, S));
  };
  // N(v) = −(iκ/2)·FFT(u²), u = IFFT(v); with g = −κ/2: Re N = −g·Im W, Im N = g·Re W.
  const N = (vr: Float64Array, vi: Float64Array, nr: Float64Array, ni: Float64Array) => {
    toPhysical(vr, vi, u);
    for (let j = 0; j < S; j++) u[j] = u[j]! * u[j]!;
    const w = rfftRows(u, S);
    for (let k = 0; k < H; k++) {
      nr[k] = -g[k]! * w[2 * k + 1]!;
      ni[k] = g[k]! * w[2 * k]!;
    }
  };
  const buf = () => new Float64Array(H);
  const v0 = rspec(u0);
  const vr = v0.re;
  const vi = v0.im;
  const [Nvr, Nvi, ar, ai, Nar, Nai, br, bi, Nbr, Nbi, cr, ci, Ncr, Nci] = Array.from(
    { length: 14 },
    buf,
  ) as Float64Array[];
  for (let step = 0; step < steps; step++) {
    N(vr, vi, Nvr!, Nvi!);
    for (let k = 0; k < H; k++) {
      ar![k] = E2[k]! * vr[k]! + Q[k]! * Nvr![k]!;
      ai![k] = E2[k]! * vi[k]! + Q[k]! * Nvi![k]!;
    }
    N(ar!, ai!, Nar!, Nai!);
    for (let k = 0; k < H; k++) {
      br![k] = E2[k]! * vr[k]! + Q[k]! * Nar![k]!;
      bi![k] = E2[k]! * vi[k]! + Q[k]! * Nai![k]!;
    }
    N(br!, bi!, Nbr!, Nbi!);
    for (let k = 0; k < H; k++) {
      cr![k] = E2[k]! * ar![k]! + Q[k]! * (2 * Nbr![k]! - Nvr![k]!);
      ci![k] = E2[k]! * ai![k]! + Q[k]! * (2 * Nbi![k]! - Nvi![k]!);
    }
    N(cr!, ci!, Ncr!, Nci!);
    let finite = true;
    for (let k = 0; k < H; k++) {
      vr[k] = E[k]! * vr[k]! + Nvr![k]! * f1[k]! + 2 * (Nar![k]! + Nbr![k]!) * f2[k]! + Ncr![k]! * f3[k]!;
      vi[k] = E[k]! * vi[k]! + Nvi![k]! * f1[k]! + 2 * (Nai![k]! + Nbi![k]!) * f2[k]! + Nci![k]! * f3[k]!;
      if (!Number.isFinite(vr[k]!) || !Number.isFinite(vi[k]!)) finite = false;
    }
    if (!finite)
      return {
        u: irspec(v0, S),
        status: "diverged",
        message: `solveBurgers: non-finite spectrum at t=${((step + 1) * h).toPrecision(4)}; lower dt (now ${h}) or raise the resolution`,
        steps: step + 1,
      };
  }
  return { u: irspec(v0, S), status: "ok", message: "", steps };
}

/**
 * Exact Cole–Hopf solution of u_t + u u_x = ν u_xx on the periodic unit interval for φ₀(x) = c + Σ_j
 * a_j cos(2π k_j x): φ(x, t) = c + Σ_j a_j e^{−ν(2πk_j)²t} cos(2πk_j x) and u = −2ν φ_x/φ. φ must stay
 * positive, so c > Σ|a_j| is required (otherwise φ vanishes somewhere and u is singular there); t ≥ 0, ν > 0,
 * integer wavenumbers k_j (periodicity) and finite x are checked, each failure naming the argument.
 *
 * @example
 * ```ts
 * const u = burgersColeHopf([0, 0.25, 0.5, 0.75], 0.5, { c: 2, terms: [{ k: 1, a: 1 }] }, 0.1);
 * burgersColeHopf([0.5], 0.1, { c: 1, terms: [{ k: 1, a: 1 }] }); // throws: c must exceed Σ|a_j| = 1
 * ```
 */
export function burgersColeHopf(
  x: ArrayLike<number>,
  t: number,
  phi: { c: number; terms: { k: number; a: number }[] },
  nu = 0.1,
): Float64Array {
  const where = "burgersColeHopf";
  if (x === null || typeof x !== "object" || !Number.isInteger(x.length))
    throw new Error(`${where}: x must be an array of coordinates, received ${String(x)}`);
  for (let i = 0; i < x.length; i++) finiteNumber(x[i], `${where}: x[${i}]`);
  finiteNumber(t, `${where}: t`);
  if (t < 0)
    throw new Error(
      `${where}: t must be non-negative (the backward heat equation is ill-posed), received ${t}`,
    );
  positiveNumber(nu, `${where}: nu`);
  if (!Array.isArray(phi?.terms))
    throw new Error(`${where}: phi.terms must be an array of { k, a }, received ${String(phi?.terms)}`);
  const c = finiteNumber(phi.c, `${where}: phi.c`);
  let amplitude = 0;
  phi.terms.forEach(({ k, a }, j) => {
    if (!Number.isInteger(k))
      throw new Error(`${where}: phi.terms[${j}].k must be an integer, received ${k}`);
    amplitude += Math.abs(finiteNumber(a, `${where}: phi.terms[${j}].a`));
  });
  if (!(c > amplitude))
    throw new Error(
      `${where}: phi.c must exceed Σ|a_j| = ${amplitude} so that φ stays positive, received c = ${c}`,
    );
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let p = phi.c;
    let px = 0;
    for (const { k, a } of phi.terms) {
      const w = 2 * Math.PI * k;
      const d = a * Math.exp(-nu * w * w * t);
      p += d * Math.cos(w * x[i]!);
      px -= d * w * Math.sin(w * x[i]!);
    }
    out[i] = (-2 * nu * px) / p;
  }
  return out;
}
