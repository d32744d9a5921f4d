import type { FiniteMfg, Population, Successors } from "../game.js";

/** Options of {@link predatorPrey}. */
export interface PredatorPreyOptions {
  /** Side of the square grid (default 5). */
  readonly size?: number;
  readonly horizon?: number;
  /**
   * `rewardMatrix[i][j]`: reward per unit of population j's density felt by population i in its cell; its size
   * sets the number of populations. Default (three populations, OpenSpiel's matrix) `[[0, -1, 1], [1, 0, -1],
   * [-1, 1, 0]]`: population 0 flees 1 and chases 2, 1 chases 0 and flees 2, 2 flees 0 and chases 1.
   */
  readonly rewardMatrix?: readonly (readonly number[])[];
  /** Starting cell `[x, y]` of each population, uniform over the listed cells (default: three corners). */
  readonly start?: readonly (readonly (readonly [number, number])[])[];
  /** Probability that, after the chosen move, a random unit move is added (default 0.8, as OpenSpiel). */
  readonly noise?: number;
  /** Weight of the congestion term `-log rho_i` (default 1). */
  readonly congestion?: number;
  /** `"square"` (walls keep players inside, default) or `"torus"` (wrap-around). */
  readonly geometry?: "square" | "torus";
}

const MOVES: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [0, -1],
  [-1, 0],
];

const DEFAULT_MATRIX = [
  [0, -1, 1],
  [1, 0, -1],
  [-1, 1, 0],
];

/**
 * Multi-population predator–prey mean-field game (Pérolat et al. 2022, "Scaling up mean field games with online
 * mirror descent", sec. 5.4; OpenSpiel's `python_mfg_predator_prey`). Each population moves on a `size × size`
 * grid with stay/right/up/down/left; after the chosen move, with probability `noise` a uniformly random unit move
 * follows. A player of population `i` in cell `x` at time `t` collects
 * `-congestion · log rho_i(t, x) + sum_j R[i][j] rho_j(t, x)`, where `rho_j` is population j's normalised
 * density — so the reward of every population depends on every population's distribution. States are
 * `population * size^2 + y * size + x`; populations have equal mass. Exploitability is summed over populations.
 *
 * @example
 * ```ts
 * const game = predatorPrey({ size: 5, horizon: 10 });
 * // learningRate 0.2: at the default 1 mirror descent overshoots here (exploitability 37 -> 201 in 100 steps)
 * const res = solve(game, { algorithm: "online-mirror-descent", iterations: 100, learningRate: 0.2 });
 * res.history.at(-1)!.exploitability; // decreasing towards 0, summed over the 3 populations
 * ```
 */
export function predatorPrey(options: PredatorPreyOptions = {}): FiniteMfg {
  const n = options.size ?? 5;
  const horizon = options.horizon ?? 10;
  const noise = options.noise ?? 0.8;
  const congestion = options.congestion ?? 1;
  const geometry = options.geometry ?? "square";
  const R = options.rewardMatrix ?? DEFAULT_MATRIX;
  const where = "predatorPrey";
  if (!Number.isInteger(n) || n < 2) throw new Error(`${where}: size must be an integer >= 2, received ${n}`);
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new Error(`${where}: horizon must be a positive integer, received ${horizon}`);
  if (!(noise >= 0 && noise <= 1)) throw new Error(`${where}: noise must be in [0, 1], received ${noise}`);
  if (!(congestion >= 0) || !Number.isFinite(congestion))
    throw new Error(`${where}: congestion must be >= 0 and finite, received ${congestion}`);
  if (geometry !== "square" && geometry !== "torus")
    throw new Error(`${where}: geometry must be "square" or "torus", received ${String(geometry)}`);
  const P = R.length;
  if (P < 1) throw new Error(`${where}: rewardMatrix must have at least one row, received 0`);
  R.forEach((row, i) => {
    if (row.length !== P)
      throw new Error(`${where}: rewardMatrix must be square ${P}x${P}, row ${i} has length ${row.length}`);
    for (const v of row) if (!Number.isFinite(v)) throw new Error(`${where}: rewardMatrix[${i}] has ${v}`);
  });
  const corners: [number, number][][] = [[[0, 0]], [[n - 1, 0]], [[0, n - 1]], [[n - 1, n - 1]]];
  const start = options.start ?? (P <= 4 ? corners.slice(0, P) : undefined);
  if (!start || start.length !== P)
    throw new Error(
      `${where}: start must list starting cells for each of the ${P} populations, received ${start?.length}`,
    );
  const C = n * n;
  const S = P * C;
  const mu0 = new Float64Array(S);
  start.forEach((cells, p) => {
    if (cells.length === 0) throw new Error(`${where}: start[${p}] has no cell`);
    for (const [x, y] of cells) {
      if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n)
        throw new Error(`${where}: start[${p}] cell [${x}, ${y}] is outside the ${n}x${n} grid`);
      mu0[p * C + y * n + x] += 1 / (P * cells.length);
    }
  });
  const move = (c: number, m: number) => {
    let x = (c % n) + MOVES[m]![0];
    let y = Math.floor(c / n) + MOVES[m]![1];
    if (geometry === "torus") {
      x = (x + n) % n;
      y = (y + n) % n;
    } else {
      x = Math.min(Math.max(x, 0), n - 1);
      y = Math.min(Math.max(y, 0), n - 1);
    }
    return y * n + x;
  };
  const table: Successors[] = [];
  for (let c = 0; c < C; c++) {
    for (let a = 0; a < 5; a++) {
      const after = move(c, a);
      const probs = new Map<number, number>();
      for (let m = 0; m < 5; m++) {
        const p = m === 0 ? 1 - noise : noise / 4;
        if (p === 0) continue;
        const d = move(after, m);
        probs.set(d, (probs.get(d) ?? 0) + p);
      }
      table.push({ states: [...probs.keys()], probs: [...probs.values()] });
    }
  }
  // successor tables per population: shift the cell table by the population's offset
  const shifted: Successors[] = [];
  for (let p = 0; p < P; p++)
    for (const row of table)
      shifted.push({ states: Array.from(row.states, (s) => s + p * C), probs: row.probs });
  const populations: Population[] = Array.from({ length: P }, (_, p) => ({
    name: `population ${p}`,
    start: p * C,
    size: C,
  }));
  const eps = 1e-25;
  return {
    name: `predator-prey(${P} populations, ${n}x${n}, horizon=${horizon})`,
    numStates: S,
    numActions: 5,
    horizon,
    initialDistribution: mu0,
    populations,
    successors: (_t, s, a) => shifted[s * 5 + a]!,
    reward(t, s, _a, mu) {
      const i = Math.floor(s / C);
      const c = s - i * C;
      const row = R[i]!;
      let r = -congestion * Math.log(P * mu[t * S + s]! + eps);
      for (let j = 0; j < P; j++) if (row[j] !== 0) r += row[j]! * P * mu[t * S + j * C + c]!;
      return r;
    },
  };
}
