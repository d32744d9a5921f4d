import { ready, tf } from "@continuum/core-tensor";
import { expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import "../register-minimizers.js";
import { minimizeTree } from "./minimize-tree.js";

beforeAll(async () => {
  await ready();
});

describe("minimizeTree (L-BFGS on a tensor pytree)", () => {
  it("fits a Rosenbrock-shaped pytree to float32 accuracy without leaks", async () => {
    await expectNoLeaks(() => {
      const a0 = tf.tensor1d([-1.2]);
      const b0 = tf.tensor1d([1]);
      const params = { a: tf.variable(a0), b: tf.variable(b0) };
      tf.dispose([a0, b0]);
      const r = minimizeTree(
        (p) => tf.sum(tf.add(tf.mul(100, tf.square(tf.sub(p.b, tf.square(p.a)))), tf.square(tf.sub(1, p.a)))),
        params,
        { tol: 1e-4 },
      );
      expect(r.success).toBe(true);
      // float32 losses: the minimiser is resolved to ~1e-3 (√(float32 eps) scaled by the valley's curvature)
      expect(Math.abs(params.a.dataSync()[0]! - 1)).toBeLessThan(2e-3);
      expect(Math.abs(params.b.dataSync()[0]! - 1)).toBeLessThan(4e-3);
      expect(r.nit).toBeLessThan(60);
      tf.dispose([params.a, params.b]);
    });
  });
  it("takes box bounds with the default method (L-BFGS-B), and the variables end inside them", async () => {
    // min |x − 2|² over [0, 1]²: the solution is the corner (1, 1) (analytic). Before, the default method stayed
    // 'L-BFGS' and the call threw "method 'L-BFGS' does not take bounds".
    await expectNoLeaks(() => {
      const x0 = tf.tensor1d([0.5, 0.25]);
      const x = tf.variable(x0);
      x0.dispose();
      const r = minimizeTree(
        (p) => tf.sum(tf.square(tf.sub(p.x, 2))),
        { x },
        {
          bounds: [
            [0, 1],
            [0, 1],
          ],
        },
      );
      expect(r.success).toBe(true);
      expect(Array.from(x.dataSync())).toEqual([1, 1]); // the bound itself, exactly representable in float32
      x.dispose();
    });
  });
  it("rejects non-variable leaves", () => {
    const t = tf.tensor1d([1]);
    expect(() => minimizeTree((p) => tf.sum(p.t), { t })).toThrow(/params leaf 0 must be a tf.Variable/);
    t.dispose();
  });
});
