import type { OdeFunction } from "../types.js";

/**
 * A standard test problem (DETEST / Hairer–Wanner test set). The definitions mirror
 * `test/fixtures/gen_ode.py`, which produces the SciPy reference values.
 *
 * @example
 * ```ts
 * import { TEST_PROBLEMS } from "@continuum/ode/testing";
 * const { f, y0, t1 } = TEST_PROBLEMS.arenstorf;
 * ```
 */
export interface TestProblem {
  readonly name: string;
  readonly f: OdeFunction;
  readonly y0: readonly number[];
  readonly t1: number;
  readonly stiff: boolean;
  /** Analytic Jacobian when the problem is stiff. */
  readonly jac?: (t: number, y: Float64Array) => number[][];
}

const MU = 0.012277471;
const E = 0.5;

const vdpEps = (eps: number): TestProblem => ({
  name: `vdp_eps${eps === 1e-3 ? "1e-3" : "1e-6"}`,
  f: (_t, y, dy) => {
    dy[0] = y[1]!;
    dy[1] = ((1 - y[0]! ** 2) * y[1]! - y[0]!) / eps;
  },
  y0: [2, 0],
  t1: 2,
  stiff: true,
  jac: (_t, y) => [
    [0, 1],
    [(-2 * y[0]! * y[1]! - 1) / eps, (1 - y[0]! ** 2) / eps],
  ],
});

/**
 * The DETEST-style problem set: Arenstorf orbit, Lorenz, Brusselator, Pleiades (7 bodies), eccentric
 * two-body (e = 0.5), Van der Pol (ε = 1e-3, 1e-6, and μ = 1000), Robertson, HIRES, Oregonator.
 *
 * @example
 * ```ts
 * import { TEST_PROBLEMS } from "@continuum/ode/testing";
 * Object.keys(TEST_PROBLEMS).length; // 11
 * ```
 */
export const TEST_PROBLEMS: Readonly<Record<string, TestProblem>> = Object.freeze({
  arenstorf: {
    name: "arenstorf",
    f: (_t, y, dy) => {
      const x = y[0]!;
      const yy = y[1]!;
      const mup = 1 - MU;
      const d1 = ((x + MU) ** 2 + yy ** 2) ** 1.5;
      const d2 = ((x - mup) ** 2 + yy ** 2) ** 1.5;
      dy[0] = y[2]!;
      dy[1] = y[3]!;
      dy[2] = x + 2 * y[3]! - (mup * (x + MU)) / d1 - (MU * (x - mup)) / d2;
      dy[3] = yy - 2 * y[2]! - (mup * yy) / d1 - (MU * yy) / d2;
    },
    y0: [0.994, 0, 0, -2.0015851063790824],
    t1: 17.065216560157964,
    stiff: false,
  },
  lorenz: {
    name: "lorenz",
    f: (_t, y, dy) => {
      dy[0] = 10 * (y[1]! - y[0]!);
      dy[1] = y[0]! * (28 - y[2]!) - y[1]!;
      dy[2] = y[0]! * y[1]! - (8 / 3) * y[2]!;
    },
    y0: [1, 0, 0],
    t1: 5,
    stiff: false,
  },
  brusselator: {
    name: "brusselator",
    f: (_t, y, dy) => {
      const a = y[0]! ** 2 * y[1]!;
      dy[0] = 1 + a - 4 * y[0]!;
      dy[1] = 3 * y[0]! - a;
    },
    y0: [1.5, 3],
    t1: 20,
    stiff: false,
  },
  pleiades: {
    name: "pleiades",
    f: (_t, y, dy) => {
      for (let i = 0; i < 7; i++) {
        dy[i] = y[14 + i]!;
        dy[7 + i] = y[21 + i]!;
        let ax = 0;
        let ay = 0;
        for (let j = 0; j < 7; j++) {
          if (i === j) continue;
          const dx = y[j]! - y[i]!;
          const dyy = y[7 + j]! - y[7 + i]!;
          const r3 = (dx * dx + dyy * dyy) ** 1.5;
          ax += ((j + 1) * dx) / r3;
          ay += ((j + 1) * dyy) / r3;
        }
        dy[14 + i] = ax;
        dy[21 + i] = ay;
      }
    },
    y0: [3, 3, -1, -3, 2, -2, 2, 3, -3, 2, 0, 0, -4, 4, 0, 0, 0, 0, 0, 1.75, -1.5, 0, 0, 0, -1.25, 1, 0, 0],
    t1: 3,
    stiff: false,
  },
  twobody: {
    name: "twobody",
    f: (_t, y, dy) => {
      const r3 = (y[0]! ** 2 + y[1]! ** 2) ** 1.5;
      dy[0] = y[2]!;
      dy[1] = y[3]!;
      dy[2] = -y[0]! / r3;
      dy[3] = -y[1]! / r3;
    },
    y0: [1 - E, 0, 0, Math.sqrt((1 + E) / (1 - E))],
    t1: 20,
    stiff: false,
  },
  "vdp_eps1e-3": vdpEps(1e-3),
  "vdp_eps1e-6": vdpEps(1e-6),
  vdp_mu1000: {
    name: "vdp_mu1000",
    f: (_t, y, dy) => {
      dy[0] = y[1]!;
      dy[1] = 1000 * (1 - y[0]! ** 2) * y[1]! - y[0]!;
    },
    y0: [2, 0],
    t1: 3000,
    stiff: true,
    jac: (_t, y) => [
      [0, 1],
      [-2000 * y[0]! * y[1]! - 1, 1000 * (1 - y[0]! ** 2)],
    ],
  },
  robertson: {
    name: "robertson",
    f: (_t, y, dy) => {
      dy[0] = -0.04 * y[0]! + 1e4 * y[1]! * y[2]!;
      dy[1] = 0.04 * y[0]! - 1e4 * y[1]! * y[2]! - 3e7 * y[1]! ** 2;
      dy[2] = 3e7 * y[1]! ** 2;
    },
    y0: [1, 0, 0],
    t1: 1e5,
    stiff: true,
    jac: (_t, y) => [
      [-0.04, 1e4 * y[2]!, 1e4 * y[1]!],
      [0.04, -1e4 * y[2]! - 6e7 * y[1]!, -1e4 * y[1]!],
      [0, 6e7 * y[1]!, 0],
    ],
  },
  hires: {
    name: "hires",
    f: (_t, y, dy) => {
      const f7 = 280 * y[5]! * y[7]! - 1.81 * y[6]!;
      dy[0] = -1.71 * y[0]! + 0.43 * y[1]! + 8.32 * y[2]! + 0.0007;
      dy[1] = 1.71 * y[0]! - 8.75 * y[1]!;
      dy[2] = -10.03 * y[2]! + 0.43 * y[3]! + 0.035 * y[4]!;
      dy[3] = 8.32 * y[1]! + 1.71 * y[2]! - 1.12 * y[3]!;
      dy[4] = -1.745 * y[4]! + 0.43 * y[5]! + 0.43 * y[6]!;
      dy[5] = -280 * y[5]! * y[7]! + 0.69 * y[3]! + 1.71 * y[4]! - 0.43 * y[5]! + 0.69 * y[6]!;
      dy[6] = f7;
      dy[7] = -f7;
    },
    y0: [1, 0, 0, 0, 0, 0, 0, 0.0057],
    t1: 321.8122,
    stiff: true,
  },
  oregonator: {
    name: "oregonator",
    f: (_t, y, dy) => {
      dy[0] = 77.27 * (y[1]! + y[0]! * (1 - 8.375e-6 * y[0]! - y[1]!));
      dy[1] = (y[2]! - (1 + y[0]!) * y[1]!) / 77.27;
      dy[2] = 0.161 * (y[0]! - y[2]!);
    },
    y0: [1, 2, 3],
    t1: 360,
    stiff: true,
  },
});
