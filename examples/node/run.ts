// Node examples: the demo's scenarios (apps/demo/src/scenarios) run headless with progress bars, a summary table
// and an HTML report with plots per run in reports/<page>-<scenario>/<timestamp>/.
//
//   npx tsx examples/node/run.ts --all --quick          every scenario, quick settings
//   npx tsx examples/node/run.ts ode/work-precision     one scenario, full settings
//   npx tsx examples/node/run.ts ode --method=DOP853    every scenario of a page, with a parameter
//   npx tsx examples/node/run.ts --list
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { backendInfo, ready } from "@continuum/core-tensor";
import cliProgress from "cli-progress";
import { scenarioModules } from "../../apps/demo/src/scenarios/index.js";
import type { Params, Scenario } from "../../apps/demo/src/scenarios/types.js";
import { viewModules } from "../../apps/demo/src/views/index.js";
import { fmt } from "../../apps/demo/src/views/types.js";
import { nodeDocument, reportDir, writeReport } from "./report.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const argv = process.argv.slice(2);
const flags = new Map<string, string>();
const names: string[] = [];
for (const a of argv) {
  if (a.startsWith("--")) {
    const [k, v] = a.slice(2).split("=");
    flags.set(k!, v ?? "true");
  } else names.push(a);
}
const quick = flags.has("quick");
const outRoot = flags.get("out") ?? join(root, "reports");
const RESERVED = new Set(["quick", "all", "out", "list", "backend"]);
const overrides: Params = {};
for (const [k, v] of flags) if (!RESERVED.has(k)) overrides[k] = Number.isFinite(Number(v)) ? Number(v) : v;

const all: { page: string; scenario: Scenario }[] = [];
for (const [page, load] of Object.entries(scenarioModules)) {
  for (const scenario of (await load()).scenarios) all.push({ page, scenario });
}
if (flags.has("list") || (names.length === 0 && !flags.has("all"))) {
  console.log(
    "scenarios (run one with `npm run example -- <page>/<scenario>`, all with `npm run examples`):",
  );
  for (const { page, scenario } of all) {
    const miss = scenario.missing();
    console.log(
      `  ${`${page}/${scenario.id}`.padEnd(36)} ${miss.length ? `not available yet (${miss.join(", ")})` : scenario.title}`,
    );
  }
  process.exit(0);
}
const selected = flags.has("all")
  ? all
  : all.filter(({ page, scenario }) => names.some((n) => n === page || n === `${page}/${scenario.id}`));
if (selected.length === 0) {
  console.error(`no scenario matches ${names.join(", ")}; run with --list`);
  process.exit(1);
}

await ready(flags.has("backend") ? { backend: flags.get("backend")! } : {});
const backend = backendInfo().name ?? "?";
console.log(`backend: ${backend}${quick ? " · quick settings" : ""}`);

const rows: Record<string, string | number>[] = [];
let failures = 0;
for (const { page, scenario } of selected) {
  const name = `${page}/${scenario.id}`;
  const missing = scenario.missing();
  if (missing.length) {
    console.log(`\n${name}: not available yet (${missing.join(", ")})`);
    rows.push({ scenario: name, status: "not available yet", "time s": "", report: "" });
    continue;
  }
  const params = { ...scenario.defaults, ...(quick ? scenario.quick : {}), ...overrides };
  console.log(`\n${name}: ${scenario.title}`);
  const bar = new cliProgress.SingleBar(
    {
      format: "  {bar} {percentage}% | {duration_formatted} | {msg}",
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { msg: "" });
  const t0 = performance.now();
  try {
    const result = await scenario.run(params, {
      quick,
      progress: (f, message) => bar.update(Math.round(f * 100), { msg: (message ?? "").slice(0, 70) }),
    });
    const ms = performance.now() - t0;
    bar.update(100, { msg: "done" });
    bar.stop();
    const view = (await viewModules[page]!()).views[scenario.id];
    const figures = view ? view.figures(result, { document: nodeDocument(), final: true }) : [];
    const summary = view?.summary?.(result) ?? [];
    if (summary.length) console.table(summary);
    const dir = reportDir(outRoot, `${page}-${scenario.id}`);
    const { pngs } = writeReport(
      dir,
      { title: `${name}: ${scenario.title}`, description: scenario.description, params, ms, backend },
      figures,
      summary,
      result,
    );
    rows.push({
      scenario: name,
      status: "ok",
      "time s": fmt(ms / 1000),
      figures: pngs.length,
      report: relative(process.cwd(), join(dir, "index.html")),
    });
  } catch (e) {
    bar.stop();
    failures++;
    console.error(`  failed: ${(e as Error).message}`);
    if (process.env.DEBUG) console.error((e as Error).stack);
    rows.push({
      scenario: name,
      status: `error: ${(e as Error).message.slice(0, 60)}`,
      "time s": fmt((performance.now() - t0) / 1000),
      report: "",
    });
  }
}
console.log("\nsummary");
console.table(rows);
process.exit(failures ? 1 : 0);
