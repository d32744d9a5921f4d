/**
 * The Moré–Thuente line search (Moré & Thuente, 1994, "Line search algorithms with guaranteed sufficient
 * decrease", ACM TOMS 20), written from the MINPACK-2 `dcsrch`/`dcstep` reverse-communication design that SciPy's
 * L-BFGS-B and BFGS use, so the trial steps are the same as theirs.
 */

/** Status of a line search. */
export type LineSearchTask =
  | "FG"
  | "CONVERGENCE"
  | "WARNING: ROUNDING ERRORS PREVENT PROGRESS"
  | "WARNING: XTOL TEST SATISFIED"
  | "WARNING: STP = STPMAX"
  | "WARNING: STP = STPMIN";

interface StepState {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  brackt: boolean;
}

/** One safeguarded cubic/quadratic step of `dcstep`; updates `s` and returns the new trial step. */
function dcstep(s: StepState, stp: number, fp: number, dp: number, stpmin: number, stpmax: number): number {
  const { stx, fx, dx, sty, fy, dy } = s;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (s.brackt) {
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dy / sc) * (dp / sc));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else stpf = stp > stx ? stpmax : stpmin;
  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.dy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.dy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.dx = dp;
  }
  return stpf;
}

/** Options of {@link moreThuente}. */
export interface MoreThuenteOptions {
  /** Sufficient-decrease constant c1 (default 1e-3, L-BFGS-B's). */
  ftol?: number;
  /** Curvature constant c2 (default 0.9). */
  gtol?: number;
  /** Relative interval width tolerance (default 0.1). */
  xtol?: number;
  stpmin?: number;
  stpmax?: number;
  /** Maximum function evaluations (default 20, L-BFGS-B's). */
  maxEval?: number;
}

/** Result of {@link moreThuente}. */
export interface LineSearchResult {
  stp: number;
  f: number;
  g: number;
  task: LineSearchTask | "MAXEVAL";
  nfev: number;
}

/**
 * Find a step satisfying the strong Wolfe conditions `φ(α) ≤ φ(0) + ftol·α·φ'(0)`, `|φ'(α)| ≤ gtol·|φ'(0)|`
 * along a descent direction. `phi(α)` returns `[φ(α), φ'(α)]`.
 * @example
 * ```ts
 * const phi = (a: number) => [(a - 2) ** 2, 2 * (a - 2)] as const;
 * moreThuente(phi, 4, -4, 1).stp; // 1: the first trial already meets the Wolfe conditions (|φ'(1)| = 2 ≤ 0.9·4)
 * moreThuente(phi, 4, -4, 1, { gtol: 0.1 }).stp; // 2, the exact minimiser (|φ'(1)| = 2 > 0.1·4)
 * ```
 */
export function moreThuente(
  phi: (alpha: number) => readonly [number, number],
  f0: number,
  g0: number,
  stp0: number,
  options: MoreThuenteOptions = {},
): LineSearchResult {
  const { ftol = 1e-3, gtol = 0.9, xtol = 0.1, stpmin = 0, stpmax = 1e10, maxEval = 20 } = options;
  const where = "moreThuente";
  if (!(g0 < 0) || !Number.isFinite(g0))
    throw new Error(`${where}: the initial derivative must be negative (descent), received ${g0}`);
  // MINPACK-2 dcsrch's own input checks (its "ERROR:" tasks): a NaN f0, a negative or NaN first step, or constants
  // outside their ranges used to end in a misleading warning or MAXEVAL after every evaluation was spent.
  if (!Number.isFinite(f0)) throw new Error(`${where}: f0 must be finite, received ${f0}`);
  if (!(stp0 >= 0) || !Number.isFinite(stp0))
    throw new Error(`${where}: stp0 must be a finite number >= 0, received ${stp0}`);
  for (const [name, v] of [
    ["ftol", ftol],
    ["gtol", gtol],
  ] as const)
    if (!(v >= 0 && v < 1)) throw new Error(`${where}: options.${name} must be in [0, 1), received ${v}`);
  if (!(xtol >= 0)) throw new Error(`${where}: options.xtol must be >= 0, received ${xtol}`);
  if (!(stpmin >= 0) || !(stpmax >= stpmin))
    throw new Error(
      `${where}: options.stpmin and options.stpmax must satisfy 0 <= stpmin <= stpmax, received ${stpmin} and ${stpmax}`,
    );
  if (!Number.isInteger(maxEval) || maxEval < 1)
    throw new Error(`${where}: options.maxEval must be an integer >= 1, received ${maxEval}`);
  let stp = Math.min(Math.max(stp0, stpmin), stpmax);
  const gtest = ftol * g0;
  let width = stpmax - stpmin;
  let width1 = width / 0.5;
  const s: StepState = { stx: 0, fx: f0, dx: g0, sty: 0, fy: f0, dy: g0, brackt: false };
  let stmin = 0;
  let stmax = stp + 4 * stp;
  let stage = 1;
  let nfev = 0;
  let f = f0;
  let g = g0;
  while (true) {
    [f, g] = phi(stp);
    nfev++;
    const ftest = f0 + stp * gtest;
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;
    let task: LineSearchTask = "FG";
    if (s.brackt && (stp <= stmin || stp >= stmax)) task = "WARNING: ROUNDING ERRORS PREVENT PROGRESS";
    if (s.brackt && stmax - stmin <= xtol * stmax) task = "WARNING: XTOL TEST SATISFIED";
    if (stp === stpmax && f <= ftest && g <= gtest) task = "WARNING: STP = STPMAX";
    if (stp === stpmin && (f > ftest || g >= gtest)) task = "WARNING: STP = STPMIN";
    if (f <= ftest && Math.abs(g) <= gtol * -g0) task = "CONVERGENCE";
    if (task !== "FG") return { stp, f, g, task, nfev };
    if (nfev >= maxEval || !Number.isFinite(f)) {
      if (!Number.isFinite(f)) {
        // Non-finite trial value: shrink towards the best step so far (not part of MINPACK; keeps going).
        if (nfev < maxEval) {
          // The bracket becomes [stx, stp]; stmin/stmax must follow, or a bound left over from the extrapolation
          // phase (stmin > the bisected step) makes the next trial fail the "rounding errors" test at once.
          s.brackt = true;
          s.sty = stp;
          s.fy = Number.POSITIVE_INFINITY;
          width1 = width;
          width = Math.abs(stp - s.stx);
          stmin = Math.min(s.stx, stp);
          stmax = Math.max(s.stx, stp);
          stp = s.stx + 0.5 * (stp - s.stx);
          continue;
        }
      }
      return { stp, f, g, task: "MAXEVAL", nfev };
    }
    if (stage === 1 && f <= s.fx && f > ftest) {
      const m: StepState = {
        ...s,
        fx: s.fx - s.stx * gtest,
        fy: s.fy - s.sty * gtest,
        dx: s.dx - gtest,
        dy: s.dy - gtest,
      };
      stp = dcstep(m, stp, f - stp * gtest, g - gtest, stmin, stmax);
      s.stx = m.stx;
      s.sty = m.sty;
      s.brackt = m.brackt;
      s.fx = m.fx + m.stx * gtest;
      s.fy = m.fy + m.sty * gtest;
      s.dx = m.dx + gtest;
      s.dy = m.dy + gtest;
    } else {
      stp = dcstep(s, stp, f, g, stmin, stmax);
    }
    // A cubic step through a non-finite end of the bracket (fy = +∞ after a NaN/∞ trial) is undefined: bisect.
    if (!Number.isFinite(stp)) stp = s.stx + 0.5 * (s.sty - s.stx);
    if (s.brackt) {
      if (Math.abs(s.sty - s.stx) >= 0.66 * width1) stp = s.stx + 0.5 * (s.sty - s.stx);
      width1 = width;
      width = Math.abs(s.sty - s.stx);
      stmin = Math.min(s.stx, s.sty);
      stmax = Math.max(s.stx, s.sty);
    } else {
      stmin = stp + 1.1 * (stp - s.stx);
      stmax = stp + 4 * (stp - s.stx);
    }
    stp = Math.min(Math.max(stp, stpmin), stpmax);
    if ((s.brackt && (stp <= stmin || stp >= stmax)) || (s.brackt && stmax - stmin <= xtol * stmax))
      stp = s.stx;
  }
}
