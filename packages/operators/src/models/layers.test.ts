import { ready, tf } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks, gradcheck } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { gelu } from "./layers.js";

beforeAll(async () => {
  await ready();
});

/** Exact GELU x·Φ(x) with Φ from an erf series accurate to 1e-12 on |x| ≤ 6 (float64). */
function geluExact(x: number): number {
  const z = x / Math.SQRT2;
  // erf by its Maclaurin series (converges for all z; 80 terms suffice for |z| ≤ 4.3).
  let term = z;
  let sum = z;
  for (let n = 1; n < 80; n++) {
    term *= (-z * z) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 * x * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}

describe("gelu (sigmoid form, custom gradient)", () => {
  it("is within 0.021 of the exact GELU x·Φ(x) on [−6, 6] (Hendrycks & Gimpel's stated approximation)", () => {
    const xs = Array.from({ length: 241 }, (_, i) => -6 + i * 0.05);
    const got = tf.tidy(() => gelu(tf.tensor1d(xs)).arraySync() as number[]);
    let worst = 0;
    xs.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(got[i]! - geluExact(x)));
    });
    // Float64 analysis: max |x·σ(1.702x) − x·Φ(x)| = 0.0203 at |x| ≈ 2.27; float32 adds < 1e-6.
    expect(worst).toBeLessThan(0.021);
    expect(worst).toBeGreaterThan(0.019); // it is the sigmoid form, not the exact one
  });

  it("value and gradient equal the autodiff of x·σ(1.702x); gradients check to second order", () => {
    tf.tidy(() => {
      const x = tf.tensor1d([-3, -1, -0.2, 0, 0.3, 1.5, 4]);
      const ref = (t: tf.Tensor) => tf.mul(t, tf.sigmoid(tf.mul(t, 1.702)));
      expectAllClose(gelu(x), ref(x), { rtol: 1e-6, atol: 1e-7 });
      const g = tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x);
      const gRef = tf.grad((t: tf.Tensor) => tf.sum(ref(t)))(x);
      // Same formula rearranged: float32 rounding only.
      expectAllClose(g, gRef, { rtol: 1e-5, atol: 1e-6 });
      const gg = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(gelu(u)))(t)))(x);
      const ggRef = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(ref(u)))(t)))(x);
      expectAllClose(gg, ggRef, { rtol: 1e-4, atol: 1e-5 });
    });
    gradcheck((t: tf.Tensor) => tf.sum(tf.square(gelu(t))), tf.tensor1d([-1.3, 0.4, 2.1]), { order: 2 });
  });

  it("leaks nothing in a gradient step", async () => {
    const x = tf.randomNormal([4, 5], 0, 1, "float32", 3);
    await expectNoLeaks(() => {
      tf.tidy(() => {
        tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x);
      });
      tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x)); // outside tidy: only the returned gradient
    });
    x.dispose();
  });
});
