import type { FiniteMfg, Successors } from "../game.js";

/** Options of {@link crowdModelling1d}. */
export interface CrowdModelling1dOptions {
  /** Number of positions on the ring (OpenSpiel default 10). */
  readonly size?: number;
  /** Number of decision steps (OpenSpiel default 10). */
  readonly horizon?: number;
  /**
   * How the displacement cost `|move|/size` is accounted for:
   * - `"openspiel"` (default): exactly as OpenSpiel's tabular evaluators see it. OpenSpiel pays the cost of the
   *   previous move at the next decision node, but its value functions cache decision nodes by `(x, t)`, so each
   *   node keeps the cost of the move by which a depth-first traversal first reached it. The effective game is
   *   then `r = r_x(x) - log mu_t(x) - c(x, t)` with `c` that first-visit table and no per-action cost; this
   *   reproduces OpenSpiel's tested values (NashConv of the uniform policy 2.8135365543870385, FP 0.991, …).
   * - `"exact"`: each move is paid as stated, `r = r_x(x) - log mu_t(x) - |move(a)|/size`, except the last move,
   *   whose cost OpenSpiel would collect after the horizon (so never).
   */
  readonly actionCost?: "openspiel" | "exact";
}

const MOVES = [-1, 0, 1] as const;
/** OpenSpiel adds 1e-25 inside the log so that empty sites give a large finite penalty. */
const LOG_EPSILON = 1e-25;

/**
 * OpenSpiel's 1-D crowd-modelling mean-field game (Perrin et al. 2020, "Fictitious play for mean field games:
 * continuous time analysis and applications", sec. 4.2; `python_mfg_crowd_modelling` / `mfg_crowd_modelling`).
 * A ring of `size` sites, uniform `mu_0`; actions move -1/0/+1, then noise moves -1/0/+1 with probability 1/3
 * each. Reward `1 - |x - size/2| / (size/2) - |move|/size - log mu_t(x)`: go to the centre but avoid crowds.
 *
 * @example
 * ```ts
 * const game = crowdModelling1d(); // size 10, horizon 10, OpenSpiel accounting
 * const { history } = solve(game, { algorithm: "fictitious-play", iterations: 10 });
 * history.at(-1)!.exploitability; // 0.9908 (OpenSpiel test: 0.991)
 * ```
 */
export function crowdModelling1d(options: CrowdModelling1dOptions = {}): FiniteMfg {
  const size = options.size ?? 10;
  const horizon = options.horizon ?? 10;
  const actionCost = options.actionCost ?? "openspiel";
  if (!Number.isInteger(size) || size < 3)
    throw new Error(`crowdModelling1d: size must be an integer >= 3, received ${size}`);
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new Error(`crowdModelling1d: horizon must be a positive integer, received ${horizon}`);
  }
  if (actionCost !== "openspiel" && actionCost !== "exact") {
    throw new Error(
      `crowdModelling1d: actionCost must be "openspiel" or "exact", received ${String(actionCost)}`,
    );
  }
  const half = Math.floor(size / 2);
  const cost = actionCost === "openspiel" ? firstVisitMoveCost(size, horizon) : null;
  const table: Successors[] = [];
  for (let x = 0; x < size; x++) {
    for (let a = 0; a < 3; a++) {
      const y = x + MOVES[a]!;
      table.push({
        states: MOVES.map((e) => (((y + e) % size) + size) % size),
        probs: [1 / 3, 1 / 3, 1 / 3],
      });
    }
  }
  return {
    name: `crowd-modelling-1d(size=${size}, horizon=${horizon}, actionCost=${actionCost})`,
    numStates: size,
    numActions: 3,
    horizon,
    initialDistribution: new Float64Array(size).fill(1 / size),
    successors: (_t, s, a) => table[s * 3 + a]!,
    reward(t, s, a, mu) {
      const rx = 1 - Math.abs(s - half) / half;
      const rmu = -Math.log(mu[t * size + s]! + LOG_EPSILON);
      const ra = cost ? -cost[t * size + s]! : t < horizon - 1 ? -Math.abs(MOVES[a]!) / size : 0;
      return rx + rmu + ra;
    },
  };
}

/**
 * The displacement cost each decision node `(x, t)` carries in OpenSpiel's string-cached evaluators: the cost
 * of the move by which a depth-first traversal (initial positions 0…size-1, actions 0,1,2, noise -1,0,+1) first
 * reaches it; zero at `t = 0` (neutral last action).
 */
function firstVisitMoveCost(size: number, horizon: number): Float64Array {
  const cost = new Float64Array(horizon * size);
  const seenDecision = new Uint8Array(horizon * size);
  const seenChance = new Uint8Array(horizon * size);
  // explicit stack of pending (kind, x, t, action) to avoid deep recursion; visit order = recursive DFS order
  const stack: [number, number, number, number][] = [];
  for (let x = size - 1; x >= 0; x--) stack.push([0, x, 0, 1]);
  while (stack.length > 0) {
    const [kind, x, t, a] = stack.pop()!;
    if (kind === 0) {
      if (seenDecision[t * size + x]) continue;
      seenDecision[t * size + x] = 1;
      cost[t * size + x] = Math.abs(MOVES[a]!) / size;
      for (let b = 2; b >= 0; b--) stack.push([1, (((x + MOVES[b]!) % size) + size) % size, t, b]);
    } else {
      if (seenChance[t * size + x]) continue;
      seenChance[t * size + x] = 1;
      if (t + 1 >= horizon) continue;
      for (let e = 2; e >= 0; e--) stack.push([0, (((x + MOVES[e]!) % size) + size) % size, t + 1, a]);
    }
  }
  return cost;
}
