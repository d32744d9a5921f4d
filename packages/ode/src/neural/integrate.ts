/**
 * One explicit Runge–Kutta engine on tensors, driven by the same Butcher tableaus as the float64 solvers.
 * Adaptive methods use the embedded error estimate with a whole-batch scaled RMS norm and a PI-free
 * standard controller; fixed-step methods take equal steps that land on every save time.
 */
import { tf } from "@continuum/core-tensor";
import type { ButcherTableau } from "../tableaus/butcher.js";
import { axpy, checkFinite, combination, errorNorm } from "./state.js";

/** A vector field on flat state leaves. */
export type LeafField = (t: number, y: tf.Tensor[]) => tf.Tensor[];

/** Step-control settings of {@link integrateLeaves}. */
export interface IntegrateSettings {
  tableau: ButcherTableau;
  rtol: number;
  atol: number;
  /** Initial (adaptive) or fixed step size; sign ignored. */
  dt0?: number;
  maxSteps: number;
  /** Check for NaN/Inf after every accepted step (one sync per step). */
  checkFinite: boolean;
  where: string;
}

/** Counters of a solve. */
export interface IntegrateStats {
  nfev: number;
  steps: number;
  rejected: number;
}

function rkStep(
  f: LeafField,
  tab: ButcherTableau,
  t: number,
  y: tf.Tensor[],
  h: number,
  k1: tf.Tensor[] | null,
  stats: IntegrateStats,
) {
  const s = tab.b.length;
  const ks: tf.Tensor[][] = [];
  for (let i = 0; i < s; i++) {
    if (i === 0 && k1) {
      ks.push(k1);
      continue;
    }
    const yi = i === 0 ? y : axpy(y, h, tab.a[i] ?? [], ks);
    ks.push(f(t + tab.c[i]! * h, yi));
    stats.nfev++;
  }
  const y1 = axpy(y, h, tab.b, ks);
  const err = tab.bErr ? combination(h, tab.bErr, ks) : null;
  // FSAL: the last stage is f(t + h, y1) when the last row of a equals b and c = 1.
  const last = tab.fsal ? ks[s - 1]! : null;
  return { y1, err, last };
}

function initialStep(
  f: LeafField,
  t0: number,
  y0: tf.Tensor[],
  f0: tf.Tensor[],
  order: number,
  rtol: number,
  atol: number,
  dir: number,
  stats: IntegrateStats,
): number {
  // Hairer, Nørsett & Wanner (1993), II.4: the step that makes the first Euler step's error moderate.
  const d0 = errorNorm(y0, y0, y0, rtol, atol);
  const d1 = errorNorm(f0, y0, y0, rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const y1 = tf.tidy(() => y0.map((l, j) => tf.add(l, tf.mul(f0[j]!, dir * h0))));
  const f1 = tf.tidy(() => f(fixT(t0 + dir * h0), y1));
  stats.nfev++;
  const diff = tf.tidy(() => f1.map((l, j) => tf.sub(l, f0[j]!)));
  const d2 = errorNorm(diff, y0, y0, rtol, atol) / h0;
  tf.dispose([...y1, ...f1, ...diff]);
  const h1 =
    Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (order + 1));
  return Math.min(100 * h0, h1);
}

const fixT = (t: number) => t;

/**
 * Integrate `dy/dt = f(t, y)` on flat leaves from `ts[0]` through every time in `ts` (monotone), returning the
 * state at each time (the first is `y0` itself, cloned). Tensors created on the way are disposed; the caller
 * owns the returned states. Inside a gradient tape the steps are recorded (backpropagation through the solver).
 */
export function integrateLeaves(
  f: LeafField,
  y0: tf.Tensor[],
  ts: readonly number[],
  settings: IntegrateSettings,
  stats: IntegrateStats,
): tf.Tensor[][] {
  const { tableau: tab, rtol, atol, maxSteps, where } = settings;
  const adaptive = !!tab.bErr;
  const out: tf.Tensor[][] = [y0.map((l) => tf.clone(l))];
  let y = y0;
  let t = ts[0]!;
  const dir = ts.length > 1 && ts[ts.length - 1]! < ts[0]! ? -1 : 1;
  let h = settings.dt0 !== undefined ? Math.abs(settings.dt0) : Number.NaN;
  let k1: tf.Tensor[] | null = null;
  const owned = new Set<tf.Tensor>();
  const keepOwned = (ls: tf.Tensor[]) => {
    for (const l of ls) owned.add(l);
  };
  const release = (ls: tf.Tensor[] | null) => {
    if (!ls) return;
    for (const l of ls) {
      if (owned.has(l)) {
        owned.delete(l);
        l.dispose();
      }
    }
  };
  for (let i = 1; i < ts.length; i++) {
    const tEnd = ts[i]!;
    if (!adaptive) {
      const span = Math.abs(tEnd - t);
      const n = settings.dt0 !== undefined ? Math.max(1, Math.ceil(span / Math.abs(settings.dt0) - 1e-9)) : 1;
      const hh = (dir * span) / n;
      for (let k = 0; k < n; k++) {
        if (stats.steps >= maxSteps)
          throw new Error(
            `${where}: maxSteps (${maxSteps}) reached at t=${t}; raise options.maxSteps or the step size`,
          );
        const { y1 } = tf.tidy(() => {
          const r = rkStep(f, tab, t, y, hh, null, stats);
          return { y1: r.y1 };
        });
        keepOwned(y1);
        if (y !== y0) release(y);
        y = y1;
        t = k === n - 1 ? tEnd : t + hh;
        stats.steps++;
      }
      if (settings.checkFinite) checkFinite(y, t, where);
    } else {
      if (Number.isNaN(h)) {
        // tidy: a field's intermediates (outside the step scopes here) must not outlive the call.
        const f0 = tf.tidy(() => f(t, y));
        stats.nfev++;
        h = initialStep(f, t, y, f0, tab.errorOrder ?? tab.order - 1, rtol, atol, dir, stats);
        tf.dispose(f0);
      }
      while (dir * (tEnd - t) > 0) {
        if (stats.steps + stats.rejected >= maxSteps)
          throw new Error(
            `${where}: maxSteps (${maxSteps}) reached at t=${t}; the problem may be stiff or the tolerances too tight`,
          );
        const last = dir * (tEnd - t) <= h * (1 + 1e-12);
        const hh = last ? tEnd - t : dir * h;
        type StepOut = { y1: tf.Tensor[]; err: tf.Tensor[]; last: tf.Tensor[] | null };
        const r = tf.tidy((() => {
          const s = rkStep(f, tab, t, y, hh, k1, stats);
          return { y1: s.y1, err: s.err!, last: s.last };
        }) as never) as unknown as StepOut;
        const en = errorNorm(r.err, y, r.y1, rtol, atol);
        tf.dispose(r.err);
        if (!Number.isFinite(en)) {
          tf.dispose(r.y1);
          if (r.last && r.last !== k1) tf.dispose(r.last);
          throw new Error(
            `${where}: the state became NaN or infinite at t=${t} (step ${hh}); check the vector field`,
          );
        }
        const q = (tab.errorOrder ?? tab.order - 1) + 1;
        const factor = en === 0 ? 10 : Math.min(10, Math.max(0.2, 0.9 * en ** (-1 / q)));
        if (en <= 1) {
          keepOwned(r.y1);
          if (y !== y0) release(y);
          if (k1 && (!r.last || r.last !== k1)) release(k1);
          y = r.y1;
          k1 = r.last;
          if (k1) keepOwned(k1);
          t = last ? tEnd : t + hh;
          stats.steps++;
          h = Math.abs(hh) * factor;
          if (last) h = Math.max(h, Math.abs(hh));
        } else {
          stats.rejected++;
          tf.dispose(r.y1);
          if (r.last && r.last !== k1) tf.dispose(r.last);
          h = Math.abs(hh) * Math.min(1, factor);
          if (h < 1e-12 * Math.max(1, Math.abs(t)))
            throw new Error(`${where}: step size underflow at t=${t}; the problem may be stiff`);
        }
      }
    }
    out.push(y.map((l) => tf.clone(l)));
  }
  if (y !== y0) release(y);
  release(k1);
  return out;
}
