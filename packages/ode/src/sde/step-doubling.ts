import type { BrownianMotion } from "./brownian-tree.js";
import type { SdeStep } from "./types.js";

/**
 * Options of the adaptive (step-doubling) SDE loop behind `solveSde({ adaptive: true })`.
 *
 * @example
 * ```ts
 * import type { StepDoublingOptions } from "@continuum/ode";
 * const o: StepDoublingOptions = { rtol: 1e-3, atol: 1e-3, strongOrder: 1, dt0: 0.01 };
 * ```
 */
export interface StepDoublingOptions {
  readonly rtol: number;
  readonly atol: number;
  /** Strong order p of the scheme: the local error of one step is O(h^(p+½)), the step factor err^(−1/(p+½)). */
  readonly strongOrder: number;
  /** First trial step. */
  readonly dt0: number;
  readonly maxStep?: number;
  readonly maxSteps?: number;
  readonly saveSteps?: boolean;
}

/** Outcome of {@link stepDoublingLoop}. */
export interface StepDoublingResult {
  readonly ts: number[];
  readonly ys: Float64Array[];
  readonly failure: string | null;
  readonly naccept: number;
  readonly nreject: number;
}

/**
 * Adaptive SDE stepping by step doubling on a path-consistent Brownian motion (a virtual Brownian tree): each
 * trial step [t, t+h] is taken once with the whole increment and twice with the two halves; their difference,
 * scaled by atol + rtol·|y|, is the error estimate. Accepted steps keep the two-half-step value. Because the
 * tree gives the same W at every time whatever the order of queries, rejected and retried steps never bias
 * the path (no "Brownian bridge bookkeeping" needed), and solutions at different tolerances converge strongly
 * to the solution on one path (Gaines & Lyons 1997; Burrage, Herdiana & Burrage 2004; diffrax adaptive SDEs).
 *
 * @example
 * ```ts
 * import { solveSde } from "@continuum/ode";
 * const r = solveSde({ drift: (_t, y) => [y[0]!], diffusion: (_t, y) => [y[0]!], t0: 0, t1: 1, y0: [1],
 *   dt0: 0.1, solver: "Milstein", adaptive: true, rtol: 1e-3, atol: 1e-3, seed: 3 });
 * r.nsteps; // accepted steps, fewer where the path is calm
 * ```
 */
export function stepDoublingLoop(
  step: SdeStep,
  bm: BrownianMotion,
  needsTimeIntegral: boolean,
  t0: number,
  t1: number,
  y0: Float64Array,
  o: StepDoublingOptions,
): StepDoublingResult {
  const n = y0.length;
  const m = bm.dim;
  const maxStep = o.maxStep ?? t1 - t0;
  const maxSteps = o.maxSteps ?? 1_000_000;
  const exponent = -1 / (o.strongOrder + 0.5);
  const ts: number[] = [];
  const ys: Float64Array[] = [];
  if (o.saveSteps) {
    ts.push(t0);
    ys.push(y0.slice());
  }
  let t = t0;
  let y = y0.slice();
  let h = Math.min(o.dt0, maxStep);
  const big = new Float64Array(n);
  const mid = new Float64Array(n);
  let small = new Float64Array(n);
  // W and ∫W (from t0) at t, the midpoint and the end of the trial step.
  const w0 = new Float64Array(m);
  const i0 = new Float64Array(m);
  const wm = new Float64Array(m);
  const im = new Float64Array(m);
  const w1 = new Float64Array(m);
  const i1 = new Float64Array(m);
  const dW1 = new Float64Array(m);
  const dW2 = new Float64Array(m);
  const dW = new Float64Array(m);
  const dZ1 = needsTimeIntegral ? new Float64Array(m) : null;
  const dZ2 = needsTimeIntegral ? new Float64Array(m) : null;
  const dZ = needsTimeIntegral ? new Float64Array(m) : null;
  const sample = (tau: number, w: Float64Array, i: Float64Array) => {
    if (bm.sample) bm.sample(tau, w, i);
    else {
      bm.increment(bm.t0, tau, w);
      bm.timeIntegral(bm.t0, tau, i);
    }
  };
  sample(t, w0, i0);
  let naccept = 0;
  let nreject = 0;
  const hMin = 1e-14 * Math.max(1, Math.abs(t0), Math.abs(t1));
  while (t < t1) {
    if (naccept + nreject >= maxSteps) {
      return { ts, ys, failure: `maximum number of steps (${maxSteps}) reached at t=${t}`, naccept, nreject };
    }
    if (h < hMin) {
      return {
        ts,
        ys,
        failure: `step size underflow (h=${h.toExponential(2)}) at t=${t}; loosen rtol/atol or check the SDE for blow-up`,
        naccept,
        nreject,
      };
    }
    const tNext = Math.min(t + h, t1);
    const hh = tNext - t;
    const tMid = t + hh / 2;
    sample(tMid, wm, im);
    sample(tNext, w1, i1);
    for (let k = 0; k < m; k++) {
      dW1[k] = wm[k]! - w0[k]!;
      dW2[k] = w1[k]! - wm[k]!;
      dW[k] = w1[k]! - w0[k]!;
      if (dZ && dZ1 && dZ2) {
        // ∫ₛᵘ (W − W(s)) = I(u) − I(s) − (u − s)·W(s) with I(r) = ∫_{t0}^r (W − W(t0)).
        dZ1[k] = im[k]! - i0[k]! - (hh / 2) * w0[k]!;
        dZ2[k] = i1[k]! - im[k]! - (hh / 2) * wm[k]!;
        dZ[k] = i1[k]! - i0[k]! - hh * w0[k]!;
      }
    }
    step(t, y, hh, dW, dZ, big);
    step(t, y, hh / 2, dW1, dZ1, mid);
    step(tMid, mid, hh / 2, dW2, dZ2, small);
    let acc = 0;
    let finite = true;
    for (let i = 0; i < n; i++) {
      const s = small[i]!;
      if (!Number.isFinite(s) || !Number.isFinite(big[i]!)) finite = false;
      const sc = o.atol + o.rtol * Math.max(Math.abs(y[i]!), Math.abs(s));
      acc += ((s - big[i]!) / sc) ** 2;
    }
    const err = finite ? Math.sqrt(acc / n) : Number.POSITIVE_INFINITY;
    if (err <= 1) {
      const tmp = y;
      y = small;
      small = tmp;
      t = tNext;
      w0.set(w1);
      i0.set(i1);
      naccept++;
      if (o.saveSteps) {
        ts.push(t);
        ys.push(y.slice());
      }
    } else nreject++;
    // Safety 0.9; growth capped at 2 (rough paths make the error estimate noisy), shrink at most 5×.
    const factor = err === 0 ? 2 : Math.min(2, Math.max(0.2, 0.9 * err ** exponent));
    h = Math.min(maxStep, hh * factor);
  }
  if (!o.saveSteps) {
    ts.push(t1);
    ys.push(y.slice());
  }
  return { ts, ys, failure: null, naccept, nreject };
}
