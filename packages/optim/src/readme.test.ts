import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as core from "@continuum/core-tensor";
import { describe, expect, it } from "vitest";
import * as optim from "./index.js";

// STYLE.md: "Each package README opens with a 10-line example that runs as written (a test runs it)". The first
// ```ts block of the README is run as is, with its two import lines bound to this package's source and core-tensor
// and its two TypeScript-only constructs (parameter annotations, non-null `!`) stripped; its console.log output is
// checked against the results stated in its comments.
const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");

function runnableExample(): string {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no ```ts block");
  return block
    .replace(/^import \{([^}]*)\} from "@continuum\/core-tensor";$/m, "const {$1} = __core;")
    .replace(/^import \{([^}]*)\} from "@continuum\/optim";$/m, "const {$1} = __optim;")
    .replace(/\((\w+): [\w<>[\]]+\)/g, "($1)")
    .replace(/([\w\])])!(?=[\s.)\],;*+\-/])/g, "$1");
}

describe("README", () => {
  it("the opening example runs as written and prints what its comments state", async () => {
    const logs: unknown[][] = [];
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<void>;
    const before = core.tf.memory().numTensors;
    await new AsyncFunction("__core", "__optim", "console", runnableExample())(core, optim, {
      log: (...a: unknown[]) => logs.push(a),
    });
    expect(logs).toHaveLength(2);
    // "completed, ≈ [0, 0]": Adam(0.1) for 200 steps on |x|² from (3, −2) ends at |x| ≈ 6e-5 (measured); 1e-2
    // is "≈ 0" against the start's scale of 3 with room for float32 rounding in the oscillating tail
    expect(logs[0]![0]).toBe("completed");
    for (const v of logs[0]![1] as number[]) expect(Math.abs(v)).toBeLessThan(1e-2);
    // "≈ [1, 1]": L-BFGS with forward differences stops at ‖g‖∞ <= 1e-5, i.e. |x − 1| ~ 1e-5 (measured 9e-6)
    for (const v of logs[1]![0] as Float64Array) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    // what the example leaves alive, by design of a 10-line example: x, the tensor it was built from, and the
    // Adam moments of fit's returned state (mu, nu); anything more would be a leak inside fit or minimize
    expect(core.tf.memory().numTensors - before).toBe(4);
  });
});
