import { mlp, ready, tf } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "./geometry/box.js";
import { disk } from "./geometry/disk.js";
import { hardConstraint } from "./hard-constraint.js";

beforeAll(async () => {
  await ready();
});

describe("hardConstraint", () => {
  it.each([
    ["rectangle", rectangle([0, 0], [2, 1])],
    ["disk", disk([0, 0], 1)],
  ])("u = g + D·N equals g on the boundary of a %s (any network)", (_n, g) => {
    const net = mlp({ inputs: 2, hidden: [8], outputs: 1, seed: 3 });
    const value = (x: tf.Tensor) => tf.sin(tf.sum(x, 1));
    const T = hardConstraint({ geometry: g, value });
    const b = g.sampleBoundary(100, { method: "sobol" });
    tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(b.data), [b.n, 2]);
      const u = T(x, net.apply(net.params, x));
      const err = tf.max(tf.abs(tf.sub(tf.reshape(u, [-1]), value(x)))).dataSync()[0]!;
      // Exact up to float32 rounding of D on the boundary (coordinates rounded to float32: |D| ≲ 1e-7).
      expect(err).toBeLessThan(1e-6);
    });
  });

  it("rejects missing distance", () => {
    expect(() => hardConstraint({} as never)).toThrow(
      "hardConstraint: pass options.geometry or options.distance",
    );
  });
});
