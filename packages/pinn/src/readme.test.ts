import { readFileSync } from "node:fs";
import * as core from "@continuum/core-tensor";
import { expect, it } from "vitest";
import * as pinn from "./index.js";

// Runs the README's first ```ts block as written (imports rebound to the sources), like the pack test does.
it("README example runs and trains", async () => {
  const text = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const code = text.match(/```ts\n([\s\S]*?)```/)![1]!;
  const body = code.replace(/^import .*$/gm, "");
  const logs: unknown[][] = [];
  const fakeConsole = { log: (...a: unknown[]) => logs.push(a) };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const names = [
    ...new Set(
      [...code.matchAll(/import \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((s) => s.trim())),
    ),
  ];
  const scope = { ...core, ...pinn } as Record<string, unknown>;
  await new AsyncFunction("console", ...names, body)(fakeConsole, ...names.map((n) => scope[n]));
  expect(logs[0]![0]).toBe("completed");
  expect(logs[0]![1]).toBeLessThan(1.5); // 50 Adam steps: a rough fit, not converged
});
