import {
  detectEvents,
  type EventState,
  normalizeEvents,
  type OdeEvent,
  type OdeEventFunction,
} from "./events/event.js";
import { OdeSolution } from "./solution.js";
import type {
  DenseSegment,
  JacobianInput,
  OdeFunction,
  OdeSolver,
  Rhs,
  SolveReason,
  SolveStats,
  StepSizeController,
} from "./types.js";

/** Everything the shared integration loop needs (validated here). */
export interface IntegrateInput {
  readonly where: string;
  readonly f: OdeFunction;
  readonly t0: number;
  readonly t1: number;
  readonly y0: ArrayLike<number>;
  readonly solver: OdeSolver;
  readonly controller: StepSizeController;
  readonly rtol: number;
  readonly atol: number | ArrayLike<number>;
  readonly firstStep: number | undefined;
  readonly maxStep: number;
  readonly tEval: ArrayLike<number> | undefined;
  readonly saveSteps: boolean;
  readonly saveT0: boolean;
  readonly saveT1: boolean;
  /**
   * With `tEval`: also save t0 first (if `saveT0`) and the final state last (if `saveT1`), as diffrax's
   * `SaveAt(t0, ts, t1)`. SciPy's `t_eval` saves only its own times (false).
   */
  readonly endsWithTEval?: boolean;
  readonly denseOutput: boolean;
  readonly events: OdeEvent | OdeEventFunction | readonly (OdeEvent | OdeEventFunction)[] | undefined;
  readonly maxSteps: number;
  readonly jac: JacobianInput | undefined;
  readonly jacSparsity: ArrayLike<number> | readonly ArrayLike<number>[] | undefined;
  readonly jacBandwidth?: readonly [number, number] | undefined;
}

/** Result of the shared integration loop. */
export interface IntegrateOutput {
  readonly ts: number[];
  readonly ys: Float64Array[];
  readonly sol: OdeSolution | null;
  readonly tEvents: number[][];
  readonly yEvents: Float64Array[][];
  readonly stats: SolveStats;
  readonly status: -1 | 0 | 1;
  readonly reason: SolveReason;
  readonly message: string;
}

function finiteNumber(where: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new Error(`${where}: ${name} must be a finite number, received ${String(v)}`);
  }
  return v;
}

/** Check y0: an array of finite numbers. */
export function validateY0(where: string, y0: unknown): Float64Array {
  if (y0 === null || typeof y0 !== "object" || typeof (y0 as ArrayLike<number>).length !== "number") {
    throw new Error(`${where}: y0 must be an array or Float64Array of numbers, received ${typeof y0}`);
  }
  const arr = y0 as ArrayLike<number>;
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      const shown = typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
      throw new Error(`${where}: y0[${i}] must be a finite number, received ${shown}`);
    }
    out[i] = v;
  }
  return out;
}

/** Wrap the user's f: count evaluations and copy returned arrays, checking their length. */
export function wrapRhs(where: string, f: OdeFunction, n: number, stats: SolveStats): Rhs {
  if (typeof f !== "function")
    throw new Error(`${where}: f must be a function (t, y, dydt) => void | number[], received ${typeof f}`);
  return (t, y, out) => {
    stats.nfev++;
    const r = f(t, y, out);
    if (r !== undefined && r !== null && r !== out) {
      if (typeof (r as ArrayLike<number>).length !== "number" || r.length !== n) {
        throw new Error(
          `${where}: y0 has length ${n} but f returned ${(r as ArrayLike<number>).length ?? typeof r} components at t=${t}`,
        );
      }
      for (let i = 0; i < n; i++) out[i] = r[i]!;
    }
  };
}

function toSparsity(where: string, s: IntegrateInput["jacSparsity"], n: number): Uint8Array | undefined {
  if (s === undefined) return undefined;
  const out = new Uint8Array(n * n);
  const first = (s as ArrayLike<unknown>)[0];
  if (typeof first === "object" && first !== null) {
    const rows = s as readonly ArrayLike<number>[];
    if (rows.length !== n || rows.some((r) => r.length !== n)) {
      throw new Error(`${where}: jacSparsity must be ${n}×${n}, received ${rows.length} rows`);
    }
    rows.forEach((r, i) => {
      for (let j = 0; j < n; j++) out[i * n + j] = r[j] ? 1 : 0;
    });
  } else {
    const flat = s as ArrayLike<number>;
    if (flat.length !== n * n)
      throw new Error(`${where}: jacSparsity must have n*n = ${n * n} entries, received ${flat.length}`);
    for (let k = 0; k < n * n; k++) out[k] = flat[k] ? 1 : 0;
  }
  return out;
}

function toBandwidth(where: string, bw: IntegrateInput["jacBandwidth"]): [number, number] | undefined {
  if (bw === undefined) return undefined;
  const ok = bw.length === 2 && bw.every((v) => Number.isInteger(v) && v >= 0) && typeof bw[0] === "number";
  if (!ok) {
    throw new Error(
      `${where}: jacBandwidth must be [lower, upper] with non-negative integers, received ${JSON.stringify(bw)}`,
    );
  }
  return [bw[0], bw[1]];
}

/** Smallest relative tolerance used: 100 machine epsilons (SciPy's floor); smaller values are raised to it. */
export const MIN_RTOL = 100 * Number.EPSILON;

const SUCCESS_MESSAGE = "The solver successfully reached the end of the integration interval.";
const EVENT_MESSAGE = "A termination event occurred.";

/** The integration loop behind `solveIvp` and `solve`: steps, dense output, tEval, events, status. */
export function integrate(input: IntegrateInput): IntegrateOutput {
  const where = input.where;
  const t0 = finiteNumber(where, "t0", input.t0);
  const t1 = finiteNumber(where, "t1", input.t1);
  if (t0 === t1) throw new Error(`${where}: t1 must differ from t0, received t0 = t1 = ${t0}`);
  const y0 = validateY0(where, input.y0);
  const n = y0.length;
  if (typeof input.rtol !== "number" || !(input.rtol > 0) || !Number.isFinite(input.rtol)) {
    throw new Error(`${where}: rtol must be a positive finite number, received ${String(input.rtol)}`);
  }
  // As SciPy's `validate_tol`: float64 cannot resolve relative changes below ~1e-16, so a smaller rtol only
  // makes the steps underflow (BDF) or wastes thousands of steps on rounding noise (RK, Radau).
  const rtol = Math.max(input.rtol, MIN_RTOL);
  const atol = new Float64Array(n);
  if (typeof input.atol === "number") {
    if (!(input.atol >= 0) || !Number.isFinite(input.atol)) {
      throw new Error(`${where}: atol must be a non-negative finite number, received ${input.atol}`);
    }
    atol.fill(input.atol);
  } else {
    const a = input.atol;
    if (!a || a.length !== n)
      throw new Error(`${where}: atol has length ${a?.length} but y0 has length ${n}`);
    for (let i = 0; i < n; i++) {
      if (!(a[i]! >= 0) || !Number.isFinite(a[i]!))
        throw new Error(`${where}: atol[${i}] must be ≥ 0 and finite, received ${a[i]}`);
      atol[i] = a[i]!;
    }
  }
  const direction: 1 | -1 = t1 > t0 ? 1 : -1;
  if (input.firstStep !== undefined) {
    const fs = input.firstStep;
    if (typeof fs !== "number" || !(fs > 0) || !Number.isFinite(fs)) {
      throw new Error(`${where}: firstStep (dt0) must be a positive finite number, received ${String(fs)}`);
    }
  }
  const maxStep = input.maxStep;
  if (typeof maxStep !== "number" || !(maxStep > 0)) {
    throw new Error(`${where}: maxStep must be a positive number, received ${String(maxStep)}`);
  }
  const maxSteps = input.maxSteps;
  if (
    !(typeof maxSteps === "number" && maxSteps > 0 && (Number.isInteger(maxSteps) || maxSteps === Infinity))
  ) {
    const shown = typeof maxSteps === "string" ? JSON.stringify(maxSteps) : String(maxSteps);
    throw new Error(`${where}: maxSteps must be a positive integer, received ${shown}`);
  }
  let tEval: Float64Array | null = null;
  if (input.tEval !== undefined) {
    tEval = Float64Array.from(input.tEval);
    const lo = Math.min(t0, t1);
    const hi = Math.max(t0, t1);
    for (let i = 0; i < tEval.length; i++) {
      const v = tEval[i]!;
      if (!(v >= lo && v <= hi))
        throw new Error(`${where}: tEval[${i}] = ${v} lies outside tSpan [${t0}, ${t1}]`);
      if (i > 0 && direction * (v - tEval[i - 1]!) <= 0) {
        throw new Error(
          `${where}: tEval must be strictly ${direction > 0 ? "increasing" : "decreasing"} (the direction of integration), but tEval[${i}] = ${v} follows ${tEval[i - 1]}`,
        );
      }
    }
  }
  const events = normalizeEvents(where, input.events);
  const stats: SolveStats = {
    nfev: 0,
    nfevJacobian: 0,
    njev: 0,
    nlu: 0,
    nsteps: 0,
    naccepted: 0,
    nrejected: 0,
  };
  const rhs = wrapRhs(where, input.f, n, stats);
  const jacStats = { nfev: 0 } as SolveStats;
  const rhsJac = wrapRhs(where, input.f, n, jacStats);
  const fJacobian: Rhs = (t, y, out) => {
    stats.nfevJacobian++;
    rhsJac(t, y, out);
  };
  // Validate the length of f's output once, up front, with the clearest message.
  {
    const probe = new Float64Array(n);
    const r = input.f(t0, y0.slice(), probe);
    if (r !== undefined && r !== null && r !== probe && (r as ArrayLike<number>).length !== n) {
      throw new Error(
        `${where}: y0 has length ${n} but f returned ${(r as ArrayLike<number>).length} components`,
      );
    }
  }
  const stepper = input.solver.createStepper({
    where,
    n,
    f: rhs,
    fJacobian,
    t0,
    y0,
    tEnd: t1,
    direction,
    rtol,
    atol,
    firstStep: input.firstStep,
    maxStep,
    adaptive: input.controller.adaptive,
    controller: input.controller,
    jac: input.jac,
    jacSparsity: toSparsity(where, input.jacSparsity, n),
    jacBandwidth: toBandwidth(where, input.jacBandwidth),
    stats,
  });

  const ts: number[] = [];
  const ys: Float64Array[] = [];
  const segments: DenseSegment[] = [];
  const tEvents: number[][] = events.map(() => []);
  const yEvents: Float64Array[][] = events.map(() => []);
  const gNew = new Float64Array(events.length);
  const evalEvents = (t: number, y: Float64Array, into: Float64Array | EventState[]) => {
    for (let i = 0; i < events.length; i++) {
      const g = events[i]!.condition(t, y);
      if (typeof g !== "number")
        throw new Error(`${where}: events[${i}] returned ${typeof g}, expected a number`);
      if (Number.isNaN(g)) throw new Error(`${where}: events[${i}] returned NaN at t=${t}`);
      if (into instanceof Float64Array) into[i] = g;
      else into[i]!.gOld = g;
    }
  };
  evalEvents(t0, y0, events);
  let tEvalIdx = 0;
  const ends = tEval !== null && input.endsWithTEval === true;
  if (ends && input.saveT0) {
    ts.push(t0);
    ys.push(y0.slice());
  }
  if (tEval) {
    while (tEvalIdx < tEval.length && tEval[tEvalIdx] === t0) {
      ts.push(t0);
      ys.push(y0.slice());
      tEvalIdx++;
    }
  } else if (input.saveSteps || input.saveT0) {
    ts.push(t0);
    ys.push(y0.slice());
  }
  let status: -1 | 0 | 1 = 0;
  let reason: SolveReason = "success";
  let message = SUCCESS_MESSAGE;
  let finalT = t0;
  let finalY: Float64Array = y0;
  for (;;) {
    if (stats.nsteps >= maxSteps) {
      status = -1;
      reason = "max-steps";
      message = `maximum number of steps (${maxSteps}) reached at t=${stepper.t}: raise maxSteps, or if the step size is tiny the problem looks stiff; try method 'Radau', 'BDF' or 'Rodas5P'`;
      break;
    }
    const failure = stepper.step();
    stats.nsteps++;
    if (failure) {
      status = -1;
      reason = failure.reason;
      message = failure.message;
      break;
    }
    // Dense output is built only when needed (DOP853 spends 3 extra f evaluations on it, as in SciPy).
    let segCache: DenseSegment | null = null;
    const seg = (): DenseSegment => {
      segCache ??= stepper.dense();
      return segCache;
    };
    if (input.denseOutput) segments.push(seg());
    let tStop = stepper.t;
    let yStop: Float64Array = stepper.y;
    let terminal = false;
    if (events.length > 0) {
      evalEvents(stepper.t, stepper.y, gNew);
      const hits = detectEvents(events, seg, stepper.tOld, stepper.t, gNew);
      for (const hit of hits) {
        tEvents[hit.index]!.push(hit.t);
        yEvents[hit.index]!.push(hit.y);
        if (hit.terminal) {
          terminal = true;
          tStop = hit.t;
          yStop = hit.y;
        }
      }
      for (let i = 0; i < events.length; i++) events[i]!.gOld = gNew[i]!;
    }
    if (tEval) {
      while (tEvalIdx < tEval.length && direction * (tEval[tEvalIdx]! - tStop) <= 0) {
        const te = tEval[tEvalIdx]!;
        ts.push(te);
        ys.push(te === stepper.t ? stepper.y.slice() : seg().evaluate(te));
        tEvalIdx++;
      }
    } else if (input.saveSteps) {
      ts.push(tStop);
      ys.push(yStop.slice());
    }
    finalT = tStop;
    finalY = yStop;
    if (terminal) {
      status = 1;
      reason = "event";
      message = EVENT_MESSAGE;
      break;
    }
    if (stepper.t === t1) break;
  }
  if (((!tEval && !input.saveSteps) || ends) && input.saveT1 && status >= 0) {
    ts.push(finalT);
    ys.push(finalY.slice());
  }
  const sol = input.denseOutput && segments.length > 0 ? new OdeSolution(segments) : null;
  return { ts, ys, sol, tEvents, yEvents, stats, status, reason, message };
}
