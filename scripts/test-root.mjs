#!/usr/bin/env node
// Root-level checks that span packages: run by `npm test` after the package suites.
import { spawnSync } from "node:child_process";

const steps = [
  ["node", ["--test", "scripts/tests/"]],
  ["node", ["scripts/pack-install.mjs"]],
  // Real-browser tests of the demo (Debian's Chromium via playwright-core); they print a clear SKIPPED line
  // and pass when no Chromium is installed (`.ci/run` installs it).
  ["npm", ["run", "test:browser", "-w", "apps/demo"]],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
