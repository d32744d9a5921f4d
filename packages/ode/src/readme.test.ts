import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as ode from "./index.js";

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "README.md"), "utf8");

/** Run a README code block with `@continuum/ode` bound to this package's sources; returns console.log lines. */
function run(block: string): unknown[][] {
  const code = block.replace(/import \{([^}]+)\} from "@continuum\/ode";/, "const {$1} = ode;");
  const logs: unknown[][] = [];
  new Function("ode", "console", code)(ode, { log: (...a: unknown[]) => logs.push(a) });
  return logs;
}

describe("README", () => {
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  it("opens with a ~10-line example that runs as written and prints what it says", () => {
    expect(readme.indexOf("```ts")).toBeLessThan(40);
    const lines = blocks[0]!.trim().split("\n").length;
    expect(lines).toBeLessThanOrEqual(12);
    const [[status, nfev, y]] = run(blocks[0]!) as [[number, number, Float64Array]];
    expect(status).toBe(0);
    expect(nfev).toBe(7702); // SciPy 1.10 Radau: 7702 (test/fixtures/scipy_reference.json)
    expect(y[0]).toBeCloseTo(-1.51060766, 7);
  });
  it("the neural ODE example runs and prints the closed forms it states", async () => {
    const core = await import("@continuum/core-tensor");
    await core.ready();
    const block = blocks.find((b) => b.includes("regularizedOdeint"))!;
    const code = block
      .replace(/import \{([^}]+)\} from "@continuum\/core-tensor";/, "const {$1} = core;")
      .replace(/import \{([^}]+)\} from "@continuum\/ode";/, "const {$1} = ode;");
    const logs: unknown[][] = [];
    new Function("ode", "core", "console", code)(ode, core, { log: (...a: unknown[]) => logs.push(a) });
    // Default dopri5 at rtol 1e-6 in float32.
    expect(logs[0]![0] as number).toBeCloseTo(1.25 * (1 - Math.exp(-1)), 4);
    expect(logs[0]![1] as number).toBeCloseTo(2.5, 4);
    expect(logs[1]![0]).toEqual([3, 2, 1]);
  });
  it("the SDE example runs", () => {
    expect(() => run(blocks[1]!)).not.toThrow();
  });
});
