import type { FiniteMfg, Successors } from "../game.js";

/** Options of {@link crowdModelling2d}. */
export interface CrowdModelling2dOptions {
  /** Grid width and height (default 7 × 7). */
  readonly width?: number;
  readonly height?: number;
  readonly horizon?: number;
  /** Blocked cells as `[x, y]` (default: a vertical wall in the middle column with a one-cell door). */
  readonly obstacles?: readonly (readonly [number, number])[];
  /** Cells where the crowd starts, uniformly (default: the left column, obstacles excluded). */
  readonly start?: readonly (readonly [number, number])[];
  /** Target cell the players are attracted to (default: middle of the right column). */
  readonly target?: readonly [number, number];
  /** Probability that the chosen move is replaced by a uniformly random one (default 0.1). */
  readonly noise?: number;
  /** Weight of the crowd-aversion term `-log mu` (default 1). */
  readonly crowdAversion?: number;
}

const MOVES: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

/**
 * 2-D crowd modelling with obstacles (in the spirit of OpenSpiel's `mfg_crowd_modelling_2d` with forbidden
 * states): on a `width × height` grid, players choose stay/right/left/up/down; moves into a wall or an obstacle
 * leave them in place; with probability `noise` the move is uniformly random. Reward
 * `-(L1 distance to target)/ (width+height) - |move|/(width+height) - crowdAversion * log mu_t(x)`.
 * States index cells as `y * width + x`; obstacle cells carry no mass.
 *
 * @example
 * ```ts
 * const game = crowdModelling2d({ width: 7, height: 7, horizon: 12 });
 * // learningRate 0.1: exploitability 46 -> 0.57 in 50 steps (at the default 1 it oscillates around 40-50)
 * const res = solve(game, { algorithm: "online-mirror-descent", iterations: 50, learningRate: 0.1 });
 * ```
 */
export function crowdModelling2d(options: CrowdModelling2dOptions = {}): FiniteMfg {
  const W = options.width ?? 7;
  const Hh = options.height ?? 7;
  const horizon = options.horizon ?? 12;
  const noise = options.noise ?? 0.1;
  const aversion = options.crowdAversion ?? 1;
  for (const [k, v] of [
    ["width", W],
    ["height", Hh],
    ["horizon", horizon],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`crowdModelling2d: ${k} must be a positive integer, received ${v}`);
  }
  if (!(noise >= 0 && noise <= 1))
    throw new Error(`crowdModelling2d: noise must be in [0, 1], received ${noise}`);
  if (!(aversion >= 0) || !Number.isFinite(aversion))
    throw new Error(`crowdModelling2d: crowdAversion must be >= 0 and finite, received ${aversion}`);
  const mid = Math.floor(W / 2);
  const door = Math.floor(Hh / 2);
  const obstacles =
    options.obstacles ??
    Array.from({ length: Hh }, (_, y) => [mid, y] as const).filter(([, y]) => y !== door);
  const blocked = new Uint8Array(W * Hh);
  const cell = (x: number, y: number, what: string) => {
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= W || y >= Hh) {
      throw new Error(`crowdModelling2d: ${what} [${x}, ${y}] is outside the ${W}x${Hh} grid`);
    }
    return y * W + x;
  };
  for (const [x, y] of obstacles) blocked[cell(x, y, "obstacle")] = 1;
  const start = (options.start ?? Array.from({ length: Hh }, (_, y) => [0, y] as const)).map(([x, y]) =>
    cell(x, y, "start"),
  );
  const open = start.filter((s) => !blocked[s]);
  if (open.length === 0) throw new Error("crowdModelling2d: start has no free cell");
  const [tx, ty] = options.target ?? [W - 1, door];
  const target = cell(tx, ty, "target");
  if (blocked[target]) throw new Error(`crowdModelling2d: target [${tx}, ${ty}] is an obstacle`);
  const S = W * Hh;
  const mu0 = new Float64Array(S);
  for (const s of open) mu0[s] += 1 / open.length;
  const dest = (s: number, m: number) => {
    const x = (s % W) + MOVES[m]![0];
    const y = Math.floor(s / W) + MOVES[m]![1];
    if (x < 0 || y < 0 || x >= W || y >= Hh || blocked[y * W + x]) return s;
    return y * W + x;
  };
  const table: Successors[] = [];
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < 5; a++) {
      const probs = new Map<number, number>();
      for (let m = 0; m < 5; m++) {
        const p = (m === a ? 1 - noise : 0) + noise / 5;
        const d = dest(s, m);
        probs.set(d, (probs.get(d) ?? 0) + p);
      }
      table.push({ states: [...probs.keys()], probs: [...probs.values()] });
    }
  }
  const scale = W + Hh;
  return {
    name: `crowd-modelling-2d(${W}x${Hh}, horizon=${horizon})`,
    numStates: S,
    numActions: 5,
    horizon,
    initialDistribution: mu0,
    successors: (_t, s, a) => table[s * 5 + a]!,
    reward(t, s, a, mu) {
      const d = Math.abs((s % W) - tx) + Math.abs(Math.floor(s / W) - ty);
      return -d / scale - (a === 0 ? 0 : 1 / scale) - aversion * Math.log(mu[t * S + s]! + 1e-12);
    },
  };
}
