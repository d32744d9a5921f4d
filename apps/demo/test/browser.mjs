#!/usr/bin/env node
// Browser suite: builds the demo, serves dist/, and drives Debian's Chromium with playwright-core.
// For each page: loads with no console errors, the first scenario's run makes progress (or finishes), a
// screenshot goes to test-results/. Also measures first-load time and the bytes each page downloads.
// Usage: npm run test:browser -w apps/demo [-- --no-build] [-- --pages=ode,optim] [-- --timeout=30]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { BROWSER_CANDIDATES, CHROMIUM_ARGS, findBrowser } from "./find-browser.mjs";
import { startStaticServer } from "./static-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const appDir = join(here, "..");
const dist = join(appDir, "dist");
const outDir = join(appDir, "test-results");
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? true];
  }),
);

const browserPath = findBrowser();
if (!browserPath) {
  console.log(
    "\n  SKIPPED: browser tests need Chromium and none was found " +
      `(looked at ${BROWSER_CANDIDATES.join(", ")}).\n` +
      "  Install it with `apt-get install -y chromium` or set CHROMIUM_PATH, then run `npm run test:browser -w apps/demo`.\n",
  );
  process.exit(0);
}

const t0 = Date.now();
if (!args["no-build"]) {
  console.log("building the demo (vite build)…");
  const b = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: appDir, stdio: "inherit" });
  if (b.status !== 0) {
    console.error("vite build failed");
    process.exit(1);
  }
}
const tBuild = Date.now() - t0;

const { chromium } = await import("playwright-core");
// The page ids, read from src/pages.ts so the suite follows the app.
const PAGES = [...readFileSync(join(appDir, "src/pages.ts"), "utf8").matchAll(/^\s+id: "([^"]+)",$/gm)].map(
  (m) => ({
    id: m[1],
  }),
);
const only = typeof args.pages === "string" ? args.pages.split(",") : null;
const pages = only ? PAGES.filter((p) => only.includes(p.id)) : PAGES;
const runTimeout = Number(args.timeout ?? 30) * 1000;
// Pages run on wasm by default: on a machine without a GPU, Chromium's WebGL is SwiftShader (software GL), slower
// than wasm for these small tensors. The home page still checks what "auto" picks. --backend=auto to override.
const pageBackend = typeof args.backend === "string" ? args.backend : "wasm";

mkdirSync(outDir, { recursive: true });
const server = await startStaticServer(dist);
const userDataDir = mkdtempSync(join(tmpdir(), "continuum-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: browserPath,
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 1280, height: 900 },
});

const gz = new Map();
function gzipSize(path) {
  if (!gz.has(path)) gz.set(path, gzipSync(readFileSync(join(dist, path))).length);
  return gz.get(path);
}
function bytesOf(served) {
  const seen = new Map();
  for (const s of served) seen.set(s.path, s.bytes);
  let raw = 0;
  let gzip = 0;
  for (const [p, b] of seen) {
    raw += b;
    gzip += gzipSize(p);
  }
  return { files: seen.size, raw, gzip };
}

/** Open a page in a fresh tab, collecting console errors (from the page and its worker). */
async function open(hash, query = "") {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("worker", (w) =>
    w.on("console", (m) => m.type() === "error" && errors.push(`worker: ${m.text()}`)),
  );
  server.served.length = 0;
  const start = Date.now();
  await page.goto(`${server.url}/?quick${query}${hash}`, { waitUntil: "load" });
  return { page, errors, start };
}

/** Scenarios run after each page's first one (quick settings), and text a finished card must (not) show. */
const EXTRA_RUNS = {
  pinn: ["pinn/allen-cahn-causal"],
  ode: ["ode/cnf-two-moons"],
  "mean-field-games": ["mean-field-games/obstacle-crowd"],
  diffusion: ["diffusion/train-compare"],
};
const EXPECT_TEXT = {
  "operators/fno-burgers": { contains: ["pre-trained", "test rel. L2"], lacks: ["could not load"] },
  "pinn/allen-cahn-causal": { contains: ["causal weights at ε", "rel. L2 vs ETDRK4"], lacks: [] },
  "ode/cnf-two-moons": { contains: ["test NLL", "best Gaussian NLL"], lacks: [] },
  "mean-field-games/obstacle-crowd": {
    contains: ["crowd density at four times", "stationary crowd"],
    lacks: [],
  },
};

/** Run one scenario card (`id` = "<page>/<scenario>"): it must finish (or make progress and stop on request) without console errors. */
async function runScenario(page, id, errors) {
  const sel = `section.card[data-scenario="${id}"]`;
  const tRun = Date.now();
  await page.click(`${sel} [data-testid="run"]`);
  await page
    .waitForFunction((s) => document.querySelector(s)?.dataset.state !== "running", sel, {
      timeout: runTimeout,
      polling: 200,
    })
    .catch(() => {});
  const state = await page.$eval(sel, (c) => c.dataset.state);
  const updates = Number(await page.$eval(sel, (c) => c.dataset.updates ?? "0"));
  const status = await page.$eval(`${sel} [data-testid="status"]`, (e) => e.textContent);
  let run = `${id} → ${state} after ${((Date.now() - tRun) / 1000).toFixed(1)} s, ${updates} progress updates (${status})`;
  let ok;
  if (state === "running") {
    // Still going: it must have made progress; the stop button must stop it.
    await page.click(`${sel} [data-testid="stop"]`);
    await page.waitForFunction((s) => document.querySelector(s)?.dataset.state === "stopped", sel, {
      timeout: 5000,
    });
    ok = updates > 0 && errors.length === 0;
    run += " → stopped";
  } else {
    ok = state === "done" && updates > 0 && errors.length === 0;
    const expect = EXPECT_TEXT[id];
    if (expect && state === "done") {
      const text = await page.$eval(sel, (c) => c.textContent ?? "");
      const missing = expect.contains.filter((t) => !text.includes(t));
      const present = expect.lacks.filter((t) => text.includes(t));
      if (missing.length || present.length) {
        ok = false;
        run += ` [card text: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(present)}]`;
      }
    }
  }
  return { ok, run };
}

const results = [];
let failed = 0;

// First load: the shell until the worker reports its backend.
{
  const { page, errors, start } = await open("#/");
  await page.waitForFunction(() => document.getElementById("backend")?.dataset.backend, null, {
    timeout: 60_000,
  });
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, now: performance.now() };
  });
  const backend = await page.textContent("#backend");
  const bytes = bytesOf(server.served);
  await page.screenshot({ path: join(outDir, "home.png"), fullPage: true });
  const ok = errors.length === 0;
  if (!ok) failed++;
  results.push({
    page: "home",
    ok,
    backend,
    domContentLoadedMs: Math.round(nav.dcl),
    loadMs: Math.round(nav.load),
    backendReadyMs: Math.round(nav.now),
    wallMs: Date.now() - start,
    ...bytes,
    errors,
  });
  await page.close();
}

for (const p of pages) {
  const { page, errors, start } = await open(`#/${p.id}`, `&backend=${pageBackend}`);
  const r = { page: p.id, ok: false, errors };
  try {
    await page.waitForSelector('main[data-ready="true"]', { timeout: 60_000 });
    r.readyMs = Date.now() - start;
    const cards = await page.$$eval("section.card", (cs) =>
      cs.map((c) => [c.dataset.scenario, c.dataset.state]),
    );
    r.scenarios = cards.map(([s, st]) => `${s}:${st}`).join(" ");
    const first = cards.find(([, st]) => st === "idle");
    if (!first) {
      // Only "not available yet" cards: the page must say so.
      const notices = await page.$$('[data-testid="notice"]');
      r.ok = notices.length > 0 && errors.length === 0;
      r.run = "no runnable scenario (notice shown)";
    } else {
      const ids = [first[0], ...(EXTRA_RUNS[p.id] ?? [])];
      const runs = [];
      for (const id of ids) runs.push(await runScenario(page, id, errors));
      r.run = runs.map((x) => x.run).join("; ");
      r.ok = runs.every((x) => x.ok);
    }
  } catch (e) {
    r.run = `failed: ${e.message.split("\n")[0]}`;
  }
  Object.assign(r, bytesOf(server.served));
  r.backend = await page.textContent("#backend").catch(() => "?");
  await page.screenshot({ path: join(outDir, `${p.id}.png`), fullPage: true });
  if (!r.ok) failed++;
  results.push(r);
  console.log(
    `${r.ok ? "ok  " : "FAIL"} ${p.id.padEnd(17)} ${r.run}${errors.length ? `\n     console errors: ${errors.join(" | ")}` : ""}`,
  );
  await page.close();
}

await context.close();
await server.close();
rmSync(userDataDir, { recursive: true, force: true });

const total = Date.now() - t0;
const kb = (b) => `${(b / 1024).toFixed(0)} kB`;
console.log("\npage              files  raw        gzip      ready");
for (const r of results) {
  console.log(
    `${r.page.padEnd(17)} ${String(r.files).padStart(5)}  ${kb(r.raw).padStart(9)}  ${kb(r.gzip).padStart(8)}  ${r.readyMs ?? r.backendReadyMs} ms`,
  );
}
const home = results[0];
console.log(
  `\nfirst load (home, cold, no cache): DOMContentLoaded ${home.domContentLoadedMs} ms, load ${home.loadMs} ms, ` +
    `backend '${home.backend}' ready at ${home.backendReadyMs} ms`,
);
console.log(
  `build ${(tBuild / 1000).toFixed(1)} s, browser suite ${((total - tBuild) / 1000).toFixed(1)} s, total ${(total / 1000).toFixed(1)} s`,
);
writeFileSync(
  join(outDir, "summary.json"),
  JSON.stringify({ browser: browserPath, buildMs: tBuild, suiteMs: total - tBuild, results }, null, 2),
);
console.log(`screenshots and summary.json in ${outDir}`);
if (failed > 0) {
  console.error(`${failed} page(s) failed`);
  process.exit(1);
}
