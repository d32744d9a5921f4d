import { describe, expect, it } from "vitest";
import { ready, tf } from "./index.js";
import { gradOpTable } from "./testing/gradient-op-table.js";
import { expectNoLeaks, gradcheck } from "./testing/index.js";

// Every op the packages use, differentiated 1, 2 and 3 times by nested reverse mode (float32) and compared
// with central finite differences of an independent float64 implementation (Richardson-extrapolated, h=1e-2:
// truncation O(h⁴)·f⁽⁷⁾ ≈ 1e-8, rounding ε/h³ ≈ 1e-10). float32 autodiff of a third derivative carries
// ~1e-6–1e-5 relative error, so rtol=1e-3 / atol=1e-4 catches any wrong gradient formula (those are off by O(1))
// with two orders of magnitude to spare.
const rows = gradOpTable();

describe.each(["cpu", "wasm"])("gradcheck table on %s (orders 1-3)", (backend) => {
  it("initialises the backend", async () => {
    expect((await ready({ backend })).name).toBe(backend);
  });
  it.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const x = tf.tensor(row.x, row.shape);
    const results = await expectNoLeaks(() =>
      gradcheck(row.f, x, { order: 3, directions: 1, reference: row.ref, rtol: 1e-3, atol: 1e-4, seed: 3 }),
    );
    expect(results.map((r) => r.order)).toEqual([1, 2, 3]);
    x.dispose();
  });
});
