import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../register-minimizers.js";
import { rosenbrock } from "../testing/problems.js";
import { minimize } from "./minimize.js";

// SciPy 1.10 minimize(method='L-BFGS-B', tol=…): test/fixtures/gen_scipy_lbfgs_tol.py. SciPy's tol sets gtol and
// ftol; ours used to set only gtol, so tol = 1e-12 stopped on the default ftol 2.2e-9 at f ≈ 3e-12 (2-D) where
// SciPy goes on to 3e-22, and tol = 0.1 ran 32 iterations where SciPy stops after 2.
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../test/fixtures/scipy_lbfgs_tol.json"), "utf8"),
);

type Case = { n: number; tol: number; nit: number; nfev: number; fun: number; x: number[] };

describe("L-BFGS tol sets gtol and ftol, as SciPy's minimize(tol=…)", () => {
  it.each((fixture.cases as Case[]).map((c) => [c.n, c.tol, c] as const))(
    "Rosenbrock %i-D, tol %s",
    (n, tol, c) => {
      const p = rosenbrock(n);
      const r = minimize(p.f, p.x0, { method: "L-BFGS-B", jac: p.grad, tol });
      // same line search and stopping rules as SciPy on an unconstrained problem: same path, same counts. x agrees
      // to rounding (measured <= 3e-10; 1e-6 bound); f to 1e-6 relative, plus 1e-14 absolute because near the
      // minimum f ~ |x − 1|² is made of those rounding-level differences (measured 2e-17 at f = 5.7e-15)
      expect(r.nit).toBe(c.nit);
      expect(r.nfev).toBe(c.nfev);
      expect(Math.abs(r.fun - c.fun)).toBeLessThanOrEqual(1e-6 * Math.abs(c.fun) + 1e-14);
      r.x.forEach((v, i) => {
        expect(Math.abs(v - c.x[i]!)).toBeLessThanOrEqual(1e-6);
      });
    },
  );

  it("an explicit ftol still takes precedence over tol", () => {
    const p = rosenbrock(2);
    const a = minimize(p.f, p.x0, { jac: p.grad, tol: 1e-12, ftol: 2.220446049250313e-9 });
    const b = minimize(p.f, p.x0, { jac: p.grad });
    expect(a.nit).toBe(b.nit); // gtol 1e-12 is not reached first: the ftol stop decides, as by default
    expect(a.fun).toBe(b.fun);
  });
});
