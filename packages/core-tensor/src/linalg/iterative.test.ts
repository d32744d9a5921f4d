import { describe, expect, it } from "vitest";
import { bicgstab } from "./bicgstab.js";
import { cg } from "./cg.js";
import { gmres } from "./gmres.js";
import type { IterativeOptions, IterativeResult, LinearOperator } from "./operator.js";
import { ilu0, jacobiPreconditioner } from "./preconditioners.js";
import type { CsrMatrix } from "./sparse.js";
import { csrFromTriplets, csrMatvec } from "./sparse.js";
import { loadFixture, poisson2d, relErr } from "./test-helpers.js";

const fx = loadFixture("linalg");
const { N, rtol, cgIterations, gmresIterations, x: xDirect } = fx.poisson;
const P = poisson2d(N);
const ones = new Float64Array(N * N).fill(1);

/** 1-D convection–diffusion −u'' + 20u' on n interior points (non-symmetric, central differences). */
function convectionDiffusion(n: number): CsrMatrix {
  const h = 1 / (n + 1);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    r.push(i);
    c.push(i);
    v.push(2 / h ** 2);
    if (i > 0) {
      r.push(i);
      c.push(i - 1);
      v.push(-1 / h ** 2 - 20 / (2 * h));
    }
    if (i < n - 1) {
      r.push(i);
      c.push(i + 1);
      v.push(-1 / h ** 2 + 20 / (2 * h));
    }
  }
  return csrFromTriplets(n, n, r, c, v);
}

type Solver = (a: CsrMatrix | LinearOperator, b: Float64Array, o?: IterativeOptions) => IterativeResult;
const solvers: [string, Solver][] = [
  ["cg", cg],
  ["bicgstab", bicgstab],
  ["gmres", gmres],
];

describe.each(solvers)("%s contract", (name, solve) => {
  it("solves the 2-D Poisson system to the requested tolerance; result agrees with SciPy's spsolve", () => {
    const r = solve(P, ones, { rtol });
    expect(r.converged).toBe(true);
    expect(r.status).toBe("converged");
    expect(r.message).toMatch(new RegExp(`^${name}: converged in \\d+ iterations`));
    // true residual may exceed the recurrence one by rounding; 2x covers it.
    expect(r.residual).toBeLessThanOrEqual(2 * rtol * Math.sqrt(N * N));
    // forward error ≤ κ·rtol with κ(P) ≈ 440.
    expect(relErr(r.x, xDirect)).toBeLessThan(440 * rtol);
  });

  it("accepts a matrix-free LinearOperator, x0, and preconditioners", () => {
    // a 16×16 grid keeps this test cheap; κ ≈ 110
    const Q = poisson2d(16);
    const b = new Float64Array(256).fill(1);
    const op: LinearOperator = { size: 256, apply: (x, y) => void csrMatvec(Q, x, y) };
    const plain = solve(op, b, { rtol });
    expect(plain.converged).toBe(true);
    const viaCsr = solve(Q, b, { rtol });
    expect(viaCsr.iterations).toBe(plain.iterations);
    const warm = solve(Q, b, { rtol, x0: plain.x });
    expect(warm.iterations).toBeLessThanOrEqual(1);
    const pre = solve(Q, b, { rtol, preconditioner: ilu0(Q) });
    expect(pre.converged).toBe(true);
    // ILU(0) reduces iterations substantially on the Poisson matrix.
    expect(pre.iterations).toBeLessThan(0.7 * plain.iterations);
    expect(relErr(pre.x, plain.x)).toBeLessThan(2 * 110 * rtol);
    const jac = solve(Q, b, { rtol, preconditioner: jacobiPreconditioner(Q) });
    expect(jac.converged).toBe(true);
    expect(relErr(jac.x, plain.x)).toBeLessThan(2 * 110 * rtol);
  });

  it("returns a status with a hint when not converged, and throws on request", () => {
    const r = solve(P, ones, { rtol: 1e-12, maxIterations: 3 });
    expect(r.converged).toBe(false);
    expect(r.status).toBe("max-iterations");
    expect(r.iterations).toBe(3);
    expect(r.message).toMatch(/not converged after 3 iterations .*try a preconditioner/);
    expect(() => solve(P, ones, { rtol: 1e-12, maxIterations: 3, throw: true })).toThrow(/not converged/);
  });

  it("zero right-hand side converges in 0 iterations", () => {
    const r = solve(P, new Float64Array(N * N), {});
    expect(r.iterations).toBe(0);
    expect(r.converged).toBe(true);
  });

  it("validates its input", () => {
    expect(() => solve(P, new Float64Array(3))).toThrow(
      new RegExp(`${name}: b must have length ${N * N}, received length 3`),
    );
    expect(() => solve(P, ones, { rtol: -1 })).toThrow(
      new RegExp(`${name}: rtol must be a finite number >= 0, received -1`),
    );
    expect(() => solve(P, ones, { rtol: 0, atol: 0 })).toThrow(/cannot both be 0/);
    expect(() => solve(P, ones, { maxIterations: 0 })).toThrow(
      /maxIterations must be an integer >= 1, received 0/,
    );
    const bad = Float64Array.from(ones);
    bad[5] = Number.NaN;
    expect(() => solve(P, bad)).toThrow(/b must be finite, received NaN at b\[5\]/);
    expect(() => solve(csrFromTriplets(2, 3, [], [], []), new Float64Array(2))).toThrow(
      /a must be square, received 2x3/,
    );
    expect(() => solve({} as CsrMatrix, new Float64Array(2))).toThrow(
      /a must be a CsrMatrix or a LinearOperator/,
    );
    expect(() => solve(P, ones, { x0: new Float64Array(2) })).toThrow(/x0 must have length/);
    // NaN in A used to end as a misleading "breakdown: A is not SPD" (cg) or a NaN residual (gmres).
    const nanA: CsrMatrix = { ...P, values: Float64Array.from(P.values) };
    nanA.values[7] = Number.NaN;
    expect(() => solve(nanA, ones)).toThrow(
      new RegExp(`${name}: a.values must be finite, received NaN at a.values\\[7\\]`),
    );
    const x0 = new Float64Array(N * N);
    x0[3] = Number.POSITIVE_INFINITY;
    expect(() => solve(P, ones, { x0 })).toThrow(/x0 must be finite, received Infinity at x0\[3\]/);
    expect(() => solve(csrFromTriplets(0, 0, [], [], []), new Float64Array(0))).toThrow(
      new RegExp(`${name}: a must be at least 1x1, received 0x0`),
    );
  });
});

describe("iteration counts versus SciPy at the same tolerance (2-D Poisson, N = 32, b = 1, rtol = 1e-8)", () => {
  it("cg within 10% of scipy.sparse.linalg.cg", () => {
    const r = cg(P, ones, { rtol });
    expect(Math.abs(r.iterations - cgIterations)).toBeLessThanOrEqual(Math.ceil(0.1 * cgIterations));
  });

  it("gmres(20) within 10% of scipy.sparse.linalg.gmres(restart=20) inner iterations", () => {
    const r = gmres(P, ones, { rtol, restart: 20 });
    expect(Math.abs(r.iterations - gmresIterations)).toBeLessThanOrEqual(Math.ceil(0.1 * gmresIterations));
  });
});

describe("non-symmetric systems", () => {
  const A = convectionDiffusion(200);
  const xs = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i / 10));
  const b = csrMatvec(A, xs);

  it("bicgstab and gmres with ILU(0) recover a known solution", () => {
    for (const solve of [bicgstab, gmres]) {
      const r = solve(A, b, { rtol: 1e-10, preconditioner: ilu0(A) });
      expect(r.converged).toBe(true);
      // tridiagonal: ILU(0) is the exact LU, so one or two iterations suffice
      expect(r.iterations).toBeLessThanOrEqual(2);
      expect(relErr(r.x, xs)).toBeLessThan(1e-8);
    }
    const r = gmres(A, b, { rtol: 1e-10, restart: 30, maxIterations: 5000 });
    expect(r.converged).toBe(true);
    expect(relErr(r.x, xs)).toBeLessThan(1e-6);
  });

  it("cg detects a matrix that is not positive definite", () => {
    const indefinite = csrFromTriplets(2, 2, [0, 1], [0, 1], [1, -1]);
    const r = cg(indefinite, new Float64Array([1, 1]));
    expect(r.status).toBe("breakdown");
    expect(r.message).toMatch(/not symmetric positive definite; use bicgstab or gmres/);
  });

  it("preconditioners reject zero diagonals naming the row", () => {
    const z = csrFromTriplets(2, 2, [0, 1], [1, 0], [1, 1]);
    expect(() => jacobiPreconditioner(z)).toThrow(/zero \(or missing\) diagonal entry at row 0/);
    expect(() => ilu0(z)).toThrow(/ilu0: a has a zero \(or missing\) diagonal entry at row 0/);
  });
});

describe("Krylov solvers on right-hand sides near the overflow and underflow limits", () => {
  // A = tridiag(1, 4, 1) (3×3), b = s·[1, 2, 3]: exact solution x = s·[5, 8, 19]/28 (check: 4·5 + 8 = 28,
  // 5 + 4·8 + 19 = 56, 8 + 4·19 = 84). Before the fix squares of 1e180 overflowed and of 1e-170 underflowed,
  // and all three solvers returned x = 0 as "converged".
  const a = csrFromTriplets(3, 3, [0, 0, 1, 1, 1, 2, 2], [0, 1, 0, 1, 2, 1, 2], [4, 1, 1, 4, 1, 1, 4]);
  const exact = [5 / 28, 8 / 28, 19 / 28];
  const solvers: [string, typeof cg][] = [
    ["cg", cg],
    ["gmres", gmres],
    ["bicgstab", bicgstab],
  ];
  describe.each(solvers)("%s", (_name, solver) => {
    it.each([2 ** 600, 1e-170, 1])("b scaled by %d", (s) => {
      const b = Float64Array.from([1, 2, 3], (v) => v * s);
      let lastCallback = Number.NaN;
      const r = solver(a, b, { callback: (_it, res) => (lastCallback = res) });
      expect(r.status).toBe("converged");
      expect(r.iterations).toBeGreaterThan(0);
      // Three Krylov steps solve a 3×3 SPD system up to rounding: 1e-12 leaves ~1e4 ulps of slack.
      expect(
        relErr(
          Array.from(r.x, (v) => v / s),
          exact,
        ),
      ).toBeLessThan(1e-12);
      // Residual and callback are reported in the caller's units: at most rtol·‖b‖ = 1e-8·√14·s.
      expect(r.residual).toBeLessThan(1e-8 * Math.sqrt(14) * s);
      expect(lastCallback).toBeLessThan(1e-8 * Math.sqrt(14) * s);
    });
  });

  describe.each(solvers)("%s with A scaled by 1e±200", (_name, solver) => {
    // A = s·tridiag(1, 4, 1), b = [1, 2, 3]: x = [5, 8, 19]/(28·s). Before the fix gmres returned x far off (error
    // 2.3, residual ‖b‖) as "converged" for s = 1e-200 (‖A·v‖² underflowed into a fake lucky breakdown) and
    // bicgstab stopped with a spurious "ω = 0" breakdown (t·t overflowed/underflowed).
    it.each([1e200, 1e-200])("s = %d", (s) => {
      const as = csrFromTriplets(
        3,
        3,
        [0, 0, 1, 1, 1, 2, 2],
        [0, 1, 0, 1, 2, 1, 2],
        [4, 1, 1, 4, 1, 1, 4].map((v) => v * s),
      );
      const r = solver(as, new Float64Array([1, 2, 3]));
      expect(r.status).toBe("converged");
      // Same 1e-12 bound as above (a 3×3 system, three Krylov steps, rounding only).
      expect(
        relErr(
          Array.from(r.x, (v) => v * s),
          exact,
        ),
      ).toBeLessThan(1e-12);
    });
  });
});

describe("Krylov option names", () => {
  it("reject SciPy's old 'tol' instead of silently using the default rtol", () => {
    const a = csrFromTriplets(2, 2, [0, 1], [0, 1], [2, 2]);
    for (const solver of [cg, gmres, bicgstab])
      expect(() => solver(a, new Float64Array([1, 1]), { tol: 1e-3 } as IterativeOptions)).toThrow(
        /unknown option 'tol'; the relative tolerance is 'rtol'/,
      );
  });
});
