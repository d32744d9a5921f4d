import type { DenseSegment } from "../types.js";
import { brentRoot } from "./brent.js";

/**
 * An event: a zero of `condition(t, y)` located on the dense output (no extra steps). `direction` 1 counts
 * only upward crossings (− to +), −1 only downward, 0 both. `terminal: true` stops the integration at the
 * first occurrence, a number n stops at the n-th. As in SciPy's `solve_ivp(events=...)`.
 *
 * @example
 * ```ts
 * import type { OdeEvent } from "@continuum/ode";
 * const hitGround: OdeEvent = { condition: (_t, y) => y[0]!, terminal: true, direction: -1 };
 * ```
 */
export interface OdeEvent {
  readonly condition: (t: number, y: Float64Array) => number;
  readonly terminal?: boolean | number;
  readonly direction?: -1 | 0 | 1;
}

/**
 * An event given SciPy-style: a function with optional `terminal` / `direction` properties.
 *
 * @example
 * ```ts
 * import type { OdeEventFunction } from "@continuum/ode";
 * const g: OdeEventFunction = Object.assign((_t: number, y: Float64Array) => y[0]!, { terminal: true });
 * ```
 */
export type OdeEventFunction = ((t: number, y: Float64Array) => number) & {
  terminal?: boolean | number;
  direction?: -1 | 0 | 1;
};

/** Normalised event with its running state. */
export interface EventState {
  readonly condition: (t: number, y: Float64Array) => number;
  readonly maxCount: number;
  readonly direction: -1 | 0 | 1;
  count: number;
  gOld: number;
}

/** Validate and normalise events (function or object form). */
export function normalizeEvents(
  where: string,
  events: OdeEvent | OdeEventFunction | readonly (OdeEvent | OdeEventFunction)[] | undefined,
): EventState[] {
  if (events === undefined) return [];
  const list = Array.isArray(events) ? events : [events];
  return list.map((ev, i) => {
    const condition = typeof ev === "function" ? ev : (ev as OdeEvent)?.condition;
    if (typeof condition !== "function") {
      throw new Error(
        `${where}: events[${i}] must be a function (t, y) => number or { condition, terminal?, direction? }, received ${typeof ev}`,
      );
    }
    const terminal = ev.terminal ?? false;
    const direction = ev.direction ?? 0;
    if (![-1, 0, 1].includes(direction)) {
      throw new Error(`${where}: events[${i}].direction must be -1, 0 or 1, received ${direction}`);
    }
    if (typeof terminal !== "boolean" && typeof terminal !== "number") {
      throw new Error(
        `${where}: events[${i}].terminal must be a boolean or a non-negative integer, received ${typeof terminal} ${JSON.stringify(terminal)}`,
      );
    }
    let maxCount = Number.POSITIVE_INFINITY;
    if (terminal === true) maxCount = 1;
    else if (typeof terminal === "number") {
      if (!(Number.isInteger(terminal) && terminal >= 0)) {
        throw new Error(
          `${where}: events[${i}].terminal must be a boolean or a non-negative integer, received ${terminal}`,
        );
      }
      maxCount = terminal === 0 ? Number.POSITIVE_INFINITY : terminal;
    }
    return { condition, maxCount, direction: direction as -1 | 0 | 1, count: 0, gOld: Number.NaN };
  });
}

/** One located event occurrence. */
export interface EventHit {
  readonly index: number;
  readonly t: number;
  readonly y: Float64Array;
  readonly terminal: boolean;
}

/**
 * Find the events in the step [tOld, tNew] given g at the new point; roots located with Brent's method
 * on the dense output (built only if some event changed sign), sorted in the direction of integration. Returns the hits up to and including the
 * first terminal one. A zero exactly at the start of a step belongs to the previous step (reported once).
 */
export function detectEvents(
  events: EventState[],
  getSegment: () => DenseSegment,
  tOld: number,
  tNew: number,
  gNew: Float64Array,
): EventHit[] {
  const found: { index: number; t: number }[] = [];
  let seg: DenseSegment | null = null;
  let tmp: Float64Array | null = null;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    const g0 = ev.gOld;
    const g1 = gNew[i]!;
    const up = g0 <= 0 && g1 >= 0;
    const down = g0 >= 0 && g1 <= 0;
    const either = up || down;
    if (
      !(
        g0 !== 0 &&
        ((ev.direction > 0 && up) || (ev.direction < 0 && down) || (ev.direction === 0 && either))
      )
    ) {
      continue;
    }
    seg ??= getSegment();
    tmp ??= new Float64Array(seg.evaluate(seg.t0).length);
    const s = seg;
    const buf = tmp;
    const root = brentRoot((tt) => ev.condition(tt, s.evaluate(tt, buf)), tOld, tNew, 4 * Number.EPSILON);
    found.push({ index: i, t: root });
  }
  const dir = tNew >= tOld ? 1 : -1;
  found.sort((a, b) => dir * (a.t - b.t));
  const hits: EventHit[] = [];
  for (const h of found) {
    const ev = events[h.index]!;
    ev.count++;
    const terminal = ev.count >= ev.maxCount;
    hits.push({ index: h.index, t: h.t, y: seg!.evaluate(h.t), terminal });
    if (terminal) break;
  }
  return hits;
}
