import { SubstepHermiteSegment } from "../dense/substep-hermite.js";
import { selectInitialStep } from "../initial-step.js";
import { newtonSetup } from "../jacobian/newton-setup.js";
import { scaledRmsNorm } from "../norm.js";
import type { DenseSegment, OdeSolver, StepFailure, Stepper, StepperContext } from "../types.js";
import { minStepAt, stepUnderflow } from "./step-limits.js";

const SQRT_EPS = Math.sqrt(Number.EPSILON);
/**
 * Rosenbrock–Wanner tableau in the W-transformed form used by DifferentialEquations.jl and diffrax:
 * (I/(hγ₀) − J) uᵢ = f(t + αᵢh, y + Σⱼ aᵢⱼuⱼ) + Σⱼ (cᵢⱼ/h) uⱼ + hγᵢ ∂f/∂t,  y₁ = y + Σ mᵢuᵢ.
 *
 * @example
 * ```ts
 * import { RODAS5P_TABLEAU } from "@continuum/ode";
 * RODAS5P_TABLEAU.gamma[0]; // 0.21193756319429014
 * ```
 */
export interface RosenbrockTableau {
  readonly name: string;
  readonly a: readonly (readonly number[])[];
  readonly c: readonly (readonly number[])[];
  readonly alpha: readonly number[];
  readonly gamma: readonly number[];
  readonly m: readonly number[];
  readonly mErr: readonly number[];
  readonly order: number;
  readonly errorOrder: number;
}

const R1 = [
  -7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946,
];

/**
 * Rodas5P: 8-stage, order-5 stiffly accurate Rosenbrock method with an order-4 embedded solution
 * (Steinebach 2023, BIT Numer. Math. 63:27), coefficients as in diffrax/DifferentialEquations.jl.
 *
 * @example
 * ```ts
 * import { RODAS5P_TABLEAU } from "@continuum/ode";
 * RODAS5P_TABLEAU.m.length; // 8
 * ```
 */
export const RODAS5P_TABLEAU: RosenbrockTableau = Object.freeze({
  name: "Rodas5P",
  a: [
    [],
    [3.0],
    [2.849394379747939, 0.45842242204463923],
    [-6.954028509809101, 2.489845061869568, -10.358996098473584],
    [2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641],
    R1,
    [...R1, 1.0],
    [...R1, 1.0, 1.0],
  ],
  c: [
    [],
    [-14.155112264123755],
    [-17.97296035885952, -2.859693295451294],
    [147.12150275711716, -1.41221402718213, 71.68940251302358],
    [165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306],
    [24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471],
    [
      30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623,
      -28.087943162872662,
    ],
    [
      37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002,
      -54.66780262877968, -9.48861652309627,
    ],
  ],
  alpha: [0.0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1.0, 1.0, 1.0],
  gamma: [
    0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069, 0,
    0, 0,
  ],
  // y₁ includes all eight stages (order 5); the embedded order-4 solution stops at stage 7, so the error
  // estimate is u₈ (Steinebach 2023; OrdinaryDiffEq's Rodas5P takes u = u₇-sum + k₈ and err = k₈).
  m: [...R1, 1.0, 1.0, 1.0],
  mErr: [...R1, 1.0, 1.0, 0.0],
  order: 5,
  errorOrder: 4,
});

/**
 * A Rosenbrock (linearly implicit) solver from a {@link RosenbrockTableau}: one LU of (I/(hγ₀) − J) per
 * step attempt, no Newton iterations, Jacobian and ∂f/∂t (finite difference, one f evaluation) once per
 * step, error control by the embedded solution through the step-size controller. Dense output: the degree-7
 * Hermite through θ = 0, ⅓, ⅔, 1 of the step, the interior states from two sub-steps of the method (built when
 * first read: one Jacobian, two LUs and 2·8 f evaluations; the cubic Hermite it replaces lost 3 orders between
 * steps).
 * Default tableau: Rodas5P.
 *
 * @example
 * ```ts
 * import { rodas5p, solveIvp } from "@continuum/ode";
 * const vdp = (_t: number, y: Float64Array) => [y[1]!, 1000 * (1 - y[0]! ** 2) * y[1]! - y[0]!];
 * solveIvp(vdp, [0, 3000], [2, 0], { method: rodas5p(), rtol: 1e-6, atol: 1e-6 }).status; // 0
 * ```
 */
export function rodas5p(tableau: RosenbrockTableau = RODAS5P_TABLEAU): OdeSolver {
  const s = tableau.m.length;
  const g0 = tableau.gamma[0]!;
  const last = tableau.a[s - 1]!;
  const fsal =
    tableau.alpha[s - 1] === 1 &&
    tableau.m[s - 1] === 0 &&
    last.length === s - 1 &&
    last.every((x, j) => x === tableau.m[j]);
  return Object.freeze({
    name: tableau.name,
    order: tableau.order,
    errorOrder: tableau.errorOrder,
    stiff: true,
    createStepper(ctx: StepperContext): Stepper {
      const { n, f, direction, rtol, atol, tEnd, maxStep, stats, controller } = ctx;
      if (!ctx.adaptive)
        throw new Error(`${ctx.where ?? "solve"}: ${tableau.name} needs an adaptive step-size controller`);
      let cstate = controller.init(tableau.errorOrder);
      let t = ctx.t0;
      let y = ctx.y0.slice();
      let fy = new Float64Array(n);
      f(t, y, fy);
      const spanLength = Math.abs(tEnd - ctx.t0);
      let hAbs = ctx.firstStep ?? selectInitialStep(f, t, y, fy, direction, tableau.errorOrder, rtol, atol);
      const { jacobian, linear } = newtonSetup(ctx, "central");
      let tOld = t;
      let yOld = y.slice();
      let fOld = fy.slice();
      const U: Float64Array[] = Array.from({ length: s }, () => new Float64Array(n));
      const ytmp = new Float64Array(n);
      const vf = new Float64Array(n);
      const ft = new Float64Array(n);
      const err = new Float64Array(n);
      let lastNonFinite = false;
      let seg: DenseSegment | null = null;
      let jacNorm = 0;

      /**
       * ∂f/∂t at (tt, yy) by a forward difference (exact for autonomous problems), with increment √ε·T for a
       * time scale T = max(|h|, min(1, |t₁ − t₀|)) that does not depend on where t = 0 is: the former
       * √ε·max(1, |t|) was 15 at t = 1e9 and larger than the whole span on [0, 1e-8], so ∂f/∂t was garbage
       * there and the error control took 100–1000× more f evaluations (up to a failed solve). The increment
       * stays ≥ 4 ulps of t, and the quotient uses the representable increment (t + δ) − t.
       */
      const timeDerivative = (
        tt: number,
        yy: Float64Array,
        fyy: Float64Array,
        hTry: number,
        out: Float64Array,
      ) => {
        const scale = Math.max(hTry, Math.min(1, spanLength));
        const delta = Math.max(SQRT_EPS * scale, 4 * Number.EPSILON * Math.abs(tt), Number.MIN_VALUE);
        const dt = tt + delta * direction - tt;
        f(tt + dt, yy, out);
        for (let i = 0; i < n; i++) out[i] = (out[i]! - fyy[i]!) / dt;
      };

      /**
       * The stages of one step of size h from (t0s, y0s) with f(t0s, y0s) = fy0, the factored (I/(hγ₀) − J) and
       * ∂f/∂t = ftv; y₁ goes to `out`, the embedded error to `errOut`. `vfb` ends holding the last stage's f.
       */
      const stages = (
        t0s: number,
        y0s: Float64Array,
        fy0: Float64Array,
        h: number,
        lu: { solve(b: Float64Array): unknown },
        ftv: Float64Array,
        Ub: Float64Array[],
        yb: Float64Array,
        vfb: Float64Array,
        out: Float64Array,
        errOut: Float64Array | null,
      ) => {
        for (let st = 0; st < s; st++) {
          const ai = tableau.a[st]!;
          const ci = tableau.c[st]!;
          yb.set(y0s);
          for (let j = 0; j < ai.length; j++) {
            const w = ai[j]!;
            if (w === 0) continue;
            const uj = Ub[j]!;
            for (let k = 0; k < n; k++) yb[k]! += w * uj[k]!;
          }
          if (st === 0) vfb.set(fy0);
          else f(t0s + tableau.alpha[st]! * h, yb, vfb);
          const u = Ub[st]!;
          const gh = h * tableau.gamma[st]!;
          for (let k = 0; k < n; k++) u[k] = vfb[k]! + gh * ftv[k]!;
          for (let j = 0; j < ci.length; j++) {
            const w = ci[j]! / h;
            const uj = Ub[j]!;
            for (let k = 0; k < n; k++) u[k]! += w * uj[k]!;
          }
          lu.solve(u);
        }
        out.set(y0s);
        errOut?.fill(0);
        for (let st = 0; st < s; st++) {
          const m = tableau.m[st]!;
          const e = m - tableau.mErr[st]!;
          const u = Ub[st]!;
          for (let k = 0; k < n; k++) {
            out[k]! += m * u[k]!;
            if (errOut) errOut[k]! += e * u[k]!;
          }
        }
      };

      // Dense output: sub-steps of the method itself from the step's start, with their own Jacobian provider
      // and linear solver (so reading dense output never changes the main integration), built on first use.
      let denseTools: {
        setup: ReturnType<typeof newtonSetup>;
        U: Float64Array[];
        yb: Float64Array;
        vfb: Float64Array;
        ftv: Float64Array;
      } | null = null;
      const substepSegment = (
        t0s: number,
        t1s: number,
        y0s: Float64Array,
        y1s: Float64Array,
        f0s: Float64Array,
        f1s: Float64Array,
      ) => {
        const h = t1s - t0s;
        let J: Float64Array | null = null;
        return new SubstepHermiteSegment(t0s, t1s, y0s, y1s, f0s, f1s, (theta, yo, fo) => {
          denseTools ??= {
            setup: newtonSetup(ctx, "central"),
            U: Array.from({ length: s }, () => new Float64Array(n)),
            yb: new Float64Array(n),
            vfb: new Float64Array(n),
            ftv: new Float64Array(n),
          };
          const d = denseTools;
          if (J === null) {
            J = d.setup.jacobian.evaluate(t0s, y0s, f0s);
            stats.njev++;
          }
          timeDerivative(t0s, y0s, f0s, Math.abs(h), d.ftv);
          const hs = theta * h;
          const lu = d.setup.linear.factor(1 / (hs * g0), 1, J);
          stats.nlu++;
          stages(t0s, y0s, f0s, hs, lu, d.ftv, d.U, d.yb, d.vfb, yo, null);
          f(t0s + hs, yo, fo);
        });
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
          if (hAbs > maxStep) hAbs = maxStep;
          else if (hAbs < minStep) hAbs = minStep;
          const J = jacobian.evaluate(t, y, fy);
          stats.njev++;
          jacNorm = 0;
          for (let i = 0; i < n; i++) {
            let row = 0;
            for (let j = 0; j < n; j++) row += Math.abs(J[i * n + j]!);
            jacNorm = Math.max(jacNorm, row);
          }
          timeDerivative(t, y, fy, Math.min(hAbs, maxStep, Math.abs(tEnd - t)), ft);
          let rejected = false;
          for (;;) {
            if (hAbs < minStep) return stepUnderflow(t, hAbs, lastNonFinite, "implicit");
            let tNew = t + hAbs * direction;
            if (direction * (tNew - tEnd) > 0) tNew = tEnd;
            const h = tNew - t;
            const lu = linear.factor(1 / (h * g0), 1, J);
            stats.nlu++;
            // y₁ = y + Σ mᵢuᵢ. Rodas5P's last stage is evaluated at the embedded solution, not at y₁, so f(t₁, y₁) costs
            // one more evaluation below (a tableau whose last stage sits at y₁ reuses it: `fsal`).
            const yNew = new Float64Array(n);
            stages(t, y, fy, h, lu, ft, U, ytmp, vf, yNew, err);
            const en = scaledRmsNorm(err, y, yNew, rtol, atol);
            lastNonFinite = !Number.isFinite(en);
            const d = controller.adapt(cstate, lastNonFinite ? Number.NaN : en, rejected);
            if (!d.accept) {
              hAbs = Math.abs(h) * d.factor;
              rejected = true;
              stats.nrejected++;
              continue;
            }
            cstate = d.state;
            tOld = t;
            yOld = y;
            fOld = fy;
            t = tNew;
            y = yNew;
            if (fsal) fy = vf.slice();
            else {
              fy = new Float64Array(n);
              f(t, y, fy);
            }
            hAbs = Math.abs(h) * d.factor;
            seg = null;
            stats.naccepted++;
            return null;
          }
        },
        // ‖J‖∞ bounds the spectral radius from above, so |h|·‖J‖∞ small means the step is explicitly stable.
        stiffness: () => Math.abs(t - tOld) * jacNorm,
        dense(): DenseSegment {
          seg ??= substepSegment(tOld, t, yOld, y, fOld, fy);
          return seg;
        },
      };
      return stepper;
    },
  });
}
