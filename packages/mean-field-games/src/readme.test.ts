import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import * as mfg from "./index.js";

// Runs the README's opening example as written (imports rewired to the sources) and checks every printed value.
it("README example runs and prints the stated values", () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const code = readme.match(/```ts\n([\s\S]*?)```/)![1]!;
  const body = code.replace(/^import .*$/m, "");
  const printed: string[] = [];
  const fakeConsole = { log: (v: unknown) => printed.push(String(v)) };
  new Function(
    "mfg",
    "console",
    `const { crowdModelling1d, solve, systemicRiskEta, braessNetwork } = mfg;\n${body}`,
  )(mfg, fakeConsole);
  const expected = [...code.matchAll(/\/\/ "([^"]+)"/g)].map((m) => m[1]);
  expect(printed).toEqual(expected);
});
