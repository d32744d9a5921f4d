import { PolynomialSegment } from "../dense/polynomial.js";
import { selectInitialStep } from "../initial-step.js";
import { newtonSetup } from "../jacobian/newton-setup.js";
import type { ComplexShiftedFactor, ShiftedFactor } from "../linear/shifted-solver.js";
import type { DenseSegment, OdeSolver, StepFailure, Stepper, StepperContext } from "../types.js";
import { minStepAt, stepUnderflow } from "./step-limits.js";

const S6 = Math.sqrt(6);
const C = [(4 - S6) / 10, (4 + S6) / 10, 1];
const E = [(-13 - 7 * S6) / 3, (-13 + 7 * S6) / 3, -1 / 3];
const MU_REAL = 3 + 3 ** (2 / 3) - 3 ** (1 / 3);
const MU_RE = 3 + 0.5 * (3 ** (1 / 3) - 3 ** (2 / 3));
const MU_IM = -0.5 * (3 ** (5 / 6) + 3 ** (7 / 6));
const T = [
  [0.09443876248897524, -0.1412552950209542, 0.03002919410514742],
  [0.2502131229653333, 0.20412935229379994, -0.3829421127572619],
  [1, 1, 0],
];
const TI = [
  [4.178718591551904, 0.32768282076106237, 0.5233764454994495],
  [-4.178718591551904, -0.32768282076106237, 0.47662355450055044],
  [0.5028726349457868, -2.571926949855605, 0.5960392048282249],
];
const P = [
  [13 / 3 + (7 * S6) / 3, -23 / 3 - (22 * S6) / 3, 10 / 3 + 5 * S6],
  [13 / 3 - (7 * S6) / 3, -23 / 3 + (22 * S6) / 3, 10 / 3 - 5 * S6],
  [1 / 3, -8 / 3, 10 / 3],
];
const NEWTON_MAXITER = 6;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;

function rms(x: Float64Array, scale: Float64Array, n: number, offset = 0): number {
  let acc = 0;
  // 0/0 (a zero entry where atol = 0 and y = 0) counts as 0, not NaN.
  for (let i = 0; i < n; i++) if (x[offset + i] !== 0) acc += (x[offset + i]! / scale[i]!) ** 2;
  return Math.sqrt(acc / n);
}

function predictFactor(hAbs: number, hAbsOld: number | null, en: number, enOld: number | null): number {
  const mult = enOld === null || hAbsOld === null || en === 0 ? 1 : (hAbs / hAbsOld) * (enOld / en) ** 0.25;
  return Math.min(1, mult) * (en === 0 ? Number.POSITIVE_INFINITY : en ** -0.25);
}

/**
 * Radau IIA of order 5 (3-stage collocation, L-stable) with simplified Newton iterations on the
 * eigen-decomposed system (one real and one complex LU per factorisation), an embedded 3rd-order error
 * estimate, Gustafsson's predictive step control and Jacobian reuse: a faithful port of SciPy's `Radau`
 * (Hairer & Wanner, Solving ODEs II, §IV.8), so NFE/NJEV/NLU track SciPy. Dense output is the cubic
 * collocation polynomial.
 *
 * @example
 * ```ts
 * import { solveIvp } from "@continuum/ode";
 * const robertson = (_t: number, y: Float64Array) =>
 *   [-0.04 * y[0]! + 1e4 * y[1]! * y[2]!, 0.04 * y[0]! - 1e4 * y[1]! * y[2]! - 3e7 * y[1]! ** 2, 3e7 * y[1]! ** 2];
 * solveIvp(robertson, [0, 1e5], [1, 0, 0], { method: "Radau", rtol: 1e-6, atol: 1e-10 }).status; // 0
 * ```
 */
export function radau(): OdeSolver {
  return Object.freeze({
    name: "Radau",
    order: 5,
    errorOrder: 3,
    stiff: true,
    createStepper(ctx: StepperContext): Stepper {
      const { n, f, direction, rtol, atol, tEnd, maxStep, stats } = ctx;
      let t = ctx.t0;
      let y = ctx.y0.slice();
      let fy = new Float64Array(n);
      f(t, y, fy);
      let hAbs = ctx.firstStep ?? selectInitialStep(f, t, y, fy, direction, 3, rtol, atol);
      let hAbsOld: number | null = null;
      let errorNormOld: number | null = null;
      const newtonTol = Math.max((10 * Number.EPSILON) / rtol, Math.min(0.03, Math.sqrt(rtol)));
      const { jacobian, linear } = newtonSetup(ctx);
      const hasJacFn = !jacobian.constant;
      let J = jacobian.evaluate(t, y, fy);
      stats.njev++;
      let currentJac = true;
      let luReal: ShiftedFactor | null = null;
      let luComplex: ComplexShiftedFactor | null = null;
      let sol: PolynomialSegment | null = null;
      let tOld = t;
      let yOld = y.slice();
      let Q: Float64Array | null = null;
      let lastNonFinite = false;
      // Work arrays (3 stages × n).
      const Z = new Float64Array(3 * n);
      const W = new Float64Array(3 * n);
      const F = new Float64Array(3 * n);
      const dW = new Float64Array(3 * n);
      const ytmp = new Float64Array(n);
      const ftmp = new Float64Array(n);
      const fr = new Float64Array(n);
      const fcr = new Float64Array(n);
      const fci = new Float64Array(n);
      const scale = new Float64Array(n);
      const err = new Float64Array(n);
      const ZE = new Float64Array(n);
      const stage = new Float64Array(n);

      const factorReal = (h: number): ShiftedFactor => {
        stats.nlu++;
        return linear.factor(MU_REAL / h, 1, J);
      };
      const factorComplex = (h: number): ComplexShiftedFactor => {
        stats.nlu++;
        return linear.factorComplex(MU_RE / h, MU_IM / h, J);
      };

      /** Simplified Newton on the collocation system; returns [converged, nIter, rate]. */
      const solveCollocation = (
        h: number,
        lr: ShiftedFactor,
        lc: ComplexShiftedFactor,
      ): [boolean, number, number] => {
        const mReal = MU_REAL / h;
        const mRe = MU_RE / h;
        const mIm = MU_IM / h;
        // W = TI Z
        for (let r = 0; r < 3; r++) {
          for (let i = 0; i < n; i++) {
            W[r * n + i] = TI[r]![0]! * Z[i]! + TI[r]![1]! * Z[n + i]! + TI[r]![2]! * Z[2 * n + i]!;
          }
        }
        let dwNormOld: number | null = null;
        let rate = Number.NaN;
        let converged = false;
        let k = 0;
        for (k = 0; k < NEWTON_MAXITER; k++) {
          let finite = true;
          for (let r = 0; r < 3; r++) {
            for (let i = 0; i < n; i++) ytmp[i] = y[i]! + Z[r * n + i]!;
            f(t + h * C[r]!, ytmp, ftmp);
            for (let i = 0; i < n; i++) {
              const v = ftmp[i]!;
              if (!Number.isFinite(v)) finite = false;
              F[r * n + i] = v;
            }
          }
          if (!finite) {
            lastNonFinite = true;
            break;
          }
          for (let i = 0; i < n; i++) {
            const f0 = F[i]!;
            const f1 = F[n + i]!;
            const f2 = F[2 * n + i]!;
            fr[i] = TI[0]![0]! * f0 + TI[0]![1]! * f1 + TI[0]![2]! * f2 - mReal * W[i]!;
            // complex: (TI[1] + i TI[2])·F − (mRe + i mIm)(W1 + i W2)
            const cr = TI[1]![0]! * f0 + TI[1]![1]! * f1 + TI[1]![2]! * f2;
            const ci = TI[2]![0]! * f0 + TI[2]![1]! * f1 + TI[2]![2]! * f2;
            const w1 = W[n + i]!;
            const w2 = W[2 * n + i]!;
            fcr[i] = cr - (mRe * w1 - mIm * w2);
            fci[i] = ci - (mRe * w2 + mIm * w1);
          }
          lr.solve(fr);
          lc.solve(fcr, fci);
          dW.set(fr, 0);
          dW.set(fcr, n);
          dW.set(fci, 2 * n);
          let acc = 0;
          for (let r = 0; r < 3; r++) {
            for (let i = 0; i < n; i++) if (dW[r * n + i] !== 0) acc += (dW[r * n + i]! / scale[i]!) ** 2;
          }
          const dwNorm = Math.sqrt(acc / (3 * n));
          if (dwNormOld !== null) rate = dwNorm / dwNormOld;
          if (
            !Number.isNaN(rate) &&
            (rate >= 1 || (rate ** (NEWTON_MAXITER - k) / (1 - rate)) * dwNorm > newtonTol)
          ) {
            break;
          }
          for (let q = 0; q < 3 * n; q++) W[q]! += dW[q]!;
          for (let r = 0; r < 3; r++) {
            for (let i = 0; i < n; i++) {
              Z[r * n + i] = T[r]![0]! * W[i]! + T[r]![1]! * W[n + i]! + T[r]![2]! * W[2 * n + i]!;
            }
          }
          if (dwNorm === 0 || (!Number.isNaN(rate) && (rate / (1 - rate)) * dwNorm < newtonTol)) {
            converged = true;
            break;
          }
          dwNormOld = dwNorm;
        }
        return [converged, k + 1, rate];
      };

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
          let hA: number;
          let hAOld = hAbsOld;
          let enOld = errorNormOld;
          if (hAbs > maxStep) {
            hA = maxStep;
            hAOld = null;
            enOld = null;
          } else if (hAbs < minStep) {
            hA = minStep;
            hAOld = null;
            enOld = null;
          } else hA = hAbs;
          let lr = luReal;
          let lc = luComplex;
          let rejected = false;
          let accepted = false;
          let h = 0;
          let tNew = t;
          let nIter = 0;
          let rate = Number.NaN;
          let errorNorm = 0;
          let safety = 0.9;
          const yNew = new Float64Array(n);
          while (!accepted) {
            if (hA < minStep) return stepUnderflow(t, hA, lastNonFinite, "implicit");
            lastNonFinite = false;
            h = hA * direction;
            tNew = t + h;
            if (direction * (tNew - tEnd) > 0) tNew = tEnd;
            h = tNew - t;
            hA = Math.abs(h);
            if (sol === null) Z.fill(0);
            else {
              for (let r = 0; r < 3; r++) {
                sol.evaluate(t + h * C[r]!, stage);
                for (let i = 0; i < n; i++) Z[r * n + i] = stage[i]! - y[i]!;
              }
            }
            for (let i = 0; i < n; i++) scale[i] = atol[i]! + Math.abs(y[i]!) * rtol;
            let converged = false;
            while (!converged) {
              if (lr === null || lc === null) {
                lr = factorReal(h);
                lc = factorComplex(h);
              }
              [converged, nIter, rate] = solveCollocation(h, lr, lc);
              if (!converged) {
                if (currentJac) break;
                J = jacobian.evaluate(t, y, fy);
                stats.njev++;
                currentJac = true;
                lr = null;
                lc = null;
              }
            }
            if (!converged) {
              hA *= 0.5;
              lr = null;
              lc = null;
              stats.nrejected++;
              continue;
            }
            for (let i = 0; i < n; i++) {
              yNew[i] = y[i]! + Z[2 * n + i]!;
              ZE[i] = (Z[i]! * E[0]! + Z[n + i]! * E[1]! + Z[2 * n + i]! * E[2]!) / h;
              err[i] = fy[i]! + ZE[i]!;
            }
            lr!.solve(err);
            for (let i = 0; i < n; i++)
              scale[i] = atol[i]! + Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!)) * rtol;
            errorNorm = rms(err, scale, n);
            safety = (0.9 * (2 * NEWTON_MAXITER + 1)) / (2 * NEWTON_MAXITER + nIter);
            if (rejected && errorNorm > 1) {
              for (let i = 0; i < n; i++) ytmp[i] = y[i]! + err[i]!;
              f(t, ytmp, ftmp);
              for (let i = 0; i < n; i++) err[i] = ftmp[i]! + ZE[i]!;
              lr!.solve(err);
              errorNorm = rms(err, scale, n);
            }
            if (!(errorNorm <= 1)) {
              const factor = predictFactor(hA, hAOld, errorNorm, enOld);
              hA *= Number.isFinite(errorNorm) ? Math.max(MIN_FACTOR, safety * factor) : MIN_FACTOR;
              lr = null;
              lc = null;
              rejected = true;
              stats.nrejected++;
            } else accepted = true;
          }
          const recomputeJac = hasJacFn && nIter > 2 && rate > 1e-3;
          let factor = predictFactor(hA, hAOld, errorNorm, enOld);
          factor = Math.min(MAX_FACTOR, safety * factor);
          if (!recomputeJac && factor < 1.2) factor = 1;
          else {
            lr = null;
            lc = null;
          }
          const fNew = new Float64Array(n);
          f(tNew, yNew, fNew);
          if (recomputeJac) {
            J = jacobian.evaluate(tNew, yNew, fNew);
            stats.njev++;
            currentJac = true;
          } else if (hasJacFn) currentJac = false;
          hAbsOld = hAbs;
          errorNormOld = errorNorm;
          hAbs = hA * factor;
          yOld = y;
          tOld = t;
          t = tNew;
          y = yNew;
          fy = fNew;
          luReal = lr;
          luComplex = lc;
          // Dense output: Q = Zᵀ P (cubic collocation polynomial).
          Q = new Float64Array(3 * n);
          for (let j = 0; j < 3; j++) {
            for (let i = 0; i < n; i++) {
              Q[j * n + i] = Z[i]! * P[0]![j]! + Z[n + i]! * P[1]![j]! + Z[2 * n + i]! * P[2]![j]!;
            }
          }
          sol = new PolynomialSegment(tOld, t, yOld, Q, 3);
          stats.naccepted++;
          return null;
        },
        dense(): DenseSegment {
          if (!sol) throw new Error("Radau: dense() called before the first step");
          return sol;
        },
      };
      return stepper;
    },
  });
}
