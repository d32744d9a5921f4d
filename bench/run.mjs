#!/usr/bin/env node
// `npm run bench` runs every benchmark; `npm run bench -- <name>` only those whose name contains <name>.
// Benchmarks live in bench/*.bench.mjs and packages/*/bench/*.bench.mjs and import built packages (dist).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv.slice(2).filter((a) => a !== "--");
const dirs = [
  join(root, "bench"),
  ...readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "bench")),
];
const found = [];
for (const d of dirs) {
  if (!existsSync(d)) continue;
  for (const f of readdirSync(d))
    if (f.endsWith(".bench.mjs")) found.push({ name: f.replace(/\.bench\.mjs$/, ""), file: join(d, f) });
}
const selected = filter.length
  ? found.filter((b) => filter.some((n) => b.name === n || b.name.includes(n)))
  : found;
if (selected.length === 0) {
  console.error(
    `no benchmark matches ${filter.join(" ")}; available: ${found.map((b) => b.name).join(", ")}`,
  );
  process.exit(1);
}
let failed = 0;
for (const b of selected) {
  console.log(`\n# ${b.name} (${b.file.replace(root, "")})`);
  const r = spawnSync(process.execPath, [b.file], {
    stdio: "inherit",
    env: { ...process.env, OMP_NUM_THREADS: "1" },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
