import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cg } from "../cg.js";
import type { LinearOperator } from "../operator.js";
import { csrFromTriplets, csrMatvec } from "../sparse.js";
import { poisson2d } from "../test-helpers.js";
import { cgWorkspace } from "./cg-kernel.js";
import { CG_KERNEL_WAT_SHA256 } from "./cg-kernel-wasm.js";

/** The same matrix as a LinearOperator: cg then runs its JavaScript loops (csrMatvec + a separate dot). */
function asOperator(a: ReturnType<typeof poisson2d>): LinearOperator {
  return { size: a.rows, apply: (x, y) => void csrMatvec(a, x, y) };
}

function bitDiffs(x: Float64Array, y: Float64Array): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) d++;
  return d;
}

describe("CG WebAssembly kernel", () => {
  it("the committed WebAssembly binary was generated from the committed cg-kernel.wat", () => {
    const wat = readFileSync(new URL("./cg-kernel.wat", import.meta.url), "utf8");
    expect(createHash("sha256").update(wat).digest("hex")).toBe(CG_KERNEL_WAT_SHA256);
  });

  it("is available in Node and gives bitwise the JavaScript iterates, residual history and solution", () => {
    const A = poisson2d(20); // 400 unknowns, 1 920 non-zeros
    expect(cgWorkspace(A)).toBeDefined();
    const b = new Float64Array(A.rows).map((_, i) => Math.sin(i) + 1);
    const x0 = new Float64Array(A.rows).map((_, i) => 0.01 * Math.cos(i));
    const histW: number[] = [];
    const histJ: number[] = [];
    const w = cg(A, b, { x0, callback: (_k, rn) => void histW.push(rn) });
    const j = cg(asOperator(A), b, { x0, callback: (_k, rn) => void histJ.push(rn) });
    expect(w.converged).toBe(true);
    expect(w.iterations).toBe(j.iterations);
    expect(histW).toEqual(histJ);
    expect(bitDiffs(w.x, j.x)).toBe(0);
    expect(w.residual).toBe(j.residual);
  });

  it("stops at maxIterations with the same x, and reports breakdown on an indefinite CSR matrix", () => {
    const A = poisson2d(12);
    const b = new Float64Array(A.rows).fill(1);
    const w = cg(A, b, { maxIterations: 5 });
    const j = cg(asOperator(A), b, { maxIterations: 5 });
    expect(w.status).toBe("max-iterations");
    expect(bitDiffs(w.x, j.x)).toBe(0);
    const indefinite = csrFromTriplets(2, 2, [0, 1], [0, 1], [1, -1]);
    const r = cg(indefinite, new Float64Array([0, 1]));
    expect(r.status).toBe("breakdown");
    expect(r.message).toMatch(/not symmetric positive definite/);
  });

  it("declines a malformed CSR structure (the JavaScript loops handle it as before)", () => {
    const A = csrFromTriplets(2, 2, [0, 1], [0, 1], [2, 3]);
    expect(cgWorkspace({ ...A, colIndices: Int32Array.from([0, 5]) })).toBeUndefined();
    expect(cgWorkspace({ ...A, rowPtr: Int32Array.from([0, 1, 3]) })).toBeUndefined();
    expect(cgWorkspace(A)).toBeDefined();
  });
});
