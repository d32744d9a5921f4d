#!/usr/bin/env node
// Runs a subset of the real core-tensor and ode unit tests in Chromium with vitest's browser mode (playwright
// provider), once on the wasm backend and once on webgl, so "the same code runs in the browser" is tested.
// Skips with a message (exit 0) when no Chromium is found or the provider packages are not installed.
// Usage: node test/browser-unit.mjs [--backends=wasm,webgl] [extra vitest args]
// Environment: CHROMIUM_PATH (a Chromium binary), VITEST_BROWSER_HOME (a folder whose node_modules holds
// vitest@4.1.12 + @vitest/browser-playwright@4.1.12 + playwright, when they are not installed in the repo).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BROWSER_CANDIDATES, findBrowser } from "./find-browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const config = join(here, "unit-browser", "vitest.config.mjs");
const NEEDED = "@vitest/browser-playwright@4.1.12 playwright@1.65.1";
const args = process.argv.slice(2);
const backendsArg = args.find((a) => a.startsWith("--backends="));
const rest = args.filter((a) => a !== backendsArg);

const browserPath = findBrowser();
if (!browserPath) {
  console.log(
    `\n  SKIPPED: browser unit tests need Chromium and none was found (looked at ${BROWSER_CANDIDATES.join(", ")}).\n` +
      "  Install it with `apt-get install -y chromium` or set CHROMIUM_PATH.\n",
  );
  process.exit(0);
}

/** The provider module and the vitest CLI that belong together: the repo's, else VITEST_BROWSER_HOME's. */
function locate() {
  const homes = [join(here, ".."), process.env.VITEST_BROWSER_HOME].filter(Boolean);
  for (const home of homes) {
    const req = createRequire(join(home, "package.json"));
    try {
      const provider = req.resolve("@vitest/browser-playwright");
      const vitestPkg = req.resolve("vitest/package.json");
      return { provider, cli: join(dirname(vitestPkg), "vitest.mjs"), home };
    } catch {
      // not installed there
    }
  }
  return null;
}
const found = locate();
if (!found || !existsSync(found.cli)) {
  console.log(
    "\n  SKIPPED: browser unit tests need vitest's playwright provider, which is not installed.\n" +
      `  Install at the root: npm install -D ${NEEDED}\n` +
      "  (or point VITEST_BROWSER_HOME at a folder where they are installed).\n",
  );
  process.exit(0);
}

const t0 = Date.now();
const r = spawnSync(process.execPath, [found.cli, "run", "--config", config, ...rest], {
  stdio: "inherit",
  env: {
    ...process.env,
    CHROMIUM_PATH: browserPath,
    CONTINUUM_BROWSER_PROVIDER: found.provider,
    ...(backendsArg ? { CONTINUUM_BROWSER_BACKENDS: backendsArg.split("=")[1] } : {}),
  },
});
console.log(
  `browser unit tests (${found.home === process.env.VITEST_BROWSER_HOME ? "VITEST_BROWSER_HOME" : "repo"} vitest, ${browserPath}): ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
process.exit(r.status ?? 1);
