import { PolynomialSegment, hermiteSegment } from "../dense/polynomial.js";
import { SubstepHermiteSegment } from "../dense/substep-hermite.js";
import { selectInitialStep } from "../initial-step.js";
import { scaledRmsNorm } from "../norm.js";
import type { ButcherTableau } from "../tableaus/butcher.js";
import type { DenseSegment, OdeSolver, StepFailure, Stepper, StepperContext } from "../types.js";
import { minStepAt, stepUnderflow } from "./step-limits.js";

interface Row {
  readonly idx: Int32Array;
  readonly w: Float64Array;
}

function sparseRows(a: readonly (readonly number[])[]): Row[] {
  return a.map((row) => {
    const idx: number[] = [];
    const w: number[] = [];
    row.forEach((x, j) => {
      if (x !== 0) {
        idx.push(j);
        w.push(x);
      }
    });
    return { idx: Int32Array.from(idx), w: Float64Array.from(w) };
  });
}

function nonzero(v: readonly number[] | undefined): Row | null {
  return v ? sparseRows([v])[0]! : null;
}

/**
 * The generic explicit Runge–Kutta engine: turns a Butcher tableau (data) into an ODE solver with embedded
 * error control, FSAL reuse, and the tableau's own dense output (fallback: cubic Hermite, or for order ≥ 6 a
 * degree-7 Hermite through two sub-steps of the method). Adaptive when the tableau has error weights and the
 * controller is adaptive; constant-step otherwise.
 *
 * @example
 * ```ts
 * import { explicitRungeKutta, TSIT5, solveIvp } from "@continuum/ode";
 * const tsit5 = explicitRungeKutta(TSIT5);
 * solveIvp((_t, y) => [-y[0]!], [0, 1], [1], { method: tsit5, rtol: 1e-8 }).y.at(-1)![0]; // ≈ 0.3678795 (default atol 1e-6)
 * ```
 */
export function explicitRungeKutta(tableau: ButcherTableau): OdeSolver {
  const s = tableau.b.length;
  const rows = sparseRows(tableau.a);
  const bRow = nonzero(tableau.b)!;
  const eRow = nonzero(tableau.bErr);
  const e3Row = nonzero(tableau.bErr3);
  const c = Float64Array.from(tableau.c);
  const dense = tableau.dense;
  const fsal = tableau.fsal;
  const extraRows = dense?.a ? sparseRows(dense.a) : [];
  const extraC = dense?.c ? Float64Array.from(dense.c) : new Float64Array(0);
  // An extra stage at c = 1 with weights b (Verner's interpolants) is f(t₁, y₁), which a non-FSAL method has
  // already evaluated for the next step: reuse it instead of calling f again.
  const extraIsFNew = (dense?.a ?? []).map(
    (row, e) => !fsal && extraC[e] === 1 && row.every((x, j) => x === (j < s ? tableau.b[j] : 0)),
  );
  const P = dense?.P;
  const degree = P ? P[0]!.length : 0;
  const errorOrder = tableau.errorOrder ?? null;
  const initOrder = errorOrder ?? tableau.order;
  // Without a continuous extension, a cubic Hermite is enough up to order 4; above that it would throw away
  // the method's accuracy between steps (Vern9: 4e-4 vs 1e-9 at the steps), so use the degree-7 Hermite fed
  // by two sub-steps of the method itself.
  const substepDense = !P && tableau.order >= 6;
  // Stiffness detection needs two stages at c = 1 (FSAL pairs such as Dopri5, Tsit5, DOP853).
  const canDetectStiffness = fsal && s >= 3 && c[s - 1] === 1 && c[s - 2] === 1;

  return Object.freeze({
    name: tableau.name,
    order: tableau.order,
    errorOrder,
    stiff: false,
    tableau,
    createStepper(ctx: StepperContext): Stepper {
      const { n, f, direction, rtol, atol, tEnd, maxStep } = ctx;
      const adaptive = ctx.adaptive && eRow !== null;
      if (ctx.adaptive && eRow === null) {
        throw new Error(
          `${ctx.where ?? "solve"}: method '${tableau.name}' has no error estimate, so it needs a constant step: pass dt0 (firstStep) and controller constantStepSize()`,
        );
      }
      const controller = ctx.controller;
      let cstate = controller.init(initOrder);
      const K: Float64Array[] = [];
      for (let i = 0; i < s + extraC.length; i++) K.push(new Float64Array(n));
      let t = ctx.t0;
      let y = ctx.y0.slice();
      let yNew = new Float64Array(n);
      let yOld = y.slice();
      let tOld = t;
      let h = 0;
      const ytmp = new Float64Array(n);
      const err = new Float64Array(n);
      const fCur = new Float64Array(n);
      f(t, y, fCur);
      const fOldStep = fCur.slice();
      let hAbs: number;
      if (ctx.firstStep !== undefined) hAbs = ctx.firstStep;
      else if (!adaptive)
        throw new Error(`${ctx.where ?? "solve"}: constant-step integration needs dt0 (firstStep)`);
      else hAbs = selectInitialStep(f, t, y, fCur, direction, initOrder, rtol, atol);
      let denseCache: DenseSegment | null = null;
      let extraDone = false;
      // Scratch stages of the dense-output sub-steps (used one sub-step at a time, also after the solve).
      const Ksub: Float64Array[] = substepDense ? K.slice(0, s).map(() => new Float64Array(n)) : [];
      const ysub = substepDense ? new Float64Array(n) : ytmp;
      /** One step of the method of size hh from (t0s, y0s) with f(t0s, y0s) = f0s; the result goes to out. */
      /** out = base + hh · Σ w_m · stages[idx_m] over the row's nonzero weights (the step's stages by default). */
      const combine = (row: Row, hh: number, base: Float64Array, out: Float64Array, stages = K) => {
        out.set(base);
        const { idx, w } = row;
        for (let m = 0; m < idx.length; m++) {
          const kj = stages[idx[m]!]!;
          const wj = hh * w[m]!;
          for (let k = 0; k < n; k++) out[k]! += wj * kj[k]!;
        }
      };

      const substep = (t0s: number, y0s: Float64Array, f0s: Float64Array, hh: number, out: Float64Array) => {
        Ksub[0]!.set(f0s);
        for (let i = 1; i < s; i++) {
          combine(rows[i]!, hh, y0s, ysub, Ksub);
          f(t0s + c[i]! * hh, ysub, Ksub[i]!);
        }
        combine(bRow, hh, y0s, out, Ksub);
      };

      const attempt = (hh: number): void => {
        K[0]!.set(fCur);
        for (let i = 1; i < s; i++) {
          const target = fsal && i === s - 1 ? yNew : ytmp;
          combine(rows[i]!, hh, y, target);
          f(t + c[i]! * hh, target, K[i]!);
        }
        if (!fsal) combine(bRow, hh, y, yNew);
      };

      const errorNorm = (hh: number): number => {
        err.fill(0);
        if (e3Row === null) {
          const { idx, w } = eRow!;
          for (let m = 0; m < idx.length; m++) {
            const kj = K[idx[m]!]!;
            const wj = hh * w[m]!;
            for (let k = 0; k < n; k++) err[k]! += wj * kj[k]!;
          }
          return scaledRmsNorm(err, y, yNew, rtol, atol);
        }
        // DOP853: |h|·‖e5‖² / sqrt(n(‖e5‖² + 0.01‖e3‖²)) (Hairer's DOP853, as in SciPy).
        let n5 = 0;
        let n3 = 0;
        for (let k = 0; k < n; k++) {
          let e5 = 0;
          let e3 = 0;
          for (let m = 0; m < eRow!.idx.length; m++) e5 += eRow!.w[m]! * K[eRow!.idx[m]!]![k]!;
          for (let m = 0; m < e3Row.idx.length; m++) e3 += e3Row.w[m]! * K[e3Row.idx[m]!]![k]!;
          const a = Math.abs(y[k]!);
          const b = Math.abs(yNew[k]!);
          const sc = atol[k]! + rtol * Math.max(a, b);
          if (sc === 0 && e5 === 0 && e3 === 0) continue; // 0/0 (atol = 0, y = 0) is no error, not NaN
          n5 += (e5 / sc) ** 2;
          n3 += (e3 / sc) ** 2;
        }
        if (n5 === 0 && n3 === 0) return 0;
        return (Math.abs(hh) * n5) / Math.sqrt((n5 + 0.01 * n3) * n);
      };

      let lastNonFinite = false;
      let stepCount = 0;
      let stiffRatio = Number.NaN;
      const stepper: Stepper = {
        get t() {
          return t;
        },
        get y() {
          return y;
        },
        get tOld() {
          return tOld;
        },
        step(): StepFailure | null {
          const minStep = minStepAt(t, direction);
          if (hAbs > maxStep) hAbs = maxStep;
          else if (adaptive && hAbs < minStep) hAbs = minStep;
          let rejected = false;
          for (;;) {
            if (adaptive && hAbs < minStep) return stepUnderflow(t, hAbs, lastNonFinite, "explicit");
            let tNew: number;
            if (adaptive) tNew = t + hAbs * direction;
            else {
              // Constant steps land on t0 + k·dt exactly (no drift from repeated additions); a remainder
              // below 1e-9·dt is absorbed into the last step.
              tNew = ctx.t0 + (stepCount + 1) * hAbs * direction;
              if (direction * (tEnd - tNew) < 1e-9 * hAbs) tNew = tEnd;
            }
            if (direction * (tNew - tEnd) > 0) tNew = tEnd;
            const hh = tNew - t;
            attempt(hh);
            let accept = true;
            let factor = 1;
            if (adaptive) {
              const en = errorNorm(hh);
              lastNonFinite = !Number.isFinite(en);
              const d = controller.adapt(cstate, lastNonFinite ? Number.NaN : en, rejected);
              accept = d.accept;
              factor = d.factor;
              if (accept) cstate = d.state;
            } else {
              for (let k = 0; k < n; k++) {
                if (!Number.isFinite(yNew[k]!)) {
                  return {
                    reason: "non-finite",
                    message: `non-finite state at t=${tNew} with constant step ${Math.abs(hh)}; reduce dt0 or use an adaptive or stiff method ('Radau', 'BDF')`,
                  };
                }
              }
            }
            if (!accept) {
              hAbs = Math.abs(hh) * factor;
              rejected = true;
              ctx.stats.nrejected++;
              continue;
            }
            // Accept.
            if (canDetectStiffness) {
              // |h|·‖K_s − K_{s−1}‖ / ‖y₁ − Y_{s−1}‖: both stages at t + h, so this estimates |h|·ρ(J).
              let num = 0;
              let den = 0;
              const ka = K[s - 1]!;
              const kb = K[s - 2]!;
              for (let k = 0; k < n; k++) {
                num += (ka[k]! - kb[k]!) ** 2;
                den += (yNew[k]! - ytmp[k]!) ** 2;
              }
              stiffRatio = den > 0 ? Math.abs(hh) * Math.sqrt(num / den) : 0;
            }
            h = hh;
            tOld = t;
            const tmpY = yOld;
            yOld = y;
            y = yNew;
            yNew = tmpY;
            t = tNew;
            fOldStep.set(fCur);
            if (fsal) fCur.set(K[s - 1]!);
            else f(t, y, fCur);
            if (adaptive) hAbs = Math.abs(hh) * factor;
            ctx.stats.naccepted++;
            stepCount++;
            denseCache = null;
            extraDone = false;
            return null;
          }
        },
        stiffness: () => stiffRatio,
        dense(): DenseSegment {
          if (denseCache) return denseCache;
          if (!P && substepDense) {
            const t0s = tOld;
            const hs = h;
            const y0s = yOld.slice();
            const f0s = fOldStep.slice();
            denseCache = new SubstepHermiteSegment(
              t0s,
              t,
              y0s,
              y.slice(),
              f0s,
              fCur.slice(),
              (th, yo, fo) => {
                substep(t0s, y0s, f0s, th * hs, yo);
                f(t0s + th * hs, yo, fo);
              },
            );
            return denseCache;
          }
          if (!P) {
            denseCache = hermiteSegment(tOld, t, yOld, y, fOldStep, fCur);
            return denseCache;
          }
          if (!extraDone && extraRows.length > 0) {
            for (let e = 0; e < extraRows.length; e++) {
              if (extraIsFNew[e]) {
                K[s + e]!.set(fCur);
                continue;
              }
              combine(extraRows[e]!, h, yOld, ytmp);
              f(tOld + extraC[e]! * h, ytmp, K[s + e]!);
            }
            extraDone = true;
          }
          const q = new Float64Array(degree * n);
          for (let i = 0; i < P.length; i++) {
            const Pi = P[i]!;
            const Ki = K[i]!;
            for (let j = 0; j < degree; j++) {
              const w = h * Pi[j]!;
              if (w === 0) continue;
              const off = j * n;
              for (let k = 0; k < n; k++) q[off + k]! += w * Ki[k]!;
            }
          }
          denseCache = new PolynomialSegment(tOld, t, yOld.slice(), q, degree);
          return denseCache;
        },
      };
      return stepper;
    },
  });
}
