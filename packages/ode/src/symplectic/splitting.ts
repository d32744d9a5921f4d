import { validateY0 } from "../integrate.js";

/**
 * A symmetric splitting (composition) method for separable Hamiltonians H(q, p) = T(p) + V(q), as data:
 * drift/kick coefficients applied as q ← q + cᵢ h ∂T/∂p, p ← p − dᵢ h ∂V/∂q, i = 1…s.
 *
 * @example
 * ```ts
 * import { VELOCITY_VERLET } from "@continuum/ode";
 * VELOCITY_VERLET.order; // 2
 * ```
 */
export interface SplittingMethod {
  readonly name: string;
  readonly order: number;
  /** Kick (momentum) weights, applied before each drift. */
  readonly kick: readonly number[];
  /** Drift (position) weights. */
  readonly drift: readonly number[];
}

/**
 * Velocity Verlet / Störmer–Verlet (kick ½ – drift 1 – kick ½), symplectic, order 2 (Verlet 1967).
 *
 * @example
 * ```ts
 * import { VELOCITY_VERLET } from "@continuum/ode";
 * VELOCITY_VERLET.kick; // [0.5, 0.5]
 * ```
 */
export const VELOCITY_VERLET: SplittingMethod = Object.freeze({
  name: "VelocityVerlet",
  order: 2,
  kick: [0.5, 0.5],
  drift: [1, 0],
});

const CBRT2 = 2 ** (1 / 3);
const W1 = 1 / (2 - CBRT2);
const W0 = -CBRT2 / (2 - CBRT2);

/**
 * Yoshida's fourth-order symmetric composition of three Verlet steps with weights w₁, w₀, w₁
 * (w₁ = 1/(2 − 2^⅓), w₀ = −2^⅓/(2 − 2^⅓); Yoshida 1990, Phys. Lett. A 150).
 *
 * @example
 * ```ts
 * import { YOSHIDA4 } from "@continuum/ode";
 * YOSHIDA4.order; // 4
 * ```
 */
export const YOSHIDA4: SplittingMethod = Object.freeze({
  name: "Yoshida4",
  order: 4,
  kick: [W1 / 2, (W1 + W0) / 2, (W0 + W1) / 2, W1 / 2],
  drift: [W1, W0, W1, 0],
});

/**
 * Options of {@link solveHamiltonian}.
 *
 * @example
 * ```ts
 * import type { SolveHamiltonianOptions } from "@continuum/ode";
 * ```
 */
export interface SolveHamiltonianOptions {
  /** ∂V/∂q (the negative force), filling `out`. */
  readonly gradV: (q: Float64Array, out: Float64Array) => void;
  /** ∂T/∂p; default p (unit mass, T = |p|²/2). */
  readonly gradT?: (p: Float64Array, out: Float64Array) => void;
  readonly q0: ArrayLike<number>;
  readonly p0: ArrayLike<number>;
  readonly t0: number;
  readonly t1: number;
  readonly dt: number;
  readonly method?: SplittingMethod;
  /** Save every `saveEvery`-th step (default: only the end). */
  readonly saveEvery?: number;
}

/**
 * Integrate a separable Hamiltonian system with a symplectic splitting method at constant step: energy
 * errors stay bounded (no drift) over long times, unlike non-symplectic Runge–Kutta methods.
 *
 * @example
 * ```ts
 * import { solveHamiltonian, YOSHIDA4 } from "@continuum/ode";
 * const r = solveHamiltonian({ gradV: (q, o) => { o[0] = q[0]!; }, q0: [1], p0: [0], t0: 0, t1: Math.PI, dt: 0.01, method: YOSHIDA4 });
 * r.qs.at(-1)![0]; // ≈ -1 (harmonic oscillator, half a period)
 * ```
 */
export function solveHamiltonian(options: SolveHamiltonianOptions): {
  ts: Float64Array;
  qs: Float64Array[];
  ps: Float64Array[];
} {
  const where = "solveHamiltonian";
  const q = validateY0(`${where} (q0)`, options.q0);
  const p = validateY0(`${where} (p0)`, options.p0);
  if (q.length !== p.length)
    throw new Error(`${where}: q0 has length ${q.length} but p0 has length ${p.length}`);
  const { t0, t1, dt } = options;
  if (!(Number.isFinite(t0) && Number.isFinite(t1) && t1 !== t0)) {
    throw new Error(`${where}: need finite t0 ≠ t1, received t0=${t0}, t1=${t1}`);
  }
  if (!(typeof dt === "number" && dt > 0 && Number.isFinite(dt))) {
    throw new Error(`${where}: dt must be a positive finite number, received ${String(dt)}`);
  }
  if (typeof options.gradV !== "function")
    throw new Error(`${where}: gradV must be a function (q, out) => void, received ${typeof options.gradV}`);
  const saveEvery = options.saveEvery ?? 0;
  if (!(Number.isInteger(saveEvery) && saveEvery >= 0)) {
    throw new Error(`${where}: saveEvery must be a non-negative integer, received ${String(saveEvery)}`);
  }
  const method = options.method ?? VELOCITY_VERLET;
  const n = q.length;
  const gq = new Float64Array(n);
  const gp = new Float64Array(n);
  const gradT = options.gradT ?? ((pp: Float64Array, out: Float64Array) => out.set(pp));
  const dir = t1 > t0 ? 1 : -1;
  // At least one step: a span much shorter than dt used to give 0 steps and an empty result.
  const nSteps = Math.max(1, Math.ceil(Math.abs(t1 - t0) / dt - 1e-9));
  const every = saveEvery;
  const ts: number[] = [];
  const qs: Float64Array[] = [];
  const ps: Float64Array[] = [];
  if (every > 0) {
    ts.push(t0);
    qs.push(q.slice());
    ps.push(p.slice());
  }
  let t = t0;
  for (let k = 1; k <= nSteps; k++) {
    const tNext = k === nSteps ? t1 : t0 + dir * k * dt;
    const h = tNext - t;
    for (let i = 0; i < method.kick.length; i++) {
      const ki = method.kick[i]!;
      if (ki !== 0) {
        options.gradV(q, gq);
        for (let j = 0; j < n; j++) p[j]! -= ki * h * gq[j]!;
      }
      const di = method.drift[i]!;
      if (di !== 0) {
        gradT(p, gp);
        for (let j = 0; j < n; j++) q[j]! += di * h * gp[j]!;
      }
    }
    t = tNext;
    if (
      (every > 0 && k % every === 0) ||
      (every === 0 && k === nSteps) ||
      (every > 0 && k === nSteps && k % every !== 0)
    ) {
      ts.push(t);
      qs.push(q.slice());
      ps.push(p.slice());
    }
  }
  return { ts: Float64Array.from(ts), qs, ps };
}
