import { selectInitialStep } from "../initial-step.js";
import { newtonSetup } from "../jacobian/newton-setup.js";
import type { ShiftedFactor } from "../linear/shifted-solver.js";
import type { DenseSegment, OdeSolver, StepFailure, Stepper, StepperContext } from "../types.js";
import { minStepAt, stepUnderflow } from "./step-limits.js";

const MAX_ORDER = 5;
const NEWTON_MAXITER = 4;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const KAPPA = [0, -0.185, -1 / 9, -0.0823, -0.0415, 0];
const GAMMA = [0];
for (let k = 1; k <= MAX_ORDER; k++) GAMMA.push(GAMMA[k - 1]! + 1 / k);
const ALPHA = KAPPA.map((k, i) => (1 - k) * GAMMA[i]!);
const ERROR_CONST = KAPPA.map((k, i) => k * GAMMA[i]! + 1 / (i + 1));

/** R matrix for rescaling the difference array (Shampine & Reichelt 1997), (order+1)², row-major. */
function computeR(order: number, factor: number): Float64Array {
  const m = order + 1;
  const M = new Float64Array(m * m);
  for (let j = 0; j < m; j++) M[j] = 1;
  for (let i = 1; i < m; i++) for (let j = 1; j < m; j++) M[i * m + j] = (i - 1 - factor * j) / i;
  for (let i = 1; i < m; i++) for (let j = 0; j < m; j++) M[i * m + j]! *= M[(i - 1) * m + j]!;
  return M;
}

/** D[:order+1] ← (R·U)ᵀ D[:order+1] when the step changes by `factor`. */
function changeD(D: Float64Array[], order: number, factor: number, n: number): void {
  const m = order + 1;
  const R = computeR(order, factor);
  const U = computeR(order, 1);
  const RU = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const r = R[i * m + k]!;
      if (r === 0) continue;
      for (let j = 0; j < m; j++) RU[i * m + j]! += r * U[k * m + j]!;
    }
  }
  const old = D.slice(0, m).map((d) => d.slice());
  for (let j = 0; j < m; j++) {
    const out = D[j]!;
    out.fill(0);
    for (let i = 0; i < m; i++) {
      const w = RU[i * m + j]!;
      if (w === 0) continue;
      const src = old[i]!;
      for (let k = 0; k < n; k++) out[k]! += w * src[k]!;
    }
  }
}

function rms(x: Float64Array, scale: Float64Array): number {
  let acc = 0;
  // 0/0 (a zero entry where atol = 0 and y = 0) counts as 0, not NaN.
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) acc += (x[i]! / scale[i]!) ** 2;
  return x.length ? Math.sqrt(acc / x.length) : 0;
}

/**
 * Variable-order (1–5) BDF / NDF with quasi-constant step size, a port of SciPy's `BDF` (Shampine &
 * Reichelt 1997, "The MATLAB ODE Suite"; Byrne & Hindmarsh 1975): simplified Newton with LU and Jacobian
 * reuse, order selection from the neighbouring-order error estimates, and the backward-difference
 * interpolant as dense output.
 *
 * @example
 * ```ts
 * import { solveIvp } from "@continuum/ode";
 * solveIvp((_t, y) => [-1000 * (y[0]! - Math.cos(_t))], [0, 1], [0], { method: "BDF" }).status; // 0
 * ```
 */
export function bdf(): OdeSolver {
  return Object.freeze({
    name: "BDF",
    order: 5,
    errorOrder: 1,
    stiff: true,
    createStepper(ctx: StepperContext): Stepper {
      const { n, f, direction, rtol, atol, tEnd, maxStep, stats } = ctx;
      let t = ctx.t0;
      let y = ctx.y0.slice();
      const f0 = new Float64Array(n);
      f(t, y, f0);
      let hAbs = ctx.firstStep ?? selectInitialStep(f, t, y, f0, direction, 1, rtol, atol);
      const newtonTol = Math.max((10 * Number.EPSILON) / rtol, Math.min(0.03, Math.sqrt(rtol)));
      const { jacobian, linear } = newtonSetup(ctx);
      const fJac = new Float64Array(n);
      const jacAt = (tt: number, yy: Float64Array): Float64Array => {
        if (!jacobian.analytic) {
          ctx.fJacobian(tt, yy, fJac); // SciPy evaluates this f outside nfev too
        }
        stats.njev++;
        return jacobian.evaluate(tt, yy, fJac);
      };
      let J = jacobian.constant ? jacobian.evaluate(t, y, f0) : jacAt(t, y);
      const D: Float64Array[] = Array.from({ length: MAX_ORDER + 3 }, () => new Float64Array(n));
      D[0]!.set(y);
      for (let i = 0; i < n; i++) D[1]![i] = f0[i]! * hAbs * direction;
      let order = 1;
      let nEqualSteps = 0;
      let LU: ShiftedFactor | null = null;
      let tOld = t;
      let lastNonFinite = false;
      let seg: DenseSegment | null = null;
      const yPredict = new Float64Array(n);
      const psi = new Float64Array(n);
      const scale = new Float64Array(n);
      const fv = new Float64Array(n);
      const dy = new Float64Array(n);
      const err = new Float64Array(n);

      const factorLu = (c: number): ShiftedFactor => {
        stats.nlu++;
        return linear.factor(1, c, J);
      };

      const solveSystem = (
        tNew: number,
        c: number,
        lu: ShiftedFactor,
        yOut: Float64Array,
        d: Float64Array,
      ) => {
        d.fill(0);
        yOut.set(yPredict);
        let dyNormOld: number | null = null;
        let converged = false;
        let k = 0;
        for (k = 0; k < NEWTON_MAXITER; k++) {
          f(tNew, yOut, fv);
          let finite = true;
          for (let i = 0; i < n; i++) if (!Number.isFinite(fv[i]!)) finite = false;
          if (!finite) {
            lastNonFinite = true;
            break;
          }
          for (let i = 0; i < n; i++) dy[i] = c * fv[i]! - psi[i]! - d[i]!;
          lu.solve(dy);
          const dyNorm = rms(dy, scale);
          const rate = dyNormOld === null ? Number.NaN : dyNorm / dyNormOld;
          if (
            !Number.isNaN(rate) &&
            (rate >= 1 || (rate ** (NEWTON_MAXITER - k) / (1 - rate)) * dyNorm > newtonTol)
          ) {
            break;
          }
          for (let i = 0; i < n; i++) {
            yOut[i]! += dy[i]!;
            d[i]! += dy[i]!;
          }
          if (dyNorm === 0 || (!Number.isNaN(rate) && (rate / (1 - rate)) * dyNorm < newtonTol)) {
            converged = true;
            break;
          }
          dyNormOld = dyNorm;
        }
        return { converged, nIter: k + 1 };
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
          if (hAbs > maxStep) {
            hA = maxStep;
            changeD(D, order, maxStep / hAbs, n);
            nEqualSteps = 0;
          } else if (hAbs < minStep) {
            hA = minStep;
            changeD(D, order, minStep / hAbs, n);
            nEqualSteps = 0;
          } else hA = hAbs;
          let currentJac = jacobian.constant;
          let accepted = false;
          let tNew = t;
          let errorNorm = 0;
          let safety = 0.9;
          const yNew = new Float64Array(n);
          const d = new Float64Array(n);
          while (!accepted) {
            if (hA < minStep) return stepUnderflow(t, hA, lastNonFinite, "implicit");
            lastNonFinite = false;
            let h = hA * direction;
            tNew = t + h;
            if (direction * (tNew - tEnd) > 0) {
              tNew = tEnd;
              changeD(D, order, Math.abs(tNew - t) / hA, n);
              nEqualSteps = 0;
              LU = null;
            }
            h = tNew - t;
            hA = Math.abs(h);
            yPredict.fill(0);
            for (let j = 0; j <= order; j++) for (let i = 0; i < n; i++) yPredict[i]! += D[j]![i]!;
            for (let i = 0; i < n; i++) scale[i] = atol[i]! + rtol * Math.abs(yPredict[i]!);
            psi.fill(0);
            for (let j = 1; j <= order; j++) {
              const w = GAMMA[j]! / ALPHA[order]!;
              for (let i = 0; i < n; i++) psi[i]! += w * D[j]![i]!;
            }
            const c = h / ALPHA[order]!;
            let converged = false;
            let nIter = 0;
            for (;;) {
              LU ??= factorLu(c);
              ({ converged, nIter } = solveSystem(tNew, c, LU, yNew, d));
              if (converged || currentJac) break;
              J = jacAt(tNew, yPredict);
              LU = null;
              currentJac = true;
            }
            if (!converged) {
              hA *= 0.5;
              changeD(D, order, 0.5, n);
              nEqualSteps = 0;
              LU = null;
              stats.nrejected++;
              continue;
            }
            safety = (0.9 * (2 * NEWTON_MAXITER + 1)) / (2 * NEWTON_MAXITER + nIter);
            for (let i = 0; i < n; i++) {
              scale[i] = atol[i]! + rtol * Math.abs(yNew[i]!);
              err[i] = ERROR_CONST[order]! * d[i]!;
            }
            errorNorm = rms(err, scale);
            if (errorNorm > 1) {
              const factor = Math.max(MIN_FACTOR, safety * errorNorm ** (-1 / (order + 1)));
              hA *= factor;
              changeD(D, order, factor, n);
              nEqualSteps = 0;
              stats.nrejected++;
            } else accepted = true;
          }
          nEqualSteps++;
          tOld = t;
          t = tNew;
          y = yNew;
          hAbs = hA;
          for (let i = 0; i < n; i++) {
            D[order + 2]![i] = d[i]! - D[order + 1]![i]!;
            D[order + 1]![i] = d[i]!;
          }
          for (let j = order; j >= 0; j--) for (let i = 0; i < n; i++) D[j]![i]! += D[j + 1]![i]!;
          seg = null;
          stats.naccepted++;
          if (nEqualSteps < order + 1) return null;
          let errM = Number.POSITIVE_INFINITY;
          let errP = Number.POSITIVE_INFINITY;
          if (order > 1) {
            for (let i = 0; i < n; i++) err[i] = ERROR_CONST[order - 1]! * D[order]![i]!;
            errM = rms(err, scale);
          }
          if (order < MAX_ORDER) {
            for (let i = 0; i < n; i++) err[i] = ERROR_CONST[order + 1]! * D[order + 2]![i]!;
            errP = rms(err, scale);
          }
          const norms = [errM, errorNorm, errP];
          const factors = norms.map((e, i) => (e === 0 ? Number.POSITIVE_INFINITY : e ** (-1 / (order + i))));
          let best = 0;
          for (let i = 1; i < 3; i++) if (factors[i]! > factors[best]!) best = i;
          order += best - 1;
          const factor = Math.min(MAX_FACTOR, safety * factors[best]!);
          hAbs *= factor;
          changeD(D, order, factor, n);
          nEqualSteps = 0;
          LU = null;
          return null;
        },
        dense(): DenseSegment {
          if (t === tOld) throw new Error("BDF: dense() called before the first step");
          // The backward-difference interpolant through the last order+1 points, read from the current
          // (possibly rescaled) difference array, as SciPy's BdfDenseOutput.
          if (seg) return seg;
          const segOrder = order;
          const segD = D.slice(0, segOrder + 1).map((x) => x.slice());
          const segH = hAbs * direction;
          const t0s = tOld;
          const t1s = t;
          seg = {
            t0: t0s,
            t1: t1s,
            evaluate(tt: number, out?: Float64Array) {
              const res = out ?? new Float64Array(n);
              res.set(segD[0]!);
              let p = 1;
              for (let j = 0; j < segOrder; j++) {
                p *= (tt - (t1s - segH * j)) / (segH * (1 + j));
                const Dj = segD[j + 1]!;
                for (let i = 0; i < n; i++) res[i]! += p * Dj[i]!;
              }
              return res;
            },
          };
          return seg;
        },
      };
      return stepper;
    },
  });
}
